"""The rules, evaluated in memory over a :class:`~graphmodel.embedded.memgraph.MemGraph`.

This is the embedded store's query engine and the reference reading of ``docs/rules.md``: the
Neo4j store answers the same questions in Cypher and the conformance suite holds the two to
identical answers. Findings come back *raw* (no sentence); ``queries.explain`` words them.

Work is organised around *sides*: the programs and alliances at the ends of active firewalls.
For each side we walk backwards once (who reaches it, by which route), so a whole-portfolio
scan touches only the neighbourhoods of firewalled nodes, never the whole graph per person.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from graphmodel.embedded.memgraph import MemGraph
from graphmodel.model import Edge, Finding, add_days, edge_key
from graphmodel.store import Relationship

__all__ = [
    "Firewall",
    "access_map",
    "active_firewalls",
    "best_routes",
    "breaches_and_cooling",
    "candidate_route",
    "dedupe",
    "edges_between",
    "influence_edges",
    "last_routes",
    "merge_firewalls",
    "partner",
    "route_order",
    "scan",
    "staffing",
    "wall_findings",
]

Route = tuple[str, ...]
Interval = tuple[str, str]  # (start, end); "" = unbounded


def route_order(route: Route) -> tuple[int, Route]:
    """The sort key that picks the reported path among equals: shortest, then smallest ids
    (docs/rules.md); both stores must choose alike."""
    return (len(route), route)


def _meet(interval: Interval, edge: Edge) -> Interval:
    """Intersect an interval with an edge's active days."""
    start, end = interval
    if edge.since and (not start or edge.since > start):
        start = edge.since
    if edge.until and (not end or edge.until < end):
        end = edge.until
    return (start, end)


def _nonempty(iv: Interval) -> bool:
    return not iv[0] or not iv[1] or iv[0] <= iv[1]


def _covers(iv: Interval, t: str) -> bool:
    return (not iv[0] or iv[0] <= t) and (not iv[1] or t <= iv[1])


_OPEN: Interval = ("", "")


# ---- access routes ----------------------------------------------------------------------


def _program_routes(g: MemGraph, x: str) -> Iterator[tuple[str, Route, Interval]]:
    """Every (person, route, interval) reaching program ``x``, whatever the dates."""
    for w in g.in_edges(x, "WORKS_ON"):
        yield w.source, (w.source, x), _meet(_OPEN, w)
    for gv in g.in_edges(x, "GOVERNS"):
        c = gv.source
        base = _meet(_OPEN, gv)
        for m in g.in_edges(c, "MEMBER_OF"):
            yield m.source, (m.source, c, x), _meet(base, m)
    for po in g.out_edges(x, "PART_OF"):
        y = po.target
        base = _meet(_OPEN, po)
        for gv in g.in_edges(y, "GOVERNS"):
            c = gv.source
            mid = _meet(base, gv)
            for m in g.in_edges(c, "MEMBER_OF"):
                yield m.source, (m.source, c, y, x), _meet(mid, m)


def _routes(g: MemGraph, target: str) -> Iterator[tuple[str, Route, Interval]]:
    """Every (person, route, interval) reaching a program or alliance."""
    node = g.node(target)
    if node is None:
        return
    if node.type == "Program":
        yield from _program_routes(g, target)
    elif node.type == "Alliance":
        for gv in g.in_edges(target, "GOVERNS"):
            c = gv.source
            base = _meet(_OPEN, gv)
            for m in g.in_edges(c, "MEMBER_OF"):
                yield m.source, (m.source, c, target), _meet(base, m)
        for po in g.in_edges(target, "PART_OF"):
            for person, route, iv in _program_routes(g, po.source):
                if target not in route:
                    yield person, (*route, target), _meet(iv, po)


def access_map(g: MemGraph, target: str, t: str) -> dict[str, Route]:
    """Person -> canonical access route to ``target`` on day t."""
    return best_routes(_routes(g, target), t)


