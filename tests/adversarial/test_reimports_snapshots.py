"""Re-imports and snapshots: exports re-run with fewer columns, empty cells, other orders,
effective dates at the ends of the calendar, snapshots that contradict each other. A re-import
changes only what its files say; an HR export or roster closes, the day before the effective
date, only what no file of the import contains; nothing is lost or invented. On every store."""

from __future__ import annotations

import pytest

from adversarial.corpus import Case, cases
from graphmodel.model import Edge
from loaders import read_files

pytestmark = pytest.mark.adversarial("re-imports and snapshots")

NODES = """id,type,name,country
ann,Person,Ann Lee,
bob,Person,Bob Stone,
cy,Person,Cy Ortiz,
acme,Company,Acme,US
beta,Company,Beta,DE
c1,Committee,JSC,
P1,Program,ONC-1,
P2,Program,ONC-2,
"""
EDGES = """source,target,type,since,until,role,representing_company,reason,cooling_off_days,weight
P1,P2,FIREWALL,2023-06-01,,,,competing programs,180,
ann,bob,INFLUENCES,,,,,,,0.9
acme,beta,CUSTOMER_OF,2020-01-01,,,,,,
"""
HR = (
    "employee_id,name,company_id,manager_id,hire_date,end_date\n"
    "ann,Ann Lee,acme,bob,2020-01-01,\n"
    "cy,Cy Ortiz,acme,bob,2021-01-01,\n"
)
ROSTER = (
    "committee_id,member_id,role,representing_company,since,until\n"
    "c1,ann,chair,acme,2022-01-01,\n"
    "c1,bob,member,acme,2022-01-01,\n"
)
FIRST = "2026-01-01"
"""The effective date of the portfolio's HR export and roster."""


@pytest.fixture
def snap(store, csv_files):
    def _snap(files, effective="2026-07-01", dry_run=False):
        batch = read_files(csv_files(files))
        return store.plan(batch, effective) if dry_run else store.apply(batch, effective=effective)

    return _snap


@pytest.fixture
def portfolio(store, snap):
    snap({"nodes.csv": NODES, "edges.csv": EDGES, "hr.csv": HR, "roster.csv": ROSTER}, FIRST)
    return store


def _records(store) -> tuple[list, list]:
    return store.all_records()


def as_rows(edges: list[Edge]) -> list[tuple[str, str, str, str, str]]:
    return [(e.type, e.source, e.target, e.since, e.until) for e in edges]


# ---- re-imports that must change nothing ------------------------------------------------------

NOOPS = [
    Case(
        "same-files-again",
        "no-op: importing the same files twice changes nothing",
        files={"nodes.csv": NODES, "edges.csv": EDGES, "hr.csv": HR, "roster.csv": ROSTER},
    ),
    Case(
        "files-in-another-order",
        "no-op: the order of files and rows does not matter",
        files={
            "roster.csv": ROSTER.splitlines()[0] + "\n" + "\n".join(ROSTER.splitlines()[:0:-1]),
            "hr.csv": HR,
            "edges.csv": EDGES,
            "nodes.csv": NODES,
        },
    ),
    Case(
        "firewall-without-its-property-columns",
        "no-op: a firewall re-export without reason/cooling_off_days keeps both",
        files={"e.csv": "source,target,type,since\nP2,P1,FIREWALL,2023-06-01\n"},
    ),
    Case(
        "empty-cells",
        "no-op: empty cells keep what is stored",
        files={
            "e.csv": "source,target,type,since,reason,cooling_off_days\n"
            "P1,P2,FIREWALL,2023-06-01,,\n"
        },
    ),
    Case(
        "influence-without-weight",
        "no-op: the stored weight 0.9 is kept, not reset to the default 0.5",
        files={"e.csv": "source,target,type\nann,bob,INFLUENCES\n"},
    ),
    Case(
        "roster-without-role-or-company",
        "no-op: the chair stays chair and keeps representing_company",
        files={"r.csv": "committee_id,member_id,since\nc1,ann,2022-01-01\nc1,bob,2022-01-01\n"},
    ),
    Case(
        "roster-rows-without-since",
        "no-op: rows without a start date match the current seats",
        files={"r.csv": "committee_id,member_id\nc1,ann\nc1,bob\n"},
    ),
    Case(
        "hr-without-dates",
        "no-op: rows without hire_date update the current employment",
        files={"hr.csv": "employee_id,name,company_id,manager_id\nann,,acme,bob\ncy,,acme,bob\n"},
    ),
    Case(
        "nodes-with-empty-names",
        "no-op: an empty name or property keeps the stored one",
        files={"n.csv": "id,type,name,country\nacme,Company,,\nann,person, ,\n"},
    ),
    Case(
        "customer-of-as-supplies",
        "no-op: acme CUSTOMER_OF beta is beta SUPPLIES acme",
        files={"e.csv": "source,target,type,since\nbeta,acme,SUPPLIES,2020-01-01\n"},
    ),
    Case(
        "symmetric-written-the-other-way",
        "no-op: P2-P1 is the stored P1-P2 firewall",
        files={
            "e.csv": "source,target,type,since,cooling_off_days\nP2,P1,firewall,2023-06-01,180\n"
        },
    ),
    Case(
        "explicit-default",
        "no-op: role member given explicitly where member is stored",
        files={
            "r.csv": "committee_id,member_id,role,since\nc1,ann,chair,2022-01-01\n"
            "c1,bob,MEMBER,2022-01-01\n"
        },
    ),
]


