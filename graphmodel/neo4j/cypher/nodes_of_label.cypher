// Finders.nodes: every node of one type, with its properties, as one list.
MATCH (n:__LABEL__)
RETURN collect([n.id, labels(n), properties(n)]) AS rows
