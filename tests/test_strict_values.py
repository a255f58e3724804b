"""Values are strict (DOMAIN.md): dates only ``YYYY-MM-DD`` in ASCII digits, numbers in ASCII
digits inside the schema's range; and date arithmetic never fails, even on values an older
version stored (written here straight into the store, bypassing the loader), on both stores."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from allymap.cli import app
from graphmodel.batch import ImportPlan
from graphmodel.embedded import EmbeddedStore
from graphmodel.model import Edge, Node, add_days, parse_date
from graphmodel.schema import SCHEMA, PropertySpec
from queries.conflicts import scan
from queries.staffing import check_staffing

# ---- dates ---------------------------------------------------------------------------------

NOT_DATES = [
    "2026-W48-1",  # an ISO week date: Python's fromisoformat reads it as 2026-11-23
    "2026-332",  # an ordinal date
    "20261123",
    "２０２６-11-23",  # full-width digits
    "٢٠٢٦-١١-٢٣",  # Arabic-Indic digits
    "+2026-01-01",
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "2026-1-5",
    "2026-01-01T00:00",
    "2026-01-01Z",
    "2026/01/01",
    "",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_parse_date_accepts_the_calendar_and_surrounding_spaces() -> None:
    assert parse_date(" 2024-02-29\t") == "2024-02-29"
    assert parse_date("0001-01-01") == "0001-01-01"
    assert parse_date("9999-12-31") == "9999-12-31"


def test_add_days_clamps_to_the_calendar() -> None:
    assert add_days("9999-12-31", 1) == "9999-12-31"
    assert add_days("2026-01-01", 3_000_000) == "9999-12-31"
    assert add_days("2026-01-01", 10**30) == "9999-12-31"
    assert add_days("0001-01-01", -365) == "0001-01-01"
    assert add_days("2026-03-01", -1) == "2026-02-28"


@pytest.mark.parametrize("text", ["2026-W48-1", "２０２６-11-23", "2026-02-30"])
def test_dates_in_csv_are_strict(store, refused, text: str) -> None:
    files = {
        "nodes.csv": "id,type,name\nann,Person,Ann\nacme,Company,Acme\n",
        "edges.csv": f"source,target,type,since\nann,acme,EMPLOYED_BY,{text}\n",
    }
    problems = refused(store, files)
    assert [(p.file, p.row, p.column, p.kind) for p in problems] == [
        ("edges.csv", 2, "since", "date")
    ]


@pytest.mark.parametrize("text", ["2026-W48-1", "２０２６-11-23"])
def test_as_of_is_strict(tmp_path, text: str) -> None:
    db = tmp_path / "a.sqlite"
    EmbeddedStore(db).close()
    result = CliRunner().invoke(app, ["conflicts", "--as-of", text, "--db", str(db)])
    assert result.exit_code == 2 and "--as-of" in result.output


# ---- numbers -------------------------------------------------------------------------------

BASE = "id,type,name\nann,Person,Ann\nbob,Person,Bob\nP1,Program,X\nP2,Program,Y\n"
BASE += "acme,Company,Acme\nbeta,Company,Beta\n"


def _edge_file(etype: str, prop: str, cell: str) -> str:
    ends = {"INFLUENCES": "ann,bob", "FIREWALL": "P1,P2", "OWNS_STAKE_IN": "acme,beta"}[etype]
    return f'source,target,type,{prop}\n{ends},{etype},"{cell}"\n'


REFUSED_NUMBERS = [
    ("INFLUENCES", "weight", "0_1", "written in digits"),
    ("INFLUENCES", "weight", "١", "written in digits"),
    ("INFLUENCES", "weight", "０.５", "written in digits"),
    ("INFLUENCES", "weight", "1e-1", "written in digits"),
    ("INFLUENCES", "weight", "1e309", "written in digits"),
    ("INFLUENCES", "weight", "nan", "written in digits"),
    ("INFLUENCES", "weight", "inf", "written in digits"),
    ("INFLUENCES", "weight", "0x1", "written in digits"),
    ("INFLUENCES", "weight", "1,5", "written in digits"),
    ("INFLUENCES", "weight", "-0", "more than 0"),
    ("INFLUENCES", "weight", "1.0000001", "at most 1"),
    ("FIREWALL", "cooling_off_days", "3000000", "at most 36500"),
    ("FIREWALL", "cooling_off_days", "36501", "at most 36500"),
    ("FIREWALL", "cooling_off_days", "9" * 5000, "at least 0 and at most 36500"),
    ("FIREWALL", "cooling_off_days", "1_000", "written in digits"),
    ("FIREWALL", "cooling_off_days", "٣٠", "written in digits"),
    ("FIREWALL", "cooling_off_days", "90.0", "written in digits"),
    ("OWNS_STAKE_IN", "percent", "0", "more than 0"),
    ("OWNS_STAKE_IN", "percent", "100.5", "at most 100"),
]


@pytest.mark.parametrize(("etype", "prop", "cell", "says"), REFUSED_NUMBERS)
def test_numbers_are_strict_and_in_range(store, refused, etype, prop, cell, says) -> None:
    problems = refused(store, {"nodes.csv": BASE, "edges.csv": _edge_file(etype, prop, cell)})
    assert [(p.file, p.row, p.column, p.kind) for p in problems] == [
        ("edges.csv", 2, prop, "value")
    ]
    assert says in problems[0].reason
    assert len(problems[0].reason) < 200  # a 5,000-digit number is not echoed whole


ACCEPTED_NUMBERS = [
    ("INFLUENCES", "weight", " 0.5 ", 0.5),
    ("INFLUENCES", "weight", ".25", 0.25),
    ("INFLUENCES", "weight", "1.", 1.0),
    ("INFLUENCES", "weight", "+1", 1.0),
    ("FIREWALL", "cooling_off_days", "-0", 0),
    ("FIREWALL", "cooling_off_days", "0090", 90),
    ("FIREWALL", "cooling_off_days", "36500", 36500),
    ("OWNS_STAKE_IN", "percent", "100", 100.0),
]


@pytest.mark.parametrize(("etype", "prop", "cell", "value"), ACCEPTED_NUMBERS)
def test_numbers_in_digits_are_accepted(store, load, etype, prop, cell, value) -> None:
    load(store, {"nodes.csv": BASE, "edges.csv": _edge_file(etype, prop, cell)})
    (edge,) = store.all_records()[1]
    assert edge.props[prop] == value and type(edge.props[prop]) is type(value)


def test_every_numeric_property_has_a_range() -> None:
    numeric = [
        (et.name, p) for et in SCHEMA.edge_types.values() for p in et.properties
        if p.type in ("int", "float")
    ]  # fmt: skip
    assert {(name, p.name) for name, p in numeric} == {
        ("INFLUENCES", "weight"),
        ("OWNS_STAKE_IN", "percent"),
        ("FIREWALL", "cooling_off_days"),
    }
    for _, p in numeric:
        assert p.max is not None and (p.min is not None or p.min_exclusive is not None)
    with pytest.raises(ValueError, match="needs min"):
        PropertySpec(name="n", type="int", max=3).check("X")
    with pytest.raises(ValueError, match="out of its range"):
        PropertySpec(name="n", type="int", min=0, max=3, default=4).check("X")


# ---- date arithmetic on stored values ------------------------------------------------------

T = "2026-11-22"


@pytest.fixture
def old_database(store):
    """A firewall with a cooling-off of three million days, as an older allymap stored it,
    and Dana, who left P2 last year and now works on P1."""
    nodes = [
        Node("P1", "Program", "ONC-1"),
        Node("P2", "Program", "ONC-2"),
        Node("dana", "Person", "Dana"),
    ]
    edges = [
        Edge("FIREWALL", "P1", "P2", "", "", {"cooling_off_days": 3_000_000, "reason": "x"}),
        Edge("WORKS_ON", "dana", "P1", "2026-01-01", ""),
        Edge("WORKS_ON", "dana", "P2", "", "2025-12-31"),
    ]
    store.write(ImportPlan(nodes_added=nodes, edges_added=edges))
    return store


@pytest.mark.parametrize("day", ["0001-01-01", T, "9999-12-31"])
def test_huge_stored_cooling_off_does_not_crash(old_database, day: str) -> None:
    kinds = [f.kind for f in scan(old_database, day).findings]
    assert kinds == ([] if day == "0001-01-01" else ["cooling_off"])
    (candidate,) = check_staffing(old_database, "P1", ["dana"], day).candidates
    assert candidate.status == "blocked"
    # On the first day of the calendar Dana is still on P2: joining P1 would breach the wall.
    kind = "firewall_breach" if day == "0001-01-01" else "cooling_off"
    assert [f.kind for f in candidate.findings] == [kind]


def test_huge_stored_cooling_off_lasts_to_the_end_of_the_calendar(old_database) -> None:
    (finding,) = scan(old_database, T).findings
    assert finding.details["cooling_off_until"] == "9999-12-31"
