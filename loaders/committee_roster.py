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

A roster is a snapshot (DOMAIN.md, "Re-imports and snapshots"): it states each listed
committee's current seats. A row without ``since`` updates the member's current MEMBER_OF of
that committee instead of adding a second one, and the MEMBER_OF edges into the listed
committees that no file of the import contains are closed the day before the import's
effective date.
"""

from __future__ import annotations

from graphmodel.vocabulary import COMMITTEE, GOVERNS, MEMBER_OF, PERSON
from loaders.csvfile import CsvFile, Format, by_name
from loaders.rows import EDGE_RESERVED, BatchBuilder, EdgeColumns

__all__ = ["FORMAT", "read"]

_REQUIRED = ("committee_id", "member_id")
_OPTIONAL = ("committee_name", "alliance_id", "member_name", "since", "until")
_PROPERTIES = ("role", "representing_company")


def read(f: CsvFile, b: BatchBuilder) -> None:
    ci, mi = f.require(*_REQUIRED)
    cni, ai, mni, si, ui = (f.index(c) for c in _OPTIONAL)
    used = {ci, mi} | {i for i in (cni, ai, mni, si, ui) if i is not None}
    extras = f.property_columns(used, EDGE_RESERVED)  # role and representing_company included
    if extras is None:
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
        has_until=ui is not None,
        snapshot=True,
    )
    governs = EdgeColumns(committee_col, col[ai] if ai is not None else "", GOVERNS, "", "")
    listed = b.snapshot_scope("in", MEMBER_OF)
    file = f.name
    for row, cells in f.records():
        committee = cells[ci].strip()
        member = cells[mi].strip()
        if not committee:
            b.problem(file, row, committee_col, "the committee id is empty", "id")
            continue
        if not member:
            b.problem(file, row, member_col, "the member id is empty", "id")
            continue
        listed.add(committee)
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
    _REQUIRED,
    by_name(*_REQUIRED),
    read,
)
