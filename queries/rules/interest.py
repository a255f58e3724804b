"""Rule 4, conflict_of_interest (review): a personal interest in a counterparty of an alliance
(docs/rules.md, "4. conflict_of_interest").

group(C) is C with every company joined to it by active SUBSIDIARY_OF edges, either way,
transitively. Alliance Y's counterparties are the groups of its parties and of every company
competing with one of them. P's interests on t: each active HOLDS_INTEREST_IN (its ``kind``, or
"interest"), and each employer P left within :data:`WINDOW_DAYS` before t ("former employee"),
except companies in the group of one of P's current employers. One finding per (P, Y, Z), with
the canonical counterparty path from Z to Y (shortest, then smallest ids).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import NamedTuple

from graphmodel.finders import Finders
from graphmodel.model import add_days
from graphmodel.vocabulary import EMPLOYED_BY, HOLDS_INTEREST_IN, HOLDS_INTEREST_IN_KIND
from queries.rules.access import route_order
from queries.rules.finding import Finding, Kind

__all__ = [
    "CONFLICT_OF_INTEREST",
    "FORMER_EMPLOYEE",
    "KINDS",
    "WINDOW_DAYS",
    "Interests",
    "findings",
    "interests",
    "window_start",
]

CONFLICT_OF_INTEREST = Kind("conflict_of_interest", blocks=False)
KINDS = (CONFLICT_OF_INTEREST,)
WINDOW_DAYS = 365
"""An employment that ended less than this many days before t still counts as an interest."""
FORMER_EMPLOYEE = "former employee"
UNNAMED_INTEREST = "interest"
"""The kind reported for a HOLDS_INTEREST_IN without one."""


class Interests(NamedTuple):
    """What the rule needs to know of some people on a day: ``held``, person -> company -> the
    kinds of interest (people with none are left out), and ``employers``, person -> their
    current employers, whose groups do not count as interests."""

    held: dict[str, dict[str, set[str]]]
    employers: dict[str, list[str]]


def window_start(t: str) -> str:
    """The first day of the window in which a former employment still counts: t - 365 days."""
    return add_days(t, -WINDOW_DAYS)


def interests(finders: Finders, people: Collection[str], t: str) -> Interests:
    """The interests of each of ``people`` on t, before the employer-group exception (which
    :func:`findings` applies only where an interest is in a counterparty: that is when it
    costs a look at the groups)."""
    start = window_start(t)
    found = Interests({}, {})
    for p, edges in finders.interests(people, t, start).items():
        mine: dict[str, set[str]] = {}
        for e in edges:
            if e.type == HOLDS_INTEREST_IN:
                kind = str(e.props.get(HOLDS_INTEREST_IN_KIND) or UNNAMED_INTEREST)
                mine.setdefault(e.target, set()).add(kind)
            elif e.type == EMPLOYED_BY:
                if e.active(t):
                    found.employers.setdefault(p, []).append(e.target)
                elif e.until and start <= e.until < t and e.since <= e.until:
                    mine.setdefault(e.target, set()).add(FORMER_EMPLOYEE)
        if mine:
            found.held[p] = mine
    return found


def findings(
    finders: Finders, alliances: Mapping[str, Sequence[str]], found: Interests, t: str
) -> Iterator[Finding]:
    """conflict_of_interest for each person and each of their ``alliances`` (person -> the
    alliances to test them for), from their interests ``found``: an interest in a counterparty
    Z of Y counts unless Z is in the group of one of the person's current employers."""
    held = found.held
    pairs = {(z, y) for p, ys in alliances.items() for y in ys for z in held.get(p, {})}
    paths = finders.counterparty_paths(pairs, t)
    hits = [
        (p, y, z)
        for p in sorted(alliances)
        for y in sorted(alliances[p])
        for z in sorted(held.get(p, {}))
        if paths.get((z, y))
    ]
    employers = {c for p, _, _ in hits for c in found.employers.get(p, ())}
    groups = finders.groups(employers, t) if employers else {}
    for p, y, z in hits:
        if any(z in groups[c] for c in found.employers.get(p, ())):
            continue  # an interest in one's own employer's group is no conflict
        path = min(paths[(z, y)], key=lambda c: route_order(tuple(c)))
        yield CONFLICT_OF_INTEREST.finding(
            p,
            [p, *path],
            details={"alliance": y, "company": z, "interests": sorted(held[p][z])},
            subject=(y, z),
        )
