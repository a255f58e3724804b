"""Decisions on findings (DOMAIN.md, "Decisions on findings"): one row per decision that
compliance made about one finding, a waiver approved by legal or an exposure reviewed and
accepted.

Header: ``kind,person,subject,other,decision,decided_by,reason,since,until`` (``since`` and
``until`` may be left out; any other column is refused, since a decision has no free
properties). ``subject`` and ``other`` are the two ids of the finding's subject, in either
order; ``person`` is empty for kinds without a person. A decision is identified by kind,
person, subject pair and ``since``: a re-import updates the rest. Whether the kind takes the
decision, the dates and the nodes named are checked when the import is planned
(:func:`graphmodel.decisions.problems`), with every other problem of the import.
"""

from __future__ import annotations

from graphmodel.decisions import Decision
from loaders.csvfile import CsvFile, Format, by_name
from loaders.rows import BatchBuilder, id_problem

__all__ = ["FORMAT", "read"]

_REQUIRED = ("kind", "person", "subject", "other", "decision", "decided_by", "reason")
_OPTIONAL = ("since", "until")
MAX_TEXT = 4000
"""Characters in ``decided_by`` or ``reason``."""


def read(f: CsvFile, b: BatchBuilder) -> None:
    at = f.require(*_REQUIRED)
    si, ui = (f.index(c) for c in _OPTIONAL)
    used = set(at) | {i for i in (si, ui) if i is not None}
    for _i, column in f.other_columns(used):
        b.problem(f.name, 1, column, "a decisions file has no other columns", "header")
        return
    col = f.columns
    ki, pi, ai, oi, di, byi, ri = at
    for row, cells in f.records():
        ok = True
        ids = []
        for i in (pi, ai, oi):
            nid = cells[i].strip()
            if nid and (why := id_problem(nid)) is not None:
                b.problem(f.name, row, col[i], why, "id")
                ok = False
            ids.append(nid)
        for i in (byi, ri):
            if len(cells[i]) > MAX_TEXT:
                why = f"the text is {len(cells[i]):,} characters long; at most {MAX_TEXT:,}"
                b.problem(f.name, row, col[i], why, "text")
                ok = False
        since = b.date(cells[si], f.name, row, col[si]) if si is not None else ""
        until = b.date(cells[ui], f.name, row, col[ui]) if ui is not None else ""
        if since is None or until is None or not ok:
            continue
        person, a, other = ids
        if not a or not other:
            b.problem(f.name, row, col[ai if not a else oi], "the subject needs two ids", "id")
            continue
        d = Decision(
            cells[ki].strip().lower(),
            person,
            (a, other),
            cells[di].strip().lower(),
            cells[byi].strip(),
            cells[ri].strip(),
            since,
            until,
        )
        b.add_decision(f.name, row, d)


FORMAT = Format(
    "decisions",
    "kind,person,subject,other,decision,decided_by,reason[,since,until]",
    _REQUIRED,
    by_name(*_REQUIRED),
    read,
)
