// Every edge of one type (__TYPE__, from the schema), as stored, as one
// list (see all_nodes.cypher); one type at a time keeps the list a fraction of the graph.
MATCH (a)-[e:__TYPE__]->(b)
RETURN collect([a.id, b.id, properties(e)]) AS rows