@pytest.mark.parametrize("case", cases(NOOPS))
def test_reimport_that_says_nothing_new_changes_nothing(portfolio, snap, case) -> None:
    before = _records(portfolio)
    dry = snap(case["files"], dry_run=True)
    assert dry.is_noop and dry.closed == [], dry.counts()
    plan = snap(case["files"])
    assert plan.is_noop and plan.counts() == dry.counts()
    assert _records(portfolio) == before


# ---- re-imports that change exactly one thing ---------------------------------------------------


def _one(store, etype: str, source: str, target: str) -> list[Edge]:
    return [
        e
        for e in store.all_records()[1]
        if e.type == etype and {e.source, e.target} == {source, target}
    ]


CHANGES = [
    Case(
        "firewall-closed-by-reexport",
        "changed: until set, reason and cooling_off_days kept",
        files={"e.csv": "source,target,type,since,until\nP1,P2,FIREWALL,2023-06-01,2028-12-31\n"},
        edge=("FIREWALL", "P1", "P2"),
        want=[
            ("2023-06-01", "2028-12-31", {"reason": "competing programs", "cooling_off_days": 180})
        ],
    ),
    Case(
        "firewall-one-property",
        "changed: only cooling_off_days; reason kept",
        files={
            "e.csv": "source,target,type,since,cooling_off_days\nP1,P2,FIREWALL,2023-06-01,30\n"
        },
        edge=("FIREWALL", "P1", "P2"),
        want=[("2023-06-01", "", {"reason": "competing programs", "cooling_off_days": 30})],
    ),
    Case(
        "firewall-other-since",
        "added: another since is another firewall; the stored one is untouched",
        files={"e.csv": "source,target,type,since\nP1,P2,FIREWALL,2027-01-01\n"},
        edge=("FIREWALL", "P1", "P2"),
        want=[
            ("2023-06-01", "", {"reason": "competing programs", "cooling_off_days": 180}),
            ("2027-01-01", "", {"cooling_off_days": 0}),
        ],
    ),
    Case(
        "chair-demoted-explicitly",
        "changed: role given is role set; representing_company kept",
        files={"r.csv": "committee_id,member_id,role\nc1,ann,member\nc1,bob,member\n"},
        edge=("MEMBER_OF", "ann", "c1"),
        want=[("2022-01-01", "", {"role": "member", "representing_company": "acme"})],
    ),
    Case(
        "hr-leaver",
        "changed: end_date ends the employment, and the reporting line with it",
        files={
            "hr.csv": HR.replace(
                "ann,Ann Lee,acme,bob,2020-01-01,", "ann,Ann Lee,acme,bob,,2026-08-31"
            )
        },
        edge=("REPORTS_TO", "ann", "bob"),
        want=[("", "2026-08-31", {})],
    ),
]


