// Finders.routes_to: for each target in $targets, every route of the shapes the rule asked for
// (one MATCH branch per shape, filled in by templates.for_shapes) from anyone into it,
// with the since and until of each edge. Kept: routes whose edges are all active on $t and,
// for the targets in $ended, routes with an edge that ended before $t (the rule needs those for
// the last day of access). The rules compute intervals and make every choice. The target is
// found by its id (the :Entity index) and the branches expand from it; the other nodes stay
// unlabelled (their types follow from the schema), which keeps the planner anchored there. One
// list of [target, route ids, sinces, untils] rows: the driver decodes one big list much faster
// than a record per route (a full scan returns 150,000 routes at 100k people).
UNWIND $targets AS tid
MATCH (tgt:Entity {id: tid})
CALL (tgt) {
__SHAPES__
}
WITH tid, p, inner, rels
WHERE all(r IN rels WHERE ACTIVE(r))
   OR (tid IN $ended AND any(r IN rels WHERE r.until <> '' AND r.until < $t))
RETURN collect([tid, [p.id] + [n IN inner | n.id] + [tid], [r IN rels | r.since],
                [r IN rels | r.until]]) AS rows
