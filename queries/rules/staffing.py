"""A staffing check (``allymap check-staffing``): the findings that involve a seat if each
candidate took it on day t (docs/rules.md, DOMAIN.md "Seats, leaving and the first clear day").

A seat is a program X (the candidate works on it: ``[P, X]``, and ``[P, X, Y]`` to each of X's
alliances) or a committee C (the candidate sits on it: ``[P, C, G]`` to everything C governs,
``[P, C, Y, X]`` to the programs of a governed alliance, ``[P, C, X, Y]`` to the alliances of a
governed program...). The sides of the check are the nodes the seat reaches; for every active
firewall with an end among them: a breach or a cooling-off per candidate, and exposure within k
hops; then conflicts of interest for the alliances among the sides.

``leaving``: each candidate's WORKS_ON and MEMBER_OF edges into those programs and committees
that are active on t - 1 end on t - 1, for every rule: their routes through them end that day
(so a firewall's cooling-off starts), and their seats there no longer make hops. A committee
seat makes the candidate a fellow member of the committee's members. Where either changes a
candidate's hops, their walk is made here from their first ring (their own hops on t, as the
seat and the leaving make them) and the store's walk onward from it.

The store is asked only about the candidates where that is enough (their own routes), and about
everyone with access to a far side only where exposure needs them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from graphmodel.finders import Finders, HopWalk, Links, Route
from graphmodel.model import active, add_days
from graphmodel.vocabulary import ALLIANCE, COMMITTEE, GOVERNS, MEMBER_OF, PART_OF, PROGRAM
from queries.rules import access, cooling_off, decisions, exposure, firewall, interest
from queries.rules.access import route_order
from queries.rules.finding import Finding, dedupe

__all__ = ["Check", "Seat", "findings", "seat_routes"]

Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Seat:
    """What the candidates would take: a program to work on or a committee to sit on."""

    id: str
    type: str  # PROGRAM or COMMITTEE


@dataclass(slots=True)
class Check:
    """A check's findings (decisions applied) and each candidate's first clear day."""

    findings: list[Finding]
    clear_from: dict[str, str | None]


def seat_routes(finders: Finders, seat: Seat, t: str) -> tuple[dict[str, Path], set[str]]:
    """(side -> the canonical would-be route from a candidate on the seat to it, without the
    candidate: ``(X,)`` for the program itself, ``(C, Y, X)``..., and which sides are
    alliances): every node the seat gives access to on t, by the shapes of
    :data:`queries.rules.access.SHAPES`."""
    out: dict[str, Path] = {}
    alliances: set[str] = set()

    def offer(route: Path, alliance: bool = False) -> None:
        have = out.get(route[-1])
        if have is None or route_order(route) < route_order(have):
            out[route[-1]] = route
        if alliance:
            alliances.add(route[-1])

    if seat.type == PROGRAM:
        offer((seat.id,))
        governed_programs = [seat.id]
        governed_alliances: list[str] = []
        start: Path = ()
    else:
        governed = sorted(
            e.target
            for e in finders.edges((GOVERNS,), t, touching=[seat.id])
            if e.source == seat.id
        )
        types = finders.node_types(governed)
        governed_programs = [g for g in governed if types.get(g) == PROGRAM]
        governed_alliances = [g for g in governed if types.get(g) == ALLIANCE]
        start = (seat.id,)
        for g in governed:
            offer((*start, g), g in governed_alliances)
    parts = finders.edges((PART_OF,), t, touching=[*governed_programs, *governed_alliances])
    programs_of: dict[str, list[str]] = {}
    for e in parts:
        programs_of.setdefault(e.target, []).append(e.source)
    for x in governed_programs:
        for e in parts:
            if e.source == x:
                offer((*start, x, e.target), True)
    members = sorted({x for y in governed_alliances for x in programs_of.get(y, ())})
    for y in governed_alliances:
        for x in programs_of.get(y, ()):
            offer((*start, y, x))
    if members:
        for e in finders.edges((PART_OF,), t, touching=members):
            for y in governed_alliances:
                if e.source in programs_of.get(y, ()) and e.target != y:
                    offer((*start, y, e.source, e.target), True)
    return out, alliances


def findings(
    finders: Finders,
    seat: Seat,
    people: Sequence[str],
    t: str,
    hops: int,
    leaving: Collection[str] = (),
    left_on: str | None = None,
) -> Check:
    """The findings that involve ``seat`` if each of ``people`` took it on day t, having left
    ``leaving`` the day before (or on ``left_on``: a check of a later day of the same move);
    decisions of day t applied, and each candidate's clear day."""
    template, alliance_sides = seat_routes(finders, seat, t)
    sides = sorted(template)
    side_set = set(sides)
    alliances = sorted(alliance_sides)
    walls = firewall.firewalls(finders.edges(firewall.TYPES, t, touching=sides))
    plans = []  # (firewall, here, there, both ends are sides)
    for (a, b), fw in sorted(walls.items()):
        ends_in = [s for s in (a, b) if s in side_set]
        here = min(ends_in)
        plans.append((fw, here, b if here == a else a, len(ends_in) == 2))
    # exposure needs everyone with access to the far side; otherwise only the candidates count
    full = {there for _, _, there, both in plans if hops and not both}
    own = {there for _, _, there, _ in plans} - full
    cooling = {there for fw, _, there, _ in plans if cooling_off.applies(fw)}
    cut = _Cut(set(people), set(leaving), left_on or add_days(t, -1))
    routes = {
        **finders.routes_to(access.SHAPES, full, t, ended=cooling & full),
        **finders.routes_from(access.SHAPES, people, t, own, ended=cooling & own),
    }
    reached = {there: access.reach(cut.routes(found), t) for there, found in routes.items()}
    walks = _walks(finders, seat, people, t, hops, cut) if full else {}
    out: list[Finding] = []
    until_of: dict[tuple[str, str], str] = {}
    for fw, here, there, both in plans:
        until_of[(fw.a, fw.b)] = fw.until
        acc_there, ended_there = dict(reached[there][0]), reached[there][1]
        if both:  # both ends are sides of the seat: candidates reach both
            for p in people:
                route = (p, *template[there])
                if p not in acc_there or route_order(route) < route_order(acc_there[p]):
                    acc_there[p] = route
        acc_here = {p: (p, *template[here]) for p in people}
        out.extend(firewall.breaches(fw, (here, there), people, acc_here, acc_there))
        out.extend(cooling_off.findings(fw, (here, there), people, acc_there, ended_there, t))
        if there in full:
            out.extend(exposure.from_people(fw, (here, there), people, acc_there, walks))
    if alliances:
        found = interest.interests(finders, people, t)
        out.extend(interest.findings(finders, {p: alliances for p in found.held}, found, t))
    checked = decisions.decide(finders, dedupe(out), t)
    mine: dict[str, list[Finding]] = {p: [] for p in people}
    for f in checked:
        if f.person is not None:  # a staffing check's findings are about people
            mine.setdefault(f.person, []).append(f)
    clear = {p: cooling_off.clear_from(mine[p], until_of) for p in people}
    return Check(checked, clear)


