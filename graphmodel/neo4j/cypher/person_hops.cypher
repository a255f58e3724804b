// One ring of the person-to-person walk of rule 3 (docs/rules.md, "indirect_exposure"): from
// the people in $frontier, the people one hop away on $t that are not in $seen.
// A hop is an active REPORTS_TO or INFLUENCES edge in either direction (via = ''), or both
// people being active MEMBER_OF the same committee (via = the committee). Each row says which
// frontier people (inside) reach which new people (reached) that way, which is all the
// lexicographic path choice in Python needs.
// Only the anchor carries a label: the far ends are people and committees by the schema, and
// leaving them unlabelled keeps the planner from scanning them instead of expanding.
CALL () {
  UNWIND $frontier AS uid
  MATCH (u:Person {id: uid})-[r:REPORTS_TO|INFLUENCES]-(v)
  WHERE v <> u AND NOT v.id IN $seen
    AND (r.since = '' OR r.since <= $t) AND (r.until = '' OR $t <= r.until)
  RETURN '' AS via, [uid] AS inside, collect(DISTINCT v.id) AS reached
  UNION ALL
  UNWIND $frontier AS uid
  MATCH (:Person {id: uid})-[m:MEMBER_OF]->(c)
  WHERE (m.since = '' OR m.since <= $t) AND (m.until = '' OR $t <= m.until)
  WITH c, collect(DISTINCT uid) AS inside
  MATCH (c)<-[m2:MEMBER_OF]-(v)
  WHERE NOT v.id IN $seen
    AND (m2.since = '' OR m2.since <= $t) AND (m2.until = '' OR $t <= m2.until)
  RETURN c.id AS via, inside, collect(DISTINCT v.id) AS reached
}
RETURN via, inside, reached
