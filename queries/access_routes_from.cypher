// The access routes of the people $people (only) into the program or alliance $target: the
// same route shapes as access_routes.cypher, walked forward from each person, so a staffing
// check touches the candidates' neighbourhoods instead of everyone with access to the target.
// Kept: routes all active on $t and, when $ended is true, routes with an edge that ended
// before $t. Python computes intervals and canonical choices (queries/engine.py).
UNWIND $people AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  // [P, X]
  MATCH (p)-[w:WORKS_ON]->(x:Program {id: $target})
  RETURN [x.id] AS tail, [w] AS rels
  UNION ALL
  // [P, C, X]
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(x:Program {id: $target})
  RETURN [c.id, x.id] AS tail, [m, g] AS rels
  UNION ALL
  // [P, C, Y, X]
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y)<-[po:PART_OF]-(x:Program {id: $target})
  RETURN [c.id, y.id, x.id] AS tail, [m, g, po] AS rels
  UNION ALL
  // [P, C, Y]
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y:Alliance {id: $target})
  RETURN [c.id, y.id] AS tail, [m, g] AS rels
  UNION ALL
  // [P, X, Y]
  MATCH (p)-[w:WORKS_ON]->(x)-[po:PART_OF]->(y:Alliance {id: $target})
  RETURN [x.id, y.id] AS tail, [w, po] AS rels
  UNION ALL
  // [P, C, X, Y]
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(x)-[po:PART_OF]->(y:Alliance {id: $target})
  RETURN [c.id, x.id, y.id] AS tail, [m, g, po] AS rels
  UNION ALL
  // [P, C, Y2, X, Y], Y2 <> Y
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y2)<-[po2:PART_OF]-(x)
        -[po:PART_OF]->(y:Alliance {id: $target})
  WHERE y2 <> y
  RETURN [c.id, y2.id, x.id, y.id] AS tail, [m, g, po2, po] AS rels
}
WITH pid, tail, rels
WHERE all(r IN rels WHERE (r.since = '' OR r.since <= $t) AND (r.until = '' OR $t <= r.until))
   OR ($ended AND any(r IN rels WHERE r.until <> '' AND r.until < $t))
RETURN pid AS person, [pid] + tail AS route,
       [r IN rels | r.since] AS sinces, [r IN rels | r.until] AS untils
