// The new entry and the head that now points at it, in the transaction of audit_head.cypher.
MATCH (h:AllymapAuditHead {id: 'allymap'})
CREATE (:AllymapAudit {
  seq: $seq, at: $at, user: $user, action: $action, detail: $detail, prev: $prev, hash: $hash
})
SET h.seq = $seq, h.hash = $hash
