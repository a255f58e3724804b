"""The read half of the store contract for rules: a few batched finders that return raw facts.

**The store finds, the rules judge.** Each rule of ``docs/rules.md`` lives once, in
``queries/rules/``, and both stores run that same code; what a store contributes is the answers
to the questions below, asked of the graph as it is on a day ``t``. A finder returns what the
graph holds (edges, routes with the dates of each of their edges, hop walks, paths) and never
words them or makes a finding: the firewall edge that rules, the canonical route, the
lexicographic hop path among the shortest, the smallest counterparty path and every other
choice between equals are the rules'. Two finders do cut by length, as their contracts say:
``hop_walks`` is breadth-first (it keeps the links that first reach each person) and
``counterparty_paths`` returns only the shortest paths. Where a finder leaves something else
out for speed, it is because the rule passed it the bound (the day, the start of a window, the
targets whose ended routes it wants), and the docstring says so.

Finders are batched: one call answers for every firewalled side of a scan, or every candidate
of a staffing check, so the Neo4j store makes one round trip where a loop would make hundreds.
They are asked through :meth:`graphmodel.store.GraphStore.read`, which hands the rule one
:class:`Finders` for one consistent view of the graph (one read transaction on Neo4j).
``tests/test_finders.py`` asks every finder the same questions on both stores.

What a rule asks for is also data where that keeps the rule in one place: access routes are
found along the :data:`Shape` s the access rule declares, person hops along the edge types the
exposure rule declares (:class:`HopKinds`).

>>> routes = [Route(("dana", "c1", "P1"), ("", "2024-01-01"), ("2026-12-31", ""))]
>>> routes[0].nodes[0], routes[0].untils
('dana', ('2026-12-31', ''))
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from typing import NamedTuple

from graphmodel.decisions import Decision
from graphmodel.model import Edge, Node
from graphmodel.schema import SCHEMA

__all__ = [
    "Finders",
    "HopKinds",
    "HopWalk",
    "Links",
    "Route",
    "Shape",
    "Step",
    "distinct_pairs",
]

Step = tuple[str, bool]
"""One edge of a path shape: (edge type, True when walked from the edge's source to its target)."""

Shape = tuple[Step, ...]
"""The edge types of a path from a person, in order: ``((MEMBER_OF, True), (GOVERNS, True))``
is ``[P, C, X]`` with P MEMBER_OF C and C GOVERNS X. A path never visits a node twice."""


class Route(NamedTuple):
    """One path of a shape from a person to a target, with the dates of each of its edges.

    ``nodes`` runs from the person (``nodes[0]``) to the target (``nodes[-1]``); ``sinces`` and
    ``untils`` hold each edge's ``since`` and ``until`` in the same order ("" = open). When the
    route gave access, and whether it still does, is the access rule's to say."""

    nodes: tuple[str, ...]
    sinces: tuple[str, ...]
    untils: tuple[str, ...]


class HopKinds(NamedTuple):
    """What a person-to-person hop is: an edge of one of ``lines`` between two people, in either
    direction, or both people having an edge of one of ``seats`` to the same node."""

    lines: tuple[str, ...]
    seats: tuple[str, ...]


Links = dict[str, list[tuple[str, tuple[str, ...]]]]
"""person -> [(via, people)]: the hops that first reached the person in a walk, each from
``people`` one hop closer to the walk's sources; ``via`` is "" for a line (then ``people`` is
one person) or the shared node of a seat hop (then ``people`` are its seat holders one hop
closer)."""


class HopWalk(NamedTuple):
    """A breadth-first walk of person hops from some sources: ``dist`` holds everyone reached
    (the sources at 0) with their number of hops from the nearest source, ``links`` how each
    person beyond the sources was first reached. Together: every shortest hop path back to the
    sources, as a graph to walk (the exposure rule chooses among them)."""

    dist: dict[str, int]
    links: Links


class Finders(ABC):
    """The questions rules ask of a store, answered from one consistent view of the graph.

    "Active on t" is :func:`graphmodel.model.active` (and its one Cypher spelling, ``ACTIVE``
    in ``graphmodel/neo4j/cypher/``). Every finder answers in ids and stored records; the order
    of a list is not part of an answer unless its docstring says so."""

    walks_at_once: int = 1
    """How many walks one :meth:`hop_walks` call should carry when a rule has many to ask for
    (a scan's firewalled sides): a server wants many (one round trip per ring for all of them),
    the embedded store one at a time (no round trips, and only the walk in hand in memory)."""

    @abstractmethod
    def edges(
        self, types: Sequence[str], t: str | None, touching: Collection[str] | None = None
    ) -> list[Edge]:
        """Every edge of one of ``types`` active on ``t`` (of any date when ``t`` is None), as
        stored, each once; with ``touching``, only those with an end in it."""

    @abstractmethod
    def nodes(self, ntype: str) -> list[Node]:
        """Every stored node of type ``ntype``, with its properties: for rules about nodes
        rather than paths (the obligations ``allymap deadlines`` lists), which judge each
        node's own dates."""

    @abstractmethod
    def routes_to(
        self, shapes: Sequence[Shape], targets: Collection[str], t: str, ended: Collection[str] = ()
    ) -> dict[str, Iterable[Route]]:
        """target -> every route of one of ``shapes`` from anyone into it, for each target;
        each target's routes may be readable once only (the embedded store walks them as they
        are read).

        Only routes whose edges are all active on ``t`` are returned, and, for the targets in
        ``ended``, also routes with an edge that ended before ``t`` (whatever their other
        edges): the rule passes the day and which ended routes it needs (the last day of
        access, for cooling-off), so the rest of a graph's history never leaves the store."""

    @abstractmethod
    def routes_from(
        self,
        shapes: Sequence[Shape],
        people: Collection[str],
        t: str,
        targets: Collection[str] | None = None,
        ended: Collection[str] = (),
    ) -> dict[str, list[Route]]:
        """target -> the routes of :meth:`routes_to` that start at one of ``people``, for each
        of ``targets`` (every target reached when None; then only targets with a route are
        keys), walked forward from the people: a staffing check touches the neighbourhoods of
        ten candidates instead of everyone with access."""

    @abstractmethod
    def hop_walks(
        self, sources: Mapping[str, Collection[str]], k: int, t: str, hops: HopKinds
    ) -> dict[str, HopWalk]:
        """For each key of ``sources`` (a firewalled side, a candidate...), the walk of up to
        ``k`` hops on ``t`` from its people (edges active on ``t``): one call walks many, ring
        by ring, so that a scan of a thousand sides is k round trips, not k thousand."""

    @abstractmethod
    def interest_holders(self, t: str, left_since: str) -> list[str]:
        """People (sorted) with a HOLDS_INTEREST_IN active on ``t``, or an EMPLOYED_BY whose
        ``until`` u has ``left_since <= u < t``: whom a scan tests for conflicts of interest
        (the rule passes the start of its window)."""

    @abstractmethod
    def interests(self, people: Collection[str], t: str, left_since: str) -> dict[str, list[Edge]]:
        """person -> their HOLDS_INTEREST_IN edges active on ``t`` and their EMPLOYED_BY edges
        active on ``t`` or with ``left_since <= until < t`` (people with none are left out)."""

    @abstractmethod
    def groups(self, companies: Collection[str], t: str | None) -> dict[str, frozenset[str]]:
        """company -> the companies joined to it by SUBSIDIARY_OF edges in either direction,
        transitively, itself included: edges active on ``t``, or of any date when None."""

    @abstractmethod
    def counterparty_paths(
        self, pairs: Iterable[tuple[str, str]], t: str
    ) -> dict[tuple[str, str], list[list[str]]]:
        """(company Z, alliance Y) -> every shortest path on ``t`` from Z to Y that walks
        SUBSIDIARY_OF edges (either direction), at most one COMPETES_WITH edge, and ends with a
        PARTY_TO edge into Y (ids, Z first, Y last); pairs with none are left out."""

    @abstractmethod
    def change_dates(
        self, types: Sequence[str], start: str, end: str
    ) -> tuple[frozenset[str], frozenset[str]]:
        """(the distinct ``since`` dates in (start, end], the distinct ``until`` dates in
        [start, end)) of the edges of ``types``: the days after ``start`` on which an edge
        starts, and the days before which one ends, so a rule looking ahead or back evaluates
        only the days on which its answer can change."""

    @abstractmethod
    def node_types(self, ids: Collection[str]) -> dict[str, str]:
        """id -> node type, for the stored nodes among ``ids`` (a committee seat's check needs
        to know which of what it governs are alliances)."""

    @abstractmethod
    def decisions(self, t: str | None) -> list[Decision]:
        """Every stored decision on a finding active on ``t`` (of any date when None), by key:
        decisions are few (compliance makes them one by one), so a rule matches them to its
        findings itself (:func:`graphmodel.decisions.latest`)."""


@cache
def _ends(step: Step) -> tuple[frozenset[str], frozenset[str]]:
    """The node types a step may start and end at, by the schema."""
    et = SCHEMA.edge_types[step[0]]
    sources, targets = frozenset(et.sources), frozenset(et.targets)
    if et.symmetric:
        sources = targets = sources | targets
    return (sources, targets) if step[1] else (targets, sources)


@cache
def distinct_pairs(shape: Shape) -> tuple[tuple[int, int], ...]:
    """The positions (i, j), i < j, of a shape's nodes that the schema allows to be the same
    node, except neighbours (no edge joins a node to itself): a route of the shape must hold
    different nodes there, so that it never visits a node twice. For the access shape
    ``[P, C, Y2, X, Y]`` that is Y2 and Y."""
    kinds = [_ends(shape[0])[0]]
    for i, step in enumerate(shape):
        start, end = _ends(step)
        kinds[i] = kinds[i] & start
        kinds.append(end)
    return tuple(
        (i, j) for i in range(len(kinds)) for j in range(i + 2, len(kinds)) if kinds[i] & kinds[j]
    )
