// Import, when the search keys were written by an older graphmodel.folding.fold (the state's
// `fold` is not FOLD_VERSION): rewrite `~id` and `~name` of the nodes in $rows ({id, keys}),
// computed in Python, so search matches accents the same way on every node.
UNWIND $rows AS r
MATCH (n:Entity {id: r.id})
SET n.`~id` = r.keys.`~id`, n.`~name` = r.keys.`~name`
