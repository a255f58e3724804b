// Import: add or update edges of one type (__TYPE__ is a backtick-quoted edge type from the
// schema). An edge is identified by its type, its ends and its since (symmetric types arrive
// with source <= target), so MERGE on since; until and the properties are replaced.
// $rows: [{source, target, since, props}] where props includes since and until ("" = open).
// Python checks that every row was written (an end missing would silently drop it).
UNWIND $rows AS r
MATCH (a:Entity {id: r.source})
MATCH (b:Entity {id: r.target})
MERGE (a)-[e:__TYPE__ {since: r.since}]->(b)
SET e = r.props
RETURN count(e) AS written
