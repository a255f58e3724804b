"""Looking ahead and back (DOMAIN.md, "Looking ahead and back"): what a scan will find that it
does not find today, and what changed since a day.

A finding can start to hold only on a day when an edge starts (its ``since``) or the day after
one ends (its ``until`` + 1: an access that ends starts a cooling-off, an employment that ends
starts a conflict of interest); every other change with time only ends findings (a cooling-off
or the year after an employment running out). So ``upcoming`` runs the scan on those days of
the window only (:func:`change_days`, each date once), not on every day; ``new`` and
``resolved`` compare two scans by finding identity. Each scan applies the decisions of its own
day, so ``upcoming`` carries those active on its ``starts`` and ``resolved`` those of D.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphmodel.finders import Finders
from graphmodel.model import add_days
from graphmodel.vocabulary import (
    COMPETES_WITH,
    EMPLOYED_BY,
    HOLDS_INTEREST_IN,
    PARTY_TO,
    SUBSIDIARY_OF,
)
from queries.rules import access, exposure, firewall, scan
from queries.rules.finding import Finding

__all__ = ["CHANGE_TYPES", "change_days", "changes_since", "upcoming"]

CHANGE_TYPES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *(step[0] for shape in access.SHAPES for step in shape),
            *firewall.TYPES,
            *exposure.HOPS.lines,
            *exposure.HOPS.seats,
            HOLDS_INTEREST_IN,
            EMPLOYED_BY,
            SUBSIDIARY_OF,
            COMPETES_WITH,
            PARTY_TO,
        ]
    )
)
"""Every edge type a rule of the scan reads: only their dates can change a scan's answer."""


def change_days(finders: Finders, t: str, end: str) -> list[str]:
    """The days of t+1 .. end on which a finding can start to hold, sorted, each once."""
    sinces, untils = finders.change_dates(CHANGE_TYPES, t, end)
    return sorted(sinces | {add_days(u, 1) for u in untils})


def upcoming(
    finders: Finders, t: str, n: int, hops: int | None, now: Iterable[Finding]
) -> list[Finding]:
    """Each finding that does not hold on t (``now``: the scan of t) but holds on some day of
    t+1 .. t+n, once, with ``starts`` the first such day."""
    seen = {f.identity for f in now}
    out: list[Finding] = []
    for day in change_days(finders, t, add_days(t, n)):
        for f in scan.findings(finders, day, hops):
            if f.identity not in seen:
                seen.add(f.identity)
                f.starts = day
                out.append(f)
    return out


def changes_since(
    finders: Finders, since: str, hops: int | None, now: list[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """(new: the findings of ``now`` that did not hold on ``since``, resolved: those that held
    on ``since`` and are not in ``now``), matched by identity."""
    then = scan.findings(finders, since, hops)
    then_ids = {f.identity for f in then}
    now_ids = {f.identity for f in now}
    return [f for f in now if f.identity not in then_ids], [
        f for f in then if f.identity not in now_ids
    ]
