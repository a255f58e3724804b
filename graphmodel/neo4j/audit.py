"""The audit trail on Neo4j: ``:AllymapAudit`` nodes (a label that is no schema type, like
``:AllymapState``, so no rule, map or count sees them) and one ``:AllymapAuditHead`` node
holding the head and the append lock. :meth:`~graphmodel.neo4j.writes.Writes.wipe` leaves
both alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j import ManagedTransaction

from graphmodel.audit import GENESIS, AuditEntry, now, seal
from graphmodel.neo4j.templates import cypher
from graphmodel.neo4j.writes import Writes


class AuditLog(Writes):
    """:meth:`append_audit` and :meth:`audit_log` of the Neo4j store."""

    def append_audit(self, user: str, action: str, detail: Mapping[str, Any]) -> AuditEntry | None:
        head_text, append_text = cypher("audit_head"), cypher("audit_append")

        # A transaction function: the driver may run it again, and it reads the head again.
        def work(tx: ManagedTransaction) -> AuditEntry | None:
            at = now()
            row = tx.run(head_text, {"at": at}).single()
            if row is None:  # no allymap graph here: nothing was shown from it
                return None
            seq = int(row["seq"] or 0) + 1
            entry = seal(seq, str(row["hash"] or GENESIS), at, user, action, detail)
            tx.run(
                append_text,
                {
                    "seq": entry.seq,
                    "at": entry.at,
                    "user": entry.user,
                    "action": entry.action,
                    "detail": json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
                    "prev": entry.prev,
                    "hash": entry.hash,
                },
            ).consume()
            return entry

        with (
            self._talking("recording in the audit trail"),
            self._driver.session(database=self.database) as session,
        ):
            return session.execute_write(work)

    def audit_log(self) -> tuple[list[AuditEntry], tuple[int, str] | None]:
        head_text, entries_text = cypher("audit_read_head"), cypher("audit_entries")

        def work(tx: ManagedTransaction) -> tuple[list[neo4j.Record], neo4j.Record | None]:
            return list(tx.run(entries_text)), tx.run(head_text).single()

        rows, head_row = self._read(work, "reading the audit trail")
        head = (
            (int(head_row["seq"]), str(head_row["hash"]))
            if head_row is not None and head_row["seq"] is not None
            else None
        )
        entries = []
        for r in rows:
            try:
                detail = json.loads(r["detail"])
            except (TypeError, ValueError):
                detail = {"unreadable": str(r["detail"])}  # verify() then names this entry
            entries.append(
                AuditEntry(
                    int(r["seq"]),
                    str(r["at"]),
                    str(r["user"]),
                    str(r["action"]),
                    detail,
                    str(r["prev"]),
                    str(r["hash"]),
                )
            )
        return entries, head
