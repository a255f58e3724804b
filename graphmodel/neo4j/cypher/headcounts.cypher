// Employees per company on $t (active EMPLOYED_BY edges): the app's default "us" is the
// largest employer. One relationship-type scan, counted in the database.
MATCH (:Person)-[e:EMPLOYED_BY]->(c:Company)
WHERE ACTIVE(e)
RETURN c.id AS company, count(e) AS n
