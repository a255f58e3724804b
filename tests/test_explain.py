"""Explanations say what is true on the as-of day: each step of a finding's path is worded from
the edge that joins its two nodes on that day (present), or that ended before it (past, with
its end), or that starts after it (future, with its start); a staffing candidate's proposed
assignment "would join". The stores hand back every edge between two nodes whatever its dates,
so these run on both stores (the ``store`` fixture), and the wording table is checked on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.model import Edge, Node
from queries.conflicts import scan
from queries.explain import step_phrase
from queries.staffing import check_staffing


def only(findings, kind):
    found = [f for f in findings if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.person, f.path) for f in findings]
    return found[0]


# ---- on both stores ------------------------------------------------------------------------


def test_a_candidate_assigned_from_a_later_day_would_join(store, tmp_path: Path) -> None:
    """The issue's case: as of 2026-08-01, an assignment to ONC-7 that starts on 2026-10-12 is
    not "works on ONC-7"; the staffing check proposes it, so the candidate would join."""
    build(
        store,
        tmp_path,
        row("eli", "P1", "WORKS_ON", since="2026-10-12") + row("eli", "c2", "MEMBER_OF"),
    )
    early = check_staffing(store, "P1", ["eli"], as_of="2026-08-01").candidates[0]
    breach = only(early.findings, "firewall_breach")
    assert breach.explanation.startswith(
        "Eli Okafor would join ONC-7 KRAS degrader (assigned from 2026-10-12), and also sits on "
        "Rival JSC, which governs Rival KRAS alliance, which includes ONC-12 KRAS inhibitor;"
    ), breach.explanation
    assert "works on ONC-7" not in breach.explanation
    # Once the assignment has started it is simply true that he works on it.
    later = check_staffing(store, "P1", ["eli"], as_of=T).candidates[0]
    assert only(later.findings, "firewall_breach").explanation.startswith(
        "Eli Okafor works on ONC-7 KRAS degrader, and also sits on Rival JSC"
    )


def test_a_candidate_who_left_the_program_would_join_it_again(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("eli", "P1", "WORKS_ON", until="2025-12-31") + row("eli", "c2", "MEMBER_OF"),
    )
    report = check_staffing(store, "P1", ["eli"], as_of=T)
    text = only(report.candidates[0].findings, "firewall_breach").explanation
    assert text.startswith(
        "Eli Okafor would join ONC-7 KRAS degrader (worked on it until 2025-12-31)"
    )


def test_cooling_off_words_each_step_by_its_own_dates(store, tmp_path: Path) -> None:
    """Dana left the Rival JSC on 2026-09-30; the JSC still governs the alliance, which still
    includes ONC-12: only her seat is in the past."""
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON") + row("dana", "c2", "MEMBER_OF", until="2026-09-30"),
    )
    (f,) = scan(store, T).findings
    assert f.kind == "cooling_off"
    assert f.explanation == (
        "Dana Ruiz had access to ONC-12 KRAS inhibitor until 2026-09-30 (sat on Rival JSC until "
        "2026-09-30, which governs Rival KRAS alliance, which includes ONC-12 KRAS inhibitor); "
        "ONC-12 KRAS inhibitor is firewalled from ONC-7 KRAS degrader (competing KRAS programs) "
        "with a 90-day cooling-off that runs until 2026-12-29, so Dana Ruiz may not have access "
        "to ONC-7 KRAS degrader before 2026-12-30."
    )


def test_cooling_off_through_a_governance_that_ended(store, tmp_path: Path) -> None:
    """The seat is current; what ended is the committee's governance of ONC-12."""
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "c1", "MEMBER_OF")
        + row("c1", "P2", "GOVERNS", since="2025-01-01", until="2026-10-31"),
    )
    f = only(scan(store, T).findings, "cooling_off")
    assert "(sits on Helix JSC, which governed ONC-12 KRAS inhibitor until 2026-10-31)" in (
        f.explanation
    ), f.explanation


def test_a_current_seat_is_present_beside_an_ended_one(store, tmp_path: Path) -> None:
    """Two stints on the Rival JSC: the old one ended in 2024, the current one counts."""
    build(
        store,
        tmp_path,
        row("dana", "P1", "WORKS_ON")
        + row("dana", "c2", "MEMBER_OF", since="2020-01-01", until="2024-06-30")
        + row("dana", "c2", "MEMBER_OF", since="2025-01-01"),
    )
    f = only(scan(store, T).findings, "firewall_breach")
    assert "sits on Rival JSC, which governs Rival KRAS alliance" in f.explanation
    assert "sat on" not in f.explanation and "until" not in f.explanation


