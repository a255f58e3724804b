// The audit trail's head (seq, hash) as recorded with the last append; nulls before any.
OPTIONAL MATCH (h:AllymapAuditHead {id: 'allymap'})
RETURN h.seq AS seq, h.hash AS hash
