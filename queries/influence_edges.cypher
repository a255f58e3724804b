// The input of influence scores: REPORTS_TO, INFLUENCES and MEMBER_OF edges active on $t.
MATCH (a)-[e:REPORTS_TO|INFLUENCES|MEMBER_OF]->(b)
WHERE (e.since = '' OR e.since <= $t) AND (e.until = '' OR $t <= e.until)
RETURN type(e) AS type, a.id AS source, b.id AS target, properties(e) AS props
