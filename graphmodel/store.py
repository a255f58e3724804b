"""The one contract both stores keep: the embedded store and the Neo4j store.

A store writes import plans, answers the app's reads (search, counts, maps, the words of
explanations), and, through :meth:`GraphStore.read`, the rules' questions: the finders of
:mod:`graphmodel.finders`, which return raw facts. The rules themselves live in
``queries/rules/`` and run unchanged on both stores, so the stores can only differ in what they
find, and the conformance suite in ``tests/`` checks that they never do. The exact meaning of
every rule, including which path is reported when several exist, is written down in
``docs/rules.md``; ``docs/architecture.md`` shows the layers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar

from graphmodel.audit import AuditEntry
from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.decisions import Decision, DecisionKey
from graphmodel.finders import Finders
from graphmodel.model import Edge, EdgeKey, Node
from graphmodel.schema import SCHEMA

__all__ = ["GraphStore", "Progress", "Subgraph", "scope_rows"]

T = TypeVar("T")

Progress = Callable[[int, int], None]
"""Called as progress(done, total) while an import is written."""


@dataclass(slots=True)
class Subgraph:
    """Nodes and edges around a focus, for maps. Edges include ended ones (shown dashed)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def scope_rows(
    out_of: Mapping[str, Collection[str]], into: Mapping[str, Collection[str]]
) -> list[tuple[str, str, str]]:
    """(edge type, node id, "out" or "in") for :meth:`GraphStore.open_edges`, in a stable
    order; refuses a type that is not in the schema or is symmetric (no "out of" there)."""
    rows: list[tuple[str, str, str]] = []
    for direction, scope in (("out", out_of), ("in", into)):
        for etype, ids in sorted(scope.items()):
            spec = SCHEMA.edge_types.get(etype)
            if spec is None or spec.symmetric:
                raise ValueError(f"open_edges: {etype!r} is not an asymmetric edge type")
            rows.extend((etype, nid, direction) for nid in sorted(set(ids)))
    return rows


