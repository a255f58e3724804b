"""Rule 6, missing_firewall (review): two partners' programs on one target with no firewall
between them (docs/rules.md, "6. missing_firewall"; DOMAIN.md, "Agreements, targets and
obligations").

Programs X1 and X2 both ADDRESS target T on day t, and their alliances' sets of party groups
({group(c) : c PARTY_TO Y}) differ, where a program PART_OF no alliance counts as an alliance of
its own with no parties (an in-house program), and a program PART_OF several alliances has the
party groups of all of them; and no active FIREWALL joins X1 or one of X1's alliances with X2 or
one of X2's alliances. One finding per pair, with no person; subject X1 and X2; path
[X1, T, X2] with X1 the smaller id and T the smallest shared target id.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from graphmodel.finders import Finders
from graphmodel.vocabulary import ADDRESSES
from queries.rules import firewall
from queries.rules.finding import Finding, Kind
from queries.rules.work import by_end, work

__all__ = ["KINDS", "MISSING_FIREWALL", "findings"]

MISSING_FIREWALL = Kind("missing_firewall", blocks=False)
KINDS = (MISSING_FIREWALL,)


def findings(finders: Finders, t: str) -> Iterator[Finding]:
    """Every missing_firewall on t."""
    addressing = by_end(finders.edges((ADDRESSES,), t), forward=False)  # target -> programs
    shared = {tg: xs for tg, xs in addressing.items() if len(xs) > 1}
    if not shared:
        return
    programs = {x for xs in shared.values() for x in xs}
    w = work(finders, programs, t)
    sides = {x: {x} | w.alliances.get(x, set()) for x in programs}
    # every active firewall (a few per area), not those touching the sides: a program's
    # edges include everyone working on it, which would cost more than the firewalls
    walls = set(firewall.firewalls(finders.edges(firewall.TYPES, t)))
    groups = {x: w.party_groups(x) for x in programs}
    seen: set[tuple[str, str]] = set()
    for tg in sorted(shared):
        for x1, x2 in combinations(sorted(shared[tg]), 2):
            if (x1, x2) in seen:
                continue
            seen.add((x1, x2))  # the smallest shared target words the finding
            if groups[x1] == groups[x2]:
                continue
            if any(
                (a, b) in walls or (b, a) in walls for a in sides[x1] for b in sides[x2] if a != b
            ):
                continue
            yield MISSING_FIREWALL.finding(
                None,
                [x1, tg, x2],
                subject=(x1, x2),
                details={
                    "programs": [x1, x2],
                    "target": tg,
                    "alliances": [sorted(w.alliances.get(x, ())) for x in (x1, x2)],
                },
            )
