// Every FIREWALL edge active on $t between two different nodes, as stored (source <= target),
// with whether each end is a Program (otherwise an Alliance). Python merges parallel edges
// into one firewall per pair exactly as queries/engine.py does (docs/rules.md, "Firewalls").
MATCH (a)-[f:FIREWALL]->(b)
WHERE a <> b
  AND (f.since = '' OR f.since <= $t) AND (f.until = '' OR $t <= f.until)
RETURN a.id AS source, b.id AS target, properties(f) AS props,
       a:Program AS source_is_program, b:Program AS target_is_program