@pytest.mark.parametrize("case", cases(CHANGES))
def test_reimport_changes_only_what_it_says(portfolio, snap, case) -> None:
    snap(case["files"])
    found = sorted((e.since, e.until, e.props) for e in _one(portfolio, *case["edge"]))
    assert found == sorted(case["want"])


# ---- snapshots --------------------------------------------------------------------------------

SNAPSHOTS = [
    Case(
        "manager-changed",
        "closed: ann's REPORTS_TO bob ends 2026-06-30; ann reports to cy only",
        files={"hr.csv": "employee_id,name,company_id,manager_id\nann,,acme,cy\n"},
        closed=[("REPORTS_TO", "ann", "bob", "", "2026-06-30")],
        kept=[],
    ),
    Case(
        "manager-cell-emptied",
        "closed: an empty manager_id cell means no manager any more",
        files={"hr.csv": "employee_id,name,company_id,manager_id\nann,,acme,\n"},
        closed=[("REPORTS_TO", "ann", "bob", "", "2026-06-30")],
        kept=[],
    ),
    Case(
        "moved-company",
        "closed: ann's Acme employment ends the day before; Beta starts",
        files={
            "hr.csv": "employee_id,name,company_id,manager_id,hire_date\nann,,beta,bob,2026-07-01\n"
        },
        closed=[("EMPLOYED_BY", "ann", "acme", "2020-01-01", "2026-06-30")],
        kept=[],
    ),
    Case(
        "roster-drops-a-member",
        "closed: bob's seat ends 2026-06-30",
        files={"r.csv": "committee_id,member_id\nc1,ann\n"},
        closed=[("MEMBER_OF", "bob", "c1", "2022-01-01", "2026-06-30")],
        kept=[],
    ),
    Case(
        "effective-before-every-since",
        "kept, not closed: every seat starts after the effective date",
        files={"r.csv": "committee_id,member_id\nc1,cy\n"},
        effective="2021-06-01",
        closed=[],
        kept=[
            ("MEMBER_OF", "ann", "c1", "2022-01-01", ""),
            ("MEMBER_OF", "bob", "c1", "2022-01-01", ""),
        ],
    ),
    Case(
        "effective-on-the-since",
        "kept: a seat starting on the effective date is not closed the day before it starts",
        files={"r.csv": "committee_id,member_id\nc1,cy\n"},
        effective="2022-01-01",
        closed=[],
        kept=[
            ("MEMBER_OF", "ann", "c1", "2022-01-01", ""),
            ("MEMBER_OF", "bob", "c1", "2022-01-01", ""),
        ],
    ),
    Case(
        "effective-the-day-after-the-since",
        "closed: until = since, the one day the seat lasted",
        files={"r.csv": "committee_id,member_id\nc1,cy\n"},
        effective="2022-01-02",
        closed=[
            ("MEMBER_OF", "ann", "c1", "2022-01-01", "2022-01-01"),
            ("MEMBER_OF", "bob", "c1", "2022-01-01", "2022-01-01"),
        ],
        kept=[],
    ),
    Case(
        "effective-first-day-of-the-calendar",
        "kept: nothing can end before 0001-01-01",
        files={"hr.csv": "employee_id,name,company_id,manager_id\nann,,beta,\n"},
        effective="0001-01-01",
        closed=[],
        kept=[
            ("EMPLOYED_BY", "ann", "acme", "2020-01-01", ""),
            ("REPORTS_TO", "ann", "bob", "", ""),
        ],
    ),
    Case(
        "effective-last-day-of-the-calendar",
        "closed on 9999-12-30",
        files={"r.csv": "committee_id,member_id\nc1,ann\n"},
        effective="9999-12-31",
        closed=[("MEMBER_OF", "bob", "c1", "2022-01-01", "9999-12-30")],
        kept=[],
    ),
    Case(
        "another-file-keeps-the-edge",
        "not closed: a generic file of the same import still contains bob's seat",
        files={
            "r.csv": "committee_id,member_id\nc1,ann\n",
            "e.csv": "source,target,type,since\nbob,c1,MEMBER_OF,2024-01-01\n",
        },
        closed=[],
        kept=[],
    ),
    Case(
        "two-hr-files-split",
        "not closed: two HR files of one import, each listing one person",
        files={
            "hr1.csv": "employee_id,name,company_id,manager_id\nann,,acme,bob\n",
            "hr2.csv": "employee_id,name,company_id,manager_id\ncy,,acme,bob\n",
        },
        closed=[],
        kept=[],
    ),
    Case(
        "dual-employment",
        "nothing closed: ann listed twice, with Acme and Beta",
        files={"hr.csv": "employee_id,name,company_id,manager_id\nann,,acme,bob\nann,,beta,bob\n"},
        closed=[],
        kept=[],
    ),
    Case(
        "generic-file-never-closes",
        "nothing closed: a generic edges file with one seat is not a roster",
        files={"e.csv": "source,target,type\ncy,c1,MEMBER_OF\n"},
        closed=[],
        kept=[],
    ),
    Case(
        "neo4j-admin-never-closes",
        "nothing closed: a neo4j-admin relationships file is not an HR export",
        files={"e.csv": ":START_ID,:END_ID,:TYPE\nann,cy,REPORTS_TO\n"},
        closed=[],
        kept=[],
    ),
    Case(
        "other-people-untouched",
        "closed: only cy's line; ann is not in the export",
        files={"hr.csv": "employee_id,name,company_id,manager_id\ncy,,acme,ann\n"},
        closed=[("REPORTS_TO", "cy", "bob", "", "2026-06-30")],
        kept=[],
    ),
]


