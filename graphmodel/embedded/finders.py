"""The finders (:mod:`graphmodel.finders`) over the in-memory graph.

Each finder walks :class:`~graphmodel.embedded.memgraph.MemGraph` the way its docstring in
``graphmodel/finders.py`` says and returns compact records: tuples and dicts of ids and the
stored :class:`~graphmodel.model.Edge` objects themselves, never copies. These walks are the
hot loops of every check (docs/benchmarks.md), so they read MemGraph's adjacency directly, test
"active on t" inline (the same expression as :func:`graphmodel.model.active`), and keep what a
read asks for repeatedly (a person's hops, the company links on a day) for the read's duration.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import cache

from graphmodel.decisions import Decision
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.finders import Finders, HopKinds, HopWalk, Links, Route, Shape
from graphmodel.model import Edge, EdgeKey, Node, active
from graphmodel.schema import SCHEMA
from graphmodel.vocabulary import (
    COMPETES_WITH,
    EMPLOYED_BY,
    HOLDS_INTEREST_IN,
    PARTY_TO,
    SUBSIDIARY_OF,
)

__all__ = ["EmbeddedFinders"]


class _OnePass:
    """Routes to be read once, as they are walked: reading them a second time is a bug in the
    rule (the walk would silently give nothing), so it raises."""

    __slots__ = ("_routes",)

    def __init__(self, routes: Iterator[Route]) -> None:
        self._routes: Iterator[Route] | None = routes

    def __iter__(self) -> Iterator[Route]:
        routes, self._routes = self._routes, None
        if routes is None:
            raise RuntimeError("routes_to: each target's routes can be read once")
        return routes


class _Trie:
    """Shapes merged by their common steps, so a walk follows a shared step once, and each
    node's adjacency is read once per step of the walk: ``pred`` / ``succ`` map an edge type to
    the next trie node when the walk leaves the current node against / along its edges."""

    __slots__ = ("end", "pred", "sides", "succ")

    def __init__(self) -> None:
        self.pred: dict[str, _Trie] = {}
        self.succ: dict[str, _Trie] = {}
        self.end = False
        self.sides: tuple[tuple[bool, dict[str, _Trie]], ...] = ()
        """(against the edges?, next trie nodes by type) for the sides a walk reads."""

    def freeze(self) -> _Trie:
        self.sides = tuple(
            (against, kids) for against, kids in ((True, self.pred), (False, self.succ)) if kids
        )
        for kids in (self.pred, self.succ):
            for child in kids.values():
                child.freeze()
        return self


@cache
def _trie(shapes: tuple[Shape, ...], backward: bool) -> _Trie:
    """The trie of ``shapes`` walked from the person (forward) or from the target (backward).
    A step ``(etype, True)`` leaves its start along the edge (source to target); walked
    backward it leaves the target against it. Symmetric types are stored once either way, so
    both directions are followed."""
    root = _Trie()
    for shape in shapes:
        node = root
        for etype, along in reversed(shape) if backward else shape:
            succ = along != backward
            both = etype in SCHEMA.symmetric_types
            child = (node.succ if succ else node.pred).get(etype)
            if child is None:
                child = _Trie()
            for side, wanted in ((node.succ, succ or both), (node.pred, not succ or both)):
                if wanted:
                    side[etype] = child
            node = child
        node.end = True
    return root.freeze()


@cache
def _directions(types: tuple[str, ...]) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """node type -> (the types among ``types`` its edges may leave it by, those they may enter
    it by), from the schema's endpoints: a walk reads only the side of a node's adjacency an
    edge of the type can be on (a program's PART_OF edges leave it; its hundreds of WORKS_ON
    edges come in)."""
    out: dict[str, tuple[set[str], set[str]]] = {n: (set(), set()) for n in SCHEMA.node_types}
    for etype in types:
        et = SCHEMA.edge_types[etype]
        ends = set(et.sources) | set(et.targets) if et.symmetric else None
        for n, (leaving, entering) in out.items():
            if n in (ends or et.sources):
                leaving.add(etype)
            if n in (ends or et.targets):
                entering.add(etype)
    return {n: (frozenset(a), frozenset(b)) for n, (a, b) in out.items()}


def _check_types(types: Iterable[str]) -> None:
    unknown = sorted(set(types) - SCHEMA.edge_types.keys())
    if unknown:
        raise ValueError(f"not edge types of the schema: {', '.join(unknown)}")


class EmbeddedFinders(Finders):
    """The finders of one read of the embedded store, over the graph as it was when the read
    began. Caches live as long as the object: one check or scan."""

    def __init__(self, g: MemGraph) -> None:
        self.g = g
        self._hops: dict[tuple[str, HopKinds], _HopIndex] = {}
        self._companies: dict[str | None, _CompanyLinks] = {}

    def change_dates(
        self, types: Sequence[str], start: str, end: str
    ) -> tuple[frozenset[str], frozenset[str]]:
        _check_types(types)
        sinces: set[str] = set()
        untils: set[str] = set()
        for etype in dict.fromkeys(types):
            for e in self.g.edges_of_type(etype):
                if start < e.since <= end:
                    sinces.add(e.since)
                if e.until and start <= e.until < end:
                    untils.add(e.until)
        return frozenset(sinces), frozenset(untils)

    def node_types(self, ids: Collection[str]) -> dict[str, str]:
        return {i: n.type for i in ids if (n := self.g.node(i)) is not None}

    def decisions(self, t: str | None) -> list[Decision]:
        found = self.g.decisions
        return [found[k] for k in sorted(found) if t is None or found[k].active(t)]

    # ---- edges -----------------------------------------------------------------------------
    def edges(
        self, types: Sequence[str], t: str | None, touching: Collection[str] | None = None
    ) -> list[Edge]:
        _check_types(types)
        g = self.g
        if touching is None:
            found: Iterable[Edge] = (e for etype in types for e in g.edges_of_type(etype))
        else:
            sides = _directions(tuple(types))
            nx = g.g
            keyed: dict[EdgeKey, Edge] = {}
            for n in touching:
                node = g.node(n)
                if node is None:
                    continue
                for adjacency, wanted in zip((nx._succ, nx._pred), sides[node.type], strict=True):
                    if wanted:
                        for by_key in adjacency[n].values():
                            for data in by_key.values():
                                e = data["e"]
                                if e.type in wanted:
                                    keyed[e.key] = e
            found = keyed.values()
        if t is None:
            return list(found)
        return [e for e in found if (not e.since or e.since <= t) and (not e.until or t <= e.until)]

    def nodes(self, ntype: str) -> list[Node]:
        if ntype not in SCHEMA.node_types:
            raise ValueError(f"{ntype!r} is not a node type of the schema")
        return list(self.g.nodes_of_type(ntype))

    # ---- routes --------------------------------------------------------------------------------
    def routes_to(
        self, shapes: Sequence[Shape], targets: Collection[str], t: str, ended: Collection[str] = ()
    ) -> dict[str, Iterable[Route]]:
        """Each target's routes are walked as the rule reads them (a :class:`_OnePass`): a
        scan judges 150,000 routes at 100k people, and judging each as it is made, instead of
        building them all first, keeps the small tuples they are made of recycled (measured:
        a fifth of a 10k scan's time)."""
        trie = _trie(tuple(shapes), True)
        ended = frozenset(ended)
        return {
            x: _OnePass(self._walk(x, trie, True, t, x in ended, None))
            for x in dict.fromkeys(targets)
        }

    def routes_from(
        self,
        shapes: Sequence[Shape],
        people: Collection[str],
        t: str,
        targets: Collection[str] | None = None,
        ended: Collection[str] = (),
    ) -> dict[str, list[Route]]:
        trie = _trie(tuple(shapes), False)
        ended = frozenset(ended)
        wanted = None if targets is None else frozenset(targets)
        out: dict[str, list[Route]] = {} if wanted is None else {x: [] for x in wanted}
        for p in dict.fromkeys(people):
            for route in self._walk(p, trie, False, t, bool(ended), ended):
                target = route.nodes[-1]
                if wanted is None or target in wanted:
                    out.setdefault(target, []).append(route)
        return out

    def _walk(
        self,
        start: str,
        trie: _Trie,
        backward: bool,
        t: str,
        keep_ended: bool,
        ended: frozenset[str] | None,
    ) -> Iterator[Route]:
        """The routes along ``trie`` from ``start`` (a target when ``backward``, else a person).
        Edges not active on t are followed only when ``keep_ended`` (ended routes are wanted);
        then a route is kept when all its edges are active or one ended before t (and, walking
        forward, its target is in ``ended``). The hot loop of every check: it reads networkx's
        adjacency dicts directly (as MemGraph's readers do) and builds each route's tuples once
        per step."""
        g = self.g.g
        if start not in g:
            return
        succ, pred = g._succ, g._pred
        new = tuple.__new__
        Partial = tuple[str, _Trie, tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, bool]
        stack: list[Partial] = [(start, trie, (start,), (), (), True, False)]
        while stack:
            node, here, nodes, sinces, untils, now, gone = stack.pop()
            for against, kids in here.sides:
                for other, keyed in (pred if against else succ)[node].items():
                    if other in nodes:
                        continue
                    for data in keyed.values():
                        e = data["e"]
                        child = kids.get(e.type)
                        if child is None:
                            continue
                        since, until = e.since, e.until
                        if (not since or since <= t) and (not until or t <= until):
                            all_on, any_gone = now, gone
                        elif keep_ended:
                            all_on, any_gone = False, gone or (bool(until) and until < t)
                        else:
                            continue
                        if backward:
                            step = ((other, *nodes), (since, *sinces), (until, *untils))
                        else:
                            step = ((*nodes, other), (*sinces, since), (*untils, until))
                        if child.end and (
                            all_on or (any_gone and (ended is None or other in ended))
                        ):
                            yield new(Route, step)
                        if child.sides:
                            stack.append((other, child, *step, all_on, any_gone))

    # ---- person hops ---------------------------------------------------------------------
    def hop_walks(
        self, sources: Mapping[str, Collection[str]], k: int, t: str, hops: HopKinds
    ) -> dict[str, HopWalk]:
        _check_types((*hops.lines, *hops.seats))
        index = self._hops.get((t, hops))
        if index is None:
            index = self._hops[(t, hops)] = _HopIndex(self.g, t, hops)
        return {key: index.walk(people, k) for key, people in sources.items()}

    # ---- interests and companies -----------------------------------------------------------
    def interest_holders(self, t: str, left_since: str) -> list[str]:
        g = self.g
        holders = {e.source for e in g.edges_of_type(HOLDS_INTEREST_IN) if e.active(t)}
        holders.update(
            e.source for e in g.edges_of_type(EMPLOYED_BY) if e.until and left_since <= e.until < t
        )
        return sorted(holders)

    def interests(self, people: Collection[str], t: str, left_since: str) -> dict[str, list[Edge]]:
        succ = self.g.g._succ
        out: dict[str, list[Edge]] = {}
        for p in dict.fromkeys(people):
            found = []
            for keyed in succ.get(p, {}).values():  # one pass over the person's own edges
                for data in keyed.values():
                    e = data["e"]
                    if e.type == HOLDS_INTEREST_IN:
                        if e.active(t):
                            found.append(e)
                    elif e.type == EMPLOYED_BY and (
                        e.active(t) or (e.until and left_since <= e.until < t)
                    ):
                        found.append(e)
            if found:
                out[p] = found
        return out

    def _links(self, t: str | None) -> _CompanyLinks:
        links = self._companies.get(t)
        if links is None:
            links = self._companies[t] = _CompanyLinks(self.g, t)
        return links

    def groups(self, companies: Collection[str], t: str | None) -> dict[str, frozenset[str]]:
        links = self._links(t)
        return {c: links.group(c) for c in companies}

    def counterparty_paths(
        self, pairs: Iterable[tuple[str, str]], t: str
    ) -> dict[tuple[str, str], list[list[str]]]:
        links = self._links(t)
        walks: dict[str, dict[tuple[str, int], int]] = {}
        out: dict[tuple[str, str], list[list[str]]] = {}
        for z, y in pairs:
            dist = walks.get(y)
            if dist is None:
                dist = walks[y] = links.toward_parties(self.g, y, t)
            if (z, 0) in dist and (z, y) not in out:
                out[(z, y)] = [[*path, y] for path in links.shortest_paths(dist, z)]
        return out


class _HopIndex:
    """Everyone's person hops on one day, worked out on first use: a person's lines (the other
    ends of active line edges) and seats (the nodes they hold an active seat edge to), a seat's
    holders. A scan walks from hundreds of sides through the same people, and each person's
    adjacency is read once for all of them."""

    def __init__(self, g: MemGraph, t: str, hops: HopKinds) -> None:
        self.g, self.t = g, t
        self.lines = frozenset(hops.lines)
        self.seat_types = frozenset(hops.seats)
        self._person: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._holders: dict[str, tuple[str, ...]] = {}

    def person(self, u: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(people one line away, seats held), each once."""
        found = self._person.get(u)
        if found is None:
            nx, t, lines, seats = self.g.g, self.t, self.lines, self.seat_types
            near: dict[str, None] = {}
            held: dict[str, None] = {}
            for outgoing, adjacency in ((True, nx._succ), (False, nx._pred)):
                for v, keyed in adjacency.get(u, {}).items():
                    if v == u:
                        continue
                    for data in keyed.values():
                        e = data["e"]
                        etype = e.type
                        if etype in lines or (outgoing and etype in seats):
                            since, until = e.since, e.until
                            if (not since or since <= t) and (not until or t <= until):
                                (near if etype in lines else held)[v] = None
            found = self._person[u] = (tuple(near), tuple(held))
        return found

    def holders(self, c: str) -> tuple[str, ...]:
        found = self._holders.get(c)
        if found is None:
            t, seats = self.t, self.seat_types
            holding: dict[str, None] = {}
            for v, keyed in self.g.g._pred.get(c, {}).items():
                for data in keyed.values():
                    e = data["e"]
                    if e.type in seats:
                        since, until = e.since, e.until
                        if (not since or since <= t) and (not until or t <= until):
                            holding[v] = None
            found = self._holders[c] = tuple(holding)
        return found

    def walk(self, people: Collection[str], k: int) -> HopWalk:
        """The breadth-first walk of :meth:`Finders.hop_walks`, ring by ring. A seat is expanded
        at the first ring that reaches it: its holders are then all within one more hop, so a
        later ring could add nothing through it."""
        dist = dict.fromkeys(sorted(people), 0)
        links: Links = {}
        ring = list(dist)
        expanded: set[str] = set()
        for d in range(1, k + 1):
            hops: list[tuple[tuple[str, tuple[str, ...]], Iterable[str]]] = []
            seats: dict[str, list[str]] = {}
            for u in ring:
                lines, held = self.person(u)
                hops.append((("", (u,)), lines))
                for c in held:
                    if c not in expanded:
                        seats.setdefault(c, []).append(u)
            for c, inside in seats.items():
                expanded.add(c)
                hops.append(((c, tuple(inside)), self.holders(c)))
            new: list[str] = []
            for hop, reached in hops:  # (via, frontier people) -> the people it reaches
                for v in reached:
                    seen = dist.get(v)
                    if seen is None:
                        dist[v] = d
                        links[v] = [hop]
                        new.append(v)
                    elif seen == d:
                        links[v].append(hop)
            if not new:
                break
            ring = new
        return HopWalk(dist, links)


class _CompanyLinks:
    """Company-to-company links on one day (any day when None): SUBSIDIARY_OF either way and
    COMPETES_WITH, from the per-type edge lists rather than each company's adjacency (a hub
    company also carries the EMPLOYED_BY edges of ~90k people at 100k). Groups are kept as
    they are found: every member shares one."""

    def __init__(self, g: MemGraph, t: str | None) -> None:
        self.sub: dict[str, list[str]] = {}
        self.comp: dict[str, list[str]] = {}
        for etype, adjacency in ((SUBSIDIARY_OF, self.sub), (COMPETES_WITH, self.comp)):
            for e in g.edges_of_type(etype):
                if e.source != e.target and (t is None or active(e.since, e.until, t)):
                    adjacency.setdefault(e.source, []).append(e.target)
                    adjacency.setdefault(e.target, []).append(e.source)
        self._groups: dict[str, frozenset[str]] = {}

    def group(self, company: str) -> frozenset[str]:
        found = self._groups.get(company)
        if found is None:
            seen = {company}
            todo = [company]
            while todo:
                for other in self.sub.get(todo.pop(), ()):
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
            found = frozenset(seen)
            for member in found:
                self._groups[member] = found
        return found

    def toward_parties(self, g: MemGraph, y: str, t: str) -> dict[tuple[str, int], int]:
        """Breadth-first distances to alliance ``y``'s parties over (company, f) states, f = 1
        while a COMPETES_WITH edge may still be taken on the way to the party, walked back
        from the parties (distance 1: the party itself)."""
        dist: dict[tuple[str, int], int] = {}
        queue: deque[tuple[str, int]] = deque()
        if y in g:
            for e in g.in_edges(y, PARTY_TO):
                if e.active(t):
                    for f in (0, 1):
                        if (e.source, f) not in dist:
                            dist[(e.source, f)] = 1
                            queue.append((e.source, f))
        sub, comp = self.sub, self.comp
        while queue:
            state = queue.popleft()
            node, f = state
            d = dist[state] + 1
            for j in sub.get(node, ()):
                if (j, f) not in dist:
                    dist[(j, f)] = d
                    queue.append((j, f))
            if f == 1:
                for j in comp.get(node, ()):
                    if (j, 0) not in dist:
                        dist[(j, 0)] = d
                        queue.append((j, 0))
        return dist

    def shortest_paths(self, dist: dict[tuple[str, int], int], z: str) -> list[list[str]]:
        """Every shortest company path from ``z`` to a party (distinct id lists), by the
        distances of :meth:`toward_parties`."""
        if (z, 0) not in dist:
            return []
        found: dict[tuple[str, ...], None] = {}
        stack: list[tuple[tuple[str, int], tuple[str, ...]]] = [((z, 0), (z,))]
        while stack:
            (node, f), path = stack.pop()
            d = dist[(node, f)]
            if d == 1:
                found[path] = None
                continue
            nexts = [(j, f) for j in self.sub.get(node, ())]
            if f == 0:
                nexts += [(j, 1) for j in self.comp.get(node, ())]
            for state in nexts:
                if dist.get(state) == d - 1:
                    stack.append((state, (*path, state[0])))
        return [list(p) for p in sorted(found)]
