// The edges a snapshot import looks at (GraphStore.open_edges). $rows: [{id, out, in}], where
// out and in are lists of edge types from the schema: the edges of a type in r.out leaving the
// node r.id, and of a type in r.in entering it, whose until is empty or on or after $day.
// Each node is found by the id index, then only its own relationships are walked.
UNWIND $rows AS r
MATCH (n:Entity {id: r.id})
CALL (n, r) {
  WITH n, r
  WHERE size(r.out) > 0
  MATCH (n)-[e]->(m)
  WHERE type(e) IN r.out AND (coalesce(e.until, '') = '' OR e.until >= $day)
  RETURN type(e) AS type, n.id AS source, m.id AS target, properties(e) AS props
  UNION ALL
  WITH n, r
  WHERE size(r.in) > 0
  MATCH (m)-[e]->(n)
  WHERE type(e) IN r.in AND (coalesce(e.until, '') = '' OR e.until >= $day)
  RETURN type(e) AS type, m.id AS source, n.id AS target, properties(e) AS props
}
RETURN type, source, target, props
