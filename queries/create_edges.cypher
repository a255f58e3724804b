// Import: create edges of one type (__TYPE__, from the schema) that the import plan found new,
// while holding the writer lock (import_lock.cypher): nobody can have added them since, so
// CREATE is safe and skips MERGE's look for an existing edge (about twice as fast at a
// million rows). Python checks that every row was written.
UNWIND $rows AS r
MATCH (a:Entity {id: r.source})
MATCH (b:Entity {id: r.target})
CREATE (a)-[e:__TYPE__]->(b)
SET e = r.props
RETURN count(e) AS written
