"""HR exports and committee rosters are snapshots (DOMAIN.md, "Re-imports and snapshots"):
importing one closes, the day before the effective date, the listed people's employers and
managers and the listed committees' seats that no file of the import contains. On both
stores; the command line on the embedded store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from allymap.cli import app
from graphmodel.embedded import EmbeddedStore
from graphmodel.model import Edge
from loaders import read_files
from queries.conflicts import scan

E = "2026-07-01"
DAY_BEFORE = "2026-06-30"

NODES = """id,type,name
acme,Company,Acme
beta,Company,Beta
A1,Alliance,Acme-Beta alliance
P1,Program,ONC-1
c1,Committee,Acme-Beta JSC
ann,Person,Ann Lee
bob,Person,Bob Stone
cy,Person,Cy Ortiz
dee,Person,Dee Park
"""
EDGES = """source,target,type,since,until
acme,A1,PARTY_TO,2021-01-01,
beta,A1,PARTY_TO,2021-01-01,
P1,A1,PART_OF,,
ann,P1,WORKS_ON,2024-01-01,
"""
HR = "employee_id,name,company_id,manager_id,hire_date,end_date\n"
ROSTER = "committee_id,member_id,role,since,until\n"
FIRST_HR = HR + "ann,Ann Lee,acme,bob,2020-01-01,\nbob,Bob Stone,beta,,2015-01-01,\n"
FIRST_ROSTER = ROSTER + "c1,bob,chair,2022-01-01,\nc1,cy,member,2022-01-01,\n"


@pytest.fixture
def snap(store, csv_files):
    """``snap(files, effective=E, dry_run=False)``: import (or plan) CSV texts into store."""

    def _snap(files, effective=E, dry_run=False):
        batch = read_files(csv_files(files))
        if dry_run:
            return store.plan(batch, effective)
        return store.apply(batch, effective=effective)

    return _snap


@pytest.fixture
def portfolio(store, snap):
    """Ann works for Acme and reports to Bob; Bob and Cy sit on the JSC (as of 2026-01-01)."""
    snap({"nodes.csv": NODES, "edges.csv": EDGES})
    snap({"hr.csv": FIRST_HR, "roster.csv": FIRST_ROSTER}, effective="2026-01-01")
    return store


def edges(store, etype: str, source: str | None = None) -> list[Edge]:
    return [
        e
        for e in store.all_records()[1]
        if e.type == etype and (source is None or e.source == source)
    ]


def active(store, etype: str, source: str, day: str = E) -> list[Edge]:
    return [e for e in edges(store, etype, source) if e.active(day)]


def test_manager_changed_closes_the_old_line(portfolio, snap) -> None:
    hr = HR + "ann,Ann Lee,acme,cy,2020-01-01,\n"
    plan = snap({"hr.csv": hr})
    assert [(e.source, e.target, e.until) for e in plan.closed] == [("ann", "bob", DAY_BEFORE)]
    assert edges(portfolio, "REPORTS_TO", "ann") == [
        Edge("REPORTS_TO", "ann", "bob", "", DAY_BEFORE),
        Edge("REPORTS_TO", "ann", "cy", "", ""),
    ]
    assert [e.target for e in active(portfolio, "REPORTS_TO", "ann")] == ["cy"]
    # Bob is not in this export: his own employment is not looked at.
    assert [e.target for e in active(portfolio, "EMPLOYED_BY", "bob")] == ["beta"]


def test_moved_company_raises_the_former_employer_conflict(portfolio, snap) -> None:
    """Ann leaves Acme for Beta: her Acme employment ends on E - 1, and since Acme is a party
    to the alliance her program runs under, `conflicts` reports it within 365 days."""
    assert [f.kind for f in scan(portfolio, E).findings] == []
    plan = snap({"hr.csv": HR + "ann,Ann Lee,beta,bob,2026-07-01,\n"})
    assert [(e.type, e.target, e.until) for e in plan.closed] == [
        ("EMPLOYED_BY", "acme", DAY_BEFORE)
    ]
    assert [(e.target, e.since, e.until) for e in edges(portfolio, "EMPLOYED_BY", "ann")] == [
        ("acme", "2020-01-01", DAY_BEFORE),
        ("beta", "2026-07-01", ""),
    ]
    for day in (E, "2027-06-30"):
        (finding,) = scan(portfolio, day).findings
        assert (finding.kind, finding.person, finding.details["company"]) == (
            "conflict_of_interest",
            "ann",
            "acme",
        )
    assert scan(portfolio, "2027-07-01").findings == []  # more than 365 days after


def test_roster_drops_a_member(portfolio, snap) -> None:
    plan = snap({"roster.csv": ROSTER + "c1,bob,chair,2022-01-01,\n"})
    assert [(e.source, e.until) for e in plan.closed] == [("cy", DAY_BEFORE)]
    (cy,) = edges(portfolio, "MEMBER_OF", "cy")
    assert (cy.since, cy.until, cy.props) == ("2022-01-01", DAY_BEFORE, {"role": "member"})
    assert [e.source for e in edges(portfolio, "MEMBER_OF") if e.active(E)] == ["bob"]


def test_an_edge_starting_on_or_after_the_effective_date_is_kept(portfolio, snap) -> None:
    snap({"later.csv": "source,target,type,since\ndee,c1,MEMBER_OF,2026-09-01\n"})
    plan = snap({"roster.csv": ROSTER + "c1,bob,chair,2022-01-01,\n"}, effective="2026-09-01")
    assert [(e.source, e.until) for e in plan.closed] == [("cy", "2026-08-31")]
    assert [(e.source, e.since, e.until) for e in plan.kept] == [("dee", "2026-09-01", "")]
    (dee,) = edges(portfolio, "MEMBER_OF", "dee")
    assert dee.until == ""


def test_a_snapshot_before_every_since_closes_nothing(portfolio, snap) -> None:
    plan = snap({"roster.csv": ROSTER + "c1,dee,member,,\n"}, effective="2021-06-01")
    assert plan.closed == []
    assert sorted(e.source for e in plan.kept) == ["bob", "cy"]


def test_another_file_of_the_import_containing_the_edge_prevents_closing(portfolio, snap) -> None:
    files = {
        "hr.csv": HR + "ann,Ann Lee,acme,cy,2020-01-01,\n",
        "lines.csv": "source,target,type\nann,bob,REPORTS_TO\n",  # a dotted line, kept
    }
    plan = snap(files)
    assert plan.closed == []
    assert sorted(e.target for e in active(portfolio, "REPORTS_TO", "ann")) == ["bob", "cy"]


def test_row_without_a_start_date_updates_the_current_edge(portfolio, snap) -> None:
    plan = snap({"hr.csv": HR + "ann,Ann Lee,acme,bob,,\n"})
    assert plan.is_noop and plan.closed == [] and plan.counts()["edges_unchanged"] == 2
    leaver = HR + "ann,Ann Lee,acme,bob,,2026-08-31\n"
    plan = snap({"hr.csv": leaver})
    assert plan.counts()["edges_changed"] == 2 and plan.counts()["edges_added"] == 0
    assert [(e.target, e.since, e.until) for e in edges(portfolio, "EMPLOYED_BY", "ann")] == [
        ("acme", "2020-01-01", "2026-08-31")
    ]
    assert [(e.target, e.until) for e in edges(portfolio, "REPORTS_TO", "ann")] == [
        ("bob", "2026-08-31")
    ]


def test_roster_row_without_since_updates_the_current_seat(portfolio, snap) -> None:
    plan = snap({"roster.csv": ROSTER + "c1,bob,member,,\nc1,cy,member,,\n"})
    assert plan.closed == [] and plan.counts()["edges_added"] == 0
    (bob,) = edges(portfolio, "MEMBER_OF", "bob")
    assert (bob.since, bob.props["role"]) == ("2022-01-01", "member")


def test_returning_to_an_ended_relationship_starts_on_the_effective_date(portfolio, snap) -> None:
    """Ann reports to Cy, then to Bob again: the old Bob line stays ended, a new one starts."""
    snap({"hr.csv": HR + "ann,Ann Lee,acme,cy,2020-01-01,\n"}, effective="2026-03-01")
    plan = snap({"hr.csv": "employee_id,name,company_id,manager_id\nann,Ann Lee,acme,bob\n"})
    assert [(e.target, e.until) for e in plan.closed] == [("cy", DAY_BEFORE)]
    assert [(e.target, e.since, e.until) for e in edges(portfolio, "REPORTS_TO", "ann")] == [
        ("bob", "", "2026-02-28"),
        ("bob", E, ""),
        ("cy", "", DAY_BEFORE),
    ]
    again = snap({"hr.csv": "employee_id,name,company_id,manager_id\nann,Ann Lee,acme,bob\n"})
    assert again.is_noop


def test_the_same_snapshot_twice_changes_nothing(portfolio, snap) -> None:
    files = {"hr.csv": HR + "ann,Ann Lee,beta,cy,,\n", "roster.csv": ROSTER + "c1,dee,,,\n"}
    first = snap(files)
    assert len(first.closed) == 4  # Acme, Bob, and both seats
    before = portfolio.all_records()
    second = snap(files)
    assert second.is_noop and second.closed == []
    assert portfolio.all_records() == before


def test_generic_files_never_close_anything(portfolio, snap) -> None:
    text = "source,target,type,since,until\ncy,c1,MEMBER_OF,2026-01-01,\n"
    plan = snap({"edges.csv": text})
    assert plan.closed == [] and plan.kept == [] and plan.effective == ""
    assert sorted(e.source for e in edges(portfolio, "MEMBER_OF") if e.active(E)) == [
        "bob",
        "cy",
        "cy",
    ]
    admin = ":START_ID,:END_ID,:TYPE\nann,cy,REPORTS_TO\n"
    assert snap({"rels.csv": admin}).closed == []


def test_dry_run_lists_what_it_would_close_and_stores_nothing(portfolio, snap) -> None:
    before = portfolio.all_records()
    plan = snap({"roster.csv": ROSTER + "c1,bob,chair,2022-01-01,\n"}, dry_run=True)
    assert [(e.source, e.until) for e in plan.closed] == [("cy", DAY_BEFORE)]
    assert portfolio.all_records() == before


def test_effective_defaults_to_today(portfolio, snap, monkeypatch) -> None:
    import graphmodel.batch

    monkeypatch.setattr(graphmodel.batch, "today", lambda: "2026-05-02")
    plan = snap({"roster.csv": ROSTER + "c1,bob,chair,2022-01-01,\n"}, effective=None)
    assert plan.effective == "2026-05-02"
    assert [(e.source, e.until) for e in plan.closed] == [("cy", "2026-05-01")]


# ---- the command line ----------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def db(tmp_path, csv_files):
    path = tmp_path / "snap.sqlite"
    files = csv_files({"nodes.csv": NODES, "edges.csv": EDGES, "hr.csv": FIRST_HR})
    result = runner.invoke(app, ["import", *map(str, files), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_cli_lists_closed_and_kept_in_text_and_json(db, csv_files) -> None:
    (hr,) = csv_files({"hr.csv": HR + "ann,Ann Lee,beta,bob,2027-01-01,\n"})
    args = ["import", str(hr), "--db", str(db), "--effective", E]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"The snapshot as of {E} would close what no file contains:" in dry.stdout
    assert f"ann ->EMPLOYED_BY-> acme [2020-01-01 to {DAY_BEFORE}]" in dry.stdout
    with EmbeddedStore(db) as s:
        assert all(not e.until for e in s.all_records()[1] if e.type == "EMPLOYED_BY")
    done = runner.invoke(app, [*args, "--format", "json"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["effective"] == E
    assert summary["closed"] == [
        {
            "type": "EMPLOYED_BY",
            "source": "ann",
            "target": "acme",
            "since": "2020-01-01",
            "until": DAY_BEFORE,
        }
    ]
    assert summary["kept"] == []


def test_cli_reports_kept_edges(db, csv_files) -> None:
    (later,) = csv_files(
        {"later.csv": "source,target,type,since\nann,beta,EMPLOYED_BY,2026-09-01\n"}
    )
    assert runner.invoke(app, ["import", str(later), "--db", str(db)]).exit_code == 0
    (hr,) = csv_files({"hr.csv": HR + "ann,Ann Lee,acme,bob,2020-01-01,\n"})
    result = runner.invoke(app, ["import", str(hr), "--db", str(db), "--effective", E])
    assert result.exit_code == 0, result.output
    assert "Not closed, because they start on or after that day:" in result.stdout
    assert "ann ->EMPLOYED_BY-> beta [2026-09-01 to open]" in result.stdout


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026-W27-3", "２０２６-07-01"])
def test_cli_bad_effective_date_exits_2(db, csv_files, bad) -> None:
    (hr,) = csv_files({"hr.csv": HR + "ann,Ann Lee,beta,bob,,\n"})
    before = EmbeddedStore(db).all_records()
    result = runner.invoke(app, ["import", str(hr), "--db", str(db), "--effective", bad])
    assert result.exit_code == 2
    assert "--effective" in result.stderr and "is not a date" in result.stderr
    assert "Traceback" not in result.output
    assert EmbeddedStore(db).all_records() == before
