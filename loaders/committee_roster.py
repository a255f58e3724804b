"""A committee roster: one row per member of a joint committee.

Columns (case-insensitive): ``committee_id`` and ``member_id`` are required; ``committee_name``,
``alliance_id``, ``member_name``, ``role``, ``representing_company``, ``since`` and ``until``
are optional; every further column becomes a property of the membership.

Each row gives the Committee (named by ``committee_name``; empty keeps the stored name, or uses
the id for a new committee), a GOVERNS edge to ``alliance_id`` when filled in (an alliance or a
program), and a MEMBER_OF edge (``role``, default member; ``representing_company`` as text;
``since``/``until``). The member becomes a Person only when ``member_name`` is given, so a
partner's delegates who are not in our HR data can be listed; otherwise ``member_id`` must
already be known.
"""

from __future__ import annotations

from graphmodel.schema import SCHEMA
from loaders.csvfile import CsvFile, Format
from loaders.rows import EDGE_RESERVED, BatchBuilder, EdgeColumns

__all__ = ["FORMAT", "read"]

PERSON, COMMITTEE = SCHEMA.node_types["Person"].name, SCHEMA.node_types["Committee"].name
MEMBER_OF, GOVERNS = SCHEMA.edge_types["MEMBER_OF"].name, SCHEMA.edge_types["GOVERNS"].name
_REQUIRED = ("committee_id", "member_id")
_OPTIONAL = ("committee_name", "alliance_id", "member_name", "since", "until")
_PROPERTIES = ("role", "representing_company")


def read(f: CsvFile, b: BatchBuilder) -> None:
    found = f.require(*_REQUIRED)
    if found is None:
        return
    ci, mi = found
    cni, ai, mni, si, ui = (f.index(c) for c in _OPTIONAL)
    used = {ci, mi} | {i for i in (cni, ai, mni, si, ui) if i is not None}
    extras = f.other_columns(used)  # role and representing_company included
    reserved = [c for _, c in extras if c.lower() in EDGE_RESERVED]
    for column in reserved:
        b.problem(f.name, 1, column, f"{column!r} cannot be a property of a membership; rename it")
    if reserved:
        return
    props_at = [(i, c, c.lower() if c.lower() in _PROPERTIES else c) for i, c in extras]
    col = f.columns
    committee_col, member_col = col[ci], col[mi]
    member_of = EdgeColumns(
        member_col,
        committee_col,
        MEMBER_OF,
        col[si] if si is not None else "since",
        col[ui] if ui is not None else "until",
    )
    governs = EdgeColumns(committee_col, col[ai] if ai is not None else "", GOVERNS, "", "")
    file = f.name
    for row, cells in f.records():
        committee = cells[ci].strip()
        member = cells[mi].strip()
        if not committee:
            b.problem(file, row, committee_col, "the committee id is empty")
            continue
        if not member:
            b.problem(file, row, member_col, "the member id is empty")
            continue
        b.add_node(
            file,
            row,
            committee,
            COMMITTEE,
            cells[cni] if cni is not None else "",
            {},
            committee_col,
            name_column=col[cni] if cni is not None else "committee_name",
        )
        if ai is not None and (alliance := cells[ai].strip()):
            b.add_edge(file, row, GOVERNS, committee, alliance, "", "", [], governs)
        if mni is not None and (name := cells[mni]) and not name.isspace():
            b.add_node(file, row, member, PERSON, name, {}, member_col, name_column=col[mni])
        b.add_edge(
            file,
            row,
            MEMBER_OF,
            member,
            committee,
            cells[si] if si is not None else "",
            cells[ui] if ui is not None else "",
            [(c, p, v) for i, c, p in props_at if (v := cells[i])],
            member_of,
        )


FORMAT = Format(
    "committee roster",
    "committee_id[,committee_name,alliance_id],member_id[,member_name,role,"
    "representing_company,since,until]",
    lambda cols: "committee_id" in cols and "member_id" in cols,
    read,
)
