"""``allymap deadlines`` and the app's deadlines panel: obligations overdue or due soon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphmodel.model import today
from graphmodel.store import GraphStore
from queries.rules import deadlines as deadlines_rule
from queries.rules.deadlines import Deadline

__all__ = ["DEFAULT_AHEAD", "DeadlineReport", "deadlines"]

DEFAULT_AHEAD = 30
"""Days looked ahead when none is given (DOMAIN.md)."""


@dataclass(slots=True)
class DeadlineReport:
    as_of: str
    ahead: int
    obligations: list[Deadline]

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "ahead": self.ahead,
            "obligations": [d.to_json() for d in self.obligations],
        }


def deadlines(
    store: GraphStore, as_of: str | None = None, ahead: int = DEFAULT_AHEAD
) -> DeadlineReport:
    """The obligations open on ``as_of`` that are overdue or due within ``ahead`` days."""
    day = as_of or today()
    found = store.read(lambda f: deadlines_rule.deadlines(f, day, ahead), "listing deadlines")
    return DeadlineReport(day, ahead, found)
