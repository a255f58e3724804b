// As create_edges.cypher, for edges that also carry properties the schema does not declare
// (further CSV columns, kept as text): those are added from the map r.extra.
UNWIND $rows AS r
MATCH (a) WHERE elementId(a) = r.a
MATCH (b) WHERE elementId(b) = r.b
CREATE (a)-[e:__TYPE__ {since: r.since, until: r.until__PROPS__}]->(b)
SET e += r.extra
RETURN count(e) AS written
