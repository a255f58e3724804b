"""Reading the embedded store: search, counts, maps, explanations' links, the app's reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter

from graphmodel.embedded.connection import EmbeddedFile
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.errors import NotFound
from graphmodel.folding import fold
from graphmodel.model import Edge, EdgeKey, Node
from graphmodel.schema import SCHEMA
from graphmodel.store import Subgraph
from graphmodel.vocabulary import EMPLOYED_BY


def _name_order(node: Node) -> tuple[str, str]:
    return (node.name, node.id)


class Reads(EmbeddedFile):
    # ---- reading -------------------------------------------------------------------------
    def version(self) -> int:
        """``generation``, bumped first if another process committed since the last look.
        (SQLite's data_version counts other connections' commits only; our own imports bump
        ``generation`` themselves.)"""
        with self._lock:
            self._sync()  # a new file bumps the generation itself
            seen = (self._epoch, self._version())
            if seen != self._seen_version:
                self._seen_version = seen
                self.generation += 1
            return self.generation

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
        needle = fold(text.strip())
        found: list[Node] = []
        for node, id_key, name_key in self._by_name():
            if (
                (wanted is None or node.type in wanted)
                and (not needle or needle in id_key or needle in name_key)
                and (not where or all(node.props.get(k) == v for k, v in where.items()))
            ):
                found.append(node)
                if len(found) == limit:
                    break
        return found

    def _by_name(self) -> list[tuple[Node, str, str]]:
        """Every node in (name, id) order with its folded id and name (:func:`fold`), kept until the
        graph changes: a picker's search stops at its limit instead of sorting every name on
        every keystroke (docs/benchmarks.md, "The app's reads")."""
        with self._lock:
            graph = self.graph  # first: a reload bumps the generation
            if self._search_index is None or self._search_index[0] != self.generation:
                nodes = sorted((n for _, n in graph.g.nodes(data="n")), key=_name_order)
                index = [(n, fold(n.id), fold(n.name)) for n in nodes]
                self._search_index = (self.generation, index)
            return self._search_index[1]

    def stats(self) -> dict[str, int]:
        with self._lock:
            graph = self.graph
            if self._stats is None:
                counts: dict[str, int] = dict.fromkeys(SCHEMA.node_types, 0)
                counts.update(dict.fromkeys(SCHEMA.edge_types, 0))
                counts.update(Counter(node.type for _, node in graph.g.nodes(data="n")))
                counts.update(Counter(e.type for e in graph.all_edges()))
                self._stats = counts
            return dict(self._stats)

    def all_records(self) -> tuple[list[Node], list[Edge]]:
        graph = self.graph
        nodes = sorted((node for _, node in graph.g.nodes(data="n")), key=attrgetter("id"))
        edges = sorted(graph.all_edges(), key=attrgetter("type", "source", "target", "since"))
        return nodes, edges

    def _incident(
        self, graph: MemGraph, nid: str, types: frozenset[str] | None, as_of: str | None
    ) -> Iterator[tuple[str, Edge]]:
        """(other end, edge) for every edge touching ``nid`` that the walk may use."""
        g = graph.g
        for adjacency, outgoing in ((g.succ, True), (g.pred, False)):
            for other, keyed in adjacency[nid].items():
                for data in keyed.values():
                    e: Edge = data["e"]
                    if types is not None and e.type not in types:
                        continue
                    if as_of is not None and not e.active(as_of):
                        continue
                    if outgoing or other != nid:
                        yield other, e

    def neighbourhood(
        self,
        focus: str,
        depth: int,
        as_of: str | None = None,
        edge_types: Sequence[str] | None = None,
        limit: int = 5000,
    ) -> Subgraph:
        """Breadth-first in both directions; each ring is taken in id order, so when ``limit``
        cuts a ring the same nodes are kept every time."""
        graph = self.graph
        if focus not in graph:
            raise NotFound(f"There is no node with id {focus!r}.")
        types = None
        if edge_types is not None:
            types = frozenset(ref.name for t in edge_types if (ref := SCHEMA.edge(t)))
        seen: dict[str, Node] = {focus: graph.g.nodes[focus]["n"]}
        ring = [focus]
        for _ in range(max(depth, 0)):
            if len(seen) >= limit:
                break
            found = {
                other
                for nid in ring
                for other, _ in self._incident(graph, nid, types, as_of)
                if other not in seen
            }
            ring = sorted(found)[: max(limit - len(seen), 0)]
            for nid in ring:
                seen[nid] = graph.g.nodes[nid]["n"]
            if not ring:
                break
        edges: dict[EdgeKey, Edge] = {}
        for nid in seen:
            for other, e in self._incident(graph, nid, types, as_of):
                if other in seen:
                    edges[e.key] = e
        return Subgraph(nodes=seen, edges=[edges[k] for k in sorted(edges)])

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Edge]]:
        g = self.graph.g
        out: dict[tuple[str, str], list[Edge]] = {}
        for a, b in pairs:
            found: list[Edge] = []
            if a in g and b in g:
                for s, d in ((a, b), (b, a)):
                    found.extend(data["e"] for data in g.succ[s].get(d, {}).values())
            found.sort(key=attrgetter("key"))
            out[(a, b)] = found
        return out

    def headcounts(self, as_of: str) -> dict[str, int]:
        employed = self.graph.edges_of_type(EMPLOYED_BY)
        return dict(Counter(e.target for e in employed if e.active(as_of)))

    def employments(self, people: Iterable[str], as_of: str) -> dict[str, list[Edge]]:
        graph = self.graph
        out: dict[str, list[Edge]] = {}
        for p in dict.fromkeys(people):
            if p in graph:
                jobs = [e for e in graph.out_edges(p, EMPLOYED_BY) if e.active(as_of)]
                if jobs:
                    out[p] = sorted(jobs, key=attrgetter("key"))
        return out
