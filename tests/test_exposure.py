"""Rule 3, indirect_exposure: people on one side a few hops from people on the other."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from queries.conflicts import scan
from queries.staffing import check_staffing


def exposures(report):
    return [f for f in report.findings if f.kind == "indirect_exposure"]


def test_reporting_line_across_the_wall(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("gus", "P1", "WORKS_ON")
        + row("gus", "hal", "REPORTS_TO")
        + row("hal", "P2", "WORKS_ON"),
    )
    found = exposures(scan(store, T, hops=2))
    assert [(f.person, f.firewall, f.path) for f in found] == [
        ("gus", ["P1", "P2"], ["gus", "hal", "P2"]),
        ("hal", ["P2", "P1"], ["hal", "gus", "P1"]),
    ]
    gus = found[0]
    assert gus.details == {"through": "hal", "hops": 1, "reason": "competing KRAS programs"}
    assert not gus.blocks
    assert "reports to Hal Berger" in gus.explanation


def test_no_exposure_without_hops_flag(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("gus", "P1", "WORKS_ON")
        + row("gus", "hal", "REPORTS_TO")
        + row("hal", "P2", "WORKS_ON"),
    )
    assert exposures(scan(store, T)) == []


def test_two_hops_through_a_shared_committee(store, tmp_path: Path) -> None:
    extra = (
        row("gus", "P1", "WORKS_ON")
        + row("gus", "ivy", "INFLUENCES", weight="0.7")
        + row("ivy", "c9", "MEMBER_OF")
        + row("hal", "c9", "MEMBER_OF")
        + row("hal", "P2", "WORKS_ON")
    )
    build(store, tmp_path, extra, extra_nodes="c9,Committee,Science council\n")
    gus = [f for f in exposures(scan(store, T, hops=2)) if f.person == "gus"]
    assert [f.path for f in gus] == [["gus", "ivy", "c9", "hal", "P2"]]
    assert gus[0].details["hops"] == 2
    assert [f for f in exposures(scan(store, T, hops=1)) if f.person == "gus"] == []
    assert "sits on Science council with Hal Berger" in gus[0].explanation


def test_shortest_then_smallest_path_wins(store, tmp_path: Path) -> None:
    extra = (
        row("gus", "P1", "WORKS_ON")
        + row("gus", "ivy", "REPORTS_TO")
        + row("gus", "fay", "REPORTS_TO")
        + row("ivy", "P2", "WORKS_ON")
        + row("fay", "P2", "WORKS_ON")
    )
    build(store, tmp_path, extra)
    gus = [f for f in exposures(scan(store, T, hops=2)) if f.person == "gus"]
    assert [f.path for f in gus] == [["gus", "fay", "P2"]]


def test_someone_with_access_to_both_is_a_breach_not_an_exposure(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("gus", "P1", "WORKS_ON")
        + row("gus", "P2", "WORKS_ON")
        + row("gus", "hal", "REPORTS_TO")
        + row("hal", "P2", "WORKS_ON"),
    )
    assert [f.person for f in exposures(scan(store, T, hops=2)) if f.person == "gus"] == []


def test_ended_reporting_line_is_no_hop(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("gus", "P1", "WORKS_ON")
        + row("gus", "hal", "REPORTS_TO", until="2026-01-01")
        + row("hal", "P2", "WORKS_ON"),
    )
    assert exposures(scan(store, T, hops=2)) == []


def test_staffing_candidate_managed_from_the_other_side(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("hal", "P2", "WORKS_ON") + row("fay", "hal", "REPORTS_TO"))
    report = check_staffing(store, "P1", ["fay"], T)
    (f,) = report.candidates[0].findings
    assert (f.kind, f.path) == ("indirect_exposure", ["fay", "hal", "P2"])
    assert report.candidates[0].status == "review"
    assert check_staffing(store, "P1", ["fay"], T, hops=0).candidates[0].status == "clear"
