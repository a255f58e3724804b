// After an import or a wipe: forget cached query plans. Neo4j plans a query once and keeps the
// plan while its statistics change slowly; a plan made on an empty or tiny graph (a fresh
// database, a wiped test database) can pick an index scan where an expansion from the anchor
// is thousands of times cheaper (measured: a rule query at 10,000 people took 10 s instead of
// 60 ms until replanned).
CALL db.clearQueryCaches()
