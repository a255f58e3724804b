// For each [a, b] in $pairs, the edges stored from a to b, any date (explanations word them).
UNWIND $pairs AS pair
MATCH (:Entity {id: pair[0]})-[e]->(:Entity {id: pair[1]})
RETURN pair[0] AS source, pair[1] AS target, type(e) AS type, properties(e) AS props
