"""CSV downloads must not turn hostile names into spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allymap.downloads import FORMULA_TRIGGERS, safe_cell, to_safe_csv


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+1",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1",
        "\r=1",
        "  =1+1",
        "＝1+1",
    ],
)
def test_formula_cells_get_a_leading_apostrophe(cell: str) -> None:
    rows = _read(to_safe_csv([{"name": cell}]))
    assert rows[1][0] == "'" + cell


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


@given(st.text())
def test_no_text_cell_ever_starts_like_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not cell.lstrip(" \u00a0\n").startswith(FORMULA_TRIGGERS)
    assert cell in (text, "'" + text)
