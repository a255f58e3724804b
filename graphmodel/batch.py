"""What an import carries from the loaders to a store, and what it would change there.

Loaders turn files into an :class:`ImportBatch` (validated rows, where each came from, which
fields the files gave, and the problems found while reading); stores compare it with what they
hold (:func:`plan_import`) so a dry run and a real import report the same counts, and a refused
import names the file, row and column of every problem, those found while reading and those
only the store can see, together.

Re-imports change only what the files say (DOMAIN.md, "Re-imports and snapshots"): a property
given by a non-empty cell is set, one not given keeps its stored value; an edge's ``until`` is
taken as it is when its file has that column (empty = open-ended) and kept when not; schema
defaults fill only records that are new. HR exports and committee rosters are *snapshots*:
after every row of every file is applied, the current edges they state completely (each listed
person's employer and manager, each listed committee's seats) that no file of the import
contains are closed the day before the effective date.
"""

from __future__ import annotations

import datetime as _dt
import getpass
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphmodel.decisions import Decision, DecisionKey
from graphmodel.decisions import problems as decision_problems
from graphmodel.errors import ImportProblem, ImportRejected, ProblemLog, shown
from graphmodel.model import Edge, EdgeKey, Node, add_days, today
from graphmodel.schema import SCHEMA

__all__ = [
    "DEFAULTS",
    "ExistingDecisions",
    "ImportBatch",
    "ImportPlan",
    "OpenEdges",
    "Origin",
    "plan_import",
    "recorded_now",
]

Origin = tuple[str, int]
"""(file, row) where a record was read."""

OpenEdges = Callable[
    [str, Mapping[str, Collection[str]], Mapping[str, Collection[str]]], Iterable[Edge]
]
"""A store's :meth:`~graphmodel.store.GraphStore.open_edges`."""

ExistingDecisions = Callable[[Iterable[DecisionKey]], Mapping[DecisionKey, Decision]]
"""A store's :meth:`~graphmodel.store.GraphStore.existing_decisions`."""


def recorded_now() -> str:
    """The time a decision is recorded: UTC, to the second."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


DEFAULTS: dict[str, dict[str, Any]] = {
    name: {
        spec.name: spec.default.lower() if isinstance(spec.default, str) else spec.default
        for spec in et.properties
        if spec.default is not None
    }
    for name, et in SCHEMA.edge_types.items()
}
"""Edge type -> the schema's default property values, given to new edges only."""


@dataclass(slots=True)
class ImportBatch:
    """Validated records of one import. Node ids and edge keys are unique within it.

    A record holds only what its rows gave: properties from non-empty cells, a node name when
    one was written. ``problems`` are those found while reading; :func:`plan_import` adds the
    ones that need the store and refuses the import if there are any.
    """

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[EdgeKey, Edge] = field(default_factory=dict)
    node_origin: dict[str, Origin] = field(default_factory=dict)
    edge_origin: dict[EdgeKey, Origin] = field(default_factory=dict)
    edge_end_columns: dict[EdgeKey, tuple[str, str]] = field(default_factory=dict)
    """The CSV column names of an edge's source and target, for error messages."""
    node_id_columns: dict[str, str] = field(default_factory=dict)
    """The CSV column a node's id was read from, when it is not ``id`` (friendly formats)."""
    files: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    until_kept: set[EdgeKey] = field(default_factory=set)
    """Edges none of whose rows came from a file with an until column: a stored until stays."""
    open_rows: dict[EdgeKey, str] = field(default_factory=dict)
    """Snapshot rows without a start date (key with since ""), with the name of their until
    column: each updates the current stored edge of its type between its two nodes, if any."""
    snapshot_out: dict[str, set[str]] = field(default_factory=dict)
    """Edge type -> ids whose outgoing edges of that type a snapshot file states completely
    (EMPLOYED_BY and REPORTS_TO of the people an HR export lists)."""
    snapshot_in: dict[str, set[str]] = field(default_factory=dict)
    """Edge type -> ids whose incoming edges of that type a snapshot file states completely
    (MEMBER_OF of the committees a roster lists)."""
    unread_ids: set[str] = field(default_factory=set)
    """Ids of node rows that were refused: an edge to one is not also reported as missing."""
    decisions: dict[DecisionKey, Decision] = field(default_factory=dict)
    """Decisions on findings (``loaders/decisions.py``, ``allymap decide``), by identity."""
    decision_origin: dict[DecisionKey, Origin] = field(default_factory=dict)
    recorder: str = ""
    """Who records the batch's decisions (the app's signed-in user); "" = the OS user."""


