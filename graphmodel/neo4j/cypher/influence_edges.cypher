// The input of influence scores: REPORTS_TO, INFLUENCES and MEMBER_OF edges active on $t
// (one relationship-type scan each), as one list (see all_nodes.cypher).
CALL () {
  MATCH (a)-[e:REPORTS_TO]->(b) RETURN a, e, b
  UNION ALL
  MATCH (a)-[e:INFLUENCES]->(b) RETURN a, e, b
  UNION ALL
  MATCH (a)-[e:MEMBER_OF]->(b) RETURN a, e, b
}
WITH a, e, b
WHERE (e.since = '' OR e.since <= $t) AND (e.until = '' OR $t <= e.until)
RETURN collect([type(e), a.id, b.id, properties(e)]) AS rows
