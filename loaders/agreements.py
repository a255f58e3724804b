"""An agreements export: one row per contract, as contract databases list them.

Columns (case-insensitive): ``agreement_id`` and ``signatories`` are required;
``agreement_name``, ``agreement_type``, ``covers``, ``exclusive_targets``,
``non_compete_targets``, ``effective_date`` and ``expiry_date`` are optional; every further
column becomes a property of the agreement.

Each row gives an Agreement (named by ``agreement_name``; empty keeps the stored name, or uses
the id for a new agreement; ``agreement_type`` is its ``kind``) and, for each id in the
``;``-separated lists: a SIGNED edge from each signatory (a Company that is stored or in the
import), a COVERS edge to each covered Alliance or Program, and a RESTRICTS edge to each
target (``kind`` exclusive or non_compete), the Target being created when new (named by its
id). ``effective_date`` and ``expiry_date`` are the since and until of all of them, so an
agreement is in force exactly while it is signed (DOMAIN.md, "Agreements, targets and
obligations"). Empty parts of a list (``a;;b``, a trailing ``;``) are ignored and an id listed
twice counts once; an agreement without any signatory is refused, since it would never be in
force and so could never be checked. A target listed both as exclusive and as non-compete in
one row is refused (say which it is).

An agreements export is not a snapshot: it changes what it says and closes nothing (an expired
agreement is a row with its ``expiry_date``).
"""

from __future__ import annotations

from graphmodel.vocabulary import (
    AGREEMENT,
    AGREEMENT_KIND,
    COVERS,
    RESTRICTS,
    RESTRICTS_KIND,
    SIGNED,
    TARGET,
)
from loaders.csvfile import CsvFile, Format, by_name
from loaders.rows import NODE_RESERVED, BatchBuilder, EdgeColumns

__all__ = ["FORMAT", "read", "split_ids"]

_REQUIRED = ("agreement_id", "signatories")
_OPTIONAL = (
    "agreement_name",
    "agreement_type",
    "covers",
    "exclusive_targets",
    "non_compete_targets",
    "effective_date",
    "expiry_date",
)
_KINDS = (("exclusive_targets", "exclusive"), ("non_compete_targets", "non_compete"))


def split_ids(cell: str) -> list[str]:
    """The ids of a ``;``-separated cell, stripped, without empty parts, each once, in order.

    >>> split_ids(" alpha; beta;;alpha ;")
    ['alpha', 'beta']
    """
    return list(dict.fromkeys(p.strip() for p in cell.split(";") if p.strip()))


def read(f: CsvFile, b: BatchBuilder) -> None:
    ai, si = f.require(*_REQUIRED)
    ni, ti, ci, xi, nci, ei, endi = (f.index(c) for c in _OPTIONAL)
    used = {ai, si} | {i for i in (ni, ti, ci, xi, nci, ei, endi) if i is not None}
    extras = f.property_columns(used, NODE_RESERVED)
    if extras is None:
        return
    col = f.columns
    agreement_col, signed_col = col[ai], col[si]
    since_col = col[ei] if ei is not None else "effective_date"
    until_col = col[endi] if endi is not None else "expiry_date"
    has_until = endi is not None
    signed = EdgeColumns(signed_col, agreement_col, SIGNED, since_col, until_col, has_until)
    covers = signed._replace(
        source=agreement_col, target=col[ci] if ci is not None else "", type=COVERS
    )
    restricts = {
        kind: signed._replace(source=agreement_col, target=col[i], type=RESTRICTS)
        for (name, kind), i in zip(_KINDS, (xi, nci), strict=True)
        if i is not None
    }
    at = {kind: i for (_, kind), i in zip(_KINDS, (xi, nci), strict=True) if i is not None}
    file = f.name
    for row, cells in f.records():
        agreement = cells[ai].strip()
        if not agreement:
            b.problem(file, row, agreement_col, "the agreement id is empty", "id")
            continue
        signatories = split_ids(cells[si])
        if not signatories:
            b.problem(
                file,
                row,
                signed_col,
                "no company signed this agreement; list the signing companies' ids, separated by ;",
                "id",
            )
            continue
        props = {c: v for i, c in extras if (v := cells[i]) and not v.isspace()}
        if ti is not None and (kind := cells[ti].strip()):
            props[AGREEMENT_KIND] = kind
        b.add_node(
            file,
            row,
            agreement,
            AGREEMENT,
            cells[ni] if ni is not None else "",
            props,
            agreement_col,
            name_column=col[ni] if ni is not None else "agreement_name",
        )
        since = cells[ei] if ei is not None else ""
        until = cells[endi] if endi is not None else ""
        for company in signatories:
            b.add_edge(file, row, SIGNED, company, agreement, since, until, [], signed)
        if ci is not None:
            for work in split_ids(cells[ci]):
                b.add_edge(file, row, COVERS, agreement, work, since, until, [], covers)
        targets = {kind: split_ids(cells[i]) for kind, i in at.items()}
        both = set(targets.get("exclusive", ())) & set(targets.get("non_compete", ()))
        if both:
            b.problem(
                file,
                row,
                restricts["non_compete"].target,
                f"{', '.join(sorted(both))} is listed as both an exclusive and a non-compete "
                "target; list each target under the one restriction the agreement makes",
                "conflict",
            )
            continue
        for kind, ids in targets.items():
            where = restricts[kind]
            for target in ids:
                b.add_node(file, row, target, TARGET, "", {}, where.target)
                value = [(where.target, RESTRICTS_KIND, kind)]
                b.add_edge(file, row, RESTRICTS, agreement, target, since, until, value, where)


FORMAT = Format(
    "agreements export",
    "agreement_id[,agreement_name,agreement_type],signatories[,covers,exclusive_targets,"
    "non_compete_targets,effective_date,expiry_date]",
    _REQUIRED,
    by_name(*_REQUIRED),
    read,
)
