// The graph's version: bumped by every import and wipe. An import plan remembers the version
// it was made against; run after import_lock.cypher, this tells whether anybody wrote since.
MATCH (s:AllymapState {id: 'allymap'})
SET s.version = coalesce(s.version, 0) + 1
RETURN s.version - 1 AS before
