// Finders.edges without `touching`: every edge of the types asked for active on $t (of any date
// when $t is null), as stored, as one list (one relationship-type scan per type).
MATCH (a)-[e:__TYPES__]->(b)
WHERE $t IS NULL OR ACTIVE(e)
RETURN collect([type(e), a.id, b.id, properties(e)]) AS rows
