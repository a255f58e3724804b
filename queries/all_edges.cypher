// Every edge between allymap nodes, as stored; Python sorts by key.
MATCH (a:Entity)-[e]->(b:Entity)
RETURN type(e) AS type, a.id AS source, b.id AS target, properties(e) AS props
