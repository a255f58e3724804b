// The partner timeline: every edge of the types $types (company-to-company and PARTY_TO, from
// the schema) touching a company in $companies (a group, of any date), any date, as stored.
UNWIND $companies AS cid
MATCH (c:Company {id: cid})-[e]-(o)
WHERE type(e) IN $types
WITH DISTINCT e
RETURN type(e) AS type, startNode(e).id AS source, endNode(e).id AS target,
       properties(e) AS props
