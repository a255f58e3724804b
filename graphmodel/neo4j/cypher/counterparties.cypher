// Finders.counterparty_paths (rule 4): for each [company, alliance] in $pairs, every
// shortest path Z -> ... -> party -> Y on $t that walks SUBSIDIARY_OF edges in either
// direction, at most one COMPETES_WITH edge, and ends with PARTY_TO into Y (docs/rules.md).
// No row means Z is not a counterparty of Y. The rule picks the smallest id list among them.
// The predicates sit inside the parenthesised pattern so they apply during the search
// (a WHERE after a SHORTEST pattern would filter only the paths already chosen).
UNWIND $pairs AS pair
MATCH (z:Company {id: pair[0]})
MATCH (y:Alliance {id: pair[1]})
MATCH path = ALL SHORTEST (
  (z)
  ((:Company)-[s:SUBSIDIARY_OF]-(:Company)
    WHERE ACTIVE(s))*
  (:Company)
  ((:Company)-[c:COMPETES_WITH]-(:Company)
    WHERE ACTIVE(c)){0,1}
  (:Company)
  ((:Company)-[s2:SUBSIDIARY_OF]-(:Company)
    WHERE ACTIVE(s2))*
  (:Company)-[pt:PARTY_TO]->(y)
  WHERE ACTIVE(pt)
)
RETURN pair[0] AS company, pair[1] AS alliance, [n IN nodes(path) | n.id] AS path