class _Cut:
    """The candidates' edges into what they leave, ended on the day before t."""

    def __init__(self, people: set[str], leaving: set[str], day_before: str) -> None:
        self.people, self.leaving, self.day_before = people, leaving, day_before

    def routes(self, found: Iterable[Route]) -> Iterable[Route]:
        if not self.leaving:
            return found
        return (self._cut(r) for r in found)

    def _cut(self, r: Route) -> Route:
        nodes, sinces, untils = r
        if nodes[0] not in self.people or nodes[1] not in self.leaving:
            return r
        if not active(sinces[0], untils[0], self.day_before):
            return r  # not on it the day before: nothing to end
        return Route(nodes, sinces, (self.day_before, *untils[1:]))


def _walks(
    finders: Finders, seat: Seat, people: Sequence[str], t: str, k: int, cut: _Cut
) -> Mapping[str, HopWalk]:
    """Each candidate's walk of up to k hops on t: the store's own when neither the seat (a
    committee) nor what they leave changes their hops, else built from their first ring."""
    leaving_seats = {
        e.target: e
        for e in finders.edges((MEMBER_OF,), t, touching=people)
        if e.source in cut.people and e.target in cut.leaving
    }
    if seat.type != COMMITTEE and not leaving_seats:
        return finders.hop_walks({p: [p] for p in people}, k, t, exposure.HOPS)
    return {p: _walk_with_seat(finders, seat, p, t, k, cut.leaving) for p in people}


def _walk_with_seat(
    finders: Finders, seat: Seat, p: str, t: str, k: int, leaving: Collection[str]
) -> HopWalk:
    """p's walk when p sits on the seat's committee (if it is one) and no longer on the
    committees p leaves: the first ring is p's lines and fellow members on t as they would be,
    and the store walks k - 1 hops on from it. Links back to p itself are left out (a path
    never revisits its start), and so is anyone reached only through them."""
    first: Links = {}
    for e in finders.edges(exposure.HOPS.lines, t, touching=[p]):
        q = e.target if e.source == p else e.source
        if q != p:
            first.setdefault(q, []).append(("", (p,)))
    seats = {
        e.target
        for e in finders.edges(exposure.HOPS.seats, t, touching=[p])
        if e.source == p and e.target not in leaving
    }
    if seat.type == COMMITTEE:
        seats.add(seat.id)
    if seats:
        for e in finders.edges(exposure.HOPS.seats, t, touching=sorted(seats)):
            if e.target in seats and e.source != p:
                first.setdefault(e.source, []).append((e.target, (p,)))
    dist: dict[str, int] = {p: 0}
    links: Links = {}
    for q, hs in first.items():
        dist[q] = 1
        links[q] = sorted(set(hs))
    if k > 1 and first:
        onward = finders.hop_walks({p: sorted(first)}, k - 1, t, exposure.HOPS)[p]
        for q, d in sorted(onward.dist.items(), key=lambda x: x[1]):
            if d == 0 or q == p or q in dist:
                continue
            kept = []
            for via, before in onward.links.get(q, ()):
                ok = tuple(u for u in before if u != p and u in dist)
                if ok:
                    kept.append((via, ok))
            if kept:
                dist[q] = d + 1
                links[q] = kept
    return HopWalk(dist, links)
