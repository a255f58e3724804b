// Finders.groups: group(C) for each company in $companies: C and every company joined to it by SUBSIDIARY_OF
// edges in either direction, transitively - edges active on $t, or of any date when $t is
// null (the partner timeline shows history). ANY SHORTEST returns each reachable company once
// (a breadth-first search from C), where a plain variable-length pattern would enumerate every
// path. The far end is unlabelled (SUBSIDIARY_OF joins companies only) so the search starts
// from C instead of pairing C with every company.
UNWIND $companies AS cid
MATCH (c:Company {id: cid})
MATCH ANY SHORTEST (c) (()-[s:SUBSIDIARY_OF]-() WHERE $t IS NULL OR ACTIVE(s))* (o)
RETURN cid AS company, collect(DISTINCT o.id) AS members
