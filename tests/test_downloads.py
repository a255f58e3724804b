"""CSV downloads and the tables the app shows must not turn hostile names into spreadsheet
formulas: the app's download buttons (``to_safe_csv``) and Streamlit's own "Download as CSV"
of every table, which exports the cells of the frame it was given (``safe_frame``)."""

from __future__ import annotations

import csv
import io
import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allymap.downloads import FORMULA_TRIGGERS, is_formula_like, safe_cell, safe_frame, to_safe_csv

_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("\t=1", "'=1"),  # a cell is one line of text: the tab goes, the apostrophe stays
        ("\r=1", "'=1"),
        ("  =1+1", "'=1+1"),
        ("\u200b=1+1", "'\u200b=1+1"),  # an invisible start hides nothing
        ("\u202e=1+1", "'=1+1"),  # a bidi override is dropped, then neutralised
        ("＝1+1", "'＝1+1"),
        ("﹦1+1", "'﹦1+1"),  # the small form, caught through NFKC
        ("－1-1", "'－1-1"),
        ("-", "'-"),
    ],
)  # fmt: skip
def test_formula_cells_get_a_leading_apostrophe(cell: str, written: str) -> None:
    rows = _read(to_safe_csv([{"name": cell}]))
    assert rows[1][0] == written


@pytest.mark.parametrize("number", ["-3", "+1.5", "-0.25", "-1e5", "+7", "-.5"])
def test_text_that_is_only_a_number_is_left_as_it_is(number: str) -> None:
    assert not is_formula_like(number)
    assert _read(to_safe_csv([{"n": number}]))[1] == [number]


def test_plain_text_numbers_and_lists_pass_through() -> None:
    data = to_safe_csv(
        [
            {"person": "Zoë Müller", "hops": 2, "score": -0.5, "path": ["p1", "c1", "P2"]},
            {"person": "O'Brien, Pat", "blocked": True, "path": None},
        ]
    )
    rows = _read(data)
    assert rows[0] == ["person", "hops", "score", "path", "blocked"]
    assert rows[1] == ["Zoë Müller", "2", "-0.5", "p1; c1; P2", ""]
    assert rows[2] == ["O'Brien, Pat", "", "", "", "yes"]


def test_header_from_data_is_neutralised_too() -> None:
    rows = _read(to_safe_csv([{"=cmd": "x"}]))
    assert rows[0] == ["'=cmd"]


def test_explicit_columns_keep_their_order_and_fill_gaps() -> None:
    rows = _read(to_safe_csv([{"b": 1}], columns=["a", "b"]))
    assert rows == [["a", "b"], ["", "1"]]


def test_control_and_bidi_characters_leave_cells() -> None:
    rows = _read(to_safe_csv([{"a": "Eve \u202egnp.exe\u202c", "b": "bell\x07\x1b[31m\nnext"}]))
    assert rows[1] == ["Eve gnp.exe", "bell\ufffd\ufffd[31m next"]


@given(st.text())
def test_no_text_cell_ever_starts_like_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not is_formula_like(cell)
    head = cell.lstrip()[:1]
    assert head not in FORMULA_TRIGGERS or _NUMBER.fullmatch(cell.strip())


# ---- the frames the pages show -------------------------------------------------------------


def test_frames_hold_neutralised_text_and_keep_numbers_as_numbers() -> None:
    frame = safe_frame(
        [
            {"Name": "=1+1", "Row": 2, "Score": 0.5, "Flag": True, "Note": "-2+3"},
            {"Name": "Ann", "Row": None, "Score": None, "Flag": False, "Note": None},
            {"Name": "-5", "Row": 7, "Score": 3, "Flag": None, "Note": "ok"},
        ]
    )
    assert list(frame.columns) == ["Name", "Row", "Score", "Flag", "Note"]
    assert list(frame["Name"]) == ["'=1+1", "Ann", "-5"]
    assert str(frame["Row"].dtype) == "Int64" and list(frame["Row"].dropna()) == [2, 7]
    assert frame["Score"].dtype == "float64" and math.isnan(frame["Score"][1])
    assert str(frame["Flag"].dtype) == "boolean"
    assert frame["Note"][0] == "'-2+3" and pd.isna(frame["Note"][1])


def test_a_column_mixing_text_and_numbers_is_text_and_neutralised() -> None:
    frame = safe_frame([{"v": 3}, {"v": "@SUM(1)"}])
    assert list(frame["v"]) == ["3", "'@SUM(1)"]


def test_column_names_from_data_are_neutralised_and_order_kept() -> None:
    frame = safe_frame([{"b": 1, "=a": "x"}], columns=["=a", "b"])
    assert list(frame.columns) == ["'=a", "b"]


def test_an_empty_table_keeps_its_columns() -> None:
    assert list(safe_frame([], columns=["Row", "Problem"]).columns) == ["Row", "Problem"]


@given(st.lists(st.text(), max_size=5))
def test_no_frame_cell_ever_starts_like_a_formula(texts: list[str]) -> None:
    frame = safe_frame([{"t": t} for t in texts], columns=["t"])
    assert not any(is_formula_like(str(v)) for v in frame["t"])
