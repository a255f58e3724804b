// Inside an import: the element ids of the stored nodes $ids that new edges start or end at
// (the writer lock is held, so they cannot change before the commit).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, elementId(n) AS eid
