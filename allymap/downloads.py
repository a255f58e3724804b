"""Files the app hands out, made safe to open in a spreadsheet.

Names and properties come from CSV exports nobody vetted. A cell such as
``=HYPERLINK("http://evil", "Click")`` or ``@SUM(1+1)*cmd|' /C calc'!A0`` is a formula to Excel
and LibreOffice, so every text cell that a spreadsheet could read as a formula gets a leading
apostrophe (OWASP's "CSV injection" advice). Numbers we computed ourselves stay numbers.

>>> to_safe_csv([{"name": "=1+1", "n": -3}]).decode("utf-8-sig").splitlines()
['name,n', "'=1+1,-3"]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FORMULA_TRIGGERS", "safe_cell", "to_safe_csv"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""First characters that make a spreadsheet treat a cell as a formula (full-width forms
included: some Excel locales convert them)."""


def safe_cell(value: Any) -> str | int | float:
    """One cell: text that could start a formula is prefixed with ``'``; ints and floats we
    produced are kept; lists are joined with ``; `` and None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    text = str(value)
    stripped = text.lstrip(" \u00a0\n")
    if text.startswith(FORMULA_TRIGGERS) or stripped.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def to_safe_csv(rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None) -> bytes:
    """Rows as CSV bytes for Excel: UTF-8 with a BOM (so accents survive a double-click),
    header from ``columns`` or the keys in order of first appearance, formulas neutralised
    (header included: column names come from data too)."""
    rows = list(rows)
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            for key in row:
                seen.setdefault(str(key), None)
        columns = list(seen)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8-sig")
