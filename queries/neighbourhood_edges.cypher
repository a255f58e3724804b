// The edges among the nodes $ids that a map shows: those the walk may use ($types, $t as in
// neighbourhood_ring.cypher), each once, as stored.
UNWIND $ids AS nid
MATCH (a:Entity {id: nid})-[e]->(b:Entity)
WHERE b.id IN $ids
  AND ($types IS NULL OR type(e) IN $types)
  AND ($t IS NULL OR ((e.since = '' OR e.since <= $t) AND (e.until = '' OR $t <= e.until)))
RETURN type(e) AS type, a.id AS source, b.id AS target, properties(e) AS props
