// The access routes of the people $people (only) into the programs and alliances $targets:
// the same route shapes as access_routes.cypher, walked forward from each person, so a
// staffing check touches the candidates' neighbourhoods instead of everyone with access.
// Kept: routes all active on $t and, for targets in $ended, routes with an edge that ended
// before $t. Python computes intervals and canonical choices (queries/engine.py).
UNWIND $people AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  // [P, X]
  MATCH (p)-[w:WORKS_ON]->(x)
  WHERE x.id IN $targets
  RETURN x.id AS target, [x.id] AS tail, [w] AS rels
  UNION ALL
  // [P, C, X] and [P, C, Y]: C governs the program or alliance
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(x)
  WHERE x.id IN $targets
  RETURN x.id AS target, [c.id, x.id] AS tail, [m, g] AS rels
  UNION ALL
  // [P, C, Y, X]: C governs the alliance Y that program X is PART_OF
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y)<-[po:PART_OF]-(x)
  WHERE x.id IN $targets
  RETURN x.id AS target, [c.id, y.id, x.id] AS tail, [m, g, po] AS rels
  UNION ALL
  // [P, X, Y]
  MATCH (p)-[w:WORKS_ON]->(x)-[po:PART_OF]->(y)
  WHERE y.id IN $targets
  RETURN y.id AS target, [x.id, y.id] AS tail, [w, po] AS rels
  UNION ALL
  // [P, C, X, Y]: C governs program X, X PART_OF Y
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(x)-[po:PART_OF]->(y)
  WHERE y.id IN $targets
  RETURN y.id AS target, [c.id, x.id, y.id] AS tail, [m, g, po] AS rels
  UNION ALL
  // [P, C, Y2, X, Y], Y2 <> Y
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y2)<-[po2:PART_OF]-(x)-[po:PART_OF]->(y)
  WHERE y.id IN $targets AND y2 <> y
  RETURN y.id AS target, [c.id, y2.id, x.id, y.id] AS tail, [m, g, po2, po] AS rels
}
WITH pid, target, tail, rels
WHERE all(r IN rels WHERE (r.since = '' OR r.since <= $t) AND (r.until = '' OR $t <= r.until))
   OR (target IN $ended AND any(r IN rels WHERE r.until <> '' AND r.until < $t))
RETURN target, pid AS person, [pid] + tail AS route,
       [r IN rels | r.since] AS sinces, [r IN rels | r.until] AS untils