@dataclass(slots=True)
class ImportPlan:
    """What applying a batch does: counts, and the records that are new or changed.

    ``closed`` are the edges a snapshot closes (also in ``edges_changed``, with their new
    until); ``kept`` those it would close but leaves alone because they start on or after the
    effective date.
    """

    nodes_added: list[Node] = field(default_factory=list)
    nodes_changed: list[Node] = field(default_factory=list)
    nodes_unchanged: int = 0
    edges_added: list[Edge] = field(default_factory=list)
    edges_changed: list[Edge] = field(default_factory=list)
    edges_unchanged: int = 0
    closed: list[Edge] = field(default_factory=list)
    kept: list[Edge] = field(default_factory=list)
    effective: str = ""
    """The effective date snapshots were taken on ("" when no file of the import is one)."""
    decisions_added: list[Decision] = field(default_factory=list)
    decisions_changed: list[Decision] = field(default_factory=list)
    decisions_unchanged: int = 0

    @property
    def is_noop(self) -> bool:
        return not (
            self.nodes_added
            or self.nodes_changed
            or self.edges_added
            or self.edges_changed
            or self.decisions_added
            or self.decisions_changed
        )

    @property
    def decisions(self) -> list[Decision]:
        """The decisions to write (new or changed), stamped with who recorded them and when."""
        return [*self.decisions_added, *self.decisions_changed]

    def counts(self) -> dict[str, int]:
        return {
            "nodes_added": len(self.nodes_added),
            "nodes_changed": len(self.nodes_changed),
            "nodes_unchanged": self.nodes_unchanged,
            "edges_added": len(self.edges_added),
            "edges_changed": len(self.edges_changed),
            "edges_unchanged": self.edges_unchanged,
            **(
                {
                    "decisions_added": len(self.decisions_added),
                    "decisions_changed": len(self.decisions_changed),
                    "decisions_unchanged": self.decisions_unchanged,
                }
                if self.decisions_added or self.decisions_changed or self.decisions_unchanged
                else {}
            ),
        }


