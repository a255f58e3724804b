"""Rule 1, firewall_breach, and the time rule around it (inclusive ends, future edges,
expired firewalls). Runs on every store via the ``store`` fixture."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from queries.conflicts import scan
from queries.staffing import check_staffing


def kinds(report):
    return [(f.kind, f.person, f.firewall) for f in report.findings]


def test_committee_membership_breaches_wall(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF"))
    report = scan(store, T)
    assert kinds(report) == [("firewall_breach", "dana", ["P1", "P2"])]
    f = report.findings[0]
    assert f.path == ["dana", "c2", "A2", "P2"]
    assert f.details["access_path"] == ["dana", "P1"]
    assert f.blocks and report.blocked
    assert "Dana Ruiz" in f.explanation and "Rival JSC" in f.explanation
    assert "ONC-12 KRAS inhibitor" in f.explanation and "competing KRAS programs" in f.explanation


def test_working_on_both_sides_breaches_wall(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("eli", "P1", "WORKS_ON") + row("eli", "P2", "WORKS_ON"))
    (f,) = scan(store, T).findings
    assert (f.kind, f.firewall, f.path) == ("firewall_breach", ["P1", "P2"], ["eli", "P2"])


def test_alliance_level_firewall_reached_through_a_program(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("A1", "A2", "FIREWALL", reason="separate partners")
        + row("fay", "P3", "WORKS_ON")
        + row("fay", "c2", "MEMBER_OF"),
    )
    found = {(f.kind, tuple(f.firewall or ()), tuple(f.path)) for f in scan(store, T).findings}
    assert ("firewall_breach", ("A1", "A2"), ("fay", "c2", "A2")) in found


def test_membership_ending_today_still_counts(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF", until=T))
    assert [f.kind for f in scan(store, T).findings] == ["firewall_breach"]


def test_membership_starting_tomorrow_does_not_count_yet(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF", since="2026-11-23"),
    )
    assert scan(store, T).findings == []
    assert [f.kind for f in scan(store, "2026-11-23").findings] == ["firewall_breach"]


def test_future_firewall_is_not_yet_a_wall(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "P3", "WORKS_ON")
        + row("P1", "P3", "FIREWALL", since="2027-01-01", reason="future"),
    )
    assert scan(store, T).findings == []
    assert [f.firewall for f in scan(store, "2027-01-01").findings] == [["P1", "P3"]]


def test_expired_firewall_no_longer_blocks(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "P3", "WORKS_ON")
        + row("P1", "P3", "FIREWALL", until="2026-06-30", reason="old wall"),
    )
    assert scan(store, T).findings == []
    assert len(scan(store, "2026-06-30").findings) == 1


def test_ended_governance_removes_access(store, tmp_path: Path) -> None:
    """Access through a committee needs the GOVERNS edge to be active too."""
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "c1", "MEMBER_OF")
        + row("c1", "P2", "GOVERNS", since="2025-01-01", until="2025-12-31"),
    )
    assert scan(store, "2025-06-01").findings[0].path == ["dana", "c1", "P2"]
    # ended 2025-12-31 with 90 days cooling-off: by 2026-11-22 it is long over
    assert scan(store, T).findings == []


def test_staffing_candidate_counts_as_on_the_program(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("eli", "P2", "WORKS_ON") + row("dana", "c2", "MEMBER_OF"))
    report = check_staffing(store, "P1", ["eli", "dana", "fay"], T)
    status = {c.person: c.status for c in report.candidates}
    assert status == {"eli": "blocked", "dana": "blocked", "fay": "clear"}
    eli = report.candidates[0].findings[0]
    assert (eli.kind, eli.firewall, eli.path) == ("firewall_breach", ["P1", "P2"], ["eli", "P2"])
    assert eli.details["access_path"] == ["eli", "P1"]
    assert "would join ONC-7" in eli.explanation
    dana = report.candidates[1].findings[0]
    assert dana.path == ["dana", "c2", "A2", "P2"]
    assert report.blocked


def test_staffing_reports_only_findings_about_the_program(store, tmp_path: Path) -> None:
    """A breach elsewhere in the portfolio is not this staffing's business."""
    build(
        store,
        tmp_path,
        row("eli", "P1", "WORKS_ON")
        + row("eli", "P2", "WORKS_ON")
        + row("P3", "A2", "FIREWALL", reason="unrelated"),
    )
    report = check_staffing(store, "P3", ["eli"], T, hops=0)
    # P3 is part of A1; the P3-A2 wall applies (eli reaches A2 through P2), P1-P2 does not
    (f,) = report.candidates[0].findings
    assert f.firewall == ["P3", "A2"] and f.path == ["eli", "P2", "A2"]


def test_staffing_alliance_side_of_a_wall(store, tmp_path: Path) -> None:
    """A wall on the program's alliance involves the program too ([P, X, Y] route)."""
    build(store, tmp_path, row("A1", "P2", "FIREWALL") + row("gus", "P2", "WORKS_ON"))
    (f,) = check_staffing(store, "P3", ["gus"], T, hops=0).candidates[0].findings
    assert f.firewall == ["A1", "P2"] and f.details["access_path"] == ["gus", "P3", "A1"]
    assert f.path == ["gus", "P2"]


def test_duplicate_firewall_edges_are_one_wall(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("P2", "P1", "FIREWALL", since="2025-01-01", reason="restated", cooling_off_days="10")
        + row("eli", "P1", "WORKS_ON")
        + row("eli", "P2", "WORKS_ON"),
    )
    (f,) = scan(store, T).findings
    assert f.details["reason"] == "competing KRAS programs"  # the 90-day edge rules


def test_the_blocking_kinds_are_derived_from_the_rule_modules() -> None:
    """DOMAIN.md: firewall_breach and cooling_off block, the others ask for review; each rule
    module declares its kinds, and nothing else lists them."""
    from queries.rules import BLOCKING_KINDS, KINDS

    assert {"firewall_breach", "cooling_off"} == BLOCKING_KINDS
    review = {"indirect_exposure", "conflict_of_interest", "contract_conflict", "missing_firewall"}
    assert {k.name for k in KINDS} == BLOCKING_KINDS | review
    severities = {k.name: k.finding("p", ["p"]).to_json()["severity"] for k in KINDS}
    assert severities == {
        "firewall_breach": "blocks",
        "cooling_off": "blocks",
        "indirect_exposure": "review",
        "conflict_of_interest": "review",
        "contract_conflict": "review",
        "missing_firewall": "review",
    }
