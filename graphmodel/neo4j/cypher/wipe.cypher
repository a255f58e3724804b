// Delete everything allymap wrote (its nodes carry :Entity, import receipts :AllymapImport,
// decisions :AllymapDecision),
// in batches so a large graph does not need one huge transaction. Auto-commit only:
// CALL IN TRANSACTIONS cannot run inside an explicit transaction. The :AllymapState node stays
// (its version was bumped first), so an import planned before the wipe is refused.
MATCH (n)
WHERE n:Entity OR n:AllymapImport OR n:AllymapDecision
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
