"""The finders (:mod:`graphmodel.finders`) in Cypher, inside one read transaction.

Each finder is one query (one per ring for hop walks) over everything it is asked at once, and
its rows come back as the records of ``graphmodel/finders.py``: the traversals run in the
database, and Python only turns rows into routes, walks and edges. Large answers are one
collected list (``routes_to``, ``edges``), which the driver decodes several times faster than a
record per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import neo4j
from neo4j import ManagedTransaction

from graphmodel.decisions import Decision
from graphmodel.finders import Finders, HopKinds, HopWalk, Links, Route, Shape
from graphmodel.model import Edge, Node
from graphmodel.neo4j.records import edge_record, node_record
from graphmodel.neo4j.templates import cypher, for_hops, for_label, for_shapes, for_types

__all__ = ["Neo4jFinders"]


def _routes(rows: Iterable[Sequence[Any]], into: dict[str, list[Route]]) -> dict[str, list[Route]]:
    for target, nodes, sinces, untils in rows:
        into.setdefault(target, []).append(Route(tuple(nodes), tuple(sinces), tuple(untils)))
    return into


class Neo4jFinders(Finders):
    """The finders of one read transaction (see :meth:`Neo4jStore.read`)."""

    walks_at_once = 200
    """Sides per hop_walks call in a scan: a few round trips per ring at 100k people, and the
    walks of a batch, not of every side, in memory at once."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self.tx = tx

    def _run(self, text: str, **params: Any) -> list[neo4j.Record]:
        return list(self.tx.run(text, params))

    def change_dates(
        self, types: Sequence[str], start: str, end: str
    ) -> tuple[frozenset[str], frozenset[str]]:
        (row,) = self._run(for_types("change_dates", tuple(types)), start=start, end=end)
        return frozenset(row["sinces"]), frozenset(row["untils"])

    def node_types(self, ids: Collection[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._run(cypher("node_types"), ids=wanted)[0]["rows"]
        return {nid: node_record(nid, labels, {}).type for nid, labels in rows}

    def decisions(self, t: str | None) -> list[Decision]:
        rows = self._run(cypher("decisions"))[0]["rows"]
        found = sorted((Decision.from_row(r) for r in rows), key=lambda d: d.key)
        return [d for d in found if t is None or d.active(t)]

    def edges(
        self, types: Sequence[str], t: str | None, touching: Collection[str] | None = None
    ) -> list[Edge]:
        if touching is None:
            rows = self._run(for_types("edges_all", tuple(types)), t=t)
        else:
            ids = sorted(set(touching))
            if not ids:
                return []
            rows = self._run(for_types("edges_touching", tuple(types)), ids=ids, t=t)
        return [edge_record(*r) for r in rows[0]["rows"]]

    def nodes(self, ntype: str) -> list[Node]:
        rows = self._run(for_label("nodes_of_label", ntype))
        return [node_record(*r) for r in rows[0]["rows"]]

    def routes_to(
        self, shapes: Sequence[Shape], targets: Collection[str], t: str, ended: Collection[str] = ()
    ) -> dict[str, Iterable[Route]]:
        wanted = sorted(set(targets))
        found: dict[str, list[Route]] = {x: [] for x in wanted}
        if wanted:
            text = for_shapes("routes_to", tuple(shapes), "tgt")
            rows = self._run(text, targets=wanted, ended=sorted(set(ended)), t=t)
            _routes(rows[0]["rows"], found)
        return dict(found)

    def routes_from(
        self,
        shapes: Sequence[Shape],
        people: Collection[str],
        t: str,
        targets: Collection[str] | None = None,
        ended: Collection[str] = (),
    ) -> dict[str, list[Route]]:
        wanted = None if targets is None else sorted(set(targets))
        found: dict[str, list[Route]] = {} if wanted is None else {x: [] for x in wanted}
        if people and wanted != []:
            rows = self._run(
                for_shapes("routes_from", tuple(shapes), "p"),
                people=sorted(set(people)),
                targets=wanted,
                ended=sorted(set(ended)),
                t=t,
            )
            _routes(rows[0]["rows"], found)
        return found

    def hop_walks(
        self, sources: Mapping[str, Collection[str]], k: int, t: str, hops: HopKinds
    ) -> dict[str, HopWalk]:
        """All the walks ring by ring at once: one person_hops query per ring for the union of
        the walks' frontiers, whose rows are then shared out to the walks whose frontier holds
        each row's people."""
        text = for_hops("person_hops", hops)
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
            for via, inside, reached in self._run(text, frontier=sorted(holding), t=t):
                mine: dict[str, list[str]] = defaultdict(list)
                for u in inside:
                    for key in holding[u]:
                        mine[key].append(u)
                for key, here in mine.items():
                    known, into, hop = dist[key], links[key], (via, tuple(here))
                    for v in reached:
                        if v not in known:
                            into.setdefault(v, []).append(hop)
                            new[key].add(v)
            for key, ring in new.items():
                dist[key].update(dict.fromkeys(ring, d))
            frontier = {key: ring for key, ring in new.items() if ring}
        return {key: HopWalk(dist[key], links[key]) for key in dist}

    def interest_holders(self, t: str, left_since: str) -> list[str]:
        rows = self._run(cypher("interest_holders"), t=t, left_since=left_since)
        return sorted(r["person"] for r in rows)

    def interests(self, people: Collection[str], t: str, left_since: str) -> dict[str, list[Edge]]:
        found: dict[str, list[Edge]] = {}
        if people:
            rows = self._run(
                cypher("interests"), people=sorted(set(people)), t=t, left_since=left_since
            )
            for person, etype, target, props in rows:
                found.setdefault(person, []).append(edge_record(etype, person, target, props))
        return found

    def groups(self, companies: Collection[str], t: str | None) -> dict[str, frozenset[str]]:
        wanted = list(dict.fromkeys(companies))
        rows = self._run(cypher("group"), companies=wanted, t=t) if wanted else []
        found = {r["company"]: frozenset(r["members"]) for r in rows}
        return {c: found.get(c, frozenset({c})) for c in wanted}

    def counterparty_paths(
        self, pairs: Iterable[tuple[str, str]], t: str
    ) -> dict[tuple[str, str], list[list[str]]]:
        wanted = sorted(set(pairs))
        found: dict[tuple[str, str], set[tuple[str, ...]]] = {}
        if wanted:
            rows = self._run(cypher("counterparties"), pairs=[list(p) for p in wanted], t=t)
            for company, alliance, path in rows:
                found.setdefault((company, alliance), set()).add(tuple(path))
        return {pair: [list(p) for p in sorted(paths)] for pair, paths in found.items()}
