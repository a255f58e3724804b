"""Rule 1, firewall_breach (blocks), and what a firewall is (docs/rules.md, "Firewalls").

Active FIREWALL edges between the same two nodes count as one firewall; the edge that rules is
the one with the largest cooling-off, then the earliest ``since``, and the firewall takes its
cooling-off and its reason. A FIREWALL from a node to itself is ignored. A person breaches a
firewall when they have access to both sides on the day.

>>> from graphmodel.model import Edge
>>> walls = firewalls([Edge("FIREWALL", "P2", "P1", "2024-01-01", "", {"cooling_off_days": 90}),
...                    Edge("FIREWALL", "P1", "P2", "2025-01-01", "", {"reason": "later"})])
>>> walls[("P1", "P2")].cooling_off_days
90
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graphmodel.model import Edge
from graphmodel.vocabulary import FIREWALL, FIREWALL_COOLING_OFF_DAYS, FIREWALL_REASON
from queries.rules.access import Access
from queries.rules.finding import Finding, Kind

__all__ = [
    "FIREWALL_BREACH",
    "KINDS",
    "TYPES",
    "Firewall",
    "breaches",
    "firewalls",
    "reason",
    "ruling_edge",
]

FIREWALL_BREACH = Kind("firewall_breach", blocks=True)
KINDS = (FIREWALL_BREACH,)
TYPES = (FIREWALL,)
"""The edge types the rule asks the store for (``Finders.edges``)."""

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Firewall:
    """One firewall between ``a`` and ``b`` (``a`` the smaller id), as its ruling edge says."""

    a: str
    b: str
    cooling_off_days: int
    reason: str
    until: str = ""
    """The last day any of the pair's active FIREWALL edges holds ("" = open-ended)."""


def _cooling(e: Edge) -> int:
    return int(e.props.get(FIREWALL_COOLING_OFF_DAYS) or 0)


def ruling_edge(edges: Iterable[Edge]) -> Edge:
    """Among the active FIREWALL edges of one pair, the one that rules: the largest
    cooling-off, then the earliest since."""
    return min(edges, key=lambda e: (-_cooling(e), e.since))


def firewalls(edges: Iterable[Edge]) -> dict[Pair, Firewall]:
    """One firewall per pair of different nodes, from FIREWALL edges active on the day."""
    by_pair: dict[Pair, list[Edge]] = {}
    for e in edges:
        if e.source != e.target:
            pair = (e.source, e.target) if e.source < e.target else (e.target, e.source)
            by_pair.setdefault(pair, []).append(e)
    out = {}
    for pair, group in by_pair.items():
        rule = ruling_edge(group)
        untils = [e.until for e in group]
        out[pair] = Firewall(
            pair[0],
            pair[1],
            _cooling(rule),
            str(rule.props.get(FIREWALL_REASON) or ""),
            "" if "" in untils else max(untils),
        )
    return out


def reason(fw: Firewall) -> dict[str, Any]:
    """The firewall's reason as every firewall finding carries it (last among its details, and
    only when there is one), for the explanation to quote."""
    return {"reason": fw.reason} if fw.reason else {}


def breaches(
    fw: Firewall, sides: Pair, people: Iterable[str], acc_a: Access, acc_b: Access
) -> Iterator[Finding]:
    """firewall_breach for each of ``people`` (who have access to A, ``acc_a``) who also has
    access to B: ``path`` is the access path to B, ``details.access_path`` the one to A."""
    a, b = sides
    for p in people:
        if p in acc_b:
            yield FIREWALL_BREACH.finding(
                p,
                list(acc_b[p]),
                firewall=[a, b],
                details={"access_path": list(acc_a[p]), **reason(fw)},
            )
