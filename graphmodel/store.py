"""The one contract both stores keep: the embedded store and the Neo4j store.

A store answers the rule questions natively (networkx traversals in memory, Cypher inside
Neo4j) and returns *raw* findings: kind, person, firewall, path and details, but no sentence.
The shared layer in ``queries/`` writes the sentences, sorts, and decides statuses, so the two
stores can only differ in what they find, and the conformance suite in ``tests/`` checks that
they never do. The exact meaning of every rule, including which path is reported when several
exist, is written down in ``docs/rules.md``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.model import Edge, EdgeKey, Finding, Node
from graphmodel.schema import SCHEMA

__all__ = ["GraphStore", "Progress", "Relationship", "Subgraph", "scope_rows"]

Progress = Callable[[int, int], None]
"""Called as progress(done, total) while an import is written."""


@dataclass(slots=True)
class Relationship:
    """One active relationship between two companies' groups, in the partner view."""

    kind: str  # alliance | supplier | customer | competitor | equity
    via: list[str]
    details: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[Any, ...]:
        return (KIND_ORDER.index(self.kind), self.via)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "via": list(self.via), **self.details}


KIND_ORDER = ("alliance", "supplier", "customer", "competitor", "equity")


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
        """Write a plan's added and changed records in one all-or-nothing transaction."""

    def plan(self, batch: ImportBatch, effective: str | None = None) -> ImportPlan:
        """What importing ``batch`` would change, snapshots taken on ``effective`` (default
        today); raises ImportRejected listing every problem of the batch and of its references."""
        from graphmodel.batch import plan_import

        return plan_import(
            batch, self.existing_nodes, self.existing_edges, self.open_edges, effective
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
        """Delete everything (tests and `allymap import --replace`)."""

    # ---- reading -------------------------------------------------------------------------
    @abstractmethod
    def search_nodes(
        self,
        text: str = "",
        types: Sequence[str] = (),
        limit: int = 50,
        where: Mapping[str, str] | None = None,
    ) -> list[Node]:
        """Nodes whose name or id contains ``text`` (case-insensitive) and whose properties
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

    # ---- rules (raw findings; see docs/rules.md) ------------------------------------------
    @abstractmethod
    def scan_findings(self, as_of: str, hops: int | None) -> list[Finding]:
        """Every firewall_breach, cooling_off and conflict_of_interest on ``as_of``, plus
        indirect_exposure within ``hops`` person-to-person hops when ``hops`` is given."""

    @abstractmethod
    def staffing_findings(
        self, program: str, people: Sequence[str], as_of: str, hops: int
    ) -> list[Finding]:
        """The findings that involve ``program`` if each of ``people`` joined it on ``as_of``."""

    @abstractmethod
    def partner_relationships(self, partner: str, of: str, as_of: str) -> list[Relationship]:
        """Every active relationship between group(of) and group(partner)."""

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
    def company_edges(self, company: str) -> list[Edge]:
        """Every company-to-company and PARTY_TO edge touching group(company), any date
        (for the partner timeline)."""

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

    @abstractmethod
    def influence_edges(self, as_of: str) -> list[Edge]:
        """Active REPORTS_TO, INFLUENCES and MEMBER_OF edges: the input of influence scores."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
