"""Triage at scale (``conflicts --summary``, the conflicts page): findings grouped by firewall
and alliance with open and decided counts, exposures ranked nearest first, then by the most
influential person on the path, one page at a time. Both stores."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from graphmodel.decisions import Decision
from queries.conflicts import summary
from queries.decisions import record_decision
from queries.rules import BLOCKING_KINDS
from queries.rules.exposure import INDIRECT_EXPOSURE
from queries.triage import groups, rank_exposures


def exposure(person: str, path: list[str], hops: int):  # type: ignore[no-untyped-def]
    return INDIRECT_EXPOSURE.finding(person, path, ["P1", "P2"], {"hops": hops})


def test_exposures_rank_by_hops_then_influence_then_person() -> None:
    far = exposure("ann", ["ann", "x", "y", "P2"], 2)
    near_quiet = exposure("bob", ["bob", "q", "P2"], 1)
    near_loud = exposure("cat", ["cat", "boss", "P2"], 1)
    ranked = rank_exposures([far, near_quiet, near_loud], {"boss": 1.0, "q": 0.2, "x": 0.9})
    assert [f.person for f in ranked] == ["cat", "bob", "ann"]


def test_groups_with_open_blocking_findings_come_first() -> None:
    review = exposure("ann", ["ann", "x", "P2"], 1)
    from queries.rules.firewall import FIREWALL_BREACH

    breach = FIREWALL_BREACH.finding("bob", ["bob", "P4"], ["P3", "P4"])
    found = groups([review, breach], BLOCKING_KINDS)
    assert [(g.by, g.subject, g.open) for g in found] == [
        ("firewall", ("P3", "P4"), 1),
        ("firewall", ("P1", "P2"), 1),
    ]


def test_summary_counts_open_and_decided_and_pages_exposures(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "c2", "MEMBER_OF")
        + row("eli", "P1", "WORKS_ON")
        + row("fay", "P1", "WORKS_ON")
        + row("gus", "P2", "WORKS_ON")
        + row("eli", "gus", "REPORTS_TO")
        + row("fay", "gus", "REPORTS_TO"),
    )
    record_decision(
        store,
        Decision(
            "firewall_breach", "dana", ("P1", "P2"), "waived", "Legal", "ok", "", "2027-01-31"
        ),
        day="2026-11-01",
    )
    first = summary(store, T, 2, page=1, per_page=1)
    out = first.to_json()
    assert out["by_kind"]["firewall_breach"] == {"open": 0, "decided": 1}
    (wall,) = [g for g in out["groups"] if g["subject"] == ["P1", "P2"]]
    assert wall["decided"] == 1 and wall["counts"]["indirect_exposure"]["open"] >= 2
    assert out["exposures"]["per_page"] == 1 and len(out["exposures"]["items"]) == 1
    assert out["exposures"]["pages"] == out["exposures"]["total"] >= 2
    assert out["exposures"]["items"][0]["explanation"]
    second = summary(store, T, 2, page=2, per_page=1).to_json()
    assert second["exposures"]["items"][0]["person"] != out["exposures"]["items"][0]["person"]
    assert summary(store, T, 2, open_only=True).decided == 0
