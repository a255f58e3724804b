// The stored nodes among $ids (labels(n) holds :Entity and the node type).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
