// Finders.edges with `touching`: every edge of the types asked for with an end among the nodes
// $ids, active on $t (of any date when $t is null), each once, as stored, as one list.
UNWIND $ids AS nid
MATCH (:Entity {id: nid})-[e:__TYPES__]-()
WHERE $t IS NULL OR ACTIVE(e)
WITH DISTINCT e
RETURN collect([type(e), startNode(e).id, endNode(e).id, properties(e)]) AS rows