def best_routes(routes: Iterable[tuple[str, Route, Interval]], t: str) -> dict[str, Route]:
    """Person -> the canonical route among ``routes`` whose interval covers day t.

    Shared with the Neo4j store, which finds the (person, route, interval) triples in Cypher."""
    best: dict[str, Route] = {}
    for person, route, iv in routes:
        if _covers(iv, t):
            old = best.get(person)
            if old is None or route_order(route) < route_order(old):
                best[person] = route
    return best


def ended_access(g: MemGraph, target: str, t: str) -> dict[str, tuple[str, Route]]:
    """Person -> (last day of access before t, route) over routes that ended before t."""
    return last_routes(_routes(g, target), t)


def last_routes(
    routes: Iterable[tuple[str, Route, Interval]], t: str
) -> dict[str, tuple[str, Route]]:
    """Person -> (last day of access before t, route) among ``routes`` that ended before t:
    the latest end, then the canonical route. Shared with the Neo4j store."""
    best: dict[str, tuple[str, Route]] = {}
    for person, route, iv in routes:
        end = iv[1]
        if end and end < t and _nonempty(iv):
            old = best.get(person)
            if old is None or (end, _neg(route)) > (old[0], _neg(old[1])):
                best[person] = (end, route)
    return best


class _neg:
    """Orders routes in reverse canonical order, so max() picks the canonical one."""

    __slots__ = ("key",)

    def __init__(self, route: Route) -> None:
        self.key = route_order(route)

    def __lt__(self, other: _neg) -> bool:
        return self.key > other.key

    def __gt__(self, other: _neg) -> bool:
        return self.key < other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _neg) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


# ---- firewalls ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Firewall:
    a: str  # smaller id
    b: str
    cooling_off_days: int
    reason: str


def merge_firewalls(edges: Iterable[Edge], t: str) -> dict[tuple[str, str], Firewall]:
    """One firewall per pair; the edge that rules: largest cooling-off, then earliest since."""
    chosen: dict[tuple[str, str], Edge] = {}
    for e in edges:
        if e.source == e.target or not e.active(t):
            continue
        pair = (e.source, e.target) if e.source < e.target else (e.target, e.source)
        old = chosen.get(pair)
        if old is None or firewall_rule_key(e) < firewall_rule_key(old):
            chosen[pair] = e
    return {
        pair: Firewall(pair[0], pair[1], _cooling(e), str(e.props.get("reason") or ""))
        for pair, e in chosen.items()
    }


def _cooling(e: Edge) -> int:
    return int(e.props.get("cooling_off_days") or 0)


def firewall_rule_key(e: Edge) -> tuple[int, str]:
    return (-_cooling(e), e.since)


def active_firewalls(g: MemGraph, t: str) -> dict[tuple[str, str], Firewall]:
    return merge_firewalls(g.edges_of_type("FIREWALL"), t)


def _firewalls_touching(
    g: MemGraph, sides: Iterable[str], t: str
) -> dict[tuple[str, str], Firewall]:
    edges = [e for s in sides if s in g for _, e in g.edges(s, "FIREWALL")]
    return merge_firewalls(edges, t)


# ---- person hops (indirect exposure) -----------------------------------------------------


_PERSON_LINKS = frozenset({"REPORTS_TO", "INFLUENCES"})
_HOP_LINKS = _PERSON_LINKS | {"MEMBER_OF"}


def _person_neighbours(g: MemGraph, u: str, t: str) -> Iterator[str]:
    for v, e in g.incident(u, _PERSON_LINKS):
        if v != u and e.active(t):
            yield v


def _committees(g: MemGraph, u: str, t: str) -> Iterator[str]:
    for m in g.out_edges(u, "MEMBER_OF"):
        if m.active(t):
            yield m.target


def _members(g: MemGraph, c: str, t: str) -> Iterator[str]:
    for m in g.in_edges(c, "MEMBER_OF"):
        if m.active(t):
            yield m.source


