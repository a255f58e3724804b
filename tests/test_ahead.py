"""Looking ahead and back (DOMAIN.md): ``conflicts --ahead N`` lists what starts to hold in
the next N days, once, from its first day; ``--changes-since D`` what is new and what was
resolved since D, matched by identity. Both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.decisions import Decision
from graphmodel.finders import Finders
from queries.conflicts import scan
from queries.decisions import record_decision
from queries.rules import timeline


def kinds(found):  # type: ignore[no-untyped-def]
    return [(f.kind, f.person, f.starts) for f in found]


def test_firewall_starting_next_month_is_upcoming_with_its_start(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "P3", "WORKS_ON")
        + row("P1", "P3", "FIREWALL", since="2026-12-15", reason="from December"),
    )
    report = scan(store, T, ahead=30)
    assert report.findings == [] and not report.blocked
    assert kinds(report.upcoming) == [("firewall_breach", "dana", "2026-12-15")]
    out = report.to_json()
    assert out["ahead"] == 30 and out["upcoming"][0]["starts"] == "2026-12-15"
    assert "starts" not in str(out["findings"])
    assert scan(store, T, ahead=22).upcoming == []  # 2026-12-14 is the last day looked at


def test_access_ending_starts_cooling_off_the_day_after(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF", until="2026-11-30"),
    )
    report = scan(store, T, ahead=90)
    assert [f.kind for f in report.findings] == ["firewall_breach"]
    assert kinds(report.upcoming) == [("cooling_off", "dana", "2026-12-01")]


def test_a_finding_that_already_holds_is_not_upcoming(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "P2", "WORKS_ON")
        + row("eli", "P2", "WORKS_ON", since="2026-12-01"),
    )
    report = scan(store, T, ahead=30)
    assert kinds(report.findings) == [("firewall_breach", "dana", None)]
    assert report.upcoming == []


def test_upcoming_waived_on_its_start_is_left_out_with_open(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF", since="2026-12-10"),
    )
    waiver = Decision(
        "firewall_breach", "dana", ("P1", "P2"), "waived", "Legal", "ok", "2026-12-10", "2027-01-31"
    )
    record_decision(store, waiver)
    report = scan(store, T, ahead=30)
    (f,) = report.upcoming or []
    assert f.starts == "2026-12-10" and f.decision is not None
    assert report.open_only().upcoming == []


def test_changes_since_lists_new_and_resolved(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "c2", "MEMBER_OF", since="2026-11-15")
        + row("eli", "P1", "WORKS_ON")
        + row("eli", "P2", "WORKS_ON", until="2026-11-10"),
    )
    report = scan(store, T, changes_since="2026-11-01")
    assert sorted((f.kind, f.person) for f in report.new or []) == [
        ("cooling_off", "eli"),
        ("firewall_breach", "dana"),
    ]
    assert [(f.kind, f.person) for f in report.resolved or []] == [("firewall_breach", "eli")]
    out = report.to_json()
    assert out["changes_since"] == "2026-11-01" and len(out["new"]) == 2


def test_a_finding_waived_in_between_is_neither_new_nor_resolved(store, tmp_path) -> None:
    build(store, tmp_path, row("dana", "P1", "WORKS_ON") + row("dana", "P2", "WORKS_ON"))
    waiver = Decision(
        "firewall_breach", "dana", ("P1", "P2"), "waived", "Legal", "ok", "2026-11-10", "2027-01-31"
    )
    record_decision(store, waiver)
    report = scan(store, T, changes_since="2026-11-01")
    assert report.new == [] and report.resolved == []
    assert report.findings[0].decision is not None


def test_changes_since_must_be_before_the_as_of_day(store, tmp_path: Path) -> None:
    build(store, tmp_path)
    with pytest.raises(ValueError, match="before"):
        scan(store, T, changes_since=T)


def test_ahead_scans_only_the_days_on_which_something_changes(store, tmp_path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON", since="2026-12-01")
        + row("eli", "P2", "WORKS_ON", until="2026-12-09")
        + row("fay", "P3", "WORKS_ON", since="2027-06-01"),
    )

    def days(f: Finders) -> list[str]:
        return timeline.change_days(f, T, "2026-12-31")

    assert store.read(days) == ["2026-12-01", "2026-12-10"]
