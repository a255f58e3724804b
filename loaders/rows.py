"""Row validation shared by every CSV format, derived from the schema.

Every format module (generic, neo4j-admin, HR export, committee roster) maps its columns onto
the same two calls, :meth:`BatchBuilder.add_node` and :meth:`BatchBuilder.add_edge`, so the
rules about what a good row is live in one place and follow ``schema.yaml``: which types exist,
which edge properties are declared with which type and range. Nothing here lists a type name.

Conventions an alliance manager can rely on:

* An empty cell means "not given": it is not stored, and on a re-import it keeps the stored
  value (DOMAIN.md, "Re-imports and snapshots"). A cell holding only spaces counts as empty.
  The one exception is ``until``: a file with an until column states it, and an empty cell
  there means open-ended.
* Ids, type names, dates, enum values and numbers are stripped of surrounding spaces;
  names and free text are kept exactly as written (newlines, quotes, trailing spaces).
* Values are strict: dates only ``YYYY-MM-DD`` in ASCII digits; numbers in ASCII digits with an
  optional sign and decimal point (no ``_``, no exponent, no other scripts' digits, no
  ``nan``/``inf``), inside the schema's range (declared node properties as declared edge
  properties); type names and enum values in ASCII (case-insensitive), so a look-alike letter
  is refused rather than read as another one.
* Ids are at most :data:`~graphmodel.model.MAX_ID_LENGTH` visible characters (no control,
  format or bidi characters, which would make two ids look alike or garble a terminal); names
  at most :data:`~graphmodel.model.MAX_NAME_LENGTH` characters.
* Schema defaults (``MEMBER_OF`` role, ``INFLUENCES`` weight, ``FIREWALL`` cooling_off_days)
  are not filled in here: they are given to new edges only, when the import is planned.
* The same node id or edge (type, ends, since) may appear on several rows and files: the rows
  are merged, and refused only when two rows give different non-empty values for the same
  field, so the order of rows and files never matters.
* An edge from a node to itself is refused for every type: none of the relationships in the
  schema (reporting, firewalls, subsidiaries, supply...) means anything when both ends are one.

Problems are collected, at most :data:`~graphmodel.errors.MAX_PROBLEMS` per file, and kept in
the batch: the store's own checks are added to them before the import is refused.

>>> b = BatchBuilder()
>>> b.add_edge("e.csv", 2, "influences", "p1", "p2", "", "", [("w", "weight", "0.25")],
...            GENERIC_EDGE_COLUMNS)
>>> b.finish().edges[("INFLUENCES", "p1", "p2", "")].props
{'weight': 0.25}
>>> b.add_edge("e.csv", 3, "influences", "p1", "p3", "", "", [("w", "weight", "0_1")],
...            GENERIC_EDGE_COLUMNS)
>>> print(b.finish().problems[0])
e.csv, row 3, column 'w': INFLUENCES weight must be a number written in digits, not '0_1'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from graphmodel.batch import ImportBatch
from graphmodel.decisions import Decision
from graphmodel.errors import MAX_PROBLEMS, ImportProblem, ProblemLog, shown
from graphmodel.model import (
    EDGE_FIELDS,
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    NODE_FIELDS,
    Edge,
    EdgeKey,
    Node,
    parse_date,
    reserved_property,
)
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
    "id_problem",
    "property_name_problem",
]

NODE_RESERVED = NODE_FIELDS
"""Names a node property cannot have (they are the node's own fields in every export)."""
EDGE_RESERVED = EDGE_FIELDS
"""Names an edge property cannot have."""


class TooManyProblems(Exception):
    """Raised internally when a file has :data:`MAX_PROBLEMS` problems: it is not read on."""


class EdgeColumns(NamedTuple):
    """The header names an edge's fields were read from, so errors name the user's column,
    and what the file says by its shape."""

    source: str
    target: str
    type: str
    since: str
    until: str
    has_until: bool = True
    """The file has the until column: its cells are taken as they are (empty = open)."""
    snapshot: bool = False
    """A snapshot row (HR export, roster): without a start date it updates the current edge."""


GENERIC_EDGE_COLUMNS = EdgeColumns("source", "target", "type", "since", "until")

Converter = Callable[[str], Any]


def id_problem(nid: str) -> str | None:
    """Why ``nid`` (stripped, non-empty) cannot be an id, or None."""
    if len(nid) > MAX_ID_LENGTH:
        return f"the id is {len(nid):,} characters long; ids are at most {MAX_ID_LENGTH}"
    if not nid.isprintable():  # ASCII spaces are printable; other separators are not
        bad = next(ch for ch in nid if not ch.isprintable())
        return (
            f"the id {shown(nid)} contains U+{ord(bad):04X}, an invisible or control "
            "character; ids must be visible text"
        )
    if not unicodedata.is_normalized("NFC", nid):
        return (
            f"the id {shown(nid)} is written with combining characters (not Unicode NFC), so "
            "it would look like another id and not match it; type it again"
        )
    return None


def property_name_problem(name: str, fields: frozenset[str]) -> str | None:
    """Why a column called ``name`` cannot become a property, or None."""
    if reserved_property(name, fields):
        return (
            f"{shown(name)} cannot be a property name: allymap keeps it for itself "
            f"({', '.join(sorted(fields))} and names starting with '~'); rename the column"
        )
    return None


def _range_text(spec: PropertySpec) -> str:
    low = (
        f"more than {spec.min_exclusive:g}"
        if spec.min_exclusive is not None
        else f"at least {spec.min:g}"
    )
    return f"{low} and at most {spec.max:g}"


def _bounds_check(spec: PropertySpec, value: float) -> None:
    if spec.min_exclusive is not None and not value > spec.min_exclusive:
        raise ValueError(f"must be more than {spec.min_exclusive:g}, not {value:g}")
    if spec.min is not None and value < spec.min:
        raise ValueError(f"must be at least {spec.min:g}, not {value:g}")
    if spec.max is not None and value > spec.max:
        raise ValueError(f"must be at most {spec.max:g}, not {value:g}")


_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DIGITS = 30
"""Characters a number may have: refusing longer ones early avoids Python's slow (and, beyond
4,300 digits, refused) conversion of huge integers."""


_UNKNOWN: Any = object()


class _Refused(str):
    """A remembered refusal: the reason a cell's text is not a value."""


def _cached(convert: Converter) -> Converter:
    """``convert`` remembering its answers per cell text: numeric columns repeat a few values
    (0.5, 90) a million times. A refusal is remembered by its reason."""
    memo: dict[str, Any] = {}

    def cached(text: str) -> Any:
        value = memo.get(text, _UNKNOWN)
        if value is _UNKNOWN:
            if len(memo) > 10_000:
                memo.clear()
            try:
                value = convert(text)
            except ValueError as err:
                value = _Refused(err)
            memo[text] = value
        if type(value) is _Refused:
            raise ValueError(value)
        return value

    return cached


def converter(spec: PropertySpec) -> Converter | None:
    """A function turning a non-empty cell into the stored value for ``spec``, raising
    ValueError with a reason; None for free text (kept exactly as written)."""
    if spec.type == "enum":
        allowed = {v.lower(): v.lower() for v in spec.values}
        choices = ", ".join(spec.values)

        def to_enum(text: str) -> Any:
            value = allowed.get(text.strip().lower()) if text.isascii() else None
            if value is None:
                raise ValueError(f"must be one of {choices}, not {shown(text.strip())}")
            return value

        return _cached(to_enum)
    if spec.type == "date":

        def to_date(text: str) -> Any:
            try:
                return parse_date(text)
            except ValueError:
                raise ValueError(
                    f"must be a date written YYYY-MM-DD, not {shown(text.strip())}"
                ) from None

        return _cached(to_date)
    if spec.type in ("int", "float"):
        pattern, what = (_INT, "a whole number") if spec.type == "int" else (_DECIMAL, "a number")
        cast: Callable[[str], float] = int if spec.type == "int" else float

        def to_number(text: str) -> Any:
            text = text.strip()
            if not pattern.fullmatch(text):
                raise ValueError(f"must be {what} written in digits, not {shown(text)}")
            if len(text) > _DIGITS:
                raise ValueError(
                    f"must be {_range_text(spec)} in at most {_DIGITS} digits, not {shown(text)}"
                )
            value = cast(text)  # at most 30 digits: always finite
            _bounds_check(spec, value)
            return value

        return _cached(to_number)
    return None


@dataclass(frozen=True, slots=True)
class EdgeRules:
    """What the schema says about one edge type, precomputed for the per-row loop."""

    name: str
    symmetric: bool
    converters: dict[str, Converter]


def _rules() -> dict[str, EdgeRules]:
    out = {}
    for name, et in SCHEMA.edge_types.items():
        convs = {}
        for spec in et.properties:
            conv = converter(spec)
            if conv is not None:
                convs[spec.name] = conv
        out[name] = EdgeRules(name, et.symmetric, convs)
    return out


RULES: dict[str, EdgeRules] = _rules()

NODE_CONVERTERS: dict[str, dict[str, Converter]] = {
    name: {spec.name: conv for spec in nt.properties if (conv := converter(spec)) is not None}
    for name, nt in SCHEMA.node_types.items()
}
"""Node type -> declared property -> converter, for the declared properties that are not text
(text is kept exactly as written, like an undeclared column)."""


def _blank(text: str) -> bool:
    return not text or text.isspace()


def _known(names: Iterable[str]) -> str:
    return ", ".join(names)


def _look_alike(text: str) -> str:
    """A note for a type name with a non-ASCII letter, which may look exactly like a known
    one on screen."""
    bad = next((ch for ch in text if not ch.isascii()), None)
    if bad is None:
        return ""
    return f" (it contains U+{ord(bad):04X}, a character type names never have; type it again)"


class BatchBuilder:
    """Collects validated nodes and edges from many files into one :class:`ImportBatch`,
    and every problem found on the way (file, row, column, reason, kind)."""

    def __init__(self) -> None:
        self.batch = ImportBatch()
        self.log = ProblemLog()
        self._dates: dict[str, str | None] = {}
        self._node_types: dict[str, Any] = {}
        self._edge_types: dict[str, Any] = {}
        # Where a merged field's value came from, when it was not the record's first row.
        self._field_origin: dict[tuple[Any, str], tuple[str, int]] = {}

    @property
    def problems(self) -> list[ImportProblem]:
        return self.log.items

    # ---- problems ------------------------------------------------------------------------
    def problem(
        self, file: str, row: int | None, column: str | None, reason: str, kind: str
    ) -> None:
        """Record a problem; raises TooManyProblems when ``file`` has reached the limit."""
        if not self.log.add(ImportProblem(file, row, column, reason, kind)):
            raise TooManyProblems

    def snapshot_scope(self, direction: str, *types: str) -> set[str]:
        """The ids a snapshot file lists for ``types`` (one set, shared by them): their
        edges of these types, out of them ("out") or into them ("in"), are stated completely
        by the import and the ones it no longer contains are closed."""
        scope = self.batch.snapshot_out if direction == "out" else self.batch.snapshot_in
        ids = next((scope[t] for t in types if t in scope), set())
        for t in types:
            if scope.setdefault(t, ids) is not ids:
                scope[t] |= ids
        return ids

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
                file,
                row,
                column,
                f"{shown(text.strip())} is not a date; write dates as YYYY-MM-DD",
                "date",
            )
        return cached

    def node_type(self, text: str, file: str, row: int, column: str) -> str | None:
        cached = self._node_types.get(text, _UNKNOWN)
        if cached is _UNKNOWN:
            nt = SCHEMA.node(text)
            cached = self._node_types[text] = nt.name if nt else None
        if cached is None:
            if _blank(text):
                self.problem(file, row, column, "the node type is empty", "type")
            else:
                self.problem(
                    file,
                    row,
                    column,
                    f"unknown node type {shown(text.strip())}{_look_alike(text)}; "
                    f"use one of {_known(SCHEMA.node_types)}",
                    "type",
                )
        return cached

    def edge_type(self, text: str, file: str, row: int, column: str) -> EdgeRef | None:
        cached = self._edge_types.get(text, _UNKNOWN)
        if cached is _UNKNOWN:
            cached = self._edge_types[text] = SCHEMA.edge(text)
        if cached is None:
            if _blank(text):
                self.problem(file, row, column, "the relationship type is empty", "type")
            else:
                self.problem(
                    file,
                    row,
                    column,
                    f"unknown relationship type {shown(text.strip())}{_look_alike(text)}; "
                    f"use one of {_known([*SCHEMA.edge_types, *SCHEMA.aliases])}",
                    "type",
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
            self.problem(file, row, id_column, "the id is empty", "id")
            return
        bad_id = id_problem(nid)
        if bad_id is not None:
            self.problem(file, row, id_column, bad_id, "id")
            return
        ntype = self.node_type(type_text, file, row, type_column)
        if ntype is None:
            self.batch.unread_ids.add(nid)
            return
        if name.isspace():
            name = ""
        elif len(name) > MAX_NAME_LENGTH:
            self.problem(
                file,
                row,
                name_column,
                f"the name is {len(name):,} characters long; names are at most "
                f"{MAX_NAME_LENGTH:,} (put longer text in another column)",
                "name",
            )
            self.batch.unread_ids.add(nid)
            return
        convs = NODE_CONVERTERS[ntype]
        if convs and props.keys() & convs.keys():
            props = dict(props)
            for pname in sorted(props.keys() & convs.keys()):
                try:
                    props[pname] = convs[pname](props[pname])
                except ValueError as err:
                    self.problem(file, row, pname, f"{ntype} {pname} {err}", "value")
                    self.batch.unread_ids.add(nid)
                    return
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
                f"id {shown(nid)} is a {old.type} on {_where(origin, file)} but a {ntype} "
                "here; ids must be unique across all types",
                "conflict",
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
                    f"{shown(nid)} is named {shown(old.name)} on {_where(was, file)} but "
                    f"{shown(name)} here",
                    "conflict",
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
        problems_before = len(self.log)
        ref = self._edge_types.get(type_text)
        if ref is None:
            ref = self.edge_type(type_text, file, row, columns.type)
        source = source.strip()
        target = target.strip()
        if not source:
            self.problem(file, row, columns.source, "the source id is empty", "id")
        if not target:
            self.problem(file, row, columns.target, "the target id is empty", "id")
        since = self._dates.get(since_text) if since_text else ""
        if since is None:
            since = self.date(since_text, file, row, columns.since)
        until = self._dates.get(until_text) if until_text else ""
        if until is None:
            until = self.date(until_text, file, row, columns.until)
        if since and until and until < since:
            self.problem(
                file,
                row,
                columns.until,
                f"until {until} is before since {since}; swap them?",
                "date",
            )
        if ref is None:
            return
        etype = ref.name
        if source and source == target:
            self.problem(
                file,
                row,
                columns.target,
                f"a {etype} cannot go from {shown(source)} to itself",
                "relationship",
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
                        self.problem(file, row, column, f"{etype} {pname} {err}", "value")
        if len(self.log) != problems_before:
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
            if not columns.has_until:
                batch.until_kept.add(key)
            if columns.snapshot and not since:
                batch.open_rows[key] = columns.until
            return
        origin = batch.edge_origin[key]
        if columns.has_until:
            batch.until_kept.discard(key)
        if columns.snapshot and not since:
            batch.open_rows.setdefault(key, columns.until)
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
                    "conflict",
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
                    f"{pname} of {shown(what)} is {_value(have)} on {_where(was, file)} but "
                    f"{_value(value)} here",
                    "conflict",
                )

    # ---- decisions -------------------------------------------------------------------------
    def add_decision(self, file: str, row: int, d: Decision) -> None:
        """Add a decision row; the same decision twice is one, two different ones with the same
        identity (kind, person, subject, since) are a conflict."""
        have = self.batch.decisions.get(d.key)
        if have is not None:
            if not have.same_content(d):
                was = self.batch.decision_origin[d.key]
                self.problem(
                    file,
                    row,
                    None,
                    f"this decision has the same kind, person, subject and since as "
                    f"{_where(was, file)} but says something else; keep one of them",
                    "conflict",
                )
            return
        self.batch.decisions[d.key] = d
        self.batch.decision_origin[d.key] = (file, row)

    # ---- end -----------------------------------------------------------------------------
    def finish(self) -> ImportBatch:
        """The batch, with the problems found (planning it refuses it if there are any)."""
        self.batch.problems = self.log.items
        return self.batch


def _value(value: Any) -> str:
    return shown(value) if isinstance(value, str) else repr(value)


def _where(origin: tuple[str, int], here: str) -> str:
    file, row = origin
    return f"row {row}" if file == here else f"row {row} of {file}"