def _hop_distances(g: MemGraph, sources: Iterable[str], t: str, k: int) -> dict[str, int]:
    """Multi-source BFS over person hops, up to k hops."""
    dist = dict.fromkeys(sources, 0)
    queue = deque(dist)
    seen_committees: set[str] = set()
    while queue:
        u = queue.popleft()
        d = dist[u]
        if d >= k:
            continue
        for v in _person_neighbours(g, u, t):
            if v not in dist:
                dist[v] = d + 1
                queue.append(v)
        for c in _committees(g, u, t):
            if c in seen_committees:
                continue
            seen_committees.add(c)
            for v in _members(g, c, t):
                if v not in dist:
                    dist[v] = d + 1
                    queue.append(v)
    return dist


class _HopNeighbourhood:
    """The hop links around a few people out to k hops, walked on first use."""

    def __init__(self, g: MemGraph, people: Iterable[str], t: str, k: int) -> None:
        self.g, self.people, self.t, self.k = g, list(people), t, k
        self.near: dict[str, int] | None = None
        self.links: dict[str, list[str]] = {}

    def _walk(self) -> dict[str, int]:
        g, t, k = self.g, self.t, self.k
        near = dict.fromkeys(self.people, 0)
        links = self.links
        queue = deque(near)
        while queue:
            u = queue.popleft()
            d = near[u]
            if d >= k:
                continue
            mine = links.setdefault(u, [])
            for v in _hop_neighbours(g, u, t):
                mine.append(v)
                links.setdefault(v, []).append(u)
                if v not in near:
                    near[v] = d + 1
                    queue.append(v)
        self.near = near
        return near

    def distances(self, sources: Iterable[str]) -> dict[str, int]:
        """What :func:`_hop_distances` gives for every node :func:`_hop_path` consults when it
        starts from one of the people, found from the people's side: much cheaper when they
        are few (a staffing check's candidates) and the sources many (everyone with access to
        a side).

        Why it is the same: say p's nearest source is d* <= k hops away. _hop_path walks from
        p through nodes u at i hops from p and d* - i from the sources, and asks, for each
        neighbour v of such a u, whether v is d* - i - 1 from the sources. When it is, the
        shortest path from v to a source stays within d* <= k hops of p, and each of its steps
        leaves a node less than k hops from p, whose links are recorded here; when it is not,
        leaving links out can only make v's distance longer. So a BFS from the sources over
        the recorded links answers every question _hop_path asks, and whether p is within k
        hops at all.
        """
        near = self.near if self.near is not None else self._walk()
        dist = {q: 0 for q in sources if q in near}
        queue = deque(dist)
        links, k = self.links, self.k
        while queue:
            u = queue.popleft()
            d = dist[u]
            if d >= k:
                continue
            for v in links.get(u, ()):
                if v not in dist:
                    dist[v] = d + 1
                    queue.append(v)
        return dist


def _hop_neighbours(g: MemGraph, u: str, t: str) -> Iterator[str]:
    """People one hop from u: reporting and influence lines, and shared committees (one pass
    over u's adjacency for all three types)."""
    for v, e in g.incident(u, _HOP_LINKS):
        if v == u or not e.active(t):
            continue
        if e.type != "MEMBER_OF":
            yield v
        elif e.source == u:
            for w in _members(g, v, t):
                if w != u:
                    yield w


def _hop_path(g: MemGraph, p: str, dist: dict[str, int], t: str) -> list[str]:
    """The lexicographically smallest shortest hop path from p to a distance-0 person."""
    path = [p]
    u = p
    while dist[u] > 0:
        want = dist[u] - 1
        best: str | None = None
        best_next = ""
        for v in _person_neighbours(g, u, t):
            if dist.get(v) == want and (best is None or v < best):
                best, best_next = v, v
        for c in _committees(g, u, t):
            if best is not None and c >= best:
                continue
            members = [v for v in _members(g, c, t) if v != u and dist.get(v) == want]
            if members:
                best, best_next = c, min(members)
        assert best is not None
        if best != best_next:
            path.append(best)
        path.append(best_next)
        u = best_next
    return path


