"""The naive baselines the staffing benchmark compares the engine with.

Issue 2 asks for the staffing check to be measured against "a plain networkx search over the
whole graph per candidate". :class:`NaiveBaseline` is that baseline, written to be *correct* (the
benchmark asserts it gives every candidate the same status as
``queries.staffing.check_staffing``) but without the engine's ideas: walking backwards from the
few firewalled programs and alliances, and touching only the relationships a rule needs. For
every candidate it

1. runs a breadth-first search (``nx.single_source_shortest_path_length``, cutoff 4, the
   longest access route) and keeps every program and alliance within reach that a route of the
   allowed shapes really joins to the candidate;
2. runs a Dijkstra search (``nx.single_source_dijkstra_path_length``, cutoff k) in which
   reporting and influence lines weigh 1, a committee seat 1/2 (so sitting on the same
   committee is one hop) and every other relationship is hidden, to find the people within k
   hops, and checks whether one of them has access to the far side of a firewall;
3. finds companies' groups as connected components over SUBSIDIARY_OF
   (``nx.node_connected_component``), and applies the four rules of ``docs/rules.md``.

With ``split=False`` (the issue's baseline) every search runs over *one* undirected graph of all
the relationships active on the day, as a first implementation would. With ``split=True`` the
same searches run over one graph per relationship family (access, person hops, corporate), a
stronger baseline that already knows which relationship types each rule walks; the benchmark
reports both. The graphs are built once per as-of day (:meth:`NaiveBaseline.__init__`, not timed
per check), with the access relationships at any date for cooling-off. Only statuses are
computed, not the canonical paths, which can only flatter the baselines.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import networkx as nx

from graphmodel.model import Edge, Node, add_days

__all__ = ["NaiveBaseline"]

_ACCESS = frozenset({"WORKS_ON", "MEMBER_OF", "GOVERNS", "PART_OF"})
_PERSON_LINKS = frozenset({"REPORTS_TO", "INFLUENCES"})
_HOPS = _PERSON_LINKS | {"MEMBER_OF"}
_CORPORATE = frozenset({"SUBSIDIARY_OF", "COMPETES_WITH", "PARTY_TO"})

# Node-type sequences of the access routes (docs/rules.md, "Access routes"). Along access
# relationships the types at both ends fix the relationship (Person-Program is WORKS_ON,
# Person-Committee MEMBER_OF, Committee-X GOVERNS, Program-Alliance PART_OF), so a simple path
# over access relationships with one of these type sequences is a route.
_SHAPES = {
    "Program": (
        ("Person", "Program"),
        ("Person", "Committee", "Program"),
        ("Person", "Committee", "Alliance", "Program"),
    ),
    "Alliance": (
        ("Person", "Committee", "Alliance"),
        ("Person", "Program", "Alliance"),
        ("Person", "Committee", "Program", "Alliance"),
        ("Person", "Committee", "Alliance", "Program", "Alliance"),
    ),
}
_ROUTE_CUTOFF = max(len(s) for shapes in _SHAPES.values() for s in shapes) - 1


def _hop_weight(u: str, v: str, data: dict[str, Any]) -> float | None:
    """Dijkstra weight: 1 for a reporting or influence line, 1/2 for a committee seat, and None
    (networkx: not walkable) for anything else."""
    types = data["types"]
    if types & _PERSON_LINKS:
        return 1.0
    return 0.5 if "MEMBER_OF" in types else None


def _link(graph: nx.Graph, e: Edge) -> None:
    data = graph.get_edge_data(e.source, e.target)
    if data is None:
        graph.add_edge(e.source, e.target, types={e.type})
    else:
        data["types"].add(e.type)


class NaiveBaseline:
    """Staffing statuses by searches from each candidate (see the module docstring)."""

    def __init__(
        self, nodes: Iterable[Node], edges: Iterable[Edge], as_of: str, split: bool = False
    ) -> None:
        self.t = as_of
        self.split = split
        self.ntype: dict[str, str] = {n.id: n.type for n in nodes}
        active = nx.Graph()  # every relationship active on the day; edge attribute "types"
        self.reach = active if not split else nx.Graph()  # the BFS of step 1 walks this
        self.hops = active if not split else nx.Graph()  # the Dijkstra of step 2
        self.corporate = active if not split else nx.Graph()  # groups, parties, competitors
        self.history = nx.Graph()  # access relationships at any date, "spans" per pair
        self.walls = nx.Graph()  # active FIREWALL, "cooling" = largest cooling_off_days
        self.personal: dict[str, list[Edge]] = {}  # HOLDS_INTEREST_IN and EMPLOYED_BY, any date
        for e in edges:
            if e.type in _ACCESS:
                data = self.history.get_edge_data(e.source, e.target)
                if data is None:
                    self.history.add_edge(
                        e.source, e.target, spans=[(e.since, e.until)], types={e.type}
                    )
                else:
                    data["spans"].append((e.since, e.until))
            if e.type in ("HOLDS_INTEREST_IN", "EMPLOYED_BY"):
                self.personal.setdefault(e.source, []).append(e)
            if not e.active(as_of) or e.source == e.target:
                continue
            if e.type == "FIREWALL":
                cooling = int(e.props.get("cooling_off_days") or 0)
                old = self.walls.get_edge_data(e.source, e.target, {}).get("cooling", 0)
                self.walls.add_edge(e.source, e.target, cooling=max(cooling, old))
            if not split:
                _link(active, e)
            elif e.type in _ACCESS:
                _link(self.reach, e)
            if split and e.type in _HOPS:
                _link(self.hops, e)
            if split and e.type in _CORPORATE:
                _link(self.corporate, e)
        self._subsidiaries = nx.subgraph_view(
            self.corporate,
            filter_edge=lambda u, v: "SUBSIDIARY_OF" in self.corporate[u][v]["types"],
        )

    # ---- one staffing check ----------------------------------------------------------------
    def statuses(self, program: str, people: Sequence[str], hops: int = 2) -> dict[str, str]:
        """Person -> blocked / review / clear if each of ``people`` joined ``program``."""
        t = self.t
        alliances = sorted(
            y
            for y, data in self.reach.adj.get(program, {}).items()
            if self.ntype.get(y) == "Alliance" and "PART_OF" in data["types"]
        )
        sides = {program, *alliances}
        pairs = {(min(s, o), max(s, o)) for s in sides if s in self.walls for o in self.walls[s]}
        firewalls: list[tuple[str, str, int]] = []  # (here, there, cooling_off_days)
        for a, b in sorted(pairs):
            here = min(s for s in (a, b) if s in sides)
            firewalls.append((here, b if here == a else a, self.walls[a][b]["cooling"]))
        counterparties = {y: self._counterparties(y) for y in alliances}
        out: dict[str, str] = {}
        for p in people:
            reach = self._reached(p) | sides  # a candidate has access to the program's sides
            near = self._near(p, hops) if hops and firewalls else []
            blocks = review = False
            for _here, there, cooling in firewalls:
                if there in reach:
                    blocks = True
                    continue
                if cooling > 0:
                    last = self._last_access(p, there)
                    if last is not None and t <= add_days(last, cooling):
                        blocks = True
                if not review and any(any(self._routes(self.reach, q, there)) for q in near):
                    review = True
            if not review and alliances:
                interests = self._interests(p)
                review = any(interests & counterparties[y] for y in alliances)
            out[p] = "blocked" if blocks else "review" if review else "clear"
        return out

    # ---- searches --------------------------------------------------------------------------
    def _reached(self, p: str) -> set[str]:
        """Programs and alliances p has access to: a BFS, then the route shapes."""
        if p not in self.reach:
            return set()
        found = nx.single_source_shortest_path_length(self.reach, p, cutoff=_ROUTE_CUTOFF)
        return {
            target
            for target in found
            if self.ntype.get(target) in _SHAPES and any(self._routes(self.reach, p, target))
        }

    def _near(self, p: str, k: int) -> list[str]:
        """The other people within k hops of p (a Dijkstra search)."""
        if p not in self.hops:
            return []
        found = nx.single_source_dijkstra_path_length(self.hops, p, cutoff=k, weight=_hop_weight)
        return [q for q in found if q != p and self.ntype.get(q) == "Person"]

    def _routes(self, graph: nx.Graph, p: str, target: str) -> Iterator[list[str]]:
        """Simple paths p -> target along access relationships of ``graph`` whose node types
        follow a route shape."""
        shapes = _SHAPES.get(self.ntype.get(target, ""), ())
        prefixes = {s[:i] for s in shapes for i in range(1, len(s) + 1)}
        complete = set(shapes)
        ntype = self.ntype

        def walk(path: list[str], types: tuple[str, ...]) -> Iterator[list[str]]:
            if path[-1] == target and types in complete:
                yield list(path)
                return
            for nxt, data in graph.adj[path[-1]].items():
                step = (*types, ntype.get(nxt, ""))
                if step in prefixes and nxt not in path and data["types"] & _ACCESS:
                    path.append(nxt)
                    yield from walk(path, step)
                    path.pop()

        if p in graph and target in graph:
            yield from walk([p], (ntype.get(p, ""),))

    def _last_access(self, p: str, target: str) -> str | None:
        """The last day before t that p had access to ``target`` by a route that has ended."""
        best: str | None = None
        for route in self._routes(self.history, p, target):
            spans = [self.history[a][b]["spans"] for a, b in itertools.pairwise(route)]
            for choice in itertools.product(*spans):
                start = max(s for s, _ in choice)
                ends = [u for _, u in choice if u]
                if not ends:
                    continue
                end = min(ends)
                if end < self.t and (not start or start <= end) and (best is None or end > best):
                    best = end
        return best

    def _group(self, company: str) -> set[str]:
        sub = self._subsidiaries
        return set(nx.node_connected_component(sub, company)) if company in sub else {company}

    def _counterparties(self, y: str) -> set[str]:
        corporate = self.corporate
        out: set[str] = set()
        for c, data in corporate.adj.get(y, {}).items():
            if "PARTY_TO" in data["types"]:
                out |= self._group(c)
        for c in list(out):
            for d, data in corporate.adj[c].items() if c in corporate else ():
                if "COMPETES_WITH" in data["types"]:
                    out |= self._group(d)
        return out

    def _interests(self, p: str) -> set[str]:
        t, year_ago = self.t, add_days(self.t, -365)
        found: set[str] = set()
        employers: list[str] = []
        for e in self.personal.get(p, ()):
            if e.type == "HOLDS_INTEREST_IN" and e.active(t):
                found.add(e.target)
            elif e.type == "EMPLOYED_BY":
                if e.active(t):
                    employers.append(e.target)
                elif e.until and year_ago <= e.until < t and (not e.since or e.since <= e.until):
                    found.add(e.target)
        for employer in employers:
            found -= self._group(employer)
        return found
