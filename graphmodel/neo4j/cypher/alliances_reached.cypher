// For each person in $people, the alliances of the programs the person has access to on $t
// (rule 4 is tested against them in a full scan): programs reached by WORKS_ON, by a committee
// governing the program, or by a committee governing an alliance the program is PART_OF; then
// the alliances those programs are PART_OF. Every edge must be active on $t.
UNWIND $people AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  MATCH (p)-[w:WORKS_ON]->(x)
  WHERE (w.since = '' OR w.since <= $t) AND (w.until = '' OR $t <= w.until)
  RETURN x
  UNION
  MATCH (p)-[m:MEMBER_OF]->()-[g:GOVERNS]->(x:Program)
  WHERE (m.since = '' OR m.since <= $t) AND (m.until = '' OR $t <= m.until)
    AND (g.since = '' OR g.since <= $t) AND (g.until = '' OR $t <= g.until)
  RETURN x
  UNION
  MATCH (p)-[m:MEMBER_OF]->()-[g:GOVERNS]->()<-[po:PART_OF]-(x)
  WHERE (m.since = '' OR m.since <= $t) AND (m.until = '' OR $t <= m.until)
    AND (g.since = '' OR g.since <= $t) AND (g.until = '' OR $t <= g.until)
    AND (po.since = '' OR po.since <= $t) AND (po.until = '' OR $t <= po.until)
  RETURN x
}
MATCH (x)-[po:PART_OF]->(y)
WHERE (po.since = '' OR po.since <= $t) AND (po.until = '' OR $t <= po.until)
RETURN pid AS person, collect(DISTINCT y.id) AS alliances
