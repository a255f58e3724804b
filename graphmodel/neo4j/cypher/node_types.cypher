// The labels of the stored nodes among $ids (:Entity and the node type), as one list.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN collect([n.id, labels(n)]) AS rows
