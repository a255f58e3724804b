"""Reading from Neo4j: search, counts, maps, explanations' links and the app's other reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from neo4j import ManagedTransaction

from graphmodel.errors import NotFound
from graphmodel.folding import fold
from graphmodel.model import Edge, EdgeKey, Node, edge_key
from graphmodel.neo4j.connection import Neo4jConnection
from graphmodel.neo4j.records import chunks, edge_record, node_record
from graphmodel.neo4j.templates import cypher, for_label, for_type
from graphmodel.schema import SCHEMA
from graphmodel.store import Subgraph
from graphmodel.vocabulary import EMPLOYED_BY


class Reads(Neo4jConnection):
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
            needle=fold(text.strip()),
            cased=text.strip().casefold(),
            labels=sorted(wanted) if wanted is not None else None,
            where=dict(where or {}),
            limit=limit,
        )
        return [node_record(*r) for r in rows]

    def _nodes_by_id(self, ids: Sequence[str]) -> dict[str, Node]:
        if not ids:
            return {}
        text = cypher("nodes_by_id")

        def work(tx: ManagedTransaction) -> dict[str, Node]:
            found: dict[str, Node] = {}
            for chunk in chunks(list(ids), self.batch_size):
                for r in tx.run(text, {"ids": list(chunk)}):
                    found[r["id"]] = node_record(r["id"], r["labels"], r["props"])
            return found

        return self._read(work)

    def stats(self) -> dict[str, int]:
        def work(tx: ManagedTransaction) -> dict[str, int]:
            counts: dict[str, int] = {}
            for label in SCHEMA.node_types:
                counts[label] = tx.run(for_label("count_nodes", label)).single(strict=True)["n"]
            for etype in SCHEMA.edge_types:
                counts[etype] = tx.run(for_type("count_edges", etype)).single(strict=True)["n"]
            return counts

        return self._read(work)

    def all_records(self) -> tuple[list[Node], list[Edge]]:
        def work(tx: ManagedTransaction) -> tuple[list[Node], list[Edge]]:
            nodes = [node_record(*r) for r in tx.run(cypher("all_nodes")).single(strict=True)[0]]
            edges: list[Edge] = []
            for etype in SCHEMA.edge_types:
                rows = tx.run(for_type("all_edges", etype)).single(strict=True)[0]
                edges.extend(edge_record(etype, *r) for r in rows)
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
                e = edge_record(*r)
                edges[e.key] = e
            return seen, [edges[k] for k in sorted(edges)]

        seen, edges = self._read(work)
        nodes = self._nodes_by_id(seen)
        return Subgraph(nodes={nid: nodes[nid] for nid in seen if nid in nodes}, edges=edges)

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Edge]]:
        wanted = list(dict.fromkeys(pairs))
        directed = sorted({(a, b) for a, b in wanted} | {(b, a) for a, b in wanted})
        stored: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        if directed:
            for r in self._query("edges_between", pairs=[list(p) for p in directed]):
                stored[(r["source"], r["target"])].append(
                    edge_record(r["type"], r["source"], r["target"], r["props"])
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
        for chunk in chunks(ids, self.batch_size):
            for r in self._query("employments", ids=list(chunk), t=as_of):
                out[r["source"]].append(
                    edge_record(EMPLOYED_BY, r["source"], r["target"], r["props"])
                )
        return {p: sorted(out[p], key=lambda e: e.key) for p in ids if p in out}