def _exposures(
    g: MemGraph,
    fw: tuple[str, str],
    people: Iterable[str],
    acc_b: dict[str, Route],
    t: str,
    k: int,
    near: _HopNeighbourhood | None = None,
) -> Iterator[Finding]:
    """indirect_exposure for firewall [A, B] for ``people`` (who reach A but not B).

    ``near``, when given, holds the hop links around a superset of ``people`` out to k hops
    (a staffing check builds it once for all its firewalls)."""
    people = [p for p in people if p not in acc_b]
    if not people or not acc_b:
        return
    if len(people) < len(acc_b):
        if near is None:
            near = _HopNeighbourhood(g, people, t, k)
        dist = near.distances(acc_b)
    else:
        dist = _hop_distances(g, acc_b, t, k)
    for p in people:
        if p in dist:
            hops = _hop_path(g, p, dist, t)
            q = hops[-1]
            yield Finding(
                kind="indirect_exposure",
                person=p,
                firewall=[fw[0], fw[1]],
                path=hops + list(acc_b[q][1:]),
                details={"through": q, "hops": dist[p]},
            )


# ---- conflict of interest ----------------------------------------------------------------


class _Companies:
    """Active company-to-company links on day t: SUBSIDIARY_OF (either way) and COMPETES_WITH.

    Built from the per-type edge lists, not by walking each company's adjacency: a company
    node also carries the EMPLOYED_BY and HOLDS_INTEREST_IN edges of its people (the "us"
    company of a 100k-person portfolio has ~90k of them), and filtering those at every step
    made one staffing check take seconds. Groups are cached: every member shares one.
    """

    def __init__(self, g: MemGraph, t: str) -> None:
        self.sub: dict[str, list[str]] = {}
        self.comp: dict[str, list[str]] = {}
        for etype, adjacency in (("SUBSIDIARY_OF", self.sub), ("COMPETES_WITH", self.comp)):
            for e in g.edges_of_type(etype):
                if e.source != e.target and e.active(t):
                    adjacency.setdefault(e.source, []).append(e.target)
                    adjacency.setdefault(e.target, []).append(e.source)
        self._groups: dict[str, frozenset[str]] = {}

    def group(self, company: str) -> frozenset[str]:
        """group(company): joined through active SUBSIDIARY_OF edges, transitively."""
        found = self._groups.get(company)
        if found is None:
            seen = {company}
            queue = [company]
            while queue:
                for other in self.sub.get(queue.pop(), ()):
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
            found = frozenset(seen)
            for member in found:
                self._groups[member] = found
        return found


class _Counterparties:
    """Distances to alliance Y over (company, competes-used) states, for Z -> ... -> Y paths."""

    def __init__(self, companies: _Companies, g: MemGraph, y: str, t: str) -> None:
        self.y = y
        self.sub, self.comp = companies.sub, companies.comp
        self.parties = {e.source for e in g.in_edges(y, "PARTY_TO") if e.active(t)}
        dist: dict[tuple[str, int], int] = {}
        queue: deque[tuple[str, int]] = deque()
        for party in self.parties:
            for f in (0, 1):
                dist[(party, f)] = 1
                queue.append((party, f))
        while queue:
            state = queue.popleft()
            d = dist[state]
            for prev in self._prev(state):
                if prev not in dist:
                    dist[prev] = d + 1
                    queue.append(prev)
        self.dist = dist

    def _sub(self, c: str) -> list[str]:
        return self.sub.get(c, [])

    def _comp(self, c: str) -> list[str]:
        return self.comp.get(c, [])

    def _prev(self, state: tuple[str, int]) -> Iterator[tuple[str, int]]:
        node, f = state
        for j in self._sub(node):
            yield (j, f)
        if f == 1:
            for j in self._comp(node):
                yield (j, 0)

    def contains(self, z: str) -> bool:
        return (z, 0) in self.dist

    def path(self, z: str) -> list[str]:
        """Smallest shortest path z -> ... -> party -> Y."""
        path = [z]
        states = {(z, 0)}
        d = self.dist[(z, 0)]
        while d > 1:
            options: dict[str, set[tuple[str, int]]] = {}
            for node, f in states:
                for j in self._sub(node):
                    if self.dist.get((j, f)) == d - 1:
                        options.setdefault(j, set()).add((j, f))
                if f == 0:
                    for j in self._comp(node):
                        if self.dist.get((j, 1)) == d - 1:
                            options.setdefault(j, set()).add((j, 1))
            nxt = min(options)
            path.append(nxt)
            states = options[nxt]
            d -= 1
        path.append(self.y)
        return path


