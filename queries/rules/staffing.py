"""A staffing check (``allymap check-staffing``): the findings that involve program X if each
candidate joined it on day t (docs/rules.md).

The sides of the check are X and X's alliances on t; each candidate counts as having access to
them (``[P, X]``, ``[P, X, Y]``). For every active firewall with an end among the sides: a
breach or a cooling-off per candidate, and exposure within k hops; then conflicts of interest
for X's alliances. The store is asked only about the candidates where that is enough (their own
routes), and about everyone with access to a far side only where exposure needs them.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphmodel.finders import Finders
from graphmodel.vocabulary import PART_OF
from queries.rules import access, cooling_off, decisions, exposure, firewall, interest
from queries.rules.access import route_order
from queries.rules.finding import Finding, dedupe

__all__ = ["findings"]


def findings(
    finders: Finders, program: str, people: Sequence[str], t: str, hops: int
) -> list[Finding]:
    """The findings that involve ``program`` if each of ``people`` joined it on day t."""
    parts = finders.edges((PART_OF,), t, touching=[program])
    alliances = sorted({e.target for e in parts if e.source == program})
    sides = [program, *alliances]
    side_set = set(sides)
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
    routes = {
        **finders.routes_to(access.SHAPES, full, t, ended=cooling & full),
        **finders.routes_from(access.SHAPES, people, t, own, ended=cooling & own),
    }
    reached = {there: access.reach(found, t) for there, found in routes.items()}  # read once
    walks = finders.hop_walks({p: [p] for p in people}, hops, t, exposure.HOPS) if full else {}
    out: list[Finding] = []
    for fw, here, there, both in plans:
        acc_there, ended_there = dict(reached[there][0]), reached[there][1]
        if both:  # the wall is between the program and its alliance: candidates reach both
            for p in people:
                route = access.candidate_route(p, program, there)
                if p not in acc_there or route_order(route) < route_order(acc_there[p]):
                    acc_there[p] = route
        acc_here = {p: access.candidate_route(p, program, here) for p in people}
        out.extend(firewall.breaches(fw, (here, there), people, acc_here, acc_there))
        out.extend(cooling_off.findings(fw, (here, there), people, acc_there, ended_there, t))
        if there in full:
            out.extend(exposure.from_people(fw, (here, there), people, acc_there, walks))
    if alliances:
        found = interest.interests(finders, people, t)
        out.extend(interest.findings(finders, {p: alliances for p in found.held}, found, t))
    return decisions.decide(finders, dedupe(out), t)
