"""Decisions on findings (DOMAIN.md, "Decisions on findings"): a waiver or an acceptance
recorded by compliance stops a finding from counting while it is active, on both stores, and
is imported like every other file (validated, atomic, idempotent, updated by identity)."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.decisions import Decision
from graphmodel.errors import ImportRejected
from loaders import read_files
from queries.conflicts import scan
from queries.decisions import record_decision
from queries.staffing import check_staffing

HEADER = "kind,person,subject,other,decision,decided_by,reason,since,until\n"
BREACH = row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF")


def decisions_file(tmp_path: Path, rows: str, name: str = "decisions.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def waiver(until: str = "2026-12-31", since: str = "2026-11-01", **over: str) -> Decision:
    fields = {
        "kind": "firewall_breach",
        "person": "dana",
        "decision": "waived",
        "decided_by": "Legal",
        "reason": "approved transfer",
    } | over
    return Decision(
        fields["kind"],
        fields["person"],
        ("P2", "P1"),
        fields["decision"],
        fields["decided_by"],
        fields["reason"],
        since,
        until,
    )


def test_waived_breach_is_listed_with_its_decision_and_blocks_no_one(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    record_decision(store, waiver(), recorder="compliance-bot")
    report = scan(store, T)
    (f,) = report.findings
    assert f.kind == "firewall_breach" and f.decision is not None
    out = f.to_json()
    assert out["subject"] == ["P1", "P2"]
    assert out["decision"]["decision"] == "waived"
    assert out["decision"]["decided_by"] == "Legal" and out["decision"]["until"] == "2026-12-31"
    assert out["decision"]["recorded_by"] == "compliance-bot"
    assert out["decision"]["recorded_at"]
    assert not report.blocked
    assert report.open_only().findings == []


def test_expired_waiver_blocks_again(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    record_decision(store, waiver(until="2026-11-30"))
    assert not scan(store, "2026-11-30").blocked
    after = scan(store, "2026-12-01")
    assert after.blocked and after.findings[0].decision is None


def test_waiver_not_yet_started_does_not_count(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    record_decision(store, waiver(since="2026-11-23", until="2027-01-31"))
    assert scan(store, T).blocked
    assert not scan(store, "2026-11-23").blocked


def test_decision_for_another_person_or_firewall_does_not_match(store, tmp_path) -> None:
    build(store, tmp_path, BREACH + row("P1", "P3", "FIREWALL", reason="other wall"))
    record_decision(store, waiver(person="eli"))
    other = Decision(
        "firewall_breach", "dana", ("P1", "P3"), "waived", "Legal", "x", "2026-11-01", "2027-01-01"
    )
    record_decision(store, other)
    found = {tuple(f.subject): f.decision for f in scan(store, T).findings}
    assert found[("P1", "P2")] is None


def test_waived_candidate_turns_clear_in_a_staffing_check(store, tmp_path) -> None:
    build(store, tmp_path, row("dana", "c2", "MEMBER_OF"))
    before = check_staffing(store, "P1", ["dana"], T, 0)
    assert before.candidates[0].status == "blocked" and before.blocked
    record_decision(store, waiver())
    after = check_staffing(store, "P1", ["dana"], T, 0)
    (c,) = after.candidates
    assert c.status == "clear" and not after.blocked
    assert [f.decision.decision for f in c.findings if f.decision] == ["waived"]


def test_accepted_exposure_leaves_candidate_clear(store, tmp_path) -> None:
    build(store, tmp_path, row("eli", "P2", "WORKS_ON") + row("dana", "eli", "REPORTS_TO"))
    (c,) = check_staffing(store, "P1", ["dana"], T, 2).candidates
    assert c.status == "review"
    accept = Decision(
        "indirect_exposure", "dana", ("P1", "P2"), "accepted", "Compliance", "reviewed", "", ""
    )
    record_decision(store, accept, day="2026-11-20")
    (c,) = check_staffing(store, "P1", ["dana"], T, 2).candidates
    assert c.status == "clear" and c.findings[0].decision is not None


def test_latest_since_counts_when_two_decisions_match(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    record_decision(store, waiver(since="2026-10-01", until="2027-01-31", decided_by="Legal"))
    record_decision(store, waiver(since="2026-11-15", until="2026-12-31", decided_by="CFO"))
    (f,) = scan(store, T).findings
    assert f.decision is not None and f.decision.decided_by == "CFO"
    (f,) = scan(store, "2027-01-15").findings  # the later one expired: the earlier counts
    assert f.decision is not None and f.decision.decided_by == "Legal"


def test_decisions_file_is_imported_and_reimport_changes_nothing(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    path = decisions_file(
        tmp_path, "firewall_breach,dana,P2,P1,waived,Legal,approved,2026-11-01,2026-12-31\n"
    )
    plan = store.apply(read_files([path]))
    assert len(plan.decisions_added) == 1
    assert not scan(store, T).blocked
    again = store.apply(read_files([path]))
    assert again.is_noop and again.decisions_unchanged == 1


def test_reimport_updates_a_decision_by_identity(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    first = "firewall_breach,dana,P1,P2,waived,Legal,approved,2026-11-01,2026-12-31\n"
    store.apply(read_files([decisions_file(tmp_path, first)]))
    shorter = "firewall_breach,dana,P2,P1,waived,Legal,approved,2026-11-01,2026-11-21\n"
    plan = store.apply(read_files([decisions_file(tmp_path, shorter, "again.csv")]))
    assert len(plan.decisions_changed) == 1 and not plan.decisions_added
    assert scan(store, T).blocked  # the waiver now ended yesterday


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ("firewall_breach,dana,P1,P2,accepted,Legal,ok,,", "decision", "can be waived"),
        ("indirect_exposure,dana,P1,P2,waived,Legal,ok,,2027-01-01", "decision", "accepted"),
        ("firewall_breach,dana,P1,P2,waived,Legal,ok,,", "until", "needs an until"),
        ("firewall_breach,dana,P1,nobody,waived,Legal,ok,,2027-01-01", "subject", "not a known"),
        ("firewall_breach,helix,P1,P2,waived,Legal,ok,,2027-01-01", "person", "is a Company"),
        ("conflict_of_interest,dana,P1,helix,accepted,Legal,ok,,", "subject", "Alliance"),
        ("firewall_breach,dana,P1,P2,waived,,ok,,2027-01-01", "decided_by", "required"),
        ("firewall_breach,dana,P1,P2,waived,Legal,ok,2027-02-01,2027-01-01", "until", "before"),
        ("breach,dana,P1,P2,waived,Legal,ok,,2027-01-01", "kind", "not a kind"),
        ("firewall_breach,dana,P1,P2,waived,Legal,ok,,31/12/2026", "until", "not a date"),
    ],
)
def test_bad_decision_is_refused_and_nothing_of_the_import_is_stored(
    store, tmp_path, cells, column, words
) -> None:
    build(store, tmp_path)
    extra = tmp_path / "more.csv"
    extra.write_text("source,target,type\ndana,P1,WORKS_ON\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        store.apply(read_files([extra, decisions_file(tmp_path, cells + "\n")]))
    (problem,) = err.value.problems
    assert problem.column == column and words in problem.reason
    assert problem.file == "decisions.csv" and problem.row == 2
    assert scan(store, T).findings == []  # the WORKS_ON of the same import was not stored


def test_decision_naming_a_node_of_the_same_import_is_accepted(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    nodes = tmp_path / "new.csv"
    nodes.write_text("id,type,name\nzed,Person,Zed Quinn\n", encoding="utf-8")
    rows = "firewall_breach,zed,P1,P2,waived,Legal,ok,,2027-01-01\n"
    plan = store.apply(read_files([nodes, decisions_file(tmp_path, rows)]))
    assert len(plan.decisions_added) == 1 and len(plan.nodes_added) == 1


def test_decisions_survive_reopening_the_store(store, reopen, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    record_decision(store, waiver())
    again = reopen()
    assert not scan(again, T).blocked


def test_wipe_removes_decisions(store, tmp_path) -> None:
    build(store, tmp_path, BREACH)
    record_decision(store, waiver())
    store.wipe()
    build(store, tmp_path, BREACH)
    assert scan(store, T).blocked
