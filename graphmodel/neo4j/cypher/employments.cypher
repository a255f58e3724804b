// Each person's EMPLOYED_BY edges active on $t, for the people in $ids: staffing alternatives
// are only people employed that day, and the title lives on the employment.
UNWIND $ids AS pid
MATCH (p:Person {id: pid})-[e:EMPLOYED_BY]->(c:Company)
WHERE ACTIVE(e)
RETURN p.id AS source, c.id AS target, properties(e) AS props
