// Access routes (docs/rules.md, "Access routes") from anyone into the programs $programs and
// the alliances $alliances, with the since/until of each edge on the route.
// Kept: routes whose edges are all active on $t (access today) and, for the targets in $ended,
// routes with an edge that ended before $t (candidates for "the last day P had access",
// rule 2: firewalls with a cooling-off). Python computes each route's active interval and
// makes the canonical choices, exactly as queries/engine.py does. One list of
// [target, person, route, sinces, untils] rows: the driver decodes one big list much faster
// than a record per route (a full scan returns 150,000 routes at 100k people).
// Only the target carries a label: the other nodes' types follow from the schema, and leaving
// them unlabelled keeps the planner anchored on the target's index.
CALL () {
  // [P, X]: P WORKS_ON X
  UNWIND $programs AS tid
  MATCH (p)-[w:WORKS_ON]->(:Program {id: tid})
  RETURN tid, p.id AS person, [p.id, tid] AS route, [w] AS rels
  UNION ALL
  // [P, C, X]: P MEMBER_OF C, C GOVERNS X
  UNWIND $programs AS tid
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(:Program {id: tid})
  RETURN tid, p.id AS person, [p.id, c.id, tid] AS route, [m, g] AS rels
  UNION ALL
  // [P, C, Y, X]: C GOVERNS the alliance Y that X is PART_OF
  UNWIND $programs AS tid
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y)<-[po:PART_OF]-(:Program {id: tid})
  RETURN tid, p.id AS person, [p.id, c.id, y.id, tid] AS route, [m, g, po] AS rels
  UNION ALL
  // [P, C, Y]: C GOVERNS alliance Y
  UNWIND $alliances AS tid
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(:Alliance {id: tid})
  RETURN tid, p.id AS person, [p.id, c.id, tid] AS route, [m, g] AS rels
  UNION ALL
  // [P, X, Y]: a program route into X PART_OF Y, then Y
  UNWIND $alliances AS tid
  MATCH (p)-[w:WORKS_ON]->(x)-[po:PART_OF]->(:Alliance {id: tid})
  RETURN tid, p.id AS person, [p.id, x.id, tid] AS route, [w, po] AS rels
  UNION ALL
  // [P, C, X, Y]
  UNWIND $alliances AS tid
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(x)-[po:PART_OF]->(:Alliance {id: tid})
  RETURN tid, p.id AS person, [p.id, c.id, x.id, tid] AS route, [m, g, po] AS rels
  UNION ALL
  // [P, C, Y2, X, Y]: X is part of two alliances; the route may not pass Y itself
  UNWIND $alliances AS tid
  MATCH (p)-[m:MEMBER_OF]->(c)-[g:GOVERNS]->(y2)<-[po2:PART_OF]-(x)
        -[po:PART_OF]->(:Alliance {id: tid})
  WHERE y2.id <> tid
  RETURN tid, p.id AS person, [p.id, c.id, y2.id, x.id, tid] AS route, [m, g, po2, po] AS rels
}
WITH tid, person, route, rels
WHERE all(r IN rels WHERE (r.since = '' OR r.since <= $t) AND (r.until = '' OR $t <= r.until))
   OR (tid IN $ended AND any(r IN rels WHERE r.until <> '' AND r.until < $t))
RETURN collect([tid, person, route, [r IN rels | r.since], [r IN rels | r.until]]) AS rows
