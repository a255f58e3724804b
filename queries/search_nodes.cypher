// Search: the nodes whose id or name contains $needle (already casefolded by Python, compared
// with the casefolded copies `~id` and `~name` written at import, so the match is the same as
// Python's str.casefold) among the labels in $labels (all when null). Python sorts.
MATCH (n:Entity)
WHERE ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
  AND ($needle = '' OR n.`~id` CONTAINS $needle OR n.`~name` CONTAINS $needle)
RETURN n.id AS id, n.name AS name
