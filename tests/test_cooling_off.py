"""Rule 2, cooling_off: the wall keeps blocking for N days after access to the other side ends."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from queries.conflicts import scan
from queries.staffing import check_staffing


def test_left_the_other_side_within_cooling_off(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF", until="2026-09-30"),
    )
    (f,) = scan(store, T).findings
    assert (f.kind, f.firewall, f.path) == ("cooling_off", ["P1", "P2"], ["dana", "c2", "A2", "P2"])
    assert f.details["last_access"] == "2026-09-30"
    assert f.details["cooling_off_until"] == "2026-12-29"
    assert f.blocks
    assert "2026-12-29" in f.explanation and "Dana Ruiz" in f.explanation


def test_cooling_off_last_day_inclusive_then_clear(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "P2", "WORKS_ON", until="2026-06-30"),
    )
    assert [f.kind for f in scan(store, "2026-06-30").findings] == ["firewall_breach"]
    assert [f.kind for f in scan(store, "2026-07-01").findings] == ["cooling_off"]
    assert [f.kind for f in scan(store, "2026-09-28").findings] == ["cooling_off"]
    assert scan(store, "2026-09-29").findings == []


def test_latest_ended_route_is_reported(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "P2", "WORKS_ON", until="2026-09-01")
        + row("dana", "c2", "MEMBER_OF", until="2026-10-01"),
    )
    (f,) = scan(store, T).findings
    assert f.details["last_access"] == "2026-10-01" and f.path == ["dana", "c2", "A2", "P2"]


def test_no_cooling_off_without_current_access_to_the_other_side(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON", until="2026-10-01"))
    assert scan(store, T).findings == []


def test_wall_without_cooling_off_days_never_cools(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("P1", "P3", "FIREWALL", reason="no cooling")
        + row("dana", "P1", "WORKS_ON")
        + row("dana", "P3", "WORKS_ON", until="2026-11-01"),
    )
    assert scan(store, T).findings == []


def test_candidate_who_just_left_the_other_side_is_blocked(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("hal", "P2", "WORKS_ON", until="2026-11-01"))
    report = check_staffing(store, "P1", ["hal"], T)
    (f,) = report.candidates[0].findings
    assert (f.kind, f.firewall, f.path) == ("cooling_off", ["P1", "P2"], ["hal", "P2"])
    assert report.candidates[0].status == "blocked"


def test_route_whose_edges_never_overlapped_gave_no_access(store, tmp_path: Path) -> None:
    """Member of c2 only after c2 stopped governing P3: there never was access to P3."""
    build(
        store,
        tmp_path,
        row("P1", "P3", "FIREWALL", cooling_off_days="365")
        + row("c2", "P3", "GOVERNS", until="2026-01-01")
        + row("dana", "c2", "MEMBER_OF", since="2026-02-01", until="2026-10-01")
        + row("dana", "P1", "WORKS_ON"),
    )
    assert [f for f in scan(store, T).findings if f.firewall == ["P1", "P3"]] == []
