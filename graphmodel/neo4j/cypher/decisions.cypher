// Every stored decision on a finding, as one list (they are few; the rule filters by day).
MATCH (d:AllymapDecision)
RETURN collect([d.kind, d.person, d.a, d.b, d.since, d.decision, d.decided_by, d.reason,
                d.until, d.recorded_at, d.recorded_by]) AS rows
