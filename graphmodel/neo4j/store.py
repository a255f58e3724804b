"""The Neo4j store: the same answers as the embedded store, from a Neo4j server.

The rules run inside the database: the traversals (who reaches a firewalled program and by
which routes, person-to-person hops, corporate groups, counterparty paths) are the Cypher files
in ``queries/``. Python only makes the final canonical choices among the candidates a query
returns (the shortest route, then the smallest id list, compared as Python compares strings),
with the same functions as ``queries.engine``, so the two stores cannot drift apart on
tie-breaking; the conformance suite holds them to identical findings.

Storage. Every node has its type as label plus ``:Entity``; uniqueness constraints on ``id``
for ``:Entity`` (ids are unique across types) and for each type give index lookups by id.
An edge is identified by (type, ends, since), with symmetric types stored once with
``source <= target``; ``since`` and ``until`` are strings, ``""`` when open, so "active on t" is
``(since = '' OR since <= t) AND (until = '' OR t <= until)`` in Cypher exactly as in Python.
Nodes also carry casefolded copies of id and name (``~id``, ``~name``) so search matches the way
Python's ``str.casefold`` does. Labels and relationship types come only from the schema,
backtick-quoted; values are always parameters.

Imports are all-or-nothing: one explicit transaction holds the batched ``UNWIND ... MERGE``
statements of the whole plan and commits once. If the server goes away before the commit the
import is retried a few times from scratch; if it goes away *during* the commit, an import
receipt written in the same transaction tells afterwards whether it was stored.

Reads go through ``execute_read`` (read routing), so ``neo4j://`` and ``neo4j+s://`` URIs of a
cluster or Aura send them to any member that can serve them.
"""

from __future__ import annotations

import datetime as _dt
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConstraintError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.errors import AllymapError, NoDatabase, NotFound, StoreUnavailable
from graphmodel.model import (
    EDGE_FIELDS,
    NODE_FIELDS,
    Edge,
    EdgeKey,
    Finding,
    Node,
    add_days,
    edge_key,
    reserved_property,
)
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore, Progress, Relationship, Subgraph, scope_rows
from queries import engine
from queries.engine import (
    Interval,
    Route,
    breaches_and_cooling,
    candidate_route,
    dedupe,
    merge_firewalls,
    route_order,
    wall_findings,
)

__all__ = ["Neo4jStore", "cypher"]

T = TypeVar("T")

# The driver logs lost connections itself; allymap reports them as StoreUnavailable. Without a
# handler, Python would print the driver's log lines on stderr next to allymap's own message.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

ENTITY = "Entity"
"""The label every allymap node carries besides its type."""
RECEIPT = "AllymapImport"
"""The label of import receipts (see :meth:`Neo4jStore.write`)."""
STATE = "AllymapState"
"""The label of the one node holding the graph's version and the writer lock."""
_NODE_RESERVED = frozenset({"id", "name", "~id", "~name", "~sort"})
_EDGE_RESERVED = frozenset({"since", "until"})
if not all(reserved_property(k, NODE_FIELDS) for k in _NODE_RESERVED) or not all(
    reserved_property(k, EDGE_FIELDS) for k in _EDGE_RESERVED
):  # pragma: no cover - a property with one of these names would be lost on Neo4j
    raise RuntimeError("the loaders must refuse every property name the Neo4j store keeps")
_COMPANY = "Company"
_SCHEMES = frozenset(f"{base}{tls}" for base in ("bolt", "neo4j") for tls in ("", "+s", "+ssc"))
"""Bolt URIs: direct (bolt) or routed (neo4j), plain or TLS (+s verifies, +ssc self-signed)."""
_COMPANY_EDGE_TYPES = sorted(
    name
    for name, et in SCHEMA.edge_types.items()
    if _COMPANY in (*et.sources, *et.targets) and "Person" not in (*et.sources, *et.targets)
)
"""Company-to-company and company-to-alliance types: the partner timeline (as the embedded
store derives them from the schema)."""

if {ENTITY, RECEIPT, STATE} & SCHEMA.node_types.keys():  # pragma: no cover
    raise RuntimeError(f"schema.yaml may not define node types named {ENTITY}, {RECEIPT}, {STATE}")


# ---- Cypher files --------------------------------------------------------------------------


@cache
def cypher(name: str) -> str:
    """The text of ``graphmodel/neo4j/cypher/<name>.cypher`` (package data)."""
    return (
        resources.files("graphmodel.neo4j").joinpath("cypher", f"{name}.cypher").read_text("utf-8")
    )


