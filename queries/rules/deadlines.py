"""Contractual deadlines (DOMAIN.md, "Agreements, targets and obligations", ``allymap
deadlines``): the obligations an alliance manager must act on soon, and those already late.

On day t, looking ``ahead`` days: every obligation whose ``done`` is empty or after t and whose
``due`` is on or before t + ahead, whatever state its agreement is in (a notice under an
expired licence can still be owed). ``status`` is ``overdue`` when due before t, else ``due``.
Its agreement and owner are the ids at the end of its UNDER and OWNED_BY edges active on t
(the smallest when several, None when none). Sorted by due date, then id. An obligation
without a due date is never listed (the obligations export refuses one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphmodel.finders import Finders
from graphmodel.model import add_days
from graphmodel.vocabulary import OBLIGATION, OBLIGATION_DONE, OBLIGATION_DUE, OWNED_BY, UNDER

__all__ = ["DUE", "OVERDUE", "Deadline", "deadlines"]

OVERDUE = "overdue"
DUE = "due"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One obligation to act on: its id, name, agreement and owner (ids or None), due date
    and status."""

    obligation: str
    name: str
    agreement: str | None
    owner: str | None
    due: str
    status: str

    def to_json(self) -> dict[str, Any]:
        return {
            "obligation": self.obligation,
            "agreement": self.agreement,
            "owner": self.owner,
            "due": self.due,
            "status": self.status,
        }


def deadlines(finders: Finders, t: str, ahead: int) -> list[Deadline]:
    """The obligations open on t that are overdue or due within ``ahead`` days (ahead >= 0)."""
    if ahead < 0:
        raise ValueError("ahead must be 0 or more days")
    horizon = add_days(t, ahead)
    open_ = []
    for n in finders.nodes(OBLIGATION):
        due = str(n.props.get(OBLIGATION_DUE) or "")
        done = str(n.props.get(OBLIGATION_DONE) or "")
        if due and due <= horizon and (not done or done > t):
            open_.append(n)
    if not open_:
        return []
    ends: dict[tuple[str, str], str] = {}  # (obligation, edge type) -> the smallest far end
    ids = {n.id for n in open_}
    for e in finders.edges((UNDER, OWNED_BY), t, touching=ids):
        if e.source in ids:
            key = (e.source, e.type)
            if key not in ends or e.target < ends[key]:
                ends[key] = e.target
    out = [
        Deadline(
            n.id,
            n.name,
            ends.get((n.id, UNDER)),
            ends.get((n.id, OWNED_BY)),
            str(n.props[OBLIGATION_DUE]),
            OVERDUE if str(n.props[OBLIGATION_DUE]) < t else DUE,
        )
        for n in open_
    ]
    out.sort(key=lambda d: (d.due, d.obligation))
    return out