def plan_import(
    batch: ImportBatch,
    existing_nodes: Callable[[Iterable[str]], Mapping[str, Node]],
    existing_edges: Callable[[Iterable[EdgeKey]], Mapping[EdgeKey, Edge]],
    open_edges: OpenEdges | None = None,
    effective: str | None = None,
    existing_decisions: ExistingDecisions | None = None,
) -> ImportPlan:
    """Check a batch against a store's contents and work out what it changes.

    Refuses (``ImportRejected``, with the batch's own problems first) an id that exists with
    another type, and an edge whose end is neither in the batch nor in the store, or is of a
    type the edge type does not allow. Merges as the module docstring says; a new node without
    a name is named by its id (an HR export knows a company only by its id). ``open_edges``
    (needed when the batch holds a snapshot) reads the edges a snapshot looks at, on the
    ``effective`` date (default today). Decisions are refused when their kind, decision, dates
    or the types of the nodes they name do not fit (:func:`graphmodel.decisions.problems`);
    ``existing_decisions`` (needed when the batch holds decisions) reads the stored ones.
    """
    log = ProblemLog(batch.problems)
    end_ids = {e.source for e in batch.edges.values()} | {e.target for e in batch.edges.values()}
    for d in batch.decisions.values():
        end_ids.update(x for x in (d.person, *d.subject) if x)
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
            log.add(
                ImportProblem(
                    file,
                    row,
                    batch.node_id_columns.get(nid, "id"),
                    f"id {shown(nid)} already exists as a {old.type}, not a {node.type}",
                    "stored",
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
                if end not in batch.unread_ids:  # its own row was refused: said already
                    log.add(
                        ImportProblem(
                            file,
                            row,
                            col,
                            f"{edge.type} refers to {shown(end)}, which is not a known node",
                            "missing",
                        )
                    )
            elif etype not in allowed:
                log.add(
                    ImportProblem(
                        file,
                        row,
                        col,
                        f"{edge.type} cannot {'start' if col == cols[0] else 'end'} at "
                        f"{shown(end)}, a {etype}; it needs a {' or '.join(allowed)}",
                        "ends",
                    )
                )
    edges, until_kept = batch.edges, batch.until_kept
    looked: dict[EdgeKey, Edge] = {}
    if batch.snapshot_out or batch.snapshot_in:
        if open_edges is None:
            raise ValueError("this batch holds a snapshot: plan_import needs open_edges")
        plan.effective = day = effective or today()
        looked = {e.key: e for e in open_edges(day, batch.snapshot_out, batch.snapshot_in)}
    # The looked-at edges are stored edges too: a snapshot re-import asks only for the others.
    wanted = [k for k in edges if k not in looked] if looked else edges.keys()
    stored_edges = {**existing_edges(wanted), **looked}
    if looked:
        moves = _open_row_moves(batch, list(looked.values()), stored_edges, day, log)
        if moves:
            edges, until_kept = _moved(batch, moves)
    if batch.decisions:
        _check_decisions(batch, type_of, log)
    if log:
        raise ImportRejected(log.items)
    if batch.decisions:
        if existing_decisions is None:
            raise ValueError("this batch holds decisions: plan_import needs existing_decisions")
        _plan_decisions(batch, existing_decisions(list(batch.decisions)), plan)
    for key, edge in edges.items():
        stored_edge = stored_edges.get(key)
        if stored_edge is None:
            defaults = DEFAULTS[edge.type]
            if defaults and not defaults.keys() <= edge.props.keys():
                edge = Edge(
                    edge.type,
                    edge.source,
                    edge.target,
                    edge.since,
                    edge.until,
                    {**defaults, **edge.props},
                )
            plan.edges_added.append(edge)
            continue
        until = stored_edge.until if key in until_kept else edge.until
        props = edge.props
        if not props or props.items() <= stored_edge.props.items():
            if until == stored_edge.until:
                plan.edges_unchanged += 1
                continue
            props = stored_edge.props
        else:
            props = {**stored_edge.props, **props}
        plan.edges_changed.append(
            Edge(edge.type, edge.source, edge.target, edge.since, until, props)
        )
    if looked:
        _close(plan, list(looked.values()), edges)
    return plan


def _check_decisions(
    batch: ImportBatch, type_of: Callable[[str], str | None], log: ProblemLog
) -> None:
    """Every decision of the batch names nodes of the right types, and fits its kind."""
    for key, d in batch.decisions.items():
        file, row = batch.decision_origin.get(key, ("decide", None))
        for column, why in decision_problems(d, type_of):
            log.add(ImportProblem(file, row, column, why, "decision"))


def _plan_decisions(
    batch: ImportBatch, stored: Mapping[DecisionKey, Decision], plan: ImportPlan
) -> None:
    """New and changed decisions, stamped with now and the recorder; a decision stored with
    the same content is unchanged, and keeps when and by whom it was first recorded."""
    at, who = recorded_now(), batch.recorder or _os_user()
    for key, d in batch.decisions.items():
        old = stored.get(key)
        if old is not None and old.same_content(d):
            plan.decisions_unchanged += 1
            continue
        stamped = Decision(
            d.kind,
            d.person,
            d.subject,
            d.decision,
            d.decided_by,
            d.reason,
            d.since,
            d.until,
            at,
            who,
        )
        (plan.decisions_added if old is None else plan.decisions_changed).append(stamped)


def _os_user() -> str:
    """The user the CLI runs as (DOMAIN.md: each decision is kept with who recorded it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container): say so, do not fail
        return "unknown"


def _open_row_moves(
    batch: ImportBatch,
    looked: list[Edge],
    stored_edges: Mapping[EdgeKey, Edge],
    day: str,
    log: ProblemLog,
) -> dict[EdgeKey, EdgeKey]:
    """For each snapshot row without a start date, the key it really updates when that is not
    its own: the current stored edge of its type between its two nodes (the open-ended one,
    else the one that started last), or, when the same relationship is stored only as ended,
    a new edge starting on the effective date (the earlier period stays as it was)."""
    current: dict[tuple[str, str, str], Edge] = {}
    for e in looked:
        ident = (e.type, e.source, e.target)
        best = current.get(ident)
        if best is None or (not e.until, e.since) > (not best.until, best.since):
            current[ident] = e
    moves: dict[EdgeKey, EdgeKey] = {}
    for key, until_column in batch.open_rows.items():
        etype, source, target, _ = key
        edge = batch.edges[key]
        found = current.get((etype, source, target))
        if found is not None:
            new = found.key
        else:
            old = stored_edges.get(key)
            if old is None or not old.until or old.until >= day:
                continue  # a new relationship
            if key not in batch.until_kept and edge.until and edge.until < day:
                continue  # the row says how the stored period ended: it updates it
            new = (etype, source, target, day)
        if new == key:
            continue
        file, row = batch.edge_origin[key]
        if new in batch.edges:
            other_file, other_row = batch.edge_origin[new]
            other = f"row {other_row}" + ("" if other_file == file else f" of {other_file}")
            log.add(
                ImportProblem(
                    file,
                    row,
                    None,
                    f"this row has no start date, so it updates the current {etype} "
                    f"{source}-{target} since {new[3]}, which {other} also gives; "
                    "give this row its start date or leave one of the two rows out",
                    "conflict",
                )
            )
            continue
        if edge.until and edge.until < new[3]:
            log.add(
                ImportProblem(
                    file,
                    row,
                    until_column,
                    f"this row has no start date, so it updates the current {etype} "
                    f"{source}-{target}, which started on {new[3]}: it cannot end on "
                    f"{edge.until}, before that",
                    "date",
                )
            )
            continue
        moves[key] = new
    return moves


def _moved(
    batch: ImportBatch, moves: Mapping[EdgeKey, EdgeKey]
) -> tuple[dict[EdgeKey, Edge], set[EdgeKey]]:
    """The batch's edges and until_kept with the snapshot rows re-keyed onto stored edges."""
    edges = dict(batch.edges)
    until_kept = set(batch.until_kept)
    for old, new in moves.items():
        e = edges.pop(old)
        edges[new] = Edge(e.type, e.source, e.target, new[3], e.until, e.props)
        if old in until_kept:
            until_kept.discard(old)
            until_kept.add(new)
    return edges, until_kept


def _close(plan: ImportPlan, looked: list[Edge], edges: Mapping[EdgeKey, Edge]) -> None:
    """Close (or keep, when they start on or after the effective date) the looked-at edges
    that no file of the import contains, matching by type and both ends, ignoring since."""
    day = plan.effective
    before = add_days(day, -1)
    scope = {e.type for e in looked}
    contained = {key[:3] for key in edges if key[0] in scope}
    for e in sorted(looked, key=lambda x: x.key):
        if (e.type, e.source, e.target) in contained:
            continue
        if e.since < day and before < day:
            closed = Edge(e.type, e.source, e.target, e.since, before, e.props)
            plan.edges_changed.append(closed)
            plan.closed.append(closed)
        else:
            plan.kept.append(e)