def _uri_problem(uri: str) -> str:
    """Why ``uri`` cannot be a Neo4j address (" (reason)"), or "" if it can. The driver
    itself takes ``bolt://`` for localhost:7687 and wraps a port above 65535 around to some
    other port: a typo would then reach another server, which might answer."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in _SCHEMES:
        return " (it must start with bolt://, neo4j:// or one of their +s and +ssc forms)"
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError as err:
        return f" ({err})"
    if not parts.hostname:
        return " (it names no server)"
    if port == 0:
        return " (port 0)"
    return ""


def _words(err: BaseException) -> str:
    """An error's text on one line (the driver's messages span several)."""
    return " ".join(str(err).split())


def _quote(name: str) -> str:
    """Backtick-quote a label or type name; only ever called with names from the schema."""
    return "`" + name.replace("`", "``") + "`"


@cache
def _for_label(name: str, label: str) -> str:
    if label not in SCHEMA.node_types:
        raise ValueError(f"{label!r} is not a node type of the schema")
    return cypher(name).replace("__LABEL__", _quote(label))


@cache
def _for_type(name: str, etype: str) -> str:
    if etype not in SCHEMA.edge_types:
        raise ValueError(f"{etype!r} is not an edge type of the schema")
    declared = "".join(
        f", {_quote(spec.name)}: r.d[{i}]"
        for i, spec in enumerate(SCHEMA.edge_types[etype].properties)
    )
    return cypher(name).replace("__TYPE__", _quote(etype)).replace("__PROPS__", declared)


def _schema_statements() -> list[tuple[str, str]]:
    """(name, DDL) of every constraint and index the store relies on, derived from the schema."""
    out = [
        (
            f"allymap_{label.lower()}_id",
            f"CREATE CONSTRAINT {_quote(f'allymap_{label.lower()}_id')} IF NOT EXISTS "
            f"FOR (n:{_quote(label)}) REQUIRE n.id IS UNIQUE",
        )
        for label in (ENTITY, *SCHEMA.node_types, RECEIPT, STATE)
    ]
    out.append(
        (
            "allymap_sort",
            f"CREATE RANGE INDEX `allymap_sort` IF NOT EXISTS FOR (n:{_quote(ENTITY)}) "
            "ON (n.`~sort`)",
        )
    )
    for key in ("~id", "~name"):
        name = f"allymap_search_{key[1:]}"
        out.append(
            (
                name,
                f"CREATE TEXT INDEX {_quote(name)} IF NOT EXISTS "
                f"FOR (n:{_quote(ENTITY)}) ON (n.{_quote(key)})",
            )
        )
    return out


# ---- records -------------------------------------------------------------------------------


def _node(nid: str, labels: Sequence[str], props: Mapping[str, Any]) -> Node:
    ntype = next((lb for lb in labels if lb in SCHEMA.node_types), "")
    user = {k: v for k, v in props.items() if k not in _NODE_RESERVED}
    return Node(nid, ntype, str(props.get("name") or ""), user)


def _edge(etype: str, source: str, target: str, props: Mapping[str, Any]) -> Edge:
    user = {k: v for k, v in props.items() if k not in _EDGE_RESERVED}
    return Edge(
        etype, source, target, str(props.get("since") or ""), str(props.get("until") or ""), user
    )


def sort_key(name: str, nid: str) -> str:
    """A string whose order in Neo4j equals Python's order of ``(name, nid)``.

    Neo4j compares strings by UTF-16 code units, Python by code points; they disagree when an
    astral character (a surrogate pair) meets one in U+E000..U+FFFF. Each code point becomes
    three characters below U+0100 (7 bits each, offset 0x20), so both orders are plain
    numeric order; a U+0001 between name and id sorts a name before its extensions.

    >>> names = ["\U0001f600 Lab", "\uff21 Lab", "A Lab"]
    >>> sorted(names, key=lambda s: s.encode("utf-16-be")) == sorted(names)  # Neo4j's order
    False
    >>> sorted(names, key=lambda s: sort_key(s, "x")) == sorted(names)
    True
    """
    return "\x01".join(
        "".join(
            chr(0x20 + (cp >> 14)) + chr(0x20 + ((cp >> 7) & 0x7F)) + chr(0x20 + (cp & 0x7F))
            for cp in map(ord, part)
        )
        for part in (name, nid)
    )


def _node_row(n: Node) -> dict[str, Any]:
    props = {k: v for k, v in n.props.items() if k not in _NODE_RESERVED}
    props.update(
        {
            "id": n.id,
            "name": n.name,
            "~id": n.id.casefold(),
            "~name": n.name.casefold(),
            "~sort": sort_key(n.name, n.id),
        }
    )
    return {"id": n.id, "props": props}


def _edge_row(e: Edge) -> dict[str, Any]:
    props = {k: v for k, v in e.props.items() if k not in _EDGE_RESERVED}
    props.update({"since": e.since, "until": e.until})
    return {"source": e.source, "target": e.target, "since": e.since, "props": props}


@cache
def _declared(etype: str) -> tuple[str, ...]:
    return tuple(spec.name for spec in SCHEMA.edge_types[etype].properties)


def _extra(e: Edge) -> dict[str, Any]:
    """An edge's properties that the schema does not declare for its type."""
    declared = _declared(e.type)
    return {k: v for k, v in e.props.items() if k not in declared and k not in _EDGE_RESERVED}


def _element_row(e: Edge, element: Mapping[str, str]) -> dict[str, Any]:
    """An edge row for create_edges(_extra).cypher: ends by element id, declared properties
    in schema order (None when absent), undeclared ones in ``extra``."""
    return {
        "a": element[e.source],
        "b": element[e.target],
        "since": e.since,
        "until": e.until,
        "d": [e.props.get(name) for name in _declared(e.type)],
        "extra": _extra(e),
    }


def _interval(sinces: Sequence[str], untils: Sequence[str]) -> Interval:
    """A route's active interval: [latest since, earliest until], "" = unbounded."""
    return (max((s for s in sinces if s), default=""), min((u for u in untils if u), default=""))