@pytest.mark.parametrize(
    ("reports_since", "reports_until"),
    [("2020-01-01", "2025-12-31"), ("2027-01-01", "")],
    ids=["reporting-line-ended", "reporting-line-not-started"],
)
def test_a_hop_is_worded_by_the_link_active_on_the_day(
    store, tmp_path: Path, reports_since: str, reports_until: str
) -> None:
    """Gus influences Hal today; a reporting line between them that ended, or starts next
    year, is not the hop the finding walked, so the sentence must not say "reports to"."""
    build(
        store,
        tmp_path,
        row("gus", "P1", "WORKS_ON")
        + row("gus", "hal", "REPORTS_TO", since=reports_since, until=reports_until)
        + row("gus", "hal", "INFLUENCES", weight="0.6")
        + row("hal", "P2", "WORKS_ON"),
    )
    f = next(
        f
        for f in scan(store, T, hops=2).findings
        if f.kind == "indirect_exposure" and f.person == "gus"
    )
    assert f.path == ["gus", "hal", "P2"]
    assert "Gus Tanaka (on the ONC-7 KRAS degrader side) influences Hal Berger, who works on" in (
        f.explanation
    ), f.explanation
    assert "reports to" not in f.explanation


def test_a_former_employee_worked_for_the_partner_until_the_day_they_left(
    store, tmp_path: Path
) -> None:
    build(
        store,
        tmp_path,
        row("ivy", "P1", "WORKS_ON")
        + row("ivy", "helix", "EMPLOYED_BY", since="2019-01-01", until="2026-03-31"),
    )
    f = only(scan(store, T).findings, "conflict_of_interest")
    assert f.explanation == (
        "Ivy Chen worked for Helix Bio until 2026-03-31; Helix Bio is a party to Helix KRAS "
        "alliance, so Ivy Chen has a conflict of interest in Helix KRAS alliance."
    )


def test_an_interest_and_a_former_job_at_the_same_company(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("ivy", "P1", "WORKS_ON")
        + row("ivy", "helixco", "HOLDS_INTEREST_IN", kind="equity")
        + row("ivy", "helixco", "EMPLOYED_BY", since="2019-01-01", until="2026-03-31"),
    )
    f = only(scan(store, T).findings, "conflict_of_interest")
    assert f.explanation.startswith(
        "Ivy Chen holds an interest (equity) in Helix Holdings and worked for it until "
        "2026-03-31; Helix Holdings is the parent of Helix Bio, a party to Helix KRAS alliance,"
    ), f.explanation


# ---- the wording table, every step kind in every tense -----------------------------------

NAMES = {
    nid: Node(nid, ntype, name)
    for nid, ntype, name in [
        ("p", "Person", "Ann"),
        ("q", "Person", "Bo"),
        ("x", "Program", "ONC-7"),
        ("y", "Alliance", "KRAS alliance"),
        ("c", "Committee", "JSC"),
        ("z", "Company", "Helix"),
        ("w", "Company", "Rival"),
    ]
}
DAY = "2026-06-01"
SPANS = {
    "now": ("2026-01-01", ""),
    "past": ("2025-01-01", "2026-03-31"),
    "future": ("2026-10-12", ""),
}
WORDING = [
    # (edge type, source, target, step from, step to, present, past, future)
    ("WORKS_ON", "p", "x", "p", "x", "works on ONC-7", "worked on ONC-7 until 2026-03-31",
     "will work on ONC-7 from 2026-10-12"),
    ("MEMBER_OF", "p", "c", "p", "c", "sits on JSC", "sat on JSC until 2026-03-31",
     "will sit on JSC from 2026-10-12"),
    ("GOVERNS", "c", "x", "c", "x", "which governs ONC-7",
     "which governed ONC-7 until 2026-03-31", "which will govern ONC-7 from 2026-10-12"),
    ("PART_OF", "x", "y", "y", "x", "which includes ONC-7",
     "which included ONC-7 until 2026-03-31", "which will include ONC-7 from 2026-10-12"),
    ("PART_OF", "x", "y", "x", "y", "which is part of KRAS alliance",
     "which was part of KRAS alliance until 2026-03-31",
     "which will be part of KRAS alliance from 2026-10-12"),
    ("REPORTS_TO", "p", "q", "p", "q", "reports to Bo", "reported to Bo until 2026-03-31",
     "will report to Bo from 2026-10-12"),
    ("REPORTS_TO", "p", "q", "q", "p", "manages Ann", "managed Ann until 2026-03-31",
     "will manage Ann from 2026-10-12"),
    ("INFLUENCES", "p", "q", "p", "q", "influences Bo", "influenced Bo until 2026-03-31",
     "will influence Bo from 2026-10-12"),
    ("INFLUENCES", "p", "q", "q", "p", "is influenced by Ann",
     "was influenced by Ann until 2026-03-31", "will be influenced by Ann from 2026-10-12"),
    ("HOLDS_INTEREST_IN", "p", "z", "p", "z", "has an interest in Helix",
     "had an interest in Helix until 2026-03-31", "will have an interest in Helix from 2026-10-12"),
    ("EMPLOYED_BY", "p", "z", "p", "z", "works for Helix", "worked for Helix until 2026-03-31",
     "will work for Helix from 2026-10-12"),
    ("SUBSIDIARY_OF", "z", "w", "z", "w", "a subsidiary of Rival",
     "until 2026-03-31 a subsidiary of Rival", "from 2026-10-12 a subsidiary of Rival"),
    ("SUBSIDIARY_OF", "z", "w", "w", "z", "the parent of Helix",
     "until 2026-03-31 the parent of Helix", "from 2026-10-12 the parent of Helix"),
    ("COMPETES_WITH", "w", "z", "z", "w", "a competitor of Rival",
     "until 2026-03-31 a competitor of Rival", "from 2026-10-12 a competitor of Rival"),
    ("PARTY_TO", "z", "y", "z", "y", "a party to KRAS alliance",
     "until 2026-03-31 a party to KRAS alliance", "from 2026-10-12 a party to KRAS alliance"),
]  # fmt: skip


