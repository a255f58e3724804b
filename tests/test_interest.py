"""Rule 4, conflict_of_interest: interests in counterparties of the program's alliance."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from queries.conflicts import scan
from queries.staffing import check_staffing


def cois(report):
    return [f for f in report.findings if f.kind == "conflict_of_interest"]


def test_equity_in_the_partners_parent(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("ivy", "P1", "WORKS_ON") + row("ivy", "helixco", "HOLDS_INTEREST_IN", kind="equity"),
    )
    (f,) = cois(scan(store, T))
    assert f.path == ["ivy", "helixco", "helix", "A1"]
    assert f.details == {"alliance": "A1", "company": "helixco", "interests": ["equity"]}
    assert not f.blocks
    assert "Ivy Chen" in f.explanation and "Helix Holdings" in f.explanation
    assert "Helix KRAS alliance" in f.explanation


def test_advisor_to_a_competitor_of_the_partner(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("rival", "helixco", "COMPETES_WITH", market="KRAS")
        + row("ivy", "P3", "WORKS_ON")
        + row("ivy", "rivalsub", "HOLDS_INTEREST_IN", kind="advisor"),
    )
    (f,) = [f for f in cois(scan(store, T)) if f.details["alliance"] == "A1"]
    assert f.path == ["ivy", "rivalsub", "rival", "helixco", "helix", "A1"]
    assert "a competitor of" in f.explanation


def test_former_employee_within_a_year(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("eli", "P1", "WORKS_ON")
        + row("eli", "helix", "EMPLOYED_BY", since="2019-01-01", until="2025-11-22"),
    )
    (f,) = cois(scan(store, T))
    assert f.details["interests"] == ["former employee"]
    assert cois(scan(store, "2026-11-23")) == []
    assert cois(scan(store, "2025-11-22")) == []  # still employed that day: own group


def test_interest_in_own_employers_group_is_no_conflict(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "us", "HOLDS_INTEREST_IN", kind="equity"),
    )
    assert cois(scan(store, T)) == []


def test_interest_without_access_to_the_alliance_is_not_scanned(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("fay", "helix", "HOLDS_INTEREST_IN", kind="board"))
    assert cois(scan(store, T)) == []


def test_ended_interest_no_longer_counts(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("ivy", "P1", "WORKS_ON")
        + row("ivy", "helix", "HOLDS_INTEREST_IN", until="2026-01-01", kind="consultant"),
    )
    assert cois(scan(store, T)) == []
    assert len(cois(scan(store, "2025-12-31"))) == 1


def test_staffing_candidate_with_family_tie_to_the_partner(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("fay", "helix", "HOLDS_INTEREST_IN", kind="family"))
    report = check_staffing(store, "P1", ["fay", "gus"], T)
    fay, gus = report.candidates
    assert fay.status == "review" and gus.status == "clear"
    assert fay.findings[0].path == ["fay", "helix", "A1"]
    # P2 belongs to the Rival alliance: Helix is no counterparty there
    assert check_staffing(store, "P2", ["fay"], T).candidates[0].status == "clear"
