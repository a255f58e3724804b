// The graph's version (see import_version.cypher); 0 before the first import.
OPTIONAL MATCH (s:AllymapState {id: 'allymap'})
RETURN coalesce(s.version, 0) AS version
