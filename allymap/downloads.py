"""Files and tables the app hands out, made safe to open in a spreadsheet.

Names and properties come from CSV exports nobody vetted. A cell such as
``=HYPERLINK("http://evil", "Click")`` or ``@SUM(1+1)*cmd|' /C calc'!A0`` is a formula to Excel
and LibreOffice, so every text cell that a spreadsheet could read as a formula gets a leading
apostrophe (OWASP's "CSV injection" advice). Numbers stay numbers: ints and floats are kept,
and text that is nothing but a number (``-3``, ``+1.5``) is left as it is, since a spreadsheet
reading it as that number does no harm.

This covers two ways out: the app's own download buttons (:func:`to_safe_csv`) and the
"Download as CSV" of every table Streamlit shows, which exports exactly the cell values it was
given, so the pages show tables built with :func:`safe_frame` (the same cells, neutralised).

>>> to_safe_csv([{"name": "=1+1", "n": -3, "t": "-3"}]).decode("utf-8-sig").splitlines()
['name,n,t', "'=1+1,-3,-3"]
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from allymap.text import plain

__all__ = ["FORMULA_TRIGGERS", "is_formula_like", "safe_cell", "safe_frame", "to_safe_csv"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""First characters that make a spreadsheet treat a cell as a formula (full-width forms
included: some Excel locales convert them; :func:`is_formula_like` also catches the other
compatibility forms, such as the small ``﹦``, through NFKC)."""

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _first_meaningful(text: str) -> str:
    """The first character a spreadsheet could act on: leading whitespace and invisible
    format characters (zero-width spaces, bidi controls, BOM) are skipped, since some
    programs drop them before deciding."""
    for ch in text:
        if ch in "\t\r":
            return ch  # triggers themselves
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        return ch
    return ""


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (or a DDE command): its first
    meaningful character is ``=``, ``+``, ``-``, ``@``, a tab or CR, or a compatibility form
    of one of those, and it is not simply a number."""
    first = _first_meaningful(text)
    if not first:
        return False
    if first not in FORMULA_TRIGGERS and unicodedata.normalize("NFKC", first) not in "=+-@":
        return False
    return not _NUMBER.fullmatch(text.strip())


def safe_cell(value: Any) -> str | int | float:
    """One cell: text as one line of plain text (:func:`allymap.text.plain`: no control
    characters, no bidi overrides that would make a cell read differently from what it holds),
    prefixed with ``'`` when it could start a formula; ints and floats are kept; lists are
    joined with ``; `` and None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    text = plain(value)
    return "'" + text if is_formula_like(text) else text


def to_safe_csv(rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None) -> bytes:
    """Rows as CSV bytes for Excel: UTF-8 with a BOM (so accents survive a double-click),
    header from ``columns`` or the keys in order of first appearance, formulas neutralised
    (header included: column names come from data too)."""
    rows = list(rows)
    columns = columns or _columns(rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8-sig")


def _columns(rows: list[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(str(key), None)
    return list(seen)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "float" if isinstance(value, float) else "text"


def safe_frame(rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None) -> pd.DataFrame:
    """Rows as the DataFrame a page shows with ``st.dataframe``: what the table's own "Download
    as CSV" exports is then formula-safe too. Text cells go through :func:`safe_cell` (so a
    user sees the same apostrophe the download has, and only on cells that need it); numbers
    and booleans keep their type, so they still sort and align as numbers, and a column of
    whole numbers with gaps stays whole numbers. Column names are neutralised as well."""
    rows = list(rows)
    columns = columns or _columns(rows)
    data: dict[str, pd.Series[Any]] = {}
    for c in columns:
        values = [row.get(c) for row in rows]
        kinds = {_kind(v) for v in values if v is not None}
        name = str(safe_cell(c))
        if kinds == {"bool"}:
            data[name] = pd.Series(values, dtype="boolean")
        elif kinds == {"int"}:
            data[name] = pd.Series(values, dtype="Int64")
        elif kinds and kinds <= {"int", "float"}:
            data[name] = pd.Series([math.nan if v is None else v for v in values], dtype="float64")
        else:
            cells = [None if v is None else str(safe_cell(v)) for v in values]
            data[name] = pd.Series(cells, dtype="string")
    return pd.DataFrame(data, columns=list(data))