def _interests(g: MemGraph, p: str, t: str, companies: _Companies) -> dict[str, set[str]]:
    """Company -> interest kinds that count for person p on day t (employer groups excluded)."""
    found: dict[str, set[str]] = {}
    for e in g.out_edges(p, "HOLDS_INTEREST_IN"):
        if e.active(t):
            found.setdefault(e.target, set()).add(str(e.props.get("kind") or "interest"))
    year_ago = add_days(t, -365)
    employers: list[str] = []
    for e in g.out_edges(p, "EMPLOYED_BY"):
        if e.active(t):
            employers.append(e.target)
        elif e.until and year_ago <= e.until < t and (not e.since or e.since <= e.until):
            found.setdefault(e.target, set()).add("former employee")
    if found and employers:
        own: set[str] = set()
        for emp in employers:
            own |= companies.group(emp)
        found = {z: kinds for z, kinds in found.items() if z not in own}
    return found


def _coi_findings(
    g: MemGraph, p: str, y: str, cp: _Counterparties, interests: dict[str, set[str]]
) -> Iterator[Finding]:
    for z in sorted(interests):
        if cp.contains(z):
            yield Finding(
                kind="conflict_of_interest",
                person=p,
                path=[p, *cp.path(z)],
                details={"alliance": y, "company": z, "interests": sorted(interests[z])},
            )


def _alliances_of(g: MemGraph, x: str, t: str) -> list[str]:
    return sorted({e.target for e in g.out_edges(x, "PART_OF") if e.active(t)})


def _programs_reached(g: MemGraph, p: str, t: str) -> set[str]:
    """Programs person p has access to on day t (forward walk)."""
    programs: set[str] = set()
    for w in g.out_edges(p, "WORKS_ON"):
        if w.active(t):
            programs.add(w.target)
    for m in g.out_edges(p, "MEMBER_OF"):
        if not m.active(t):
            continue
        for gv in g.out_edges(m.target, "GOVERNS"):
            if not gv.active(t):
                continue
            governed = g.node(gv.target)
            if governed is None:
                continue
            if governed.type == "Program":
                programs.add(gv.target)
            else:
                for po in g.in_edges(gv.target, "PART_OF"):
                    if po.active(t):
                        programs.add(po.source)
    return programs


# ---- the two entry points ----------------------------------------------------------------


def breaches_and_cooling(
    fw: Firewall,
    orient: tuple[str, str],
    people: Iterable[str],
    acc_a: dict[str, Route],
    acc_b: dict[str, Route],
    ended_b: dict[str, tuple[str, Route]] | None,
    t: str,
) -> Iterator[Finding]:
    """For each of ``people`` with access to A (``acc_a``): a firewall_breach if they also
    reach B now, else cooling_off if their access to B ended within the cooling-off days."""
    a, b = orient
    for p in people:
        if p in acc_b:
            yield Finding(
                kind="firewall_breach",
                person=p,
                firewall=[a, b],
                path=list(acc_b[p]),
                details={"access_path": list(acc_a[p])},
            )
        elif ended_b is not None and p in ended_b:
            last, route = ended_b[p]
            until = add_days(last, fw.cooling_off_days)
            if t <= until:
                yield Finding(
                    kind="cooling_off",
                    person=p,
                    firewall=[a, b],
                    path=list(route),
                    details={
                        "last_access": last,
                        "cooling_off_until": until,
                        "cooling_off_days": fw.cooling_off_days,
                    },
                )


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """The first finding of each identity (Finding.identity), in order."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        ident = f.identity()
        if ident not in seen:
            seen.add(ident)
            out.append(f)
    out.sort(key=Finding.sort_key)
    return out


Exposures = Callable[[tuple[str, str], dict[str, Route], dict[str, Route]], Iterable[Finding]]
"""(firewall [A, B], access to A, access to B) -> indirect exposures, walked the store's way."""