def _chunks(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# ---- the rules in Cypher -------------------------------------------------------------------

Links = dict[str, list[tuple[str, list[str]]]]
"""person -> [(via, people one hop closer)]: via is "" for a direct hop, else the committee."""


class _Rules:
    """The rule questions of one read transaction on day t (see docs/rules.md)."""

    def __init__(self, tx: ManagedTransaction, t: str) -> None:
        self.tx, self.t = tx, t
        self._hops_from: dict[str, tuple[dict[str, int], Links]] = {}

    def run(self, name: str, **params: Any) -> list[neo4j.Record]:
        return list(self.tx.run(cypher(name), {"t": self.t, **params}))

    # -- firewalls and access ------------------------------------------------------------
    @staticmethod
    def _walls(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Edge], dict[str, bool]]:
        edges, is_program = [], {}
        for r in rows:
            edges.append(_edge("FIREWALL", r["source"], r["target"], r["props"]))
            is_program[r["source"]] = bool(r["source_is_program"])
            is_program[r["target"]] = bool(r["target_is_program"])
        return edges, is_program

    def access(
        self, sides: Mapping[str, bool], ended: Iterable[str]
    ) -> tuple[dict[str, dict[str, Route]], dict[str, dict[str, tuple[str, Route]]]]:
        """Access maps of every side, and last-access maps of the sides in ``ended``."""
        ended = set(ended)
        rows = self.run(
            "access_routes",
            programs=sorted(s for s, prog in sides.items() if prog),
            alliances=sorted(s for s, prog in sides.items() if not prog),
            ended=sorted(ended),
        )
        found: dict[str, list[tuple[str, Route, Interval]]] = {s: [] for s in sides}
        for target, person, route, sinces, untils in rows[0][0]:
            found[target].append((person, tuple(route), _interval(sinces, untils)))
        acc = {s: engine.best_routes(routes, self.t) for s, routes in found.items()}
        last = {s: engine.last_routes(found[s], self.t) for s in ended}
        return acc, last

    def routes_from(
        self, people: Sequence[str], targets: Iterable[str], ended: Iterable[str]
    ) -> dict[str, list[tuple[str, Route, Interval]]]:
        """target -> the (person, route, interval) of ``people`` only, for each target."""
        found: dict[str, list[tuple[str, Route, Interval]]] = {t: [] for t in targets}
        if people and found:
            rows = self.run(
                "access_routes_from",
                people=list(people),
                targets=sorted(found),
                ended=sorted(set(ended)),
            )
            for target, person, route, sinces, untils in rows:
                found[target].append((person, tuple(route), _interval(sinces, untils)))
        return found

    # -- rule 3: person hops ---------------------------------------------------------------
    def hops_from_sources(
        self, side: str, sources: Iterable[str], k: int
    ) -> tuple[dict[str, int], Links]:
        """Multi-source breadth-first walk from everyone with access to ``side``, k rings."""
        key = f"{side}\0{k}"
        if key not in self._hops_from:
            self.walk_from_sides({side: sources}, k)
        return self._hops_from[key]

    def walk_from_sides(self, sources: Mapping[str, Iterable[str]], k: int) -> None:
        """The walks of :meth:`hops_from_sources` for many sides at once (see _walks): a scan
        has hundreds of firewalled sides; a walk per side and ring was thousands of round
        trips."""
        todo = {
            side: people
            for side, people in sources.items()
            if f"{side}\0{k}" not in self._hops_from
        }
        for side, walk in self._walks(todo, k).items():
            self._hops_from[f"{side}\0{k}"] = walk

    def _walks(
        self, sources: Mapping[str, Iterable[str]], k: int
    ) -> dict[str, tuple[dict[str, int], Links]]:
        """Multi-source breadth-first walks of up to k person hops, one per key of
        ``sources`` (a firewalled side, or a staffing candidate), all at once: one
        person_hops query per ring for the union of the walks' frontiers, whose rows are then
        shared out to the walks whose frontier holds each row's people. Per walk: the hop
        distance of everyone reached, and for each of them the (via, frontier people) hops
        that first reached them."""
        dist = {key: dict.fromkeys(sorted(people), 0) for key, people in sources.items()}
        links: dict[str, Links] = {key: {} for key in dist}
        frontier = {key: set(d) for key, d in dist.items()}
        for d in range(1, k + 1):
            holding: dict[str, list[str]] = defaultdict(list)  # person -> walks, this ring
            for key, ring in frontier.items():
                for u in ring:
                    holding[u].append(key)
            if not holding:
                break
            new: dict[str, set[str]] = {key: set() for key in frontier}
            for via, inside, reached in self.run("person_hops", frontier=sorted(holding), seen=[]):
                mine: dict[str, list[str]] = defaultdict(list)
                for u in inside:
                    for key in holding[u]:
                        mine[key].append(u)
                for key, here in mine.items():
                    known, into = dist[key], links[key]
                    for v in reached:
                        if v not in known:
                            into.setdefault(v, []).append((via, here))
                            new[key].add(v)
            for key, ring in new.items():
                dist[key].update(dict.fromkeys(ring, d))
            frontier = {key: ring for key, ring in new.items() if ring}
        return {key: (dist[key], links[key]) for key in dist}

    @staticmethod
    def _hop_path(p: str, dist: Mapping[str, int], links: Links) -> list[str]:
        """The smallest shortest hop path from p to a distance-0 person (engine._hop_path)."""
        path = [p]
        u = p
        for _ in range(dist[p]):  # one step closer each time: never loops on bad links
            best: str | None = None
            best_next = ""
            for via, inside in links[u]:
                elem, nxt = (via, min(inside)) if via else (inside[0], inside[0])
                if best is None or elem < best:
                    best, best_next = elem, nxt
            assert best is not None
            if best != best_next:
                path.append(best)
            path.append(best_next)
            u = best_next
        assert dist[u] == 0, f"the hop links from {p} do not lead to the other side"
        return path

    def exposures_from_sources(
        self,
        fw: tuple[str, str],
        people: Iterable[str],
        acc_b: Mapping[str, Route],
        k: int,
    ) -> Iterator[Finding]:
        """indirect_exposure for firewall [A, B] in a scan (engine._exposures)."""
        people = [p for p in people if p not in acc_b]
        if not people or not acc_b:
            return
        dist, links = self.hops_from_sources(fw[1], acc_b, k)
        for p in people:
            if p in dist:
                hops = self._hop_path(p, dist, links)
                q = hops[-1]
                yield Finding(
                    kind="indirect_exposure",
                    person=p,
                    firewall=[fw[0], fw[1]],
                    path=hops + list(acc_b[q][1:]),
                    details={"through": q, "hops": dist[p]},
                )

    def candidate_rings(
        self, people: Sequence[str], k: int
    ) -> dict[str, tuple[list[set[str]], dict[str, list[tuple[str, str]]]]]:
        """For each candidate P: rings[j] = the people exactly j person hops from P (j <= k),
        and the hops between consecutive rings (u -> [(via, v)]): P's walk (see _walks) read
        forwards. One query per ring for all candidates together; shared by every firewall
        of a staffing check."""
        out: dict[str, tuple[list[set[str]], dict[str, list[tuple[str, str]]]]] = {}
        for p, (dist, links) in self._walks({p: [p] for p in people}, k).items():
            rings: list[set[str]] = [set() for _ in range(max(dist.values()) + 1)]
            for v, d in dist.items():
                rings[d].add(v)
            forward: dict[str, list[tuple[str, str]]] = {}
            for v, hops in links.items():
                for via, here in hops:
                    for u in here:
                        forward.setdefault(u, []).append((via, v))
            out[p] = (rings, forward)
        return out

    def exposures_from_people(
        self,
        fw: tuple[str, str],
        people: Sequence[str],
        acc_b: Mapping[str, Route],
        walks: Mapping[str, tuple[list[set[str]], dict[str, list[tuple[str, str]]]]],
    ) -> Iterator[Finding]:
        """indirect_exposure for a staffing check, from walks out of each candidate (few)
        instead of one from everyone with access to B (many). The first ring of candidate P
        with someone who has access to B gives the number of hops h, and the lexicographic
        choice walks forward through people that still lead to such a person in the remaining
        hops: the same path queries.engine picks walking from B's side, since those are
        exactly the people whose distance to B's side drops by one at each step."""
        if not acc_b:
            return
        for p in people:
            if p in acc_b:
                continue
            rings, fwd = walks[p]
            h = next((j for j in range(1, len(rings)) if any(v in acc_b for v in rings[j])), 0)
            if h:
                yield self._exposure_from_rings(p, fw, rings[: h + 1], fwd, acc_b)

    @staticmethod
    def _exposure_from_rings(
        p: str,
        fw: tuple[str, str],
        rings: list[set[str]],
        fwd: Mapping[str, list[tuple[str, str]]],
        acc_b: Mapping[str, Route],
    ) -> Finding:
        h = len(rings) - 1
        good: list[set[str]] = [set() for _ in rings]
        good[h] = {v for v in rings[h] if v in acc_b}
        for j in range(h - 1, -1, -1):
            good[j] = {u for u in rings[j] if any(v in good[j + 1] for _, v in fwd.get(u, ()))}
        path = [p]
        u = p
        for j in range(h):
            options = [(via, v) for via, v in fwd.get(u, ()) if v in good[j + 1]]
            best = min(via or v for via, v in options)
            nxt = min(v for via, v in options if (via or v) == best)
            if best != nxt:
                path.append(best)
            path.append(nxt)
            u = nxt
        return Finding(
            kind="indirect_exposure",
            person=p,
            firewall=[fw[0], fw[1]],
            path=path + list(acc_b[u][1:]),
            details={"through": u, "hops": h},
        )

    # -- rule 4 ----------------------------------------------------------------------------
    def interests(self, people: Sequence[str]) -> dict[str, dict[str, set[str]]]:
        """person -> company -> interest kinds that count on t (engine._interests)."""
        found: dict[str, dict[str, set[str]]] = {}
        if not people:
            return found
        rows = self.run("interests", people=list(people), year_ago=add_days(self.t, -365))
        for person, company, kind in rows:
            kind = str(kind or "interest")
            found.setdefault(person, {}).setdefault(company, set()).add(kind)
        return found

    def counterparty_paths(
        self, pairs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[str]]:
        """(company, alliance) -> the canonical path company -> ... -> party -> alliance."""
        best: dict[tuple[str, str], list[str]] = {}
        wanted = sorted(set(pairs))
        if not wanted:
            return best
        for company, alliance, path in self.run("counterparties", pairs=[list(p) for p in wanted]):
            key = (company, alliance)
            old = best.get(key)
            if old is None or (len(path), path) < (len(old), old):
                best[key] = path
        return best

    def coi_findings(
        self,
        alliances_of: Mapping[str, Sequence[str]],
        interests: Mapping[str, Mapping[str, set[str]]],
    ) -> Iterator[Finding]:
        """conflict_of_interest for each person and each of the alliances given for them."""
        pairs = {(z, y) for p, ys in alliances_of.items() for y in ys for z in interests.get(p, {})}
        paths = self.counterparty_paths(pairs)
        for p in sorted(alliances_of):
            mine = interests.get(p, {})
            for y in sorted(alliances_of[p]):
                for z in sorted(mine):
                    path = paths.get((z, y))
                    if path is not None:
                        yield Finding(
                            kind="conflict_of_interest",
                            person=p,
                            path=[p, *path],
                            details={"alliance": y, "company": z, "interests": sorted(mine[z])},
                        )

    # -- the two entry points ---------------------------------------------------------------
    def scan(self, hops: int | None) -> list[Finding]:
        t = self.t
        edges, is_program = self._walls(self.run("firewalls"))
        firewalls = merge_firewalls(edges, t)
        sides = {s: is_program[s] for pair in firewalls for s in pair}
        cooling = {s for pair, fw in firewalls.items() if fw.cooling_off_days > 0 for s in pair}
        acc, ended = self.access(sides, cooling)
        if hops:
            self.walk_from_sides({side: acc[side] for side in sorted(sides) if acc[side]}, hops)
        findings = wall_findings(
            firewalls,
            acc,
            ended,
            t,
            (lambda fw, acc_x, acc_y: self.exposures_from_sources(fw, acc_x, acc_y, hops))
            if hops
            else None,
        )
        findings.extend(self.scan_interests())
        return dedupe(findings)

    def scan_interests(self) -> Iterator[Finding]:
        holders = sorted(
            r["person"] for r in self.run("interest_holders", year_ago=add_days(self.t, -365))
        )
        interests = self.interests(holders)
        people = sorted(p for p in holders if interests.get(p))
        if not people:
            return
        reached = {
            r["person"]: list(r["alliances"]) for r in self.run("alliances_reached", people=people)
        }
        yield from self.coi_findings(reached, interests)

    def staffing(self, program: str, people: Sequence[str], hops: int) -> list[Finding]:
        """queries.engine.staffing, with the queries batched over the program's firewalls:
        one context query, one for everyone's access to the far sides that exposure needs,
        one for the candidates' own access to the others, one walk per ring out of the
        candidates, and rule 4's two."""
        t = self.t
        rows = self.run("staffing_context", program=program)
        alliances: list[str] = sorted(set(rows[0]["alliances"])) if rows else []
        walls, is_program = self._walls(rows[0]["walls"] if rows else [])
        side_set = {program, *alliances}
        firewalls = merge_firewalls(
            (e for e in walls if e.source in side_set or e.target in side_set), t
        )
        plans = []  # (firewall, here, there, both ends are sides)
        for (a, b), fw in sorted(firewalls.items()):
            ends_in = [s for s in (a, b) if s in side_set]
            here = min(ends_in)
            plans.append((fw, here, b if here == a else a, len(ends_in) == 2))
        # exposure needs everyone with access to the far side; otherwise only candidates count
        full = {there: is_program[there] for _, _, there, both in plans if hops and not both}
        own = {there for _, _, there, _ in plans} - full.keys()
        cooling = {there for fw, _, there, _ in plans if fw.cooling_off_days > 0}
        acc_full, last_full = self.access(full, cooling & full.keys())
        mine = self.routes_from(people, own, cooling & own)
        walks = self.candidate_rings(people, hops) if full else {}
        findings: list[Finding] = []
        for fw, here, there, both in plans:
            if there in full:
                acc_there = dict(acc_full[there])
                ended_there = last_full.get(there)
            else:
                acc_there = engine.best_routes(mine[there], t)
                ended_there = engine.last_routes(mine[there], t) if there in cooling else None
            if fw.cooling_off_days <= 0:
                ended_there = None
            if both:  # the wall is between the program and its alliance: candidates reach both
                for p in people:
                    route = candidate_route(p, program, there)
                    if p not in acc_there or route_order(route) < route_order(acc_there[p]):
                        acc_there[p] = route
            acc_here = {p: candidate_route(p, program, here) for p in people}
            findings.extend(
                breaches_and_cooling(fw, (here, there), people, acc_here, acc_there, ended_there, t)
            )
            if there in full:
                findings.extend(self.exposures_from_people((here, there), people, acc_there, walks))
        if alliances:
            interests = self.interests(people)
            findings.extend(
                self.coi_findings({p: alliances for p in people if interests.get(p)}, interests)
            )
        return dedupe(findings)

    # -- partner view ----------------------------------------------------------------------
    def groups(self, companies: Sequence[str], t: str | None) -> dict[str, set[str]]:
        rows = self.tx.run(cypher("group"), {"companies": list(companies), "t": t})
        found = {r["company"]: set(r["members"]) for r in rows}
        return {c: found.get(c, {c}) for c in companies}

    def partner(self, z: str, u: str) -> list[Relationship]:
        groups = self.groups([u, z], self.t)
        gu, gz = groups[u], groups[z]
        rows = self.run("partner", us=sorted(gu), them=sorted(gz))
        rels: list[Relationship] = []
        best_alliance: dict[str, list[str]] = {}

        def dated(e: Edge, *props: str) -> dict[str, object]:
            out: dict[str, object] = {p: e.props[p] for p in props if p in e.props}
            out["since"], out["until"] = e.since, e.until
            return out

        for r in rows:
            s, c = r["source"], r["target"]
            if r["type"] == "PARTY_TO":
                y = r["alliance"]
                via = [s, y, c]
                if y not in best_alliance or via < best_alliance[y]:
                    best_alliance[y] = via
                continue
            e = _edge(r["type"], s, c, r["props"])
            if e.type == "SUPPLIES":
                if s in gz and c in gu:
                    rels.append(Relationship("supplier", [s, c], dated(e, "what")))
                if s in gu and c in gz:
                    rels.append(Relationship("customer", [s, c], dated(e, "what")))
            elif e.type == "OWNS_STAKE_IN":
                if (s in gu and c in gz) or (s in gz and c in gu):
                    rels.append(Relationship("equity", [s, c], dated(e, "percent")))
            elif e.type == "COMPETES_WITH":
                if s in gu and c in gz:
                    rels.append(Relationship("competitor", [s, c], dated(e, "market")))
                if c in gu and s in gz and s != c:
                    rels.append(Relationship("competitor", [c, s], dated(e, "market")))
        for y, via in best_alliance.items():
            rels.append(Relationship("alliance", via, {"alliance": y}))
        rels.sort(key=lambda r: (*r.sort_key(), str(r.details.get("since", ""))))
        return rels


