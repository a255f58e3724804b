// One ring of Finders.hop_walks: from the people in $frontier, everyone one person hop away on
// $t. A hop is an active edge of a line type in either direction (via = ''), or both
// people holding an active seat on the same node (via = that node): the hop kinds
// the exposure rule declares. Each row says which frontier people (inside) reach which people
// (reached) that way, which is all a walk needs; Python keeps the people it had not reached.
// Only the anchor carries a label: the far ends follow from the schema, and leaving them
// unlabelled keeps the planner from scanning them instead of expanding.
CALL () {
  UNWIND $frontier AS uid
  MATCH (u:Entity {id: uid})-[r:__LINES__]-(v)
  WHERE v <> u AND ACTIVE(r)
  RETURN '' AS via, [uid] AS inside, collect(DISTINCT v.id) AS reached
  UNION ALL
  UNWIND $frontier AS uid
  MATCH (:Entity {id: uid})-[m:__SEATS__]->(c)
  WHERE ACTIVE(m)
  WITH c, collect(DISTINCT uid) AS inside
  MATCH (c)<-[m2:__SEATS__]-(v)
  WHERE ACTIVE(m2)
  RETURN c.id AS via, inside, collect(DISTINCT v.id) AS reached
}
RETURN via, inside, reached
