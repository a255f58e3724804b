// Finders.routes_from: the routes of routes_to.cypher that start at the people $people, walked
// forward from each person, so a staffing check touches the candidates' neighbourhoods instead
// of everyone with access. Only routes into $targets (every target when null); kept as in
// routes_to.cypher, with $ended the targets whose ended routes the rule wants.
UNWIND $people AS pid
MATCH (p:Entity {id: pid})
CALL (p) {
__SHAPES__
}
WITH pid, tgt, inner, rels
WHERE ($targets IS NULL OR tgt.id IN $targets)
  AND (all(r IN rels WHERE ACTIVE(r))
       OR (tgt.id IN $ended AND any(r IN rels WHERE r.until <> '' AND r.until < $t)))
RETURN collect([tgt.id, [pid] + [n IN inner | n.id] + [tgt.id], [r IN rels | r.since],
                [r IN rels | r.until]]) AS rows
