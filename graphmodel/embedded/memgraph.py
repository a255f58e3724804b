"""The in-memory graph the embedded store traverses: a networkx MultiDiGraph of records.

Each node carries its :class:`Node` under ``"n"``; each edge is keyed by its identity
(:data:`EdgeKey`) and carries its :class:`Edge` under ``"e"``. Symmetric edges are stored once,
with ``source <= target``; :meth:`MemGraph.edges` walks both directions for them, so rule code
never has to remember which end was stored first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from graphmodel.decisions import Decision, DecisionKey
from graphmodel.model import Edge, EdgeKey, Node
from graphmodel.schema import SCHEMA

__all__ = ["MemGraph"]

_SYMMETRIC = SCHEMA.symmetric_types


class MemGraph:
    def __init__(self) -> None:
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_type: dict[str, list[Edge]] | None = None
        self.decisions: dict[DecisionKey, Decision] = {}
        """Decisions on findings, by key (a record of their own, not nodes of the graph)."""

    # ---- building ------------------------------------------------------------------------
    def add_node(self, node: Node) -> None:
        self.g.add_node(node.id, n=node)
        self._by_type = None

    def add_edge(self, edge: Edge) -> None:
        """Add or replace (same key) an edge; both ends must already be nodes."""
        edge = edge.normalized()
        self.g.add_edge(edge.source, edge.target, key=edge.key, e=edge)
        self._by_type = None

    def load(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        """Add or replace many nodes and edges (same effect as add_node/add_edge for each).

        Fills networkx's adjacency dicts directly, the way ``MultiDiGraph.add_edge`` does:
        ``add_edges_from`` calls ``add_edge`` and walks views per edge (~9 µs), which made
        opening a portfolio with a million relationships take 10 s; this takes ~1 µs an edge.
        """
        g = self.g
        node_data, succ, pred = g._node, g._succ, g._pred
        for n in nodes:
            data = node_data.get(n.id)
            if data is None:
                node_data[n.id] = {"n": n}
                succ[n.id] = {}
                pred[n.id] = {}
            else:
                data["n"] = n
        for e in edges:
            if e.type in _SYMMETRIC and e.target < e.source:
                e = e.normalized()
            u, v = e.source, e.target
            out = succ.get(u)
            if out is None:  # as networkx does: an end without a Node record
                out = succ[u] = {}
                pred[u] = {}
                node_data[u] = {}
            keydict = out.get(v)
            if keydict is None:
                into = pred.get(v)
                if into is None:
                    succ[v] = {}
                    into = pred[v] = {}
                    node_data[v] = {}
                keydict = out[v] = {}
                into[u] = keydict
            key = (e.type, u, v, e.since)
            data = keydict.get(key)
            if data is None:
                keydict[key] = {"e": e}
            else:
                data["e"] = e
        nx._clear_cache(g)
        self._by_type = None

    def clear(self) -> None:
        self.g = nx.MultiDiGraph()
        self._by_type = None
        self.decisions = {}

    def load_decisions(self, decisions: Iterable[Decision]) -> None:
        """Add or replace decisions (same key)."""
        self.decisions.update((d.key, d) for d in decisions)

    # ---- reading -------------------------------------------------------------------------
    # The readers below walk networkx's own dicts (``_node``, ``_succ``, ``_pred``), as
    # ``load`` fills them: its public views build a view object per neighbour, which made
    # adjacency walks 2-3x slower in the rule engine's hot loops.
    def node(self, nid: str) -> Node | None:
        data = self.g._node.get(nid)
        return data["n"] if data else None

    def edge(self, key: EdgeKey) -> Edge | None:
        """The edge with this identity (symmetric types: ends in stored order), or None."""
        data = self.g._succ.get(key[1], {}).get(key[2], {}).get(key)
        return data["e"] if data else None

    def __contains__(self, nid: str) -> bool:
        return nid in self.g

    def nodes_of_type(self, ntype: str) -> Iterator[Node]:
        for _, data in self.g.nodes(data="n"):
            if data.type == ntype:
                yield data

    def out_edges(self, nid: str, etype: str) -> Iterator[Edge]:
        """Edges of ``etype`` stored with ``nid`` as source."""
        for keyed in self.g._succ[nid].values():
            for data in keyed.values():
                e = data["e"]
                if e.type == etype:
                    yield e

    def in_edges(self, nid: str, etype: str) -> Iterator[Edge]:
        """Edges of ``etype`` stored with ``nid`` as target."""
        for keyed in self.g._pred[nid].values():
            for data in keyed.values():
                e = data["e"]
                if e.type == etype:
                    yield e

    def edges(self, nid: str, etype: str, direction: str = "out") -> Iterator[tuple[str, Edge]]:
        """(other end, edge) pairs. ``direction`` is "out", "in" or "both"; symmetric types are
        always walked in both directions."""
        if direction in ("out", "both") or etype in _SYMMETRIC:
            for e in self.out_edges(nid, etype):
                yield e.target, e
        if direction in ("in", "both") or etype in _SYMMETRIC:
            for e in self.in_edges(nid, etype):
                if e.source != e.target or direction == "in":
                    yield e.source, e

    def incident(self, nid: str, etypes: frozenset[str]) -> Iterator[tuple[str, Edge]]:
        """(other end, edge) for every edge of one of ``etypes`` touching ``nid``, in either
        direction (a self-loop once): one pass over the node's adjacency for walks that follow
        several types at once, where :meth:`edges` takes two passes per type."""
        for other, keyed in self.g._succ[nid].items():
            for data in keyed.values():
                e = data["e"]
                if e.type in etypes:
                    yield other, e
        for other, keyed in self.g._pred[nid].items():
            if other == nid:
                continue
            for data in keyed.values():
                e = data["e"]
                if e.type in etypes:
                    yield other, e

    def edges_of_type(self, etype: str) -> list[Edge]:
        """All edges of one type; the index is rebuilt lazily after any change."""
        if self._by_type is None:
            index: dict[str, list[Edge]] = {}
            for e in self.all_edges():
                index.setdefault(e.type, []).append(e)
            self._by_type = index
        return self._by_type.get(etype, [])

    def all_edges(self) -> Iterator[Edge]:
        for neighbours in self.g._succ.values():
            for keyed in neighbours.values():
                for data in keyed.values():
                    yield data["e"]
