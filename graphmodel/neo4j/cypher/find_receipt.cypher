MATCH (i:AllymapImport {id: $id})
RETURN count(i) AS found
