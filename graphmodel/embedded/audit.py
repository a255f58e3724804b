"""The audit trail in the embedded file: the ``audit`` table, and its head in ``meta``.

An append is one ``BEGIN IMMEDIATE`` transaction on the store's own connection (so it waits
for, and is never interleaved with, another appender or an import, and does not make this
process reload its graph: SQLite's data_version counts other connections' commits only). The
table is made by the first append into an allymap file; a path with no database gets nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from graphmodel.audit import GENESIS, AuditEntry, now, seal
from graphmodel.embedded.connection import _layout
from graphmodel.embedded.writes import Writes

_AUDIT_DDL = """
CREATE TABLE IF NOT EXISTS audit(
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
)
"""
_HEAD = "audit_head"


def _head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_HEAD,)).fetchone()
    if row is None:
        return None
    seq, _, digest = str(row[0]).partition(":")
    return int(seq), digest


def _has_audit(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'"
        ).fetchone()
        is not None
    )


class AuditLog(Writes):
    """:meth:`append_audit` and :meth:`audit_log` of the embedded store."""

    def append_audit(self, user: str, action: str, detail: Mapping[str, Any]) -> AuditEntry | None:
        with self._lock:
            self._sync()
            if self._conn is None:
                return None
            conn, _ = self._writer(self._version())
            with self._guard("write"):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if not _layout(conn, self.path):
                        conn.execute("ROLLBACK")
                        return None
                    conn.execute(_AUDIT_DDL)
                    head = _head(conn)
                    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
                    entry = seal(seq, prev, now(), user, action, detail)
                    conn.execute(
                        "INSERT INTO audit(seq, at, user, action, detail, prev, hash) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?)",
                        (
                            entry.seq,
                            entry.at,
                            entry.user,
                            entry.action,
                            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
                            entry.prev,
                            entry.hash,
                        ),
                    )
                    conn.execute(
                        "INSERT INTO meta(key, value) VALUES(?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (_HEAD, f"{entry.seq}:{entry.hash}"),
                    )
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            return entry

    def audit_log(self) -> tuple[list[AuditEntry], tuple[int, str] | None]:
        with self._lock:
            self._sync()
            if self._conn is None:
                return [], None
            with self._snapshot() as conn:
                if not _layout(conn, self.path):
                    return [], None
                head = _head(conn)
                if not _has_audit(conn):
                    return [], head
                rows = conn.execute(
                    "SELECT seq, at, user, action, detail, prev, hash FROM audit ORDER BY seq"
                ).fetchall()
        entries = []
        for seq, at, user, action, detail, prev, digest in rows:
            try:
                parsed = json.loads(detail)
            except (TypeError, ValueError):
                parsed = {"unreadable": str(detail)}  # verify() then names this entry
            entries.append(
                AuditEntry(
                    int(seq), str(at), str(user), str(action), parsed, str(prev), str(digest)
                )
            )
        return entries, head
