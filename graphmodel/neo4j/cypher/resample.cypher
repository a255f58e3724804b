// What a user who is not an admin may do instead of replan.cypher: schedule the resampling
// of index statistics that are out of date.
CALL db.resampleOutdatedIndexes()
