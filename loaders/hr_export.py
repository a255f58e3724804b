"""An HR export: one row per person, with their employer and their manager.

Columns (case-insensitive): ``employee_id``, ``name``, ``company_id`` and ``manager_id`` are
required; ``title``, ``company_name``, ``function``, ``hire_date`` and ``end_date`` are
optional; every further column (and ``function``) becomes a property of the person.

Each row gives a Person, their Company (named by ``company_name``; when that is empty the stored
name is kept, or the id is used for a new company), an EMPLOYED_BY edge (``title``; ``hire_date``
and ``end_date`` are its since and until), and a REPORTS_TO edge to ``manager_id`` when that is
filled in, ending on ``end_date`` too (a leaver no longer reports to anyone). A manager who is
neither in the import nor already stored is refused, naming the ``manager_id`` column.

An HR export is a snapshot (DOMAIN.md, "Re-imports and snapshots"): it states each listed
person's current employer and manager. A row without a ``hire_date`` updates the person's
current EMPLOYED_BY of that company instead of adding a second one (REPORTS_TO rows never have
a start date), and the listed people's EMPLOYED_BY and REPORTS_TO edges that no file of the
import contains are closed the day before the import's effective date.
"""

from __future__ import annotations

from graphmodel.vocabulary import COMPANY, EMPLOYED_BY, EMPLOYED_BY_TITLE, PERSON, REPORTS_TO
from loaders.csvfile import CsvFile, Format, by_name
from loaders.rows import NODE_RESERVED, BatchBuilder, EdgeColumns

__all__ = ["FORMAT", "read"]

_REQUIRED = ("employee_id", "name", "company_id", "manager_id")
_OPTIONAL = ("title", "company_name", "hire_date", "end_date")


def read(f: CsvFile, b: BatchBuilder) -> None:
    ei, ni, ci, mi = f.require(*_REQUIRED)
    ti, cni, hi, endi = (f.index(c) for c in _OPTIONAL)
    used = {ei, ni, ci, mi} | {i for i in (ti, cni, hi, endi) if i is not None}
    extras = f.property_columns(used, NODE_RESERVED)
    if extras is None:
        return
    col = f.columns
    emp_col, company_col, mgr_col = col[ei], col[ci], col[mi]
    employed = EdgeColumns(
        emp_col,
        company_col,
        EMPLOYED_BY,
        col[hi] if hi is not None else "hire_date",
        col[endi] if endi is not None else "end_date",
        has_until=endi is not None,
        snapshot=True,
    )
    # A leaver stops reporting to their manager when they leave (end_date closes both edges).
    reports = employed._replace(target=mgr_col, type=REPORTS_TO, since="")
    title_col = col[ti] if ti is not None else "title"
    listed = b.snapshot_scope("out", EMPLOYED_BY, REPORTS_TO)
    file = f.name
    for row, cells in f.records():
        emp = cells[ei].strip()
        company = cells[ci].strip()
        if not emp:
            b.problem(file, row, emp_col, "the employee id is empty", "id")
            continue
        if not company:
            b.problem(file, row, company_col, "the employer's company id is empty", "id")
            continue
        listed.add(emp)
        props = {c: v for i, c in extras if (v := cells[i]) and not v.isspace()}
        b.add_node(file, row, emp, PERSON, cells[ni], props, emp_col, name_column=col[ni])
        company_name = cells[cni] if cni is not None else ""
        b.add_node(
            file,
            row,
            company,
            COMPANY,
            company_name,
            {},
            company_col,
            name_column=col[cni] if cni is not None else "company_name",
        )
        title = cells[ti] if ti is not None else ""
        b.add_edge(
            file,
            row,
            EMPLOYED_BY,
            emp,
            company,
            cells[hi] if hi is not None else "",
            cells[endi] if endi is not None else "",
            [(title_col, EMPLOYED_BY_TITLE, title)] if title else [],
            employed,
        )
        manager = cells[mi]
        if manager and not manager.isspace():
            end = cells[endi] if endi is not None else ""
            b.add_edge(file, row, REPORTS_TO, emp, manager, "", end, [], reports)


FORMAT = Format(
    "HR export",
    "employee_id,name,title,company_id[,company_name],manager_id[,function,hire_date,end_date]",
    _REQUIRED,
    by_name(*_REQUIRED),
    read,
)
