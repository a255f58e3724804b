"""Plain records shared by loaders, stores and queries, and the one rule of time.

Records are slotted dataclasses rather than pydantic models: an import of a 100k-person
portfolio makes a million of them, and validation happens once, in the loaders.

Dates are ISO ``YYYY-MM-DD`` strings throughout; an empty string means "open". ISO dates
compare correctly as strings, which keeps the hot "active on day t" test cheap in Python and
identical in Cypher. :func:`parse_date` is the one way a date written by a person (a CSV cell,
``--as-of``, ``--effective``) becomes such a string, and it takes exactly ``YYYY-MM-DD`` in
ASCII digits: Python's own parser also takes ISO week dates (``2026-W48-1``) and digits of
other scripts, which nobody means as a day. Date arithmetic never fails: a day before
0001-01-01 or after 9999-12-31 is taken as that bound (a cooling-off of millions of days,
written by an older version, must not crash every check).

>>> active("", "2026-01-31", "2026-01-31"), active("2026-02-01", "", "2026-01-31")
(True, False)
>>> add_days("9999-12-30", 5), add_days("2026-03-01", -1)
('9999-12-31', '2026-02-28')
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from graphmodel.schema import SCHEMA

__all__ = [
    "EDGE_FIELDS",
    "MAX_ID_LENGTH",
    "MAX_NAME_LENGTH",
    "NODE_FIELDS",
    "STORE_PREFIX",
    "Edge",
    "EdgeKey",
    "Node",
    "active",
    "add_days",
    "edge_key",
    "parse_date",
    "reserved_property",
    "today",
]

EdgeKey = tuple[str, str, str, str]
"""(type, source, target, since): an edge's identity. Symmetric types store source <= target."""


def active(since: str, until: str, t: str) -> bool:
    """Active on day t: (since empty or since <= t) and (until empty or t <= until)."""
    return (not since or since <= t) and (not until or t <= until)


NODE_FIELDS = frozenset({"id", "type", "name"})
"""A node's own fields: no property may be called so (every export writes them as columns)."""
EDGE_FIELDS = frozenset({"source", "target", "type", "since", "until"})
"""An edge's own fields: no property may be called so."""
STORE_PREFIX = "~"
"""Property names starting with this are the stores' own (the Neo4j store keeps casefolded
search keys and a sort key on every node as ``~id``, ``~name``, ``~sort``)."""

MAX_ID_LENGTH = 200
"""Characters in an id. Ids are keys people type; Neo4j also indexes them (and a sort key of
name and id), and its index entries are limited to about 8 kB."""
MAX_NAME_LENGTH = 1000
"""Characters in a name (longer text belongs in a property): with :data:`MAX_ID_LENGTH`, the
Neo4j sort key of any name and id fits in an index entry."""


def reserved_property(name: str, fields: frozenset[str]) -> bool:
    """Whether ``name`` cannot be a property: one of the record's own ``fields`` (any case)
    or a name the stores keep for themselves."""
    return name.lower() in fields or name.startswith(STORE_PREFIX)


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FIRST_DAY = _dt.date.min.toordinal()
_LAST_DAY = _dt.date.max.toordinal()


def parse_date(text: str) -> str:
    """The day a person wrote as ``YYYY-MM-DD`` (ASCII digits; surrounding spaces are
    ignored), or ValueError: ``2026-1-5``, ``2026-02-30``, ``+2026-01-01``, ``2026-W48-1`` and
    full-width digits are not dates.

    >>> parse_date(" 2026-02-28 ")
    '2026-02-28'
    """
    m = _DATE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text.strip()!r} is not a date in the form YYYY-MM-DD")
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a day of the calendar") from None


def add_days(day: str, n: int) -> str:
    """``day`` plus ``n`` days, clamped to 0001-01-01 .. 9999-12-31."""
    ordinal = _dt.date.fromisoformat(day).toordinal() + n
    return _dt.date.fromordinal(min(max(ordinal, _FIRST_DAY), _LAST_DAY)).isoformat()


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
