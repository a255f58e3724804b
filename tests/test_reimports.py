"""Re-imports change only what the files say (DOMAIN.md, "Re-imports and snapshots"): a column
the file has with a non-empty cell sets that property; a column it lacks, or an empty cell,
keeps the stored value; ``until`` is taken as it is when the file has that column; schema
defaults fill only new records. On both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.model import Edge
from loaders import read_files
from queries.staffing import check_staffing

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
DEMO_FILES = [
    DEMO / name
    for name in (
        "companies_alliances.csv",
        "relationships.csv",
        "hr_export.csv",
        "committee_roster.csv",
    )
]

NODES = """id,type,name,country
ann,Person,Ann Lee,
bob,Person,Bob Stone,
acme,Company,Acme,US
c1,Committee,JSC,
P1,Program,ONC-1,
P2,Program,ONC-2,
"""
EDGES = """source,target,type,since,until,role,representing_company,reason,cooling_off_days,weight
ann,c1,MEMBER_OF,2024-01-01,2027-12-31,chair,acme,,,
P1,P2,FIREWALL,2023-06-01,,,,competing programs,180,
ann,bob,INFLUENCES,,,,,,,0.9
"""


@pytest.fixture
def portfolio(store, load):
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    return store


def _edge(store, etype: str) -> Edge:
    (edge,) = [e for e in store.all_records()[1] if e.type == etype]
    return edge


def _firewall(store, a: str, b: str) -> Edge:
    (wall,) = [
        e for e in store.all_records()[1] if e.type == "FIREWALL" and {e.source, e.target} == {a, b}
    ]
    return wall


def test_demo_contracts_reexport_keeps_the_cooling_off(store, tmp_path) -> None:
    """The contracts database re-exports the ONC-1/ONC-7 firewall with an end date and no
    other column: its 180-day cooling-off and reason stay, so Tomasz, off ONC-1 since
    2026-09-30, is still blocked from ONC-7 on 2026-12-01 (issue 7: he went to "clear")."""
    store.apply(read_files(DEMO_FILES))  # into an empty store: no snapshot closes anything
    before = check_staffing(store, "prog-onc7", ["p-tomasz-wojcik"], "2026-12-01")
    assert before.candidates[0].status == "blocked"
    contracts = tmp_path / "contracts.csv"
    contracts.write_text(
        "source,target,type,since,until\nprog-onc1,prog-onc7,FIREWALL,2023-06-01,2028-12-31\n"
    )
    plan = store.apply(read_files([contracts]))
    assert plan.counts()["edges_changed"] == 1
    wall = _firewall(store, "prog-onc1", "prog-onc7")
    assert wall.until == "2028-12-31"
    assert wall.props["cooling_off_days"] == 180
    assert wall.props["reason"].startswith("competing KRAS programs")
    after = check_staffing(store, "prog-onc7", ["p-tomasz-wojcik"], "2026-12-01")
    assert after.candidates[0].status == "blocked"
    assert [f.kind for f in after.candidates[0].findings] == ["cooling_off"]
    assert store.apply(read_files([contracts])).is_noop


def test_roster_without_the_role_column_keeps_the_chair(portfolio, load) -> None:
    plan = load(portfolio, {"roster.csv": "committee_id,member_id,since\nc1,ann,2024-01-01\n"})
    assert plan.is_noop
    seat = _edge(portfolio, "MEMBER_OF")
    assert seat.props == {"role": "chair", "representing_company": "acme"}
    assert seat.until == "2027-12-31"  # the roster has no until column: kept


def test_empty_cells_keep_and_filled_cells_set(portfolio, load) -> None:
    text = (
        "committee_id,member_id,since,until,role,representing_company\nc1,ann,2024-01-01,,,beta\n"
    )
    load(portfolio, {"nodes.csv": "id,type,name\nbeta,Company,Beta\n", "roster.csv": text})
    seat = _edge(portfolio, "MEMBER_OF")
    assert seat.props == {"role": "chair", "representing_company": "beta"}
    assert seat.until == ""  # the file has until: an empty cell is open-ended


def test_until_column_is_taken_as_it_is(portfolio, load) -> None:
    header = "source,target,type,since,until\n"
    load(portfolio, {"e.csv": header + "P1,P2,FIREWALL,2023-06-01,2029-01-31\n"})
    assert _firewall(portfolio, "P1", "P2").until == "2029-01-31"
    plan = load(portfolio, {"e.csv": header + "P2,P1,FIREWALL,2023-06-01,\n"})  # reopened
    assert plan.counts()["edges_changed"] == 1
    wall = _firewall(portfolio, "P1", "P2")
    assert (wall.until, wall.props) == (
        "",
        {"reason": "competing programs", "cooling_off_days": 180},
    )


def test_a_file_without_until_keeps_the_stored_until(portfolio, load) -> None:
    plan = load(portfolio, {"e.csv": "source,target,type,since\nann,c1,MEMBER_OF,2024-01-01\n"})
    assert plan.is_noop
    assert _edge(portfolio, "MEMBER_OF").until == "2027-12-31"


def test_defaults_fill_only_new_records(portfolio, load) -> None:
    """A weight-less re-export of an influence keeps 0.9; a new one gets the default 0.5."""
    text = "source,target,type\nann,bob,INFLUENCES\nbob,ann,INFLUENCES\n"
    plan = load(portfolio, {"e.csv": text})
    assert plan.counts() == {
        "nodes_added": 0,
        "nodes_changed": 0,
        "nodes_unchanged": 0,
        "edges_added": 1,
        "edges_changed": 0,
        "edges_unchanged": 1,
    }
    weights = {
        (e.source, e.target): e.props["weight"]
        for e in portfolio.all_records()[1]
        if e.type == "INFLUENCES"
    }
    assert weights == {("ann", "bob"): 0.9, ("bob", "ann"): 0.5}


def test_dry_run_counts_the_merge(portfolio, load) -> None:
    same = "source,target,type,since,reason\nP1,P2,FIREWALL,2023-06-01,competing programs\n"
    assert load(portfolio, {"e.csv": same}, dry_run=True).is_noop
    other = same.replace("competing programs", "legal hold")
    plan = load(portfolio, {"e.csv": other}, dry_run=True)
    assert [e.props for e in plan.edges_changed] == [
        {"reason": "legal hold", "cooling_off_days": 180}
    ]
    assert _firewall(portfolio, "P1", "P2").props["reason"] == "competing programs"


def test_several_rows_of_one_import_merge_before_the_store(portfolio, load) -> None:
    files = {
        "a.csv": "source,target,type,since,reason\nP1,P2,FIREWALL,2023-06-01,legal hold\n",
        "b.csv": "source,target,type,since,cooling_off_days\nP2,P1,FIREWALL,2023-06-01,30\n",
    }
    load(portfolio, files)
    wall = _firewall(portfolio, "P1", "P2")
    assert (wall.until, wall.props) == ("", {"reason": "legal hold", "cooling_off_days": 30})


def test_nodes_follow_the_same_rule(portfolio, load) -> None:
    load(portfolio, {"n.csv": "id,type,name,country,ticker\nacme,Company,,,ACM\n"})
    acme = portfolio.existing_nodes(["acme"])["acme"]
    assert (acme.name, acme.props) == ("Acme", {"country": "US", "ticker": "ACM"})
    hr = "employee_id,name,company_id,manager_id,company_name\nbob,Bob Stone,acme,,\n"
    load(portfolio, {"hr.csv": hr})
    assert portfolio.existing_nodes(["acme"])["acme"].name == "Acme"


def test_importing_the_demo_twice_changes_nothing(store) -> None:
    store.apply(read_files(DEMO_FILES))
    before = store.all_records()
    again = store.plan(read_files(DEMO_FILES))
    assert again.is_noop and not again.closed
    assert store.all_records() == before
