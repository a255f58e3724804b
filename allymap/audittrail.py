"""What the CLI and the app put into the audit trail, and how it is read back out.

Recorded (``graphmodel.audit``; the user is the signed-in user in the app, ``cli:`` and the
OS user from the CLI): sign-in and sign-out, every page view (page and its query), every
staffing check (inputs and each candidate's status), every import (each file's name, SHA-256
and size, the counts), every download (page, file, rows) and every refusal. The CLI records
what it writes (imports); commands that only read never write to a database (DOMAIN.md), so a
CLI read is not in the trail: whoever can run them holds the database file or the Neo4j
credentials and could read everything directly anyway. See docs/deployment.md.

Out: JSON (terminal-safe) or CSV, whose cells are formula-safe and terminal-safe (a user
called ``=HYPERLINK(...)`` or one whose name carries an escape sequence stays text).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from allymap.downloads import to_safe_csv
from allymap.signin import os_user
from graphmodel.audit import AuditEntry
from graphmodel.errors import printable

__all__ = ["COLUMNS", "cli_user", "file_detail", "import_detail", "to_csv", "to_rows"]

COLUMNS = ["seq", "at", "user", "action", "detail", "hash"]


def cli_user() -> str:
    """How the trail names somebody using the CLI: their OS user, marked as such."""
    return f"cli:{os_user()}"


def file_detail(name: str, data: bytes) -> dict[str, Any]:
    """One imported file: its name, SHA-256 and size (which file, exactly, went in)."""
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def import_detail(
    files: Sequence[Mapping[str, Any]], counts: Mapping[str, int], effective: str | None
) -> dict[str, Any]:
    return {"files": list(files), "counts": dict(counts), "effective": effective}


def to_rows(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """One flat row per entry (the detail as compact JSON), every text cell printable."""
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "user": printable(e.user),
            "action": printable(e.action),
            "detail": printable(json.dumps(e.detail, ensure_ascii=False, sort_keys=True)),
            "hash": e.hash,
        }
        for e in entries
    ]


def to_csv(entries: Iterable[AuditEntry]) -> bytes:
    """The entries as a CSV file (UTF-8 with BOM), safe to open in a spreadsheet."""
    return to_safe_csv(to_rows(entries), columns=COLUMNS)
