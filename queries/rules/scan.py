"""The whole-portfolio scan (``allymap conflicts``): every rule, everywhere, on day t.

Work is organised around *sides*, the programs and alliances at the ends of active firewalls:
the store finds who reaches each side (one batched question for all of them), so a scan touches
only the neighbourhoods of firewalled nodes, never the whole graph per person. Then each rule
judges: breaches once per firewall, cooling-off and exposure in each orientation, and conflicts
of interest for everyone who holds an interest and has access to a program of an alliance.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphmodel.finders import Finders
from graphmodel.vocabulary import PART_OF
from queries.rules import (
    access,
    contract_conflict,
    cooling_off,
    decisions,
    exposure,
    firewall,
    interest,
    missing_firewall,
)
from queries.rules.access import Access, Ended
from queries.rules.finding import Finding, dedupe

__all__ = ["findings"]


def findings(finders: Finders, t: str, hops: int | None) -> list[Finding]:
    """Every firewall_breach, cooling_off, conflict_of_interest, contract_conflict and
    missing_firewall on t, and indirect_exposure within ``hops`` person hops when ``hops`` is
    given (and not 0), each with the decision that counts for it on t."""
    walls = firewall.firewalls(finders.edges(firewall.TYPES, t))
    sides = sorted({s for pair in walls for s in pair})
    cooling = {s for pair, fw in walls.items() if cooling_off.applies(fw) for s in pair}
    acc: dict[str, Access] = {}
    ended: dict[str, Ended] = {}
    for side, routes in finders.routes_to(access.SHAPES, sides, t, ended=cooling).items():
        acc[side], ended[side] = access.reach(routes, t)
    out: list[Finding] = []
    for (a, b), fw in walls.items():
        # a breach once per firewall, oriented [smaller, larger]
        out.extend(firewall.breaches(fw, (a, b), acc[a].keys() & acc[b].keys(), acc[a], acc[b]))
        for x, y in ((a, b), (b, a)):
            if cooling_off.applies(fw):
                out.extend(cooling_off.findings(fw, (x, y), acc[x], acc[y], ended[y], t))
    if hops:
        out.extend(_exposures(finders, walls, acc, t, hops))
    out.extend(_interests(finders, t))
    out.extend(contract_conflict.findings(finders, t))
    out.extend(missing_firewall.findings(finders, t))
    return decisions.decide(finders, dedupe(out), t)


def _exposures(
    finders: Finders,
    walls: dict[tuple[str, str], firewall.Firewall],
    acc: dict[str, Access],
    t: str,
    k: int,
) -> Iterator[Finding]:
    """indirect_exposure in both orientations of every firewall, walking once from each far
    side's people, as many sides at a time as the store likes (``Finders.walks_at_once``)."""
    facing: dict[str, list[tuple[firewall.Firewall, str]]] = {}  # far side -> (firewall, near)
    for (a, b), fw in walls.items():
        for x, y in ((a, b), (b, a)):
            if acc[y] and any(p not in acc[y] for p in acc[x]):
                facing.setdefault(y, []).append((fw, x))
    far = sorted(facing)
    step = max(1, finders.walks_at_once)
    for start in range(0, len(far), step):
        batch = far[start : start + step]
        walks = finders.hop_walks({y: acc[y] for y in batch}, k, t, exposure.HOPS)
        for y in batch:
            for fw, x in facing[y]:
                yield from exposure.from_side(fw, (x, y), acc[x], acc[y], walks[y])


def _interests(finders: Finders, t: str) -> Iterator[Finding]:
    """conflict_of_interest for everyone with an interest who has access to a program, for
    the alliances of those programs."""
    holders = finders.interest_holders(t, interest.window_start(t))
    found = interest.interests(finders, holders, t)
    if not found.held:
        return
    reached = finders.routes_from(access.PROGRAM_SHAPES, sorted(found.held), t)
    programs: dict[str, set[str]] = {}  # person -> the programs (and [P, C, Y] alliances) reached
    for target, routes in reached.items():
        for person in access.access(routes, t):
            programs.setdefault(person, set()).add(target)
    parts: dict[str, set[str]] = {}
    touching = {x for xs in programs.values() for x in xs}
    for e in finders.edges((PART_OF,), t, touching=touching):
        parts.setdefault(e.source, set()).add(e.target)
    alliances = {p: sorted({y for x in xs for y in parts.get(x, ())}) for p, xs in programs.items()}
    yield from interest.findings(finders, {p: ys for p, ys in alliances.items() if ys}, found, t)
