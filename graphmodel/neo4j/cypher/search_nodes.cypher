// Search: up to $limit nodes whose id or name contains $needle (folded by Python's
// graphmodel.folding.fold, matched against the folded copies `~id` and `~name` written at
// import, so matching is the app's and the CLI's; $cased, the needle only casefolded, still
// matches keys written before fold dropped accents, until the next import rewrites them) among the labels in $labels (all when null), in the order of (name, id) as
// Python compares them: `~sort` encodes that order so that Neo4j's string order (UTF-16 code
// units) agrees with Python's (code points), and its range index lets an empty search read
// the first names in order and stop. $where: property name -> value that must match exactly
// (names are parameters too, read with n[k]).
MATCH (n:Entity)
WHERE n.`~sort` IS NOT NULL
  AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
  AND ($needle = '' OR n.`~id` CONTAINS $needle OR n.`~name` CONTAINS $needle
       OR n.`~id` CONTAINS $cased OR n.`~name` CONTAINS $cased)
  AND all(k IN keys($where) WHERE n[k] = $where[k])
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY n.`~sort`
LIMIT $limit