@pytest.mark.parametrize("case", cases(SNAPSHOTS))
def test_snapshot_closes_exactly_what_no_file_contains(portfolio, snap, case) -> None:
    effective = case.get("effective", "2026-07-01")
    before = _records(portfolio)
    dry = snap(case["files"], effective, dry_run=True)
    assert _records(portfolio) == before, "a dry run stored something"
    plan = snap(case["files"], effective)
    assert as_rows(plan.closed) == as_rows(dry.closed) == case["closed"]
    assert as_rows(plan.kept) == as_rows(dry.kept) == case["kept"]
    stored = {(e.type, e.source, e.target, e.since): e.until for e in portfolio.all_records()[1]}
    for etype, source, target, since, until in case["closed"]:
        assert stored[(etype, source, target, since)] == until
    again = snap(case["files"], effective)
    assert again.is_noop and again.closed == []


REFUSED = [
    Case(
        "leaver-ending-before-the-current-start",
        "refused: hr.csv, row 2, column 'end_date' (before the 2020-01-01 start it updates)",
        files={
            "hr.csv": "employee_id,name,company_id,manager_id,end_date\nann,,acme,bob,2019-06-30\n"
        },
        where=[("hr.csv", 2, "end_date")],
    ),
    Case(
        "row-without-since-and-its-twin",
        "refused: r.csv, row 3 (the row without since and row 2 are the same seat)",
        files={"r.csv": "committee_id,member_id,since\nc1,ann,2022-01-01\nc1,ann,\nc1,bob,\n"},
        where=[("r.csv", 3, None)],
    ),
    Case(
        "stored-with-another-type",
        "refused: n.csv, row 2, column 'id' (c1 is a Committee)",
        files={"n.csv": "id,type,name\nc1,Program,JSC\n"},
        where=[("n.csv", 2, "id")],
    ),
    Case(
        "snapshot-with-a-missing-manager",
        "refused: hr.csv, row 2, column 'manager_id'; nothing closed",
        files={"hr.csv": "employee_id,name,company_id,manager_id\nann,,acme,zed\n"},
        where=[("hr.csv", 2, "manager_id")],
    ),
]


@pytest.mark.parametrize("case", cases(REFUSED))
def test_contradictory_reimport_is_refused_and_nothing_is_stored(
    portfolio, csv_files, case
) -> None:
    from graphmodel.errors import ImportRejected

    before = _records(portfolio)
    with pytest.raises(ImportRejected) as info:
        portfolio.apply(read_files(csv_files(case["files"])), effective="2026-07-01")
    assert [(p.file, p.row, p.column) for p in info.value.problems] == case["where"]
    assert _records(portfolio) == before