# ---- the store -----------------------------------------------------------------------------


class Neo4jStore(GraphStore):
    """A :class:`GraphStore` on a Neo4j 5 server (Community or Enterprise, single or cluster).

    ``uri`` is any driver URI: ``bolt://host:7687`` for one server, ``neo4j://host:7687`` or
    ``neo4j+s://xxxx.databases.neo4j.io`` for a cluster or Aura. ``database`` defaults to the
    user's home database.

    Opening only connects: nothing is written. The constraints and indexes are created by the
    first import (:meth:`write`). With ``create=False`` (commands that only read) the database
    must hold an allymap graph with data, else :class:`~graphmodel.errors.NoDatabase`: a
    database never imported into (no ``AllymapState`` node), or wiped, would otherwise answer
    "nothing found", a wrong all-clear. With ``create=True`` (imports, the app) an empty
    database is an empty graph.
    """

    kind = "neo4j"
    batch_size = 20_000
    """Rows per UNWIND statement (and per progress report) during an import; measured at a
    million rows: 10,000 and 50,000 rows per statement are within 10% of each other."""
    write_attempts = 3
    """How often an import is tried when the server drops out before it commits."""
    retry_pause = 1.0
    """Seconds before the second attempt; doubled for each further one."""

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        *,
        connection_timeout: float = 10.0,
        create: bool = True,
    ) -> None:
        self.uri = uri
        self.database = database or None
        self._planned: tuple[ImportPlan, int] | None = None
        self._schema_ready = False
        problem = _uri_problem(uri)
        if problem:
            raise StoreUnavailable(
                f"{uri!r} is not a Neo4j address allymap can use{problem}. Use for example "
                "bolt://localhost:7687 (one server), or neo4j://host:7687 or "
                "neo4j+s://xxxx.databases.neo4j.io (a cluster or Aura)."
            )
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                notifications_min_severity="OFF",
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=connection_timeout * 3,
                max_transaction_retry_time=15.0,
                user_agent="allymap",
            )
        except (ConfigurationError, ValueError) as err:
            raise StoreUnavailable(
                f"{uri!r} is not a Neo4j address allymap can use ({_words(err)}). Use for example "
                "bolt://localhost:7687, neo4j://host:7687 or neo4j+s://xxxx.databases.neo4j.io."
            ) from err
        try:
            with self._talking("connecting"):
                self._driver.verify_connectivity()
            if not create:
                self._require_data()
        except BaseException:
            self._driver.close()
            raise

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r})"

    def close(self) -> None:
        self._driver.close()

    # ---- plumbing ------------------------------------------------------------------------
    @contextmanager
    def _talking(self, doing: str) -> Iterator[None]:
        """Turn the driver's connection and login errors into StoreUnavailable naming the
        server, so the CLI can say what went wrong (exit code 2) instead of a traceback."""
        where = f"the Neo4j server at {self.uri}"
        try:
            yield
        except AuthError as err:
            raise StoreUnavailable(
                f"{where} refused the login while {doing} ({err.message}). "
                "Check NEO4J_USER and NEO4J_PASSWORD."
            ) from err
        except (ServiceUnavailable, SessionExpired) as err:
            if doing == "connecting":
                raise StoreUnavailable(
                    f"Cannot reach {where}: {_words(err)}. Is the server running, and is the "
                    "address right?"
                ) from err
            raise StoreUnavailable(
                f"Lost contact with {where} while {doing}: {_words(err)}. Is the server running?"
            ) from err
        except ClientError as err:
            if err.code and "DatabaseNotFound" in err.code:
                raise StoreUnavailable(
                    f"{where} has no database {self.database!r} ({err.message})."
                ) from err
            raise
        except DriverError as err:
            raise StoreUnavailable(
                f"Problem talking to {where} while {doing}: {_words(err)}"
            ) from err
        except DatabaseError as err:
            raise StoreUnavailable(
                f"{where} failed while {doing} ({err.code}: {err.message}). The server's log "
                "says why."
            ) from err

    def _read(self, work: Callable[[ManagedTransaction], T], doing: str = "reading") -> T:
        with (
            self._talking(doing),
            self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session,
        ):
            return session.execute_read(work)

    def _query(self, name: str, **params: Any) -> list[neo4j.Record]:
        """One read query (a managed read transaction, routed to a reader)."""
        text = cypher(name)
        return self._read(lambda tx: list(tx.run(text, params)))

    def _require_data(self) -> None:
        """For readers: NoDatabase unless the database holds an allymap graph with data."""
        (row,) = self._query("graph_state")
        if row["data"]:
            return
        where = f"The Neo4j database at {self.uri}" + (
            f" (database {self.database!r})" if self.database else ""
        )
        if row["state"]:
            what = "holds an allymap graph with no data in it (everything was removed)"
        else:
            what = "holds no allymap graph: nothing has been imported into it"
        raise NoDatabase(
            f"{where} {what}. allymap has nothing to answer from. Check the address, or import "
            f"CSV files first: allymap import FILE... --neo4j {self.uri}"
        )

    def holds_data(self) -> bool:
        return bool(self._query("graph_state")[0]["data"])

    def _ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing, before the first import of
        this store (idempotent; cheap when all exist, and a user without the right to create
        them can still import into a database someone else set up). Never on open: reading
        must not change the database."""
        if self._schema_ready:
            return
        with self._driver.session(database=self.database) as session:
            have = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
            have |= {r["name"] for r in session.run("SHOW INDEXES YIELD name")}
            missing = [(n, ddl) for n, ddl in _schema_statements() if n not in have]
            created = False
            for _name, ddl in missing:
                try:
                    session.run(ddl).consume()  # type: ignore[arg-type]
                    created = True
                except ClientError as err:
                    code = err.code or ""
                    if "AlreadyExists" in code or "Forbidden" in code:
                        continue  # a concurrent opener made it, or we may not: reads still work
                    raise
            if created:
                session.run("CALL db.awaitIndexes(300)").consume()
        self._schema_ready = True

    # ---- writing -------------------------------------------------------------------------
    def existing_nodes(self, ids: Iterable[str]) -> Mapping[str, Node]:
        wanted = sorted(set(ids))
        text = cypher("existing_nodes")

        def work(tx: ManagedTransaction) -> dict[str, Node]:
            found: dict[str, Node] = {}
            for chunk in _chunks(wanted, self.batch_size):
                for nid, labels, props in tx.run(text, {"ids": list(chunk)}):
                    found[nid] = _node(nid, labels, props)
            return found

        return self._read(work) if wanted else {}

    def _existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(ids))
        text = cypher("existing_ids")

        def work(tx: ManagedTransaction) -> set[str]:
            found: set[str] = set()
            for chunk in _chunks(wanted, self.batch_size):
                found.update(r["id"] for r in tx.run(text, {"ids": list(chunk)}))
            return found

        return self._read(work) if wanted else set()

    def existing_edges(self, keys: Iterable[EdgeKey]) -> Mapping[EdgeKey, Edge]:
        keys = {k for k in keys if k[0] in SCHEMA.edge_types}
        # An edge with a new end cannot exist yet: a first import looks up no edge at all.
        present = self._existing_ids({k[1] for k in keys} | {k[2] for k in keys})
        by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
        for etype, source, target, since in keys:
            if source in present and target in present:
                by_type[etype].append({"source": source, "target": target, "since": since})
        if not by_type:
            return {}

        def work(tx: ManagedTransaction) -> dict[EdgeKey, Edge]:
            found: dict[EdgeKey, Edge] = {}
            for etype, rows in sorted(by_type.items()):
                text = _for_type("existing_edges", etype)
                for chunk in _chunks(rows, self.batch_size):
                    for source, target, props in tx.run(text, {"rows": list(chunk)}):
                        e = _edge(etype, source, target, props)
                        found[e.key] = e
            return found

        return self._read(work)

    def open_edges(
        self,
        day: str,
        out_of: Mapping[str, Collection[str]],
        into: Mapping[str, Collection[str]],
    ) -> list[Edge]:
        """One open_edges.cypher statement per chunk of nodes, in one read transaction."""
        by_node: dict[str, tuple[list[str], list[str]]] = {}
        for etype, nid, direction in scope_rows(out_of, into):
            leaving, entering = by_node.setdefault(nid, ([], []))
            (leaving if direction == "out" else entering).append(etype)
        rows = [{"id": nid, "out": o, "in": i} for nid, (o, i) in by_node.items()]
        text = cypher("open_edges")

        def work(tx: ManagedTransaction) -> list[Edge]:
            found: dict[EdgeKey, Edge] = {}
            for chunk in _chunks(rows, self.batch_size):
                for r in tx.run(text, {"rows": list(chunk), "day": day}):
                    e = _edge(r["type"], r["source"], r["target"], r["props"])
                    found[e.key] = e
            return [found[k] for k in sorted(found)]

        return self._read(work) if rows else []

    def plan(self, batch: ImportBatch, effective: str | None = None) -> ImportPlan:
        """As GraphStore.plan, remembering the graph's version the plan was made against, so
        :meth:`write` can CREATE what the plan found new instead of MERGE-ing it."""
        version = self.version()
        plan = super().plan(batch, effective)
        self._planned = (plan, version)
        return plan

    def write(self, plan: ImportPlan, progress: Progress | None = None) -> None:
        """Write a plan in ONE explicit transaction, so a refused or interrupted import leaves
        nothing behind however large it is, as batched ``UNWIND $rows ...`` statements per
        node type and edge type.

        The transaction first takes the writer lock and checks that nobody wrote since the
        plan was made (else it refuses, as the embedded store does); then what the plan found
        new is CREATEd and what it found changed is MERGEd. For a plan this store did not make,
        everything is MERGEd. Every statement must write all its rows, or the import fails.

        If the server drops out before the commit, nothing was stored and the whole import
        is tried again (``write_attempts`` in all); if it drops out during the commit, the
        receipt written in the transaction is looked up to tell whether it was stored."""
        planned = self._planned
        version = planned[1] if planned is not None and planned[0] is plan else None
        added_nodes = {n.id for n in plan.nodes_added} if version is not None else set()
        added_edges = {e.key for e in plan.edges_added} if version is not None else set()

        node_steps: list[tuple[str, list[dict[str, Any]]]] = []
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        nodes = sorted((*plan.nodes_added, *plan.nodes_changed), key=lambda n: n.id)
        for n in nodes:
            groups[("create_nodes" if n.id in added_nodes else "write_nodes", n.type)].append(
                _node_row(n)
            )
        node_steps += [(_for_label(q, label), rows) for (q, label), rows in sorted(groups.items())]
        edge_groups: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        edges = sorted(
            (e.normalized() for e in (*plan.edges_added, *plan.edges_changed)), key=lambda e: e.key
        )
        for e in edges:
            if e.key not in added_edges:
                how = "write_edges"
            else:
                how = "create_edges_extra" if _extra(e) else "create_edges"
            edge_groups[(how, e.type)].append(e)
        edge_steps = [
            (_for_type(q, etype), q.startswith("create_edges"), group)
            for (q, etype), group in sorted(edge_groups.items())
        ]
        receipt: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "nodes": len(nodes),
            "edges": len(edges),
        }
        total = len(nodes) + len(edges)
        with self._talking("preparing the database for an import"):
            self._ensure_schema()
        last: Exception | None = None
        for attempt in range(self.write_attempts):
            if attempt:
                time.sleep(self.retry_pause * 2 ** (attempt - 1))
            try:
                self._write_once(node_steps, edge_steps, receipt, version, total, progress)
                self._planned = None
                self._replan()
                return
            except TransientError as err:
                if err.code and "Memory" in err.code:
                    raise AllymapError(
                        f"The Neo4j server at {self.uri} does not have enough transaction "
                        f"memory for this import of {total:,} rows, so nothing was stored "
                        f"({err.message}). Give the server more heap or raise "
                        "db.memory.transaction.total.max, or import the files in parts."
                    ) from err
                last = err
            except (ServiceUnavailable, SessionExpired, StoreUnavailable) as err:
                last = err  # a retry that cannot reconnect is the same loss of contact
            except ConstraintError as err:  # somebody wrote around the writer lock
                raise AllymapError(
                    f"The Neo4j server at {self.uri} refused the import ({err.message}); "
                    "nothing of it was stored. Run the import again."
                ) from err
            except DatabaseError as err:  # the server itself failed: a full disk, a broken log
                raise AllymapError(
                    f"The Neo4j server at {self.uri} failed while storing the import "
                    f"({err.code}: {err.message}); nothing of it was stored. The server's log "
                    "says why (for scripts/neo4j-local: scripts/neo4j-local logs)."
                ) from err
        raise StoreUnavailable(
            f"Lost contact with the Neo4j server at {self.uri} during the import, "
            f"{self.write_attempts} times; nothing of this import was stored ({last}). "
            "Is the server running?"
        ) from last

    def _write_once(
        self,
        node_steps: Sequence[tuple[str, list[dict[str, Any]]]],
        edge_steps: Sequence[tuple[str, bool, list[Edge]]],
        receipt: Mapping[str, Any],
        version: int | None,
        total: int,
        progress: Progress | None,
    ) -> None:
        """One attempt: the whole plan in one transaction, committed once (see write)."""
        lost = AllymapError(
            "The graph in Neo4j lost nodes this import refers to while it was being written; "
            "nothing was stored. Run the import again."
        )
        done = 0

        def step(text: str, rows: list[dict[str, Any]]) -> list[Any]:
            nonlocal done
            records = tx.run(text, {"rows": rows}).values()
            done += len(rows)
            if progress is not None:
                progress(done, total)
            return records

        with self._driver.session(database=self.database) as session:
            tx = session.begin_transaction()
            try:
                tx.run(cypher("import_lock"), {"at": receipt["at"]}).consume()
                before = tx.run(cypher("import_version")).single(strict=True)["before"]
                if version is not None and before != version:
                    raise AllymapError(
                        "Another program changed the graph in Neo4j while this import was being "
                        "checked; nothing was stored. Run the import again."
                    )
                element: dict[str, str] = {}  # node id -> element id, for CREATEd edges
                for text, rows in node_steps:
                    for chunk in _chunks(rows, self.batch_size):
                        written = step(text, list(chunk))
                        if len(written) != len(chunk):
                            raise lost
                        element.update((nid, eid) for nid, eid in written)
                ends = {
                    x
                    for _, by_element, group in edge_steps
                    if by_element
                    for e in group
                    for x in (e.source, e.target)
                } - element.keys()
                for ids in _chunks(sorted(ends), self.batch_size):
                    found = tx.run(cypher("element_ids"), {"ids": list(ids)}).values()
                    element.update((nid, eid) for nid, eid in found)
                if not ends <= element.keys():
                    raise lost
                for text, by_element, group in edge_steps:
                    for part in _chunks(group, self.batch_size):
                        rows = (
                            [_element_row(e, element) for e in part]
                            if by_element
                            else [_edge_row(e) for e in part]
                        )
                        if step(text, rows) != [[len(rows)]]:
                            raise lost
                tx.run(cypher("import_receipt"), dict(receipt)).consume()
            except BaseException:
                with suppress(Exception):
                    tx.rollback()
                raise
            try:
                tx.commit()
            except (ServiceUnavailable, SessionExpired, DriverError, Neo4jError):
                if not self._committed(str(receipt["id"])):
                    raise

    def _committed(self, receipt_id: str) -> bool:
        """Whether the import with this receipt was stored (after a failed COMMIT)."""
        deadline = time.monotonic() + 30
        while True:
            try:
                rows = self._query("find_receipt", id=receipt_id)
                return bool(rows and rows[0]["found"])
            except StoreUnavailable as err:
                if time.monotonic() > deadline:
                    raise StoreUnavailable(
                        f"The connection to the Neo4j server at {self.uri} broke while the "
                        f"import was being committed, and the server has not come back to say "
                        f"whether it was stored. Check with `allymap` once it is back. ({err})"
                    ) from err
                time.sleep(1)

    def wipe(self) -> None:
        with (
            self._talking("deleting everything"),
            self._driver.session(database=self.database) as session,
        ):
            session.run(cypher("bump_version")).consume()  # type: ignore[arg-type]
            session.run(cypher("wipe")).consume()  # type: ignore[arg-type]
        self._replan()

    def _replan(self) -> None:
        """Make Neo4j plan our queries again for the graph as it now is (replan.cypher).
        A user without the right to do so only loses speed, not correctness."""
        with (
            self._talking("refreshing query plans"),
            self._driver.session(database=self.database) as session,
        ):
            try:
                session.run(cypher("replan"), {"seconds": 300}).consume()  # type: ignore[arg-type]
            except ClientError:
                with suppress(ClientError):
                    session.run(cypher("resample")).consume()  # type: ignore[arg-type]

    # ---- reading -------------------------------------------------------------------------
    def version(self) -> int:
        return int(self._query("read_version")[0]["version"])

    def search_nodes(
        self,
        text: str = "",
        types: Sequence[str] = (),
        limit: int = 50,
        where: Mapping[str, str] | None = None,
    ) -> list[Node]:
        wanted = {nt.name for t in types if (nt := SCHEMA.node(t))} if types else None
        if (types and not wanted) or limit <= 0:
            return []
        rows = self._query(
            "search_nodes",
            needle=text.strip().casefold(),
            labels=sorted(wanted) if wanted is not None else None,
            where=dict(where or {}),
            limit=limit,
        )
        return [_node(*r) for r in rows]

    def _nodes_by_id(self, ids: Sequence[str]) -> dict[str, Node]:
        if not ids:
            return {}
        text = cypher("nodes_by_id")

        def work(tx: ManagedTransaction) -> dict[str, Node]:
            found: dict[str, Node] = {}
            for chunk in _chunks(list(ids), self.batch_size):
                for r in tx.run(text, {"ids": list(chunk)}):
                    found[r["id"]] = _node(r["id"], r["labels"], r["props"])
            return found

        return self._read(work)

    def stats(self) -> dict[str, int]:
        def work(tx: ManagedTransaction) -> dict[str, int]:
            counts: dict[str, int] = {}
            for label in SCHEMA.node_types:
                counts[label] = tx.run(_for_label("count_nodes", label)).single(strict=True)["n"]
            for etype in SCHEMA.edge_types:
                counts[etype] = tx.run(_for_type("count_edges", etype)).single(strict=True)["n"]
            return counts

        return self._read(work)

    def all_records(self) -> tuple[list[Node], list[Edge]]:
        def work(tx: ManagedTransaction) -> tuple[list[Node], list[Edge]]:
            nodes = [_node(*r) for r in tx.run(cypher("all_nodes")).single(strict=True)[0]]
            edges: list[Edge] = []
            for etype in SCHEMA.edge_types:
                rows = tx.run(_for_type("all_edges", etype)).single(strict=True)[0]
                edges.extend(_edge(etype, *r) for r in rows)
            return nodes, edges

        nodes, edges = self._read(work)
        nodes.sort(key=lambda n: n.id)
        edges.sort(key=lambda e: e.key)
        return nodes, edges

    def neighbourhood(
        self,
        focus: str,
        depth: int,
        as_of: str | None = None,
        edge_types: Sequence[str] | None = None,
        limit: int = 5000,
    ) -> Subgraph:
        """Breadth-first in both directions, one Cypher query per ring; each ring is taken in
        id order, so when ``limit`` cuts a ring the same nodes are kept every time (as the
        embedded store does)."""
        types: list[str] | None = None
        if edge_types is not None:
            types = sorted({ref.name for t in edge_types if (ref := SCHEMA.edge(t))})
        ring_q, edges_q = cypher("neighbourhood_ring"), cypher("neighbourhood_edges")
        params = {"types": types, "t": as_of}

        def work(tx: ManagedTransaction) -> tuple[list[str], list[Edge]]:
            if tx.run(cypher("nodes_by_id"), {"ids": [focus]}).peek() is None:
                raise NotFound(f"There is no node with id {focus!r}.")
            seen = [focus]
            seen_set = {focus}
            ring = [focus]
            for _ in range(max(depth, 0)):
                if len(seen) >= limit:
                    break
                found = tx.run(ring_q, {**params, "ring": ring, "seen": seen}).single(strict=True)[
                    0
                ]
                ring = sorted(set(found) - seen_set)[: max(limit - len(seen), 0)]
                seen.extend(ring)
                seen_set.update(ring)
                if not ring:
                    break
            edges: dict[EdgeKey, Edge] = {}
            for r in tx.run(edges_q, {**params, "ids": seen}).single(strict=True)[0]:
                e = _edge(*r)
                edges[e.key] = e
            return seen, [edges[k] for k in sorted(edges)]

        seen, edges = self._read(work)
        nodes = self._nodes_by_id(seen)
        return Subgraph(nodes={nid: nodes[nid] for nid in seen if nid in nodes}, edges=edges)

    def company_edges(self, company: str) -> list[Edge]:
        def work(tx: ManagedTransaction) -> list[Edge]:
            rows = list(tx.run(cypher("nodes_by_id"), {"ids": [company]}))
            if (
                not rows
                or _node(rows[0]["id"], rows[0]["labels"], rows[0]["props"]).type != _COMPANY
            ):
                raise NotFound(f"There is no company with id {company!r}.")
            group = _Rules(tx, "").groups([company], None)[company]
            found: dict[EdgeKey, Edge] = {}
            for r in tx.run(
                cypher("company_edges"),
                {"companies": sorted(group), "types": _COMPANY_EDGE_TYPES},
            ):
                e = _edge(r["type"], r["source"], r["target"], r["props"])
                found[e.key] = e
            return [found[k] for k in sorted(found)]

        return self._read(work)

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Edge]]:
        wanted = list(dict.fromkeys(pairs))
        directed = sorted({(a, b) for a, b in wanted} | {(b, a) for a, b in wanted})
        stored: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        if directed:
            for r in self._query("edges_between", pairs=[list(p) for p in directed]):
                stored[(r["source"], r["target"])].append(
                    _edge(r["type"], r["source"], r["target"], r["props"])
                )
        out: dict[tuple[str, str], list[Edge]] = {}
        for a, b in wanted:
            found = [*stored.get((a, b), []), *stored.get((b, a), [])]
            found.sort(key=lambda e: edge_key(e.type, e.source, e.target, e.since))
            out[(a, b)] = found
        return out

    def headcounts(self, as_of: str) -> dict[str, int]:
        return {r["company"]: r["n"] for r in self._query("headcounts", t=as_of)}

    def employments(self, people: Iterable[str], as_of: str) -> dict[str, list[Edge]]:
        ids = list(dict.fromkeys(people))
        out: dict[str, list[Edge]] = defaultdict(list)
        for chunk in _chunks(ids, self.batch_size):
            for r in self._query("employments", ids=list(chunk), t=as_of):
                out[r["source"]].append(_edge("EMPLOYED_BY", r["source"], r["target"], r["props"]))
        return {p: sorted(out[p], key=lambda e: e.key) for p in ids if p in out}

    def influence_edges(self, as_of: str) -> list[Edge]:
        rows = self._query("influence_edges", t=as_of)[0][0]
        edges = [_edge(*r) for r in rows]
        edges.sort(key=lambda e: e.key)
        return edges

    # ---- rules ---------------------------------------------------------------------------
    def scan_findings(self, as_of: str, hops: int | None) -> list[Finding]:
        return self._read(lambda tx: _Rules(tx, as_of).scan(hops), "scanning for conflicts")

    def staffing_findings(
        self, program: str, people: Sequence[str], as_of: str, hops: int
    ) -> list[Finding]:
        people = list(people)
        return self._read(
            lambda tx: _Rules(tx, as_of).staffing(program, people, hops), "checking a staffing"
        )

    def partner_relationships(self, partner: str, of: str, as_of: str) -> list[Relationship]:
        return self._read(lambda tx: _Rules(tx, as_of).partner(partner, of))
