"""The generic format every export can be turned into (DOMAIN.md, "Generic CSV format").

``nodes.csv``: ``id,type,name`` and any further columns, which become node properties.
``edges.csv``: ``source,target,type``, optional ``since,until``, any further columns become
edge properties (declared ones are checked against the schema, others kept as text).
Type names are case-insensitive; ``CUSTOMER_OF`` is stored as the reversed ``SUPPLIES``.

>>> NODES.matches({"id", "type", "name", "country"}), EDGES.matches({"id", "type"})
(True, False)
"""

from __future__ import annotations

from loaders.csvfile import CsvFile, Format
from loaders.rows import BatchBuilder, EdgeColumns

__all__ = ["EDGES", "NODES", "read_edges", "read_nodes"]


def read_nodes(f: CsvFile, b: BatchBuilder) -> None:
    found = f.require("id", "type", "name")
    if found is None:
        return
    ii, ti, ni = found
    extras = f.other_columns({ii, ti, ni})
    id_col, type_col, name_col = f.columns[ii], f.columns[ti], f.columns[ni]
    add, file = b.add_node, f.name
    for row, cells in f.records():
        props = {c: v for i, c in extras if (v := cells[i]) and not v.isspace()}
        add(file, row, cells[ii], cells[ti], cells[ni], props, id_col, type_col, name_col)


def read_edges(f: CsvFile, b: BatchBuilder) -> None:
    found = f.require("source", "target", "type")
    if found is None:
        return
    si, ti, yi = found
    sincei, untili = f.index("since"), f.index("until")
    used = {si, ti, yi} | {i for i in (sincei, untili) if i is not None}
    extras = f.other_columns(used)
    columns = EdgeColumns(
        f.columns[si],
        f.columns[ti],
        f.columns[yi],
        f.columns[sincei] if sincei is not None else "since",
        f.columns[untili] if untili is not None else "until",
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
    lambda cols: "id" in cols,
    read_nodes,
)
EDGES = Format(
    "edges",
    "source,target,type[,since,until][,more properties]",
    lambda cols: "source" in cols or "target" in cols,
    read_edges,
)
