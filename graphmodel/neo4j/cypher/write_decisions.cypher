// Import: add or update decisions on findings (a record of their own: :AllymapDecision, not
// :Entity, so they are never graph nodes). $rows: [{id, props}], id the decision's key as JSON.
UNWIND $rows AS r
MERGE (d:AllymapDecision {id: r.id})
SET d = r.props
RETURN count(*) AS n
