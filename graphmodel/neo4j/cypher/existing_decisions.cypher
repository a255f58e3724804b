// The stored decisions among $ids (each a decision's key as JSON).
UNWIND $ids AS id
MATCH (d:AllymapDecision {id: id})
RETURN [d.kind, d.person, d.a, d.b, d.since, d.decision, d.decided_by, d.reason, d.until,
        d.recorded_at, d.recorded_by] AS row
