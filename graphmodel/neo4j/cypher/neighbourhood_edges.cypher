// The edges among the nodes $ids that a map shows: those the walk may use ($types, $t as in
// neighbourhood_ring.cypher), each once, as stored, as one list.
UNWIND $ids AS nid
MATCH (a:Entity {id: nid})-[e]->(b:Entity)
WHERE b.id IN $ids
  AND ($types IS NULL OR type(e) IN $types)
  AND ($t IS NULL OR ACTIVE(e))
RETURN collect([type(e), a.id, b.id, properties(e)]) AS rows