@pytest.mark.parametrize("tense", ["now", "past", "future"])
@pytest.mark.parametrize("wording", WORDING, ids=[f"{w[0]}-{w[3]}-{w[4]}" for w in WORDING])
def test_every_step_kind_in_every_tense(wording: tuple[str, ...], tense: str) -> None:
    etype, source, target, a, b, *expected = wording
    since, until = SPANS[tense]
    edge = Edge(etype, source, target, since, until)
    links = {(a, b): [edge]}
    said = step_phrase(a, b, NAMES, links, DAY)
    assert said == expected[["now", "past", "future"].index(tense)]


def test_the_day_of_a_change_belongs_to_the_edge_that_holds_on_it() -> None:
    """An edge is active on its ``since`` and ``until`` days (DOMAIN.md): present on both."""
    edge = Edge("WORKS_ON", "p", "x", "2026-06-01", "2026-06-30")
    links = {("p", "x"): [edge]}
    assert step_phrase("p", "x", NAMES, links, "2026-06-01") == "works on ONC-7"
    assert step_phrase("p", "x", NAMES, links, "2026-06-30") == "works on ONC-7"
    assert step_phrase("p", "x", NAMES, links, "2026-07-01") == ("worked on ONC-7 until 2026-06-30")
    assert step_phrase("p", "x", NAMES, links, "2026-05-31") == (
        "will work on ONC-7 from 2026-06-01"
    )


def test_present_beats_past_beats_future_and_the_nearest_date_is_said() -> None:
    stints = [
        Edge("WORKS_ON", "p", "x", "2020-01-01", "2021-12-31"),
        Edge("WORKS_ON", "p", "x", "2022-01-01", "2024-12-31"),
        Edge("WORKS_ON", "p", "x", "2027-01-01", ""),
        Edge("WORKS_ON", "p", "x", "2028-01-01", ""),
    ]
    links = {("p", "x"): stints}
    assert step_phrase("p", "x", NAMES, links, "2026-06-01") == ("worked on ONC-7 until 2024-12-31")
    assert step_phrase("p", "x", NAMES, links, "2019-06-01") == (
        "will work on ONC-7 from 2020-01-01"
    )
    assert step_phrase("p", "x", NAMES, links, "2027-06-01") == "works on ONC-7"


LATER = Edge("WORKS_ON", "p", "x", "2026-10-12", "")
BEFORE = Edge("WORKS_ON", "p", "x", "", "2025-12-31")
NOW_ON = Edge("WORKS_ON", "p", "x", "2026-01-01", "")


@pytest.mark.parametrize(
    ("edges", "said"),
    [
        ([], "would join ONC-7"),
        ([LATER], "would join ONC-7 (assigned from 2026-10-12)"),
        ([BEFORE], "would join ONC-7 (worked on it until 2025-12-31)"),
        ([BEFORE, LATER], "would join ONC-7 (assigned from 2026-10-12)"),
        ([NOW_ON], "works on ONC-7"),
    ],
    ids=["no-assignment", "assigned-later", "assigned-before", "both", "already-on-it"],
)  # fmt: skip
def test_a_proposed_assignment(edges: list[Edge], said: str) -> None:
    links = {("p", "x"): edges}
    assert step_phrase("p", "x", NAMES, links, DAY, proposed={("p", "x")}) == said
