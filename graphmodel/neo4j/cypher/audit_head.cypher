// First statement of an audit append: take the audit lock (a write on the one
// :AllymapAuditHead node, held until commit), so appenders queue and never fork the chain, and
// read the head. Only in a database that holds an allymap graph (its :AllymapState node):
// an append never makes a database allymap's. Imports take another lock, so a long import
// does not hold up the audit trail.
MATCH (:AllymapState {id: 'allymap'})
MERGE (h:AllymapAuditHead {id: 'allymap'})
SET h.locked_at = $at
RETURN h.seq AS seq, h.hash AS hash
