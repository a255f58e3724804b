"""Committee rosters: one row per member, imported as committees, GOVERNS and MEMBER_OF."""

from __future__ import annotations

import pytest

from graphmodel.model import Edge

BASE = {
    "nodes.csv": "id,type,name\nA1,Alliance,Helix KRAS alliance\nann,Person,Ann Lee\n",
}
ROSTER = (
    (
        "committee_id,committee_name,alliance_id,member_id,member_name,role,"
        "representing_company,since,until,vote\n"
    )
    + """jsc1,Helix JSC,A1,ann,,Chair,Meridian,2024-01-01,,yes
jsc1,Helix JSC,A1,hx7,Hana Kim,,Helix,2024-01-01,2025-06-30,
"""
)


@pytest.fixture
def portfolio(store, load):
    load(store, BASE)
    return store


def where(problem) -> tuple[str, int | None, str | None]:
    return (problem.file, problem.row, problem.column)


def test_roster_gives_committee_governance_and_memberships(portfolio, load) -> None:
    load(portfolio, {"roster.csv": ROSTER})
    nodes, edges = portfolio.all_records()
    assert [(n.id, n.type, n.name) for n in nodes] == [
        ("A1", "Alliance", "Helix KRAS alliance"),
        ("ann", "Person", "Ann Lee"),  # not renamed: no member_name given
        ("hx7", "Person", "Hana Kim"),  # a partner's delegate, listed by the roster
        ("jsc1", "Committee", "Helix JSC"),
    ]
    assert edges == [
        Edge("GOVERNS", "jsc1", "A1"),
        Edge(
            "MEMBER_OF",
            "ann",
            "jsc1",
            "2024-01-01",
            "",
            {"role": "chair", "representing_company": "Meridian", "vote": "yes"},
        ),
        Edge(
            "MEMBER_OF",
            "hx7",
            "jsc1",
            "2024-01-01",
            "2025-06-30",
            {"role": "member", "representing_company": "Helix"},
        ),
    ]
    assert load(portfolio, {"roster.csv": ROSTER}).is_noop


def test_unknown_member_without_a_name_is_refused(portfolio, refused) -> None:
    roster = "committee_id,committee_name,member_id,role\njsc1,JSC,ann,member\njsc1,JSC,zed,\n"
    problems = refused(portfolio, {"roster.csv": roster})
    assert [where(p) for p in problems] == [("roster.csv", 3, "member_id")]


def test_unknown_alliance_is_refused_on_its_column(portfolio, refused) -> None:
    roster = "committee_id,committee_name,alliance_id,member_id\njsc1,JSC,A9,ann\n"
    problems = refused(portfolio, {"roster.csv": roster})
    assert [where(p) for p in problems] == [("roster.csv", 2, "alliance_id")]


def test_bad_role_and_bad_dates(portfolio, refused) -> None:
    roster = (
        "committee_id,member_id,role,since,until\n"
        "jsc1,ann,president,,\n"
        "jsc2,ann,member,2024-06-01,2024-01-01\n"
    )
    problems = refused(portfolio, {"roster.csv": roster})
    assert [where(p) for p in problems] == [("roster.csv", 2, "role"), ("roster.csv", 3, "until")]
    assert "chair, member, alternate, observer" in problems[0].reason


def test_member_who_is_a_company_is_refused(portfolio, load, refused) -> None:
    load(portfolio, {"nodes.csv": "id,type,name\nhelix,Company,Helix\n"})
    problems = refused(portfolio, {"roster.csv": "committee_id,member_id\njsc1,helix\n"})
    assert [where(p) for p in problems] == [("roster.csv", 2, "member_id")]
    assert "needs a Person" in problems[0].reason


def test_committee_missing_member_id_column(portfolio, refused) -> None:
    # Without member_id the header is not a roster at all, and the refusal says what it lacks.
    problems = refused(portfolio, {"roster.csv": "committee_id,committee_name\njsc1,JSC\n"})
    assert [where(p) for p in problems] == [("roster.csv", 1, "member_id")]
    assert "committee roster (it has committee_id but not member_id)" in problems[0].reason
