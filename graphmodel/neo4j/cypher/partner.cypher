// The partner view (docs/rules.md, "Partner view"): every relationship on $t between the
// corporate groups $us (group(U)) and $them (group(Z)), each edge as stored.
// Alliances: one row per pair of PARTY_TO edges into the same alliance from a in G(U) and
// b in G(Z), a <> b. Trade, competition and equity: every active SUPPLIES, OWNS_STAKE_IN and
// COMPETES_WITH edge with one end in each group. Python words the kinds (supplier or customer
// depends on which group supplies) and picks the canonical alliance via, as queries/engine.py.
CALL () {
  UNWIND $us AS aid
  MATCH (a:Company {id: aid})-[pa:PARTY_TO]->(y)<-[pb:PARTY_TO]-(b)
  WHERE b.id IN $them AND a <> b
    AND (pa.since = '' OR pa.since <= $t) AND (pa.until = '' OR $t <= pa.until)
    AND (pb.since = '' OR pb.since <= $t) AND (pb.until = '' OR $t <= pb.until)
  RETURN 'PARTY_TO' AS type, a.id AS source, b.id AS target, y.id AS alliance, {} AS props
  UNION
  UNWIND $us + $them AS cid
  MATCH (s:Company {id: cid})-[e:SUPPLIES|OWNS_STAKE_IN|COMPETES_WITH]-(o)
  WHERE (o.id IN $us OR o.id IN $them)
    AND (e.since = '' OR e.since <= $t) AND (e.until = '' OR $t <= e.until)
  RETURN type(e) AS type, startNode(e).id AS source, endNode(e).id AS target,
         '' AS alliance, properties(e) AS props
}
RETURN type, source, target, alliance, props
