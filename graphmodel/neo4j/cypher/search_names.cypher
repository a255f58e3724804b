// Every node's id and name, for refresh_search_keys.cypher.
MATCH (n:Entity)
RETURN n.id AS id, n.name AS name
