// Import: add or update nodes of one type (__LABEL__ is a backtick-quoted node type from the
// schema, never user text). Every node also carries :Entity, whose uniqueness constraint on id
// keeps ids unique across types and gives one index for lookups by id alone.
// $rows: [{id, props}] where props holds id, name, the folded search keys and the user's
// properties; SET = replaces them all (the import plan already merged old and new values).
UNWIND $rows AS r
MERGE (n:Entity {id: r.id})
SET n:__LABEL__
SET n = r.props
RETURN r.id AS id, elementId(n) AS eid
