"""The generic format every export can be turned into (DOMAIN.md, "Generic CSV format").

``nodes.csv``: ``id,type,name`` and any further columns, which become node properties.
``edges.csv``: ``source,target,type``, optional ``since,until``, any further columns become
edge properties (declared ones are checked against the schema, others kept as text).
Type names are case-insensitive; ``CUSTOMER_OF`` is stored as the reversed ``SUPPLIES``.
A generic file is never a snapshot: it changes what it says and closes nothing.

>>> NODES.matches({"id", "type", "name", "country"}), EDGES.matches({"source", "type"})
(True, False)
"""

from __future__ import annotations

from loaders.csvfile import CsvFile, Format, by_name
from loaders.rows import EDGE_RESERVED, NODE_RESERVED, BatchBuilder, EdgeColumns

__all__ = ["EDGES", "NODES", "read_edges", "read_nodes"]


def read_nodes(f: CsvFile, b: BatchBuilder) -> None:
    ii, ti, ni = f.require("id", "type", "name")
    extras = f.property_columns({ii, ti, ni}, NODE_RESERVED)
    if extras is None:
        return
    id_col, type_col, name_col = f.columns[ii], f.columns[ti], f.columns[ni]
    add, file = b.add_node, f.name
    for row, cells in f.records():
        props = {c: v for i, c in extras if (v := cells[i]) and not v.isspace()}
        add(file, row, cells[ii], cells[ti], cells[ni], props, id_col, type_col, name_col)


def read_edges(f: CsvFile, b: BatchBuilder) -> None:
    si, ti, yi = f.require("source", "target", "type")
    sincei, untili = f.index("since"), f.index("until")
    used = {si, ti, yi} | {i for i in (sincei, untili) if i is not None}
    extras = f.property_columns(used, EDGE_RESERVED)
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
        props = [(c, c, v) for i, c in extras if (v := cells[i])]
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


NODES = Format(
    "nodes",
    "id,type,name[,more properties]",
    ("id", "type", "name"),
    by_name("id", "type", "name"),
    read_nodes,
)
EDGES = Format(
    "edges",
    "source,target,type[,since,until][,more properties]",
    ("source", "target", "type"),
    by_name("source", "target", "type"),
    read_edges,
)
