// What a staffing check for program $program needs first: the alliances it is PART_OF on $t
// (its sides are the program and these alliances) and every FIREWALL edge touching a side, of
// any date (Python keeps the active ones, as queries/engine.py does).
MATCH (x:Program {id: $program})
OPTIONAL MATCH (x)-[po:PART_OF]->(y)
  WHERE (po.since = '' OR po.since <= $t) AND (po.until = '' OR $t <= po.until)
WITH x, collect(DISTINCT y) AS alliances
UNWIND [x] + alliances AS side
OPTIONAL MATCH (side)-[f:FIREWALL]-()
WITH alliances, collect(DISTINCT f) AS walls
RETURN [y IN alliances | y.id] AS alliances,
       [f IN walls | {source: startNode(f).id, target: endNode(f).id, props: properties(f),
                      source_is_program: startNode(f):Program,
                      target_is_program: endNode(f):Program}] AS walls
