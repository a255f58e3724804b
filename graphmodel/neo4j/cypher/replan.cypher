// After an import or a wipe: refresh the index statistics and forget cached query plans.
// Neo4j plans a query once and keeps the plan while its statistics change slowly; a plan made
// on an empty or tiny graph (a fresh database, a wiped test database) can scan where expanding
// from the anchor is thousands of times cheaper (measured: rule 4's query at 10,000 people took
// 10 s instead of 40 ms until index statistics were resampled and the query replanned).
// Needs an admin; otherwise resample.cypher at least schedules the resampling.
CALL db.prepareForReplanning($seconds)
