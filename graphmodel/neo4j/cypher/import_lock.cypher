// First statement of every import transaction: take the writer lock (a write on the one
// :AllymapState node, held until commit or rollback), so imports run one after another.
MERGE (s:AllymapState {id: 'allymap'})
SET s.locked_at = $at
