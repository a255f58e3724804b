// One ring of a map's breadth-first walk: the nodes one edge away from $ring, in either
// direction, that are not in $seen. Only edges whose type is in $types (all types when null)
// and, when $t is given, edges active on $t are walked. (The far end is left unlabelled so
// the planner expands from the ring instead of scanning for it.) One list: a hub company's
// ring holds ~90,000 people at 100k, and a record each took the driver 1.6 s.
UNWIND $ring AS nid
MATCH (n:Entity {id: nid})-[e]-(o)
WHERE NOT o.id IN $seen
  AND ($types IS NULL OR type(e) IN $types)
  AND ($t IS NULL OR ACTIVE(e))
RETURN collect(DISTINCT o.id) AS ids
