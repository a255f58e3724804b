"""Row validation shared by every CSV format, derived from the schema.

Every format module (generic, neo4j-admin, HR export, committee roster) maps its columns onto
the same two calls, :meth:`BatchBuilder.add_node` and :meth:`BatchBuilder.add_edge`, so the
rules about what a good row is live in one place and follow ``schema.yaml``: which types exist,
which edge properties are declared with which type, bounds and default. Nothing here lists a
type name.

Conventions an alliance manager can rely on:

* An empty cell means "not given": it is not stored, and on a re-import it does not erase a
  node property that was given before. A cell holding only spaces counts as empty.
* Ids, type names, dates, enum values and numbers are stripped of surrounding spaces;
  names and free text are kept exactly as written (newlines, quotes, trailing spaces).
* Enum values are case-insensitive and stored in lower case; numbers are checked against the
  schema's bounds; a declared default (``MEMBER_OF`` role, ``INFLUENCES`` weight,
  ``FIREWALL`` cooling_off_days) fills a property that no row of the import gives.
* The same node id or edge (type, ends, since) may appear on several rows and files: the rows
  are merged, and refused only when two rows give different non-empty values for the same
  field, so the order of rows and files never matters.
* An edge from a node to itself is refused for every type: none of the relationships in the
  schema (reporting, firewalls, subsidiaries, supply...) means anything when both ends are one.

>>> b = BatchBuilder()
>>> b.add_edge("e.csv", 2, "influences", "p1", "p2", "", "", [], GENERIC_EDGE_COLUMNS)
>>> b.finish().edges[("INFLUENCES", "p1", "p2", "")].props
{'weight': 0.5}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from graphmodel.batch import ImportBatch
from graphmodel.errors import ImportProblem, ImportRejected
from graphmodel.model import Edge, EdgeKey, Node, parse_date
from graphmodel.schema import SCHEMA, EdgeRef, PropertySpec

__all__ = [
    "EDGE_RESERVED",
    "GENERIC_EDGE_COLUMNS",
    "MAX_PROBLEMS",
    "NODE_RESERVED",
    "RULES",
    "BatchBuilder",
    "EdgeColumns",
    "EdgeRules",
    "TooManyProblems",
    "converter",
]

MAX_PROBLEMS = 200
"""Stop reading after this many problems: the first screens of a report are what gets fixed."""

NODE_RESERVED = frozenset({"id", "type", "name"})
"""Names a node property cannot have (they are the node's own fields in every export)."""
EDGE_RESERVED = frozenset({"source", "target", "type", "since", "until"})
"""Names an edge property cannot have."""


class TooManyProblems(Exception):
    """Raised internally when :data:`MAX_PROBLEMS` is reached; the report says so."""


class EdgeColumns(NamedTuple):
    """The header names an edge's fields were read from, so errors name the user's column."""

    source: str
    target: str
    type: str
    since: str
    until: str


GENERIC_EDGE_COLUMNS = EdgeColumns("source", "target", "type", "since", "until")

Converter = Callable[[str], Any]


def _bounds_check(spec: PropertySpec, value: float) -> None:
    if spec.min_exclusive is not None and not value > spec.min_exclusive:
        raise ValueError(f"must be more than {spec.min_exclusive:g}")
    if spec.min is not None and value < spec.min:
        raise ValueError(f"must be at least {spec.min:g}")
    if spec.max is not None and value > spec.max:
        raise ValueError(f"must be at most {spec.max:g}")


def converter(spec: PropertySpec) -> Converter | None:
    """A function turning a non-empty cell into the stored value for ``spec``, raising
    ValueError with a reason; None for free text (kept exactly as written)."""
    if spec.type == "enum":
        allowed = {v.lower(): v.lower() for v in spec.values}
        choices = ", ".join(spec.values)

        def to_enum(text: str) -> Any:
            value = allowed.get(text.strip().lower())
            if value is None:
                raise ValueError(f"must be one of {choices}, not {text.strip()!r}")
            return value

        return to_enum
    if spec.type == "int":

        def to_int(text: str) -> Any:
            try:
                value = int(text.strip())
            except ValueError:
                raise ValueError(f"must be a whole number, not {text.strip()!r}") from None
            _bounds_check(spec, value)
            return value

        return to_int
    if spec.type == "float":

        def to_float(text: str) -> Any:
            try:
                value = float(text.strip())
            except ValueError:
                raise ValueError(f"must be a number, not {text.strip()!r}") from None
            if not math.isfinite(value):
                raise ValueError(f"must be a finite number, not {text.strip()!r}")
            _bounds_check(spec, value)
            return value

        return to_float
    return None


@dataclass(frozen=True, slots=True)
class EdgeRules:
    """What the schema says about one edge type, precomputed for the per-row loop."""

    name: str
    symmetric: bool
    converters: dict[str, Converter]
    defaults: dict[str, Any]


def _rules() -> dict[str, EdgeRules]:
    out = {}
    for name, et in SCHEMA.edge_types.items():
        convs = {}
        for spec in et.properties:
            conv = converter(spec)
            if conv is not None:
                convs[spec.name] = conv
        defaults = {
            spec.name: (spec.default.lower() if isinstance(spec.default, str) else spec.default)
            for spec in et.properties
            if spec.default is not None
        }
        out[name] = EdgeRules(name, et.symmetric, convs, defaults)
    return out


RULES: dict[str, EdgeRules] = _rules()

_UNKNOWN: Any = object()


def _blank(text: str) -> bool:
    return not text or text.isspace()


def _known(names: Iterable[str]) -> str:
    return ", ".join(names)


class BatchBuilder:
    """Collects validated nodes and edges from many files into one :class:`ImportBatch`,
    and every problem found on the way (file, row, column, reason)."""

    def __init__(self) -> None:
        self.batch = ImportBatch()
        self.problems: list[ImportProblem] = []
        self._dates: dict[str, str | None] = {}
        self._node_types: dict[str, Any] = {}
        self._edge_types: dict[str, Any] = {}
        # Where a merged field's value came from, when it was not the record's first row.
        self._field_origin: dict[tuple[Any, str], tuple[str, int]] = {}

    # ---- problems ------------------------------------------------------------------------
    def problem(self, file: str, row: int | None, column: str | None, reason: str) -> None:
        self.problems.append(ImportProblem(file, row, column, reason))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(
                ImportProblem(file, row, None, f"stopped reading after {MAX_PROBLEMS} problems")
            )
            raise TooManyProblems

    # ---- single values -------------------------------------------------------------------
    def date(self, text: str, file: str, row: int, column: str) -> str | None:
        """The ISO date in a cell ("" when empty), or None after recording a problem."""
        if not text:
            return ""
        cached = self._dates.get(text, _UNKNOWN)
        if cached is _UNKNOWN:
            if text.isspace():
                cached = ""
            else:
                try:
                    cached = parse_date(text)
                except ValueError:
                    cached = None
            self._dates[text] = cached
        if cached is None:
            self.problem(
                file, row, column, f"{text.strip()!r} is not a date; write dates as YYYY-MM-DD"
            )
        return cached

    def node_type(self, text: str, file: str, row: int, column: str) -> str | None:
        cached = self._node_types.get(text, _UNKNOWN)
        if cached is _UNKNOWN:
            nt = SCHEMA.node(text)
            cached = self._node_types[text] = nt.name if nt else None
        if cached is None:
            if _blank(text):
                self.problem(file, row, column, "the node type is empty")
            else:
                self.problem(
                    file,
                    row,
                    column,
                    f"unknown node type {text.strip()!r}; use one of {_known(SCHEMA.node_types)}",
                )
        return cached

    def edge_type(self, text: str, file: str, row: int, column: str) -> EdgeRef | None:
        cached = self._edge_types.get(text, _UNKNOWN)
        if cached is _UNKNOWN:
            cached = self._edge_types[text] = SCHEMA.edge(text)
        if cached is None:
            if _blank(text):
                self.problem(file, row, column, "the relationship type is empty")
            else:
                self.problem(
                    file,
                    row,
                    column,
                    f"unknown relationship type {text.strip()!r}; use one of "
                    f"{_known([*SCHEMA.edge_types, *SCHEMA.aliases])}",
                )
        return cached

    # ---- records -------------------------------------------------------------------------
    def add_node(
        self,
        file: str,
        row: int,
        nid: str,
        type_text: str,
        name: str,
        props: dict[str, str],
        id_column: str = "id",
        type_column: str = "type",
        name_column: str = "name",
    ) -> None:
        """Add a node row; ``type_text`` is the CSV spelling, ``props`` hold non-empty cells."""
        nid = nid.strip()
        if not nid:
            self.problem(file, row, id_column, "the id is empty")
            return
        ntype = self.node_type(type_text, file, row, type_column)
        if ntype is None:
            return
        if name.isspace():
            name = ""
        nodes = self.batch.nodes
        old = nodes.get(nid)
        if old is None:
            nodes[nid] = Node(nid, ntype, name, props)
            self.batch.node_origin[nid] = (file, row)
            if id_column != "id":
                self.batch.node_id_columns[nid] = id_column
            return
        origin = self.batch.node_origin[nid]
        if old.type != ntype:
            self.problem(
                file,
                row,
                id_column,
                f"id {nid!r} is a {old.type} on {_where(origin, file)} but a {ntype} here; "
                "ids must be unique across all types",
            )
            return
        if name:
            if not old.name:
                old.name = name
                self._field_origin[(nid, "name")] = (file, row)
            elif old.name != name:
                was = self._field_origin.get((nid, "name"), origin)
                self.problem(
                    file,
                    row,
                    name_column,
                    f"{nid!r} is named {old.name!r} on {_where(was, file)} but {name!r} here",
                )
        self._merge_props(nid, old.props, props, origin, file, row, {})

    def add_edge(
        self,
        file: str,
        row: int,
        type_text: str,
        source: str,
        target: str,
        since_text: str,
        until_text: str,
        props: list[tuple[str, str, str]],
        columns: EdgeColumns,
    ) -> None:
        """Add an edge row. ``props`` is (column, property, cell) for non-empty cells.

        The per-row cost matters (a million rows per import), so the common case (known type,
        dates already seen) is answered from caches before any method call."""
        problems_before = len(self.problems)
        ref = self._edge_types.get(type_text)
        if ref is None:
            ref = self.edge_type(type_text, file, row, columns.type)
        source = source.strip()
        target = target.strip()
        if not source:
            self.problem(file, row, columns.source, "the source id is empty")
        if not target:
            self.problem(file, row, columns.target, "the target id is empty")
        since = self._dates.get(since_text) if since_text else ""
        if since is None:
            since = self.date(since_text, file, row, columns.since)
        until = self._dates.get(until_text) if until_text else ""
        if until is None:
            until = self.date(until_text, file, row, columns.until)
        if since and until and until < since:
            self.problem(
                file, row, columns.until, f"until {until} is before since {since}; swap them?"
            )
        if ref is None:
            return
        etype = ref.name
        if source and source == target:
            self.problem(
                file, row, columns.target, f"a {etype} cannot go from {source!r} to itself"
            )
        rules = RULES[etype]
        values: dict[str, Any] = {}
        if props:
            convs = rules.converters
            for column, pname, text in props:
                conv = convs.get(pname)
                if conv is None:
                    if not text.isspace():
                        values[pname] = text
                elif not text.isspace():
                    try:
                        values[pname] = conv(text)
                    except ValueError as err:
                        self.problem(file, row, column, f"{etype} {pname} {err}")
        if len(self.problems) != problems_before:
            return
        src_col, tgt_col = columns.source, columns.target
        if ref.reverse:
            source, target = target, source
            src_col, tgt_col = tgt_col, src_col
        if rules.symmetric and target < source:
            source, target = target, source
            src_col, tgt_col = tgt_col, src_col
        since = since or ""
        key: EdgeKey = (etype, source, target, since)
        batch = self.batch
        old = batch.edges.get(key)
        if old is None:
            batch.edges[key] = Edge(etype, source, target, since, until or "", values)
            batch.edge_origin[key] = (file, row)
            if src_col != "source" or tgt_col != "target":
                batch.edge_end_columns[key] = (src_col, tgt_col)
            return
        origin = batch.edge_origin[key]
        if until:
            if not old.until:
                old.until = until
                self._field_origin[(key, "until")] = (file, row)
            elif old.until != until:
                was = self._field_origin.get((key, "until"), origin)
                self.problem(
                    file,
                    row,
                    columns.until,
                    f"the same {etype} {source}-{target} ends on {old.until} on "
                    f"{_where(was, file)} but on {until} here",
                )
        prop_columns = {pname: column for column, pname, _ in props}
        self._merge_props(key, old.props, values, origin, file, row, prop_columns)

    def _merge_props(
        self,
        ident: Any,
        old: dict[str, Any],
        new: dict[str, Any],
        origin: tuple[str, int],
        file: str,
        row: int,
        columns: dict[str, str],
    ) -> None:
        for pname, value in new.items():
            have = old.get(pname, _UNKNOWN)
            if have is _UNKNOWN:
                old[pname] = value
                self._field_origin[(ident, pname)] = (file, row)
            elif have != value:
                was = self._field_origin.get((ident, pname), origin)
                what = ident if isinstance(ident, str) else f"{ident[0]} {ident[1]}-{ident[2]}"
                self.problem(
                    file,
                    row,
                    columns.get(pname, pname),
                    f"{pname} of {what!r} is {have!r} on {_where(was, file)} but {value!r} here",
                )

    # ---- end -----------------------------------------------------------------------------
    def finish(self) -> ImportBatch:
        """Apply schema defaults to properties no row gave; raise if any problem was found."""
        with_defaults = {name: r.defaults for name, r in RULES.items() if r.defaults}
        if with_defaults:
            for edge in self.batch.edges.values():
                defaults = with_defaults.get(edge.type)
                if defaults:
                    props = edge.props
                    for pname, value in defaults.items():
                        if pname not in props:
                            props[pname] = value
        if self.problems:
            raise ImportRejected(self.problems)
        return self.batch


def _where(origin: tuple[str, int], here: str) -> str:
    file, row = origin
    return f"row {row}" if file == here else f"row {row} of {file}"