def wall_findings(
    firewalls: dict[tuple[str, str], Firewall],
    acc: dict[str, dict[str, Route]],
    ended: dict[str, dict[str, tuple[str, Route]]],
    t: str,
    exposures: Exposures | None,
) -> list[Finding]:
    """Breaches, cooling-offs and (with ``exposures``) indirect exposures of a whole-portfolio
    scan, from each firewalled side's access maps. Shared by both stores: they differ only in
    how they find who reaches what."""
    findings: list[Finding] = []
    for (a, b), fw in firewalls.items():
        acc_a, acc_b = acc[a], acc[b]
        # breach once per firewall, oriented [smaller, larger]
        for p in acc_a.keys() & acc_b.keys():
            findings.append(
                Finding(
                    kind="firewall_breach",
                    person=p,
                    firewall=[a, b],
                    path=list(acc_b[p]),
                    details={"access_path": list(acc_a[p])},
                )
            )
        for x, y in ((a, b), (b, a)):
            acc_x, acc_y = acc[x], acc[y]
            if fw.cooling_off_days > 0:
                only_x = [p for p in acc_x if p not in acc_y]
                findings.extend(breaches_and_cooling(fw, (x, y), only_x, acc_x, acc_y, ended[y], t))
            if exposures is not None:
                findings.extend(exposures((x, y), acc_x, acc_y))
    return findings


def scan(g: MemGraph, t: str, hops: int | None) -> list[Finding]:
    """Every finding in the portfolio on day t (see GraphStore.scan_findings)."""
    firewalls = active_firewalls(g, t)
    acc: dict[str, dict[str, Route]] = {}
    ended: dict[str, dict[str, tuple[str, Route]]] = {}
    for (a, b), fw in firewalls.items():
        for side in (a, b):
            if side not in acc:
                acc[side] = access_map(g, side, t)
            if fw.cooling_off_days > 0 and side not in ended:
                ended[side] = ended_access(g, side, t)
    findings = wall_findings(
        firewalls,
        acc,
        ended,
        t,
        (lambda fw, acc_x, acc_y: _exposures(g, fw, acc_x, acc_y, t, hops)) if hops else None,
    )
    findings.extend(_scan_interests(g, t))
    return dedupe(findings)


def _scan_interests(g: MemGraph, t: str) -> Iterator[Finding]:
    holders: set[str] = set()
    year_ago = add_days(t, -365)
    for e in g.edges_of_type("HOLDS_INTEREST_IN"):
        if e.active(t):
            holders.add(e.source)
    for e in g.edges_of_type("EMPLOYED_BY"):
        if e.until and year_ago <= e.until < t:
            holders.add(e.source)
    companies = _Companies(g, t)
    cps: dict[str, _Counterparties] = {}
    for p in sorted(holders):
        interests = _interests(g, p, t, companies)
        if not interests:
            continue
        alliances: set[str] = set()
        for x in _programs_reached(g, p, t):
            alliances.update(_alliances_of(g, x, t))
        for y in sorted(alliances):
            if y not in cps:
                cps[y] = _Counterparties(companies, g, y, t)
            yield from _coi_findings(g, p, y, cps[y], interests)


