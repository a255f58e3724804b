"""Plain records shared by loaders, stores and queries, and the one rule of time.

Records are slotted dataclasses rather than pydantic models: an import of a 100k-person
portfolio makes a million of them, and validation happens once, in the loaders.

Dates are ISO ``YYYY-MM-DD`` strings throughout; an empty string means "open". ISO dates
compare correctly as strings, which keeps the hot "active on day t" test cheap in Python and
identical in Cypher.

>>> active("", "2026-01-31", "2026-01-31"), active("2026-02-01", "", "2026-01-31")
(True, False)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from graphmodel.schema import SCHEMA

__all__ = [
    "BLOCKING_KINDS",
    "Edge",
    "EdgeKey",
    "Finding",
    "Node",
    "active",
    "add_days",
    "edge_key",
    "parse_date",
    "today",
]

EdgeKey = tuple[str, str, str, str]
"""(type, source, target, since): an edge's identity. Symmetric types store source <= target."""

BLOCKING_KINDS = frozenset({"firewall_breach", "cooling_off"})
"""Finding kinds that block a staffing; the others ask for review."""


def active(since: str, until: str, t: str) -> bool:
    """Active on day t: (since empty or since <= t) and (until empty or t <= until)."""
    return (not since or since <= t) and (not until or t <= until)


def parse_date(text: str) -> str:
    """Normalise an ISO date (``2026-1-5`` is refused) and return it; raises ValueError."""
    text = text.strip()
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
    return _dt.date.fromisoformat(text).isoformat()


def add_days(day: str, n: int) -> str:
    return (_dt.date.fromisoformat(day) + _dt.timedelta(days=n)).isoformat()


def today() -> str:
    return _dt.date.today().isoformat()


def edge_key(etype: str, source: str, target: str, since: str) -> EdgeKey:
    if etype in SCHEMA.symmetric_types and target < source:
        source, target = target, source
    return (etype, source, target, since)


@dataclass(slots=True)
class Node:
    id: str
    type: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "name": self.name, **self.props}


@dataclass(slots=True)
class Edge:
    type: str
    source: str
    target: str
    since: str = ""
    until: str = ""
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> EdgeKey:
        return edge_key(self.type, self.source, self.target, self.since)

    def active(self, t: str) -> bool:
        return active(self.since, self.until, t)

    def normalized(self) -> Edge:
        """The same edge with the ends in stored order (symmetric types: source <= target)."""
        if self.type in SCHEMA.symmetric_types and self.target < self.source:
            return Edge(self.type, self.target, self.source, self.since, self.until, self.props)
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "since": self.since,
            "until": self.until,
            **self.props,
        }


@dataclass(slots=True)
class Finding:
    """One problem a rule found, with the path that proves it and a sentence that explains it.

    ``firewall`` is ``[A, B]``: A is the side the person is on (in a staffing check, the program
    or its alliance), B the side the path leads to. ``details`` holds rule-specific facts
    (alliance, company, interests, last_access, hops...) that are also emitted in JSON.
    """

    kind: str
    person: str
    path: list[str]
    firewall: list[str] | None = None
    explanation: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return self.kind in BLOCKING_KINDS

    def sort_key(self) -> tuple[Any, ...]:
        return (self.person, self.kind, self.firewall or [], self.path)

    def identity(self) -> tuple[Any, ...]:
        return (self.kind, self.person, tuple(self.firewall or ()), tuple(self.path))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "person": self.person}
        if self.firewall is not None:
            out["firewall"] = list(self.firewall)
        out["path"] = list(self.path)
        out["severity"] = "blocks" if self.blocks else "review"
        out["explanation"] = self.explanation
        out.update(self.details)
        return out