class GraphStore(ABC):
    """Abstract store. ``as_of`` is always an ISO date string; ``hops`` a small int."""

    kind: str = "abstract"

    # ---- writing -------------------------------------------------------------------------
    @abstractmethod
    def existing_nodes(self, ids: Iterable[str]) -> Mapping[str, Node]:
        """The stored nodes among ``ids``."""

    @abstractmethod
    def existing_edges(self, keys: Iterable[EdgeKey]) -> Mapping[EdgeKey, Edge]:
        """The stored edges among ``keys``."""

    @abstractmethod
    def existing_decisions(self, keys: Iterable[DecisionKey]) -> Mapping[DecisionKey, Decision]:
        """The stored decisions among ``keys``."""

    @abstractmethod
    def open_edges(
        self,
        day: str,
        out_of: Mapping[str, Collection[str]],
        into: Mapping[str, Collection[str]],
    ) -> list[Edge]:
        """The edges not ended before ``day`` (``until`` empty or on or after it) of each type
        in ``out_of`` whose source is one of its ids, and of each type in ``into`` whose target
        is one of its ids, sorted by key: what a snapshot import (an HR export, a committee
        roster) looks at to close what it no longer contains. Types must not be symmetric."""

    @abstractmethod
    def write(self, plan: ImportPlan, progress: Progress | None = None) -> None:
        """Write a plan's added and changed records (nodes, edges and decisions) in one
        all-or-nothing transaction."""

    def plan(self, batch: ImportBatch, effective: str | None = None) -> ImportPlan:
        """What importing ``batch`` would change, snapshots taken on ``effective`` (default
        today); raises ImportRejected listing every problem of the batch and of its references."""
        from graphmodel.batch import plan_import

        return plan_import(
            batch,
            self.existing_nodes,
            self.existing_edges,
            self.open_edges,
            effective,
            self.existing_decisions,
        )

    def apply(
        self,
        batch: ImportBatch,
        progress: Progress | None = None,
        effective: str | None = None,
    ) -> ImportPlan:
        """Import ``batch`` atomically: all of it or, if refused or interrupted, none of it."""
        plan = self.plan(batch, effective)
        if not plan.is_noop:
            self.write(plan, progress)
        return plan

    @abstractmethod
    def wipe(self) -> None:
        """Delete everything but the audit trail: tests and benchmarks start empty (no
        command wipes)."""

    # ---- the audit trail (graphmodel.audit) ---------------------------------------------
    @abstractmethod
    def append_audit(self, user: str, action: str, detail: Mapping[str, Any]) -> AuditEntry | None:
        """Append one entry to the audit trail, chained to the last (one transaction, so two
        appenders never fork the chain), and return it. Never creates a database: on a path
        or server with no allymap graph yet there is nothing that could have been shown, and
        None is returned. It does not change :meth:`version` (caches of answers stay)."""

    @abstractmethod
    def audit_log(self) -> tuple[list[AuditEntry], tuple[int, str] | None]:
        """Every entry as stored, by ``seq``, and the head (seq, hash) recorded with the last
        append (None if nothing was appended): what :func:`graphmodel.audit.verify` checks."""

    # ---- reading -------------------------------------------------------------------------
    @abstractmethod
    def search_nodes(
        self,
        text: str = "",
        types: Sequence[str] = (),
        limit: int = 50,
        where: Mapping[str, str] | None = None,
    ) -> list[Node]:
        """Nodes whose name or id contains ``text`` (compared folded: case- and
        accent-insensitive, :func:`graphmodel.folding.fold`) and whose properties
        equal those in ``where`` (text, exactly), sorted by name then id: the pickers, and the
        staffing page's "same function" alternatives without fetching every person."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts of nodes per type and edges per type (keys are the type names)."""

    @abstractmethod
    def version(self) -> int:
        """A number that changes whenever the stored graph changes, through this object or
        another process (the CLI importing while the app runs): caches of answers key on it.
        Cheap: one small query."""

    @abstractmethod
    def holds_data(self) -> bool:
        """Whether anything was imported: at least one node is stored. Commands that only
        read refuse to answer from an empty graph, where "nothing found" would be a wrong
        all-clear, and the app shows "no data yet" instead. Cheap: one small query."""

    @abstractmethod
    def all_records(self) -> tuple[list[Node], list[Edge]]:
        """Every node and edge (exports and tests), nodes by id, edges by key."""

    # ---- the rules' questions (graphmodel.finders) --------------------------------------
    @abstractmethod
    def read(self, work: Callable[[Finders], T], doing: str = "reading") -> T:
        """Run ``work`` (a rule) with the finders of one consistent view of the graph and return
        what it returns: on Neo4j one read transaction (routed to a reader; retried as a whole
        if the server asks, so ``work`` must only read), embedded the graph as it is in memory.
        ``doing`` names the work in errors ("scanning for conflicts")."""

    @abstractmethod
    def neighbourhood(
        self,
        focus: str,
        depth: int,
        as_of: str | None = None,
        edge_types: Sequence[str] | None = None,
        limit: int = 5000,
    ) -> Subgraph:
        """Nodes within ``depth`` hops of ``focus`` (either direction) over ``edge_types``;
        with ``as_of``, only edges active that day are walked. At most ``limit`` nodes."""

    @abstractmethod
    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Edge]]:
        """For each (a, b): the edges joining a and b in either direction, any date, by key.
        Used to word explanations ("reports to", "a subsidiary of")."""

    @abstractmethod
    def headcounts(self, as_of: str) -> dict[str, int]:
        """Employees per company on ``as_of`` (active EMPLOYED_BY edges), for companies that
        have any: the app takes the largest employer for "us" unless told otherwise."""

    @abstractmethod
    def employments(self, people: Iterable[str], as_of: str) -> dict[str, list[Edge]]:
        """Each person's EMPLOYED_BY edges active on ``as_of``, by key (people with none are
        left out): staffing alternatives are only people employed that day, and their title
        lives on that edge."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
