// Finders.interest_holders: whom a full scan tests for rule 4: people with an active
// HOLDS_INTEREST_IN on $t or an EMPLOYED_BY that ended in the window the rule passes
// ($left_since <= until < $t). (No index on EMPLOYED_BY.until on purpose: with stale
// statistics the planner used it inside per-person queries, scanning it once per person.)
CALL () {
  MATCH (p)-[h:HOLDS_INTEREST_IN]->()
  WHERE ACTIVE(h)
  RETURN p.id AS person
  UNION
  MATCH (p)-[e:EMPLOYED_BY]->()
  WHERE e.until >= $left_since AND e.until < $t AND e.until <> ''
  RETURN p.id AS person
}
RETURN person
