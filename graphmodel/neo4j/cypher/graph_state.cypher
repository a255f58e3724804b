// Whether this database holds an allymap graph: its state node (made by the first import and
// kept by a wipe) and any allymap node at all. Commands that only read refuse to answer from
// a database without data, where "nothing found" would be a wrong all-clear.
RETURN EXISTS { MATCH (:AllymapState) } AS state, EXISTS { MATCH (:Entity) } AS data
