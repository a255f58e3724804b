"""An obligations export: one row per deadline or milestone under an agreement.

Columns (case-insensitive): ``obligation_id``, ``agreement_id`` and ``due`` are required;
``obligation_name``, ``done`` and ``owner_id`` are optional; every further column becomes a
property of the obligation.

Each row gives an Obligation (named by ``obligation_name``; empty keeps the stored name, or
uses the id for a new one) with its ``due`` date and, when filled in, its ``done`` date (both
``YYYY-MM-DD``, checked like every date; a due date before the agreement's effective date or a
done date before the due date is accepted: contracts have notices due on signature, and work
done early), an UNDER edge to ``agreement_id`` (an Agreement stored or in the import) and an
OWNED_BY edge to ``owner_id`` when filled in (a Person stored or in the import). ``due`` may
not be empty: an obligation without a date could never show as due (``allymap deadlines``).

An obligations export is not a snapshot: giving an obligation a new owner adds an OWNED_BY
edge; close the old one with an ``until`` in a generic edges file.
"""

from __future__ import annotations

from graphmodel.vocabulary import OBLIGATION, OBLIGATION_DONE, OBLIGATION_DUE, OWNED_BY, UNDER
from loaders.csvfile import CsvFile, Format, by_name
from loaders.rows import NODE_RESERVED, BatchBuilder, EdgeColumns

__all__ = ["FORMAT", "read"]

_REQUIRED = ("obligation_id", "agreement_id", OBLIGATION_DUE)
_OPTIONAL = ("obligation_name", OBLIGATION_DONE, "owner_id")


def read(f: CsvFile, b: BatchBuilder) -> None:
    oi, ai, di = f.require(*_REQUIRED)
    ni, donei, wi = (f.index(c) for c in _OPTIONAL)
    used = {oi, ai, di} | {i for i in (ni, donei, wi) if i is not None}
    extras = f.property_columns(used, NODE_RESERVED)
    if extras is None:
        return
    col = f.columns
    ob_col, agreement_col, due_col = col[oi], col[ai], col[di]
    under = EdgeColumns(ob_col, agreement_col, UNDER, "", "", has_until=False)
    owned = under._replace(target=col[wi] if wi is not None else "owner_id", type=OWNED_BY)
    file = f.name
    for row, cells in f.records():
        obligation = cells[oi].strip()
        agreement = cells[ai].strip()
        if not obligation:
            b.problem(file, row, ob_col, "the obligation id is empty", "id")
            continue
        if not agreement:
            b.problem(file, row, agreement_col, "the agreement id is empty", "id")
            continue
        if not cells[di].strip():
            b.problem(file, row, due_col, "the due date is empty; write it as YYYY-MM-DD", "date")
            continue
        props = {c: v for i, c in extras if (v := cells[i]) and not v.isspace()}
        props[OBLIGATION_DUE] = cells[di]
        if donei is not None and (done := cells[donei]) and not done.isspace():
            props[OBLIGATION_DONE] = done
        b.add_node(
            file,
            row,
            obligation,
            OBLIGATION,
            cells[ni] if ni is not None else "",
            props,
            ob_col,
            name_column=col[ni] if ni is not None else "obligation_name",
        )
        b.add_edge(file, row, UNDER, obligation, agreement, "", "", [], under)
        if wi is not None and (owner := cells[wi].strip()):
            b.add_edge(file, row, OWNED_BY, obligation, owner, "", "", [], owned)


FORMAT = Format(
    "obligations export",
    "obligation_id,agreement_id[,obligation_name],due[,done,owner_id]",
    _REQUIRED,
    by_name(*_REQUIRED),
    read,
)
