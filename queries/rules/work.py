"""Programs, their alliances and the groups of those alliances' parties on a day: what both
agreement rules (:mod:`contract_conflict`, :mod:`missing_firewall`) need to know of the
programs that address a target, asked of the store in a few batched questions.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from graphmodel.finders import Finders
from graphmodel.model import Edge
from graphmodel.vocabulary import PART_OF, PARTY_TO

__all__ = ["Work", "by_end", "work"]


@dataclass(frozen=True, slots=True)
class Work:
    """``alliances``: program -> the alliances it is PART_OF; ``parties``: alliance -> the
    companies PARTY_TO it; ``group``: company -> its group (every party, and every company the
    caller asked about). All from edges active on the day."""

    alliances: dict[str, set[str]]
    parties: dict[str, set[str]]
    group: dict[str, frozenset[str]]

    def group_of(self, company: str) -> frozenset[str]:
        return self.group.get(company) or frozenset((company,))

    def party_groups(self, program: str) -> frozenset[frozenset[str]]:
        """{group(c) : c PARTY_TO Y, Y an alliance of the program}: empty for an in-house
        program (PART_OF no alliance, so an alliance of its own with no parties)."""
        return frozenset(
            self.group_of(c)
            for y in self.alliances.get(program, ())
            for c in self.parties.get(y, ())
        )


def by_end(edges: Collection[Edge], forward: bool = True) -> dict[str, set[str]]:
    """source -> its targets (``forward``), or target -> its sources."""
    out: dict[str, set[str]] = {}
    for e in edges:
        a, b = (e.source, e.target) if forward else (e.target, e.source)
        out.setdefault(a, set()).add(b)
    return out


def work(
    finders: Finders, programs: Collection[str], t: str, companies: Collection[str] = ()
) -> Work:
    """The alliances of ``programs``, their parties, and the groups of those parties and of
    ``companies``, on t."""
    alliances = by_end(finders.edges((PART_OF,), t, touching=programs)) if programs else {}
    alliances = {x: ys for x, ys in alliances.items() if x in programs}
    ys = {y for yset in alliances.values() for y in yset}
    party_edges = finders.edges((PARTY_TO,), t, touching=ys) if ys else []
    parties = by_end([e for e in party_edges if e.target in ys], forward=False)
    wanted = {c for cs in parties.values() for c in cs} | set(companies)
    group = finders.groups(wanted, t) if wanted else {}
    return Work(alliances, parties, group)
