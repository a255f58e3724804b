"""The audit trail: who looked at what, checked, imported, decided or downloaded, and when.

Entries are appended by the stores (a table in the embedded file, nodes in Neo4j) and never
changed. Each entry's ``hash`` covers the previous entry's hash and a canonical serialisation
of its own fields, and the store keeps the newest (seq, hash) apart as the head, so editing,
deleting, reordering or inserting an entry (the last one included) breaks the chain at a place
:func:`verify` names. The chain does not stop someone who can write the database from
rewriting all of it; it makes a quiet edit of one entry detectable.

>>> a = seal(1, GENESIS, "2026-12-01T09:00:00.000000Z", "ana", "view", {"page": "conflicts"})
>>> b = seal(2, a.hash, "2026-12-01T09:01:00.000000Z", "ana", "check", {"statuses": {}})
>>> verify([a, b], (2, b.hash)) is None
True
>>> edited = AuditEntry(**{**a.fields(), "user": "bob", "prev": a.prev, "hash": a.hash})
>>> verify([edited, b], (2, b.hash)).seq
1
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "GENESIS",
    "AuditEntry",
    "AuditProblem",
    "canonical",
    "now",
    "seal",
    "select",
    "verify",
]

GENESIS = "0" * 64
"""The ``prev`` of the first entry."""


def now() -> str:
    """The time an entry is made: UTC, to the microsecond, so entries made in one second
    still sort and read in order."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: Mapping[str, Any]) -> str:
    """One text for the same fields whatever their order or the store that held them: sorted
    keys, no spaces, Unicode kept as it is."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(prev: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(f"{prev}\n{canonical(fields)}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail. ``detail`` is what was shown or done (a JSON object)."""

    seq: int
    at: str
    user: str
    action: str
    detail: dict[str, Any]
    prev: str
    hash: str

    def fields(self) -> dict[str, Any]:
        """What the hash covers, besides ``prev``."""
        return {
            "seq": self.seq,
            "at": self.at,
            "user": self.user,
            "action": self.action,
            "detail": self.detail,
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.fields(), "prev": self.prev, "hash": self.hash}


def seal(
    seq: int, prev: str, at: str, user: str, action: str, detail: Mapping[str, Any]
) -> AuditEntry:
    """The entry that follows the one whose hash is ``prev`` (GENESIS for the first).
    ``detail`` goes through JSON once, so what is hashed is exactly what is stored."""
    plain = json.loads(canonical(dict(detail)))
    entry = AuditEntry(seq, at, user, action, plain, prev, "")
    return AuditEntry(seq, at, user, action, plain, prev, _digest(prev, entry.fields()))


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """Where the chain breaks first: the entry (its seq, time and user as stored) and why."""

    seq: int
    at: str
    user: str
    why: str

    def __str__(self) -> str:
        return f"audit entry {self.seq} (at {self.at}, user {self.user!r}): {self.why}"


def verify(entries: Iterable[AuditEntry], head: tuple[int, str] | None) -> AuditProblem | None:
    """The first place where the stored entries (in ``seq`` order) are not the chain that was
    appended, or None. ``head`` is the (seq, hash) the store recorded with the last append
    (None: nothing was ever appended)."""
    prev = GENESIS
    last: AuditEntry | None = None
    for expected, entry in enumerate(entries, start=1):
        if entry.seq != expected:
            why = (
                f"entry {expected} is missing (deleted or reordered)"
                if entry.seq > expected
                else f"it repeats or is out of order (expected entry {expected})"
            )
            return AuditProblem(entry.seq, entry.at, entry.user, why)
        if entry.prev != prev:
            return AuditProblem(
                entry.seq, entry.at, entry.user, "its link to the previous entry was changed"
            )
        if _digest(prev, entry.fields()) != entry.hash:
            return AuditProblem(
                entry.seq, entry.at, entry.user, "its contents were changed after it was written"
            )
        prev, last = entry.hash, entry
    if head is None:
        if last is not None:
            return AuditProblem(last.seq, last.at, last.user, "the log has no recorded head")
        return None
    seq, digest = head
    if last is None:
        return AuditProblem(seq, "", "", f"all {seq} entries are missing")
    if last.seq < seq:
        return AuditProblem(
            last.seq + 1, "", "", f"entries {last.seq + 1}..{seq} are missing (deleted)"
        )
    if last.seq > seq or last.hash != digest:
        return AuditProblem(last.seq, last.at, last.user, "it was added outside allymap")
    return None


def select(
    entries: Sequence[AuditEntry], since: str | None = None, user: str | None = None
) -> list[AuditEntry]:
    """The entries at or after ``since`` (a date or a UTC time, compared as text: both are
    ISO) made by ``user`` (exactly), in order."""
    return [
        e for e in entries if (since is None or e.at >= since) and (user is None or e.user == user)
    ]
