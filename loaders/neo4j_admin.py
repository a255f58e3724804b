"""CSV files written for ``neo4j-admin database import`` (headers like ``id:ID``, ``:LABEL``).

Teams that already feed Neo4j keep these files, so they are accepted as they are:

* nodes: an ``:ID`` column (``id:ID``, ``:ID`` or ``companyId:ID(Company)``), a ``:LABEL``
  column (one of the schema's node types; other labels such as ``Partner`` are ignored when
  exactly one node type is among them, ``;``-separated), an optional ``name``; every other
  column is a property named without its ``:type`` suffix (``country:string`` -> country).
* relationships: ``:START_ID``, ``:END_ID``, ``:TYPE``; ``since``/``until`` by name; other
  columns are properties, declared ones checked against the schema (``percent:float``).

``:IGNORE`` columns are skipped. ID spaces (``:ID(Company)``) are accepted and ignored: allymap
ids are unique across all node types anyway.

>>> split_column("percent:float"), split_column(":START_ID(Person)"), split_column("name")
(('percent', 'FLOAT'), ('', 'START_ID'), ('name', ''))
"""

from __future__ import annotations

import re
from collections.abc import Callable

from graphmodel.schema import SCHEMA
from loaders.csvfile import CsvFile, Format
from loaders.rows import (
    EDGE_RESERVED,
    NODE_RESERVED,
    BatchBuilder,
    EdgeColumns,
    property_name_problem,
)

__all__ = ["EDGES", "NODES", "read_edges", "read_nodes", "split_column"]

_COLUMN = re.compile(r"^(?P<name>.*?):(?P<kind>[A-Za-z_]+(?:\[\])?)(?:\((?P<space>[^)]*)\))?$")


def split_column(column: str) -> tuple[str, str]:
    """(property name, upper-case neo4j-admin type) of a header cell; type "" when untyped."""
    m = _COLUMN.match(column.strip())
    if not m:
        return column.strip(), ""
    return m["name"].strip(), m["kind"].upper()


def _kinds(f: CsvFile) -> list[tuple[str, str]]:
    return [split_column(c) for c in f.columns]


def _properties(
    f: CsvFile, b: BatchBuilder, used: set[int], reserved: frozenset[str]
) -> list[tuple[int, str, str]] | None:
    """(position, column, property name) of the property columns, or None after reporting a
    column whose name is one allymap keeps for itself."""
    out = []
    bad = False
    for i, (name, kind) in enumerate(_kinds(f)):
        if i in used or kind == "IGNORE" or not name:
            continue
        why = property_name_problem(name, reserved)
        if why is not None:
            b.problem(f.name, 1, f.columns[i], why, "header")
            bad = True
        out.append((i, f.columns[i], name))
    return None if bad else out


def _find(f: CsvFile, b: BatchBuilder, kind: str, label: str) -> int | None:
    found = [i for i, (_, k) in enumerate(_kinds(f)) if k == kind]
    if len(found) == 1:
        return found[0]
    why = f"the header has no {label} column" if not found else f"the header has two {label}s"
    b.problem(f.name, 1, label, why, "header")
    return None


def read_nodes(f: CsvFile, b: BatchBuilder) -> None:
    ii, li = _find(f, b, "ID", ":ID"), _find(f, b, "LABEL", ":LABEL")
    if ii is None or li is None:
        return
    kinds = _kinds(f)
    ni = next(
        (i for i, (n, k) in enumerate(kinds) if n.lower() == "name" and k not in ("ID", "IGNORE")),
        None,
    )
    used = {ii, li} | ({ni} if ni is not None else set())
    extras = _properties(f, b, used, NODE_RESERVED)
    if extras is None:
        return
    labels: dict[str, str] = {}
    id_col, label_col = f.columns[ii], f.columns[li]
    name_col = f.columns[ni] if ni is not None else "name"
    for row, cells in f.records():
        raw = cells[li]
        label = labels.get(raw)
        if label is None:
            label = labels[raw] = _node_label(raw)
        if label == "":
            b.problem(
                f.name,
                row,
                label_col,
                f"the labels {raw!r} name more than one allymap node type",
                "type",
            )
            continue
        props = {p: v for i, _, p in extras if (v := cells[i]) and not v.isspace()}
        name = cells[ni] if ni is not None else ""
        b.add_node(f.name, row, cells[ii], label, name, props, id_col, label_col, name_col)


def _node_label(raw: str) -> str:
    """The one schema node type among ``;``-separated labels; the raw text if there is none
    (so the usual "unknown node type" problem is reported), "" if there are several."""
    known = {nt.name for part in raw.split(";") if (nt := SCHEMA.node(part))}
    if len(known) == 1:
        return known.pop()
    return "" if known else raw


def read_edges(f: CsvFile, b: BatchBuilder) -> None:
    si = _find(f, b, "START_ID", ":START_ID")
    ti = _find(f, b, "END_ID", ":END_ID")
    yi = _find(f, b, "TYPE", ":TYPE")
    if si is None or ti is None or yi is None:
        return
    kinds = _kinds(f)
    sincei = next((i for i, (n, _) in enumerate(kinds) if n.lower() == "since"), None)
    untili = next((i for i, (n, _) in enumerate(kinds) if n.lower() == "until"), None)
    used = {si, ti, yi} | {i for i in (sincei, untili) if i is not None}
    extras = _properties(f, b, used, EDGE_RESERVED)
    if extras is None:
        return
    columns = EdgeColumns(
        f.columns[si],
        f.columns[ti],
        f.columns[yi],
        f.columns[sincei] if sincei is not None else "since",
        f.columns[untili] if untili is not None else "until",
        has_until=untili is not None,
    )
    add, file = b.add_edge, f.name
    for row, cells in f.records():
        props = [(c, p, v) for i, c, p in extras if (v := cells[i])]
        add(
            file,
            row,
            cells[yi],
            cells[si],
            cells[ti],
            cells[sincei] if sincei is not None else "",
            cells[untili] if untili is not None else "",
            props,
            columns,
        )


def _typed(*kinds: str) -> Callable[[set[str]], set[str]]:
    """:attr:`Format.found` for headers recognised by their ``:KIND`` columns."""

    def found(columns: set[str]) -> set[str]:
        present = {split_column(c)[1] for c in columns}
        return {f":{k}" for k in kinds if k in present}

    return found


NODES = Format(
    "neo4j-admin nodes",
    "id:ID,:LABEL[,name][,more properties]",
    (":ID", ":LABEL"),
    _typed("ID", "LABEL"),
    read_nodes,
)
EDGES = Format(
    "neo4j-admin relationships",
    ":START_ID,:END_ID,:TYPE[,since,until][,more properties]",
    (":START_ID", ":END_ID", ":TYPE"),
    _typed("START_ID", "END_ID", "TYPE"),
    read_edges,
)
