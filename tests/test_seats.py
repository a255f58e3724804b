"""Seats, leaving and the first clear day (DOMAIN.md): a committee seat checks everything the
committee governs, a move ends the candidate's old edges the day before, and a candidate
blocked only by cooling-off is told the day they are clear from. Both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.decisions import Decision
from graphmodel.errors import NotFound
from graphmodel.vocabulary import COMMITTEE
from queries.decisions import record_decision
from queries.staffing import check_staffing

EXTRA = "c3,Committee,Extra JSC\n"


def seat(store, committee, people, hops=0, **kw):  # type: ignore[no-untyped-def]
    return check_staffing(store, committee, people, T, hops, seat_type=COMMITTEE, **kw)


def only(report):  # type: ignore[no-untyped-def]
    (c,) = report.candidates
    return c


def test_seat_on_jsc_that_governs_firewalled_alliance_blocks(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON"))
    report = seat(store, "c1", ["dana"])
    c = only(report)
    assert c.status == "blocked" and report.blocked
    (f,) = c.findings
    assert (f.kind, f.firewall, f.path) == ("firewall_breach", ["P1", "P2"], ["dana", "P2"])
    assert f.details["access_path"] == ["dana", "c1", "A1", "P1"]
    out = report.to_json()
    assert out["committee"] == "c1" and "program" not in out
    assert out["candidates"][0]["clear_from"] is None


def test_seat_on_committee_governing_nothing_firewalled_is_clear(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON") + row("c3", "P3", "GOVERNS"), EXTRA)
    assert only(seat(store, "c3", ["dana"])).status == "clear"


def test_seat_on_committee_governing_a_program_reaches_its_alliance(store, tmp_path) -> None:
    build(
        store,
        tmp_path,
        row("c3", "P3", "GOVERNS")
        + row("A1", "A2", "FIREWALL", reason="alliances apart")
        + row("dana", "P2", "WORKS_ON"),
        EXTRA,
    )
    (f,) = [f for f in only(seat(store, "c3", ["dana"])).findings if f.firewall == ["A1", "A2"]]
    assert f.kind == "firewall_breach"
    assert f.details["access_path"] == ["dana", "c3", "P3", "A1"]


def test_seat_makes_the_candidate_a_fellow_member_for_exposure(store, tmp_path) -> None:
    build(
        store,
        tmp_path,
        row("c3", "P1", "GOVERNS")
        + row("ivy", "c3", "MEMBER_OF")
        + row("ivy", "fay", "INFLUENCES")
        + row("fay", "P2", "WORKS_ON"),
        EXTRA,
    )
    (f,) = [f for f in only(seat(store, "c3", ["dana"], hops=2)).findings]
    assert f.kind == "indirect_exposure"
    assert f.path == ["dana", "c3", "ivy", "fay", "P2"]
    # on program P1 itself dana is no fellow member of anyone: no hop, no exposure
    (c,) = check_staffing(store, "P1", ["dana"], T, 2).candidates
    assert c.status == "clear"


def test_leaving_today_starts_cooling_off(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON", since="2025-01-01"))
    assert only(check_staffing(store, "P1", ["dana"], T, 0)).status == "blocked"
    report = check_staffing(store, "P1", ["dana"], T, 0, leaving=["P2"])
    c = only(report)
    (f,) = c.findings
    assert f.kind == "cooling_off" and f.details["last_access"] == "2026-11-21"
    assert c.status == "blocked" and c.clear_from == "2027-02-20"
    assert report.to_json()["candidates"][0]["clear_from"] == "2027-02-20"
    assert report.to_json()["leaving"] == ["P2"]


def test_leaving_a_committee_ends_the_access_it_gave(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "c2", "MEMBER_OF", since="2025-01-01"))
    c = only(check_staffing(store, "P1", ["dana"], T, 0, leaving=["c2"]))
    assert [f.kind for f in c.findings] == ["cooling_off"]
    assert c.findings[0].path == ["dana", "c2", "A2", "P2"]


def test_leaving_a_committee_ends_its_seat_hops(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "c3", "MEMBER_OF")
        + row("ivy", "c3", "MEMBER_OF")
        + row("ivy", "P2", "WORKS_ON"),
        EXTRA,
    )
    assert [f.kind for f in only(check_staffing(store, "P1", ["dana"], T, 2)).findings] == [
        "indirect_exposure"
    ]
    assert only(check_staffing(store, "P1", ["dana"], T, 2, leaving=["c3"])).status == "clear"


def test_leaving_what_one_is_not_on_changes_nothing(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON"))
    c = only(check_staffing(store, "P1", ["dana"], T, 0, leaving=["P3"]))
    assert [f.kind for f in c.findings] == ["firewall_breach"] and c.clear_from is None


def test_leaving_an_edge_that_starts_today_changes_nothing(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON", since=T))
    c = only(check_staffing(store, "P1", ["dana"], T, 0, leaving=["P2"]))
    assert [f.kind for f in c.findings] == ["firewall_breach"]


def test_leaving_a_person_or_unknown_id_is_refused(store, tmp_path: Path) -> None:
    build(store, tmp_path)
    with pytest.raises(NotFound, match="Program or a Committee"):
        check_staffing(store, "P1", ["dana"], T, 0, leaving=["eli"])
    with pytest.raises(NotFound, match="nowhere"):
        check_staffing(store, "P1", ["dana"], T, 0, leaving=["nowhere"])


def test_clear_from_after_cooling_off(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P2", "WORKS_ON", until="2026-10-31"))
    c = only(check_staffing(store, "P1", ["dana"], T, 0))
    assert c.status == "blocked" and c.clear_from == "2027-01-30"
    later = only(check_staffing(store, "P1", ["dana"], "2027-01-30", 0))
    assert later.status == "clear" and later.clear_from is None


def test_clear_from_is_capped_by_the_firewall_until(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row(
            "P3",
            "P2",
            "FIREWALL",
            "2024-01-01",
            "2026-12-31",
            reason="ends",
            cooling_off_days="365",
        )
        + row("dana", "P2", "WORKS_ON", until="2026-10-31"),
    )
    c = only(check_staffing(store, "P3", ["dana"], T, 0))
    assert [f.kind for f in c.findings] == ["cooling_off"]
    assert c.clear_from == "2027-01-01"


def test_clear_from_is_null_when_a_breach_also_blocks(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("P1", "P3", "FIREWALL", reason="inside A1")
        + row("dana", "P2", "WORKS_ON", until="2026-10-31")
        + row("dana", "P3", "WORKS_ON"),
    )
    c = only(check_staffing(store, "P1", ["dana"], T, 0))
    assert {f.kind for f in c.findings} == {"cooling_off", "firewall_breach"}
    assert c.clear_from is None


def test_clear_from_ignores_a_waived_breach(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("P1", "P3", "FIREWALL", reason="inside A1")
        + row("dana", "P2", "WORKS_ON", until="2026-10-31")
        + row("dana", "P3", "WORKS_ON"),
    )
    record_decision(
        store,
        Decision(
            "firewall_breach", "dana", ("P1", "P3"), "waived", "Legal", "ok", "", "2027-12-31"
        ),
        day="2026-11-01",
    )
    c = only(check_staffing(store, "P1", ["dana"], T, 0))
    assert c.status == "blocked" and c.clear_from == "2027-01-30"
