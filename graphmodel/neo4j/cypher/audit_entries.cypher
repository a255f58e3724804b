// Every audit entry as stored, in seq order (read in the transaction of audit_read_head).
MATCH (e:AllymapAudit)
RETURN e.seq AS seq, e.at AS at, e.user AS user, e.action AS action, e.detail AS detail,
       e.prev AS prev, e.hash AS hash
ORDER BY seq
