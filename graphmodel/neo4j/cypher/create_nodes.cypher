// Import: create nodes of one type (__LABEL__, from the schema) that the import plan found new,
// while holding the writer lock (import_lock.cypher), so nobody added them since. The
// uniqueness constraints still refuse a duplicate id, which rolls the whole import back.
// Returns each node's element id, by which create_edges.cypher finds the ends without an
// index lookup.
UNWIND $rows AS r
CREATE (n:Entity:__LABEL__)
SET n = r.props
RETURN r.id AS id, elementId(n) AS eid
