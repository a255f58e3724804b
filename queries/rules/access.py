"""Access (docs/rules.md, "Access routes"): who can see a program or an alliance, and until when.

A person has access to a target on day t when a route of one of :data:`SHAPES` joins them to it
with every edge active on t. The stores find the routes (``routes_to``, ``routes_from``, along
these shapes); this module judges them (:func:`reach`): which cover t, which one is reported
(the canonical route: shortest, then the smallest id list), and the last day of an access that
has ended.

>>> from graphmodel.finders import Route
>>> routes = [Route(("dana", "c1", "P1"), ("", ""), ("", "")), Route(("dana", "P1"), ("",), ("",))]
>>> access(routes, "2026-11-22")
{'dana': ('dana', 'P1')}
>>> reach([Route(("eli", "P1"), ("2024-01-01",), ("2026-10-31",))], "2026-11-22")
({}, {'eli': ('2026-10-31', ('eli', 'P1'))})
"""

from __future__ import annotations

from collections.abc import Iterable

from graphmodel.finders import Route, Shape
from graphmodel.vocabulary import GOVERNS, MEMBER_OF, PART_OF, WORKS_ON

__all__ = [
    "PROGRAM_SHAPES",
    "SHAPES",
    "Access",
    "Ended",
    "access",
    "candidate_route",
    "reach",
    "route_order",
]

PROGRAM_SHAPES: tuple[Shape, ...] = (
    ((WORKS_ON, True),),  # [P, X]: P works on X
    ((MEMBER_OF, True), (GOVERNS, True)),  # [P, C, X]: P sits on C, which governs X
    ((MEMBER_OF, True), (GOVERNS, True), (PART_OF, False)),  # [P, C, Y, X]: C governs Y, X in Y
)
"""The routes to a program (the second also reaches an alliance C governs: ``[P, C, Y]``)."""

SHAPES: tuple[Shape, ...] = (
    *PROGRAM_SHAPES,
    *((*shape, (PART_OF, True)) for shape in PROGRAM_SHAPES),  # then the program's alliance
)
"""Every route shape of docs/rules.md: to a program, and to an alliance ``[P, C, Y]`` or a
program route followed by the alliance the program is part of (``[P, X, Y]``, ``[P, C, X, Y]``,
``[P, C, Y2, X, Y]``; a route never visits a node twice, so Y2 is not Y)."""

Path = tuple[str, ...]
Access = dict[str, Path]
"""person -> the canonical route (ids, person first) of their access to one target."""
Ended = dict[str, tuple[str, Path]]
"""person -> (the last day of their access to one target, the route that gave it)."""


def route_order(nodes: Path) -> tuple[int, Path]:
    """The order that picks the reported route among equals: shortest, then smallest ids."""
    return (len(nodes), nodes)


def reach(routes: Iterable[Route], t: str) -> tuple[Access, Ended]:
    """Who has access through ``routes`` (all into one target) on day t, each by the canonical
    route among those that cover t; and, for each person with a usable route that ended before
    t, the last day of access (the latest end) and the canonical route among those ending that
    day.

    A route gives access on the days of its *interval*: [the latest since, the earliest until]
    of its edges ("" unbounded), and is usable only when that is not empty. A route covers t
    or ended before it, never both, so one pass judges both (this loop judges every route of a
    scan: it is written for speed)."""
    now: Access = {}
    ended: Ended = {}
    for nodes, sinces, untils in routes:
        # "" sorts before every date: the latest since is the largest, and an open until is
        # what makes the smallest one "" (then the earliest is among the others)
        start, end = max(sinces), min(untils)
        if not end and any(untils):
            end = min(u for u in untils if u)
        person = nodes[0]
        if start <= t and (not end or t <= end):
            old = now.get(person)
            if old is None or route_order(nodes) < route_order(old):
                now[person] = nodes
        elif end and end < t and start <= end:
            last = ended.get(person)
            if (
                last is None
                or end > last[0]
                or (end == last[0] and route_order(nodes) < route_order(last[1]))
            ):
                ended[person] = (end, nodes)
    return now, ended


def access(routes: Iterable[Route], t: str) -> Access:
    """Who has access on day t (:func:`reach`)."""
    return reach(routes, t)[0]


def candidate_route(person: str, program: str, side: str) -> Path:
    """A staffing candidate's would-be route to a side of the check: ``[P, X]`` to the program
    itself, ``[P, X, Y]`` to one of its alliances (docs/rules.md, "Access routes")."""
    return (person, program) if side == program else (person, program, side)
