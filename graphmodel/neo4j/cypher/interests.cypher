// Finders.interests: for each person in $people, their HOLDS_INTEREST_IN edges active on $t and
// their EMPLOYED_BY edges active on $t or ended in the window the rule passes
// ($left_since <= until < $t), as stored. The rule decides what counts (docs/rules.md, rule 4).
UNWIND $people AS pid
MATCH (p:Entity {id: pid})
CALL (p) {
  MATCH (p)-[e:HOLDS_INTEREST_IN]->(z)
  WHERE ACTIVE(e)
  RETURN e, z
  UNION ALL
  MATCH (p)-[e:EMPLOYED_BY]->(z)
  WHERE ACTIVE(e) OR (e.until <> '' AND $left_since <= e.until AND e.until < $t)
  RETURN e, z
}
RETURN pid AS person, type(e) AS type, z.id AS target, properties(e) AS props
