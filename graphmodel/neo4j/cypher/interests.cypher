// Rule 4, the interests of the people $people on $t (docs/rules.md, "conflict_of_interest"):
// active HOLDS_INTEREST_IN (kind as stored; Python reads a missing kind as "interest") and
// EMPLOYED_BY that ended in the year before $t ($year_ago <= until < $t) as "former employee",
// unless the company is in the group of one of the person's current employers (active
// SUBSIDIARY_OF edges in either direction, transitively, the employer included).
UNWIND $people AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  MATCH (p)-[h:HOLDS_INTEREST_IN]->(z)
  WHERE (h.since = '' OR h.since <= $t) AND (h.until = '' OR $t <= h.until)
  RETURN z, h.kind AS kind
  UNION ALL
  MATCH (p)-[e:EMPLOYED_BY]->(z)
  WHERE e.until <> '' AND $year_ago <= e.until AND e.until < $t
    AND (e.since = '' OR e.since <= e.until)
  RETURN z, 'former employee' AS kind
}
WITH p, z, kind
WHERE NOT EXISTS {
  MATCH (p)-[e:EMPLOYED_BY]->(emp)
  WHERE (e.since = '' OR e.since <= $t) AND (e.until = '' OR $t <= e.until)
    AND EXISTS {
      MATCH SHORTEST 1 (emp) (()-[s:SUBSIDIARY_OF]-()
            WHERE (s.since = '' OR s.since <= $t) AND (s.until = '' OR $t <= s.until))* (z)
    }
}
RETURN p.id AS person, z.id AS company, kind
