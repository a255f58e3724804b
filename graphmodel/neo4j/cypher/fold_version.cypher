// Inside an import, after import_lock.cypher: the fold version the stored search keys were
// written with (null before the first import that recorded one), then record $fold.
MATCH (s:AllymapState {id: 'allymap'})
WITH s, s.fold AS before
SET s.fold = $fold
RETURN before