def staffing(g: MemGraph, program: str, people: Sequence[str], t: str, hops: int) -> list[Finding]:
    """Findings involving ``program`` if each of ``people`` joined it on day t."""
    alliances = _alliances_of(g, program, t)
    sides = [program, *alliances]
    firewalls = _firewalls_touching(g, sides, t)
    findings: list[Finding] = []
    side_set = set(sides)
    near = _HopNeighbourhood(g, people, t, hops)
    for (a, b), fw in sorted(firewalls.items()):
        ends_in = [s for s in (a, b) if s in side_set]
        here = min(ends_in)
        there = b if here == a else a
        acc_there = access_map(g, there, t)
        if len(ends_in) == 2:  # both ends are the program or its alliance: candidates reach both
            for p in people:
                route = candidate_route(p, program, there)
                if p not in acc_there or route_order(route) < route_order(acc_there[p]):
                    acc_there[p] = route
        ended_there = ended_access(g, there, t) if fw.cooling_off_days > 0 else None
        acc_here = {p: candidate_route(p, program, here) for p in people}
        findings.extend(
            breaches_and_cooling(fw, (here, there), people, acc_here, acc_there, ended_there, t)
        )
        if hops:
            findings.extend(_exposures(g, (here, there), people, acc_there, t, hops, near))
    if alliances:
        companies = _Companies(g, t)
        interests = {p: _interests(g, p, t, companies) for p in people}
        for y in alliances:
            cp = _Counterparties(companies, g, y, t)
            for p in people:
                findings.extend(_coi_findings(g, p, y, cp, interests[p]))
    return dedupe(findings)


def candidate_route(p: str, program: str, side: str) -> Route:
    """A candidate's would-be path to a firewalled side: via the program unless it is the side."""
    return (p, program) if side == program else (p, program, side)


# ---- partner view and helpers ------------------------------------------------------------


def partner(g: MemGraph, z: str, u: str, t: str) -> list[Relationship]:
    companies = _Companies(g, t)
    gu, gz = companies.group(u), companies.group(z)
    rels: list[Relationship] = []
    best_alliance: dict[str, list[str]] = {}
    for a in gu:
        for pa in g.out_edges(a, "PARTY_TO"):
            if not pa.active(t):
                continue
            y = pa.target
            for pb in g.in_edges(y, "PARTY_TO"):
                b = pb.source
                if b != a and b in gz and pb.active(t):
                    via = [a, y, b]
                    if y not in best_alliance or via < best_alliance[y]:
                        best_alliance[y] = via
    for y, via in best_alliance.items():
        rels.append(Relationship("alliance", via, {"alliance": y}))

    def dated(e: Edge, *props: str) -> dict[str, object]:
        out: dict[str, object] = {p: e.props[p] for p in props if p in e.props}
        out["since"], out["until"] = e.since, e.until
        return out

    for s in gz | gu:
        for e in g.out_edges(s, "SUPPLIES"):
            if not e.active(t):
                continue
            if s in gz and e.target in gu:
                rels.append(Relationship("supplier", [s, e.target], dated(e, "what")))
            if s in gu and e.target in gz:
                rels.append(Relationship("customer", [s, e.target], dated(e, "what")))
        for e in g.out_edges(s, "OWNS_STAKE_IN"):
            if e.active(t) and ((s in gu and e.target in gz) or (s in gz and e.target in gu)):
                rels.append(Relationship("equity", [s, e.target], dated(e, "percent")))
    for c in gu:
        for other, e in g.edges(c, "COMPETES_WITH"):
            if other in gz and e.active(t):
                rels.append(Relationship("competitor", [c, other], dated(e, "market")))
    rels.sort(key=lambda r: (*r.sort_key(), str(r.details.get("since", ""))))
    return rels


def influence_edges(g: MemGraph, t: str) -> list[Edge]:
    out = [
        e
        for etype in ("REPORTS_TO", "INFLUENCES", "MEMBER_OF")
        for e in g.edges_of_type(etype)
        if e.active(t)
    ]
    out.sort(key=lambda e: e.key)
    return out


def edges_between(
    g: MemGraph, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[Edge]]:
    """Edges joining each pair, in either direction, any date (for wording explanations)."""
    out: dict[tuple[str, str], list[Edge]] = {}
    for a, b in pairs:
        found: list[Edge] = []
        if a in g and b in g:
            for s, d in ((a, b), (b, a)):
                found.extend(data["e"] for data in g.g.succ[s].get(d, {}).values())
        found.sort(key=lambda e: edge_key(e.type, e.source, e.target, e.since))
        out[(a, b)] = found
    return out
