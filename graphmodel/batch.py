"""What an import carries from the loaders to a store, and what it would change there.

Loaders turn files into an :class:`ImportBatch` (validated rows plus where each came from);
stores compare it with what they hold (:func:`plan_import`) so a dry run and a real import
report the same counts, and a refused import names the file, row and column of each problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from graphmodel.errors import ImportProblem, ImportRejected
from graphmodel.model import Edge, EdgeKey, Node
from graphmodel.schema import SCHEMA

__all__ = ["ImportBatch", "ImportPlan", "Origin", "plan_import"]

Origin = tuple[str, int]
"""(file, row) where a record was read."""


@dataclass(slots=True)
class ImportBatch:
    """Validated records of one import. Node ids and edge keys are unique within it."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[EdgeKey, Edge] = field(default_factory=dict)
    node_origin: dict[str, Origin] = field(default_factory=dict)
    edge_origin: dict[EdgeKey, Origin] = field(default_factory=dict)
    edge_end_columns: dict[EdgeKey, tuple[str, str]] = field(default_factory=dict)
    """The CSV column names of an edge's source and target, for error messages."""
    node_id_columns: dict[str, str] = field(default_factory=dict)
    """The CSV column a node's id was read from, when it is not ``id`` (friendly formats)."""
    files: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportPlan:
    """What applying a batch does: counts, and the records that are new or changed."""

    nodes_added: list[Node] = field(default_factory=list)
    nodes_changed: list[Node] = field(default_factory=list)
    nodes_unchanged: int = 0
    edges_added: list[Edge] = field(default_factory=list)
    edges_changed: list[Edge] = field(default_factory=list)
    edges_unchanged: int = 0

    @property
    def is_noop(self) -> bool:
        return not (
            self.nodes_added or self.nodes_changed or self.edges_added or self.edges_changed
        )

    def counts(self) -> dict[str, int]:
        return {
            "nodes_added": len(self.nodes_added),
            "nodes_changed": len(self.nodes_changed),
            "nodes_unchanged": self.nodes_unchanged,
            "edges_added": len(self.edges_added),
            "edges_changed": len(self.edges_changed),
            "edges_unchanged": self.edges_unchanged,
        }


def plan_import(
    batch: ImportBatch,
    existing_nodes: Callable[[Iterable[str]], Mapping[str, Node]],
    existing_edges: Callable[[Iterable[EdgeKey]], Mapping[EdgeKey, Edge]],
) -> ImportPlan:
    """Check a batch against a store's contents and work out what it changes.

    Refuses (``ImportRejected``) an id that exists with another type, and an edge whose end is
    neither in the batch nor in the store, or is of a type the edge type does not allow.
    Node properties merge (a value given replaces, a value not given is kept); an empty name
    keeps the stored one, and a new node without a name is named by its id (an HR export knows
    a company only by its id). An edge's ``until`` and properties are replaced, so a re-export
    that closes a relationship closes it.
    """
    problems: list[ImportProblem] = []
    end_ids = {e.source for e in batch.edges.values()} | {e.target for e in batch.edges.values()}
    stored = dict(existing_nodes(set(batch.nodes) | end_ids))
    plan = ImportPlan()
    merged: dict[str, Node] = {}
    for nid, node in batch.nodes.items():
        old = stored.get(nid)
        if old is None:
            if not node.name:
                node = Node(nid, node.type, nid, node.props)
            plan.nodes_added.append(node)
            merged[nid] = node
            continue
        if old.type != node.type:
            file, row = batch.node_origin.get(nid, ("?", None))
            problems.append(
                ImportProblem(
                    file,
                    row,
                    batch.node_id_columns.get(nid, "id"),
                    f"id {nid!r} already exists as a {old.type}, not a {node.type}",
                )
            )
            continue
        new = Node(nid, node.type, node.name or old.name, {**old.props, **node.props})
        merged[nid] = new
        if new.name != old.name or new.props != old.props:
            plan.nodes_changed.append(new)
        else:
            plan.nodes_unchanged += 1

    def type_of(nid: str) -> str | None:
        node = merged.get(nid) or stored.get(nid)
        return node.type if node else None

    # Fast path first: a million-edge import spends most of this loop on good edges.
    types = {nid: n.type for nid, n in stored.items()}
    types.update((nid, n.type) for nid, n in merged.items())
    ends = {n: (frozenset(t.sources), frozenset(t.targets)) for n, t in SCHEMA.edge_types.items()}
    for key, edge in batch.edges.items():
        sources, targets = ends[edge.type]
        if types.get(edge.source) in sources and types.get(edge.target) in targets:
            continue
        spec = SCHEMA.edge_types[edge.type]
        file, row = batch.edge_origin.get(key, ("?", None))
        cols = batch.edge_end_columns.get(key, ("source", "target"))
        for end, col, allowed in (
            (edge.source, cols[0], spec.sources),
            (edge.target, cols[1], spec.targets),
        ):
            etype = type_of(end)
            if etype is None:
                problems.append(
                    ImportProblem(
                        file, row, col, f"{edge.type} refers to {end!r}, which is not a known node"
                    )
                )
            elif etype not in allowed:
                problems.append(
                    ImportProblem(
                        file,
                        row,
                        col,
                        f"{edge.type} cannot {'start' if col == cols[0] else 'end'} at {end!r}, "
                        f"a {etype}; it needs a {' or '.join(allowed)}",
                    )
                )
    if problems:
        raise ImportRejected(problems)
    stored_edges = existing_edges(batch.edges.keys())
    for key, edge in batch.edges.items():
        old_edge = stored_edges.get(key)
        if old_edge is None:
            plan.edges_added.append(edge)
        elif old_edge.until != edge.until or old_edge.props != edge.props:
            plan.edges_changed.append(edge)
        else:
            plan.edges_unchanged += 1
    return plan
