// Every allymap node (exports and tests); Python sorts by id.
MATCH (n:Entity)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
