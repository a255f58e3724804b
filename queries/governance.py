"""A committee and an alliance as such: who sits where for which party, what is governed,
what is firewalled, who has access. What the committee and alliance pages and the JSC brief
show; facts read in one consistent read of the graph, words left to the pages.

A seat's *party* is the company of the alliance's parties whose corporate group employs the
member on the day (a Halvorsen Biotech scientist sits for Halvorsen Pharma on a JSC where the
parent is the party), else the member's employer, else "no employer".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphmodel.finders import Finders
from graphmodel.model import Edge, add_days, today
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    ALLIANCE,
    COMMITTEE,
    EMPLOYED_BY,
    FIREWALL,
    FIREWALL_COOLING_OFF_DAYS,
    FIREWALL_REASON,
    GOVERNS,
    MEMBER_OF,
    MEMBER_OF_ROLE,
    PART_OF,
    PARTY_TO,
    PARTY_TO_ROLE,
)
from queries.rules.access import SHAPES, access
from queries.staffing import require

__all__ = ["SOON_DAYS", "AllianceView", "CommitteeView", "Seat", "alliance_view", "committee_view"]

SOON_DAYS = 90
"""Members who left in the last, or join in the next, this many days are listed."""


@dataclass(frozen=True, slots=True)
class Seat:
    person: str
    role: str
    party: str
    """a company id, or "" (no employer on the day)"""
    since: str = ""
    until: str = ""


@dataclass(slots=True)
class CommitteeView:
    committee: str
    as_of: str
    seats: list[Seat]
    governs: list[str]
    """alliances and programs, by id"""
    balance: dict[str, int]
    """party -> seats on the day"""
    left: list[Seat]
    """seats that ended in the last SOON_DAYS days"""
    joining: list[Seat]
    """seats that start in the next SOON_DAYS days"""


@dataclass(slots=True)
class AllianceView:
    alliance: str
    as_of: str
    parties: list[tuple[str, str]]
    """(company, role)"""
    programs: list[str]
    committees: list[str]
    """committees governing the alliance or one of its programs"""
    firewalls: list[tuple[str, str, str, int]]
    """(one side, the other side, reason, cooling-off days), a side being the alliance or one
    of its programs"""
    access: dict[str, list[str]] = field(default_factory=dict)
    """person -> their route (ids) to the alliance, on the day"""


def _party(person: str, jobs: dict[str, str], groups: dict[str, frozenset[str]]) -> str:
    employer = jobs.get(person, "")
    for party, group in sorted(groups.items()):
        if employer and employer in group:
            return party
    return employer


def _jobs(edges: Iterable[Edge]) -> dict[str, str]:
    """person -> current employer (the latest since)."""
    best: dict[str, tuple[str, str]] = {}
    for e in edges:
        if e.type == EMPLOYED_BY and (e.source not in best or (e.since, e.target) > best[e.source]):
            best[e.source] = (e.since, e.target)
    return {p: c for p, (_, c) in best.items()}


def committee_view(store: GraphStore, committee: str, as_of: str | None = None) -> CommitteeView:
    """The committee's seats on ``as_of`` (default today) by party and role, what it governs,
    the balance of seats per party, and who left or joins within :data:`SOON_DAYS`."""
    day = as_of or today()
    require(store, [committee], COMMITTEE, "committee")
    before, after = add_days(day, -SOON_DAYS), add_days(day, SOON_DAYS)

    def work(f: Finders) -> CommitteeView:
        seats_any = [e for e in f.edges((MEMBER_OF,), None, touching={committee})]
        seats_any = [e for e in seats_any if e.target == committee]
        governs = sorted(
            e.target
            for e in f.edges((GOVERNS,), day, touching={committee})
            if e.source == committee
        )
        alliances = set(governs)
        alliances |= {
            e.target for e in f.edges((PART_OF,), day, touching=set(governs)) if e.source in governs
        }
        parties = sorted(
            {
                e.source
                for e in f.edges((PARTY_TO,), day, touching=alliances)
                if e.target in alliances
            }
        )
        groups = f.groups(parties, day) if parties else {}
        people = {e.source for e in seats_any}
        jobs = _jobs(f.edges((EMPLOYED_BY,), day, touching=people))

        def seat(e: Edge) -> Seat:
            role = str(e.props.get(MEMBER_OF_ROLE, "") or "member")
            return Seat(e.source, role, _party(e.source, jobs, groups), e.since, e.until)

        now = sorted((seat(e) for e in seats_any if e.active(day)), key=_seat_order)
        left = sorted(
            (seat(e) for e in seats_any if e.until and before <= e.until < day), key=_seat_order
        )
        joining = sorted(
            (seat(e) for e in seats_any if e.since and day < e.since <= after), key=_seat_order
        )
        balance = dict(sorted(Counter(s.party for s in now).items()))
        return CommitteeView(committee, day, now, governs, balance, left, joining)

    return store.read(work)


def _seat_order(s: Seat) -> tuple[str, int, str]:
    roles = ("chair", "member", "alternate", "observer")
    return (s.party, roles.index(s.role) if s.role in roles else len(roles), s.person)


def alliance_view(store: GraphStore, alliance: str, as_of: str | None = None) -> AllianceView:
    """The alliance on ``as_of`` (default today): its parties with their roles, its programs,
    the committees governing it or its programs, the firewalls with it or its programs on one
    side, and the people with access to it (the access rule, docs/rules.md)."""
    day = as_of or today()
    require(store, [alliance], ALLIANCE, "alliance")

    def work(f: Finders) -> AllianceView:
        parties = sorted(
            (e.source, str(e.props.get(PARTY_TO_ROLE, "") or ""))
            for e in f.edges((PARTY_TO,), day, touching={alliance})
            if e.target == alliance
        )
        programs = sorted(
            e.source for e in f.edges((PART_OF,), day, touching={alliance}) if e.target == alliance
        )
        sides = {alliance, *programs}
        committees = sorted(
            {e.source for e in f.edges((GOVERNS,), day, touching=sides) if e.target in sides}
        )
        walls = []
        for e in f.edges((FIREWALL,), day, touching=sides):
            a, b = (e.source, e.target) if e.source in sides else (e.target, e.source)
            days = e.props.get(FIREWALL_COOLING_OFF_DAYS, 0)
            walls.append((a, b, str(e.props.get(FIREWALL_REASON, "") or ""), int(days or 0)))
        routes = f.routes_to(SHAPES, [alliance], day)
        who = access(routes.get(alliance, ()), day)
        view = AllianceView(alliance, day, parties, programs, committees, sorted(walls))
        view.access = {p: list(route) for p, route in sorted(who.items())}
        return view

    return store.read(work)
