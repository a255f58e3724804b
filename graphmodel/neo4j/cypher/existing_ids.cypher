// Which of $ids are stored nodes (ids only: an import plan uses it to skip looking up edges
// whose ends are new, which is every edge of a first import).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id
