"""queries/staffing.py beyond the rules themselves: the clean alternatives offered for a flagged
candidate ("there are only so many scientists to go around"). Runs on every store."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from queries.staffing import check_staffing, suggest_alternatives

FUNCTIONS = """id,type,name,function
dana,Person,Dana Ruiz,Chemistry
eli,Person,Eli Okafor,Chemistry
fay,Person,Fay Lindqvist,Chemistry
gus,Person,Gus Tanaka,Biology
hal,Person,Hal Berger,Chemistry
"""


def test_alternatives_share_the_function_and_come_out_clear(store, load, tmp_path: Path) -> None:
    # Dana sits on the Rival JSC, so she cannot join ONC-7; Fay, a chemist too, already works
    # on ONC-12 behind the wall; Gus is clean but a biologist.
    build(store, tmp_path, row("dana", "c2", "MEMBER_OF") + row("fay", "P2", "WORKS_ON"))
    load(store, {"people.csv": FUNCTIONS})
    assert check_staffing(store, "P1", ["dana"], as_of=T).candidates[0].status == "blocked"
    found = suggest_alternatives(store, "P1", "dana", as_of=T)
    assert [n.id for n in found] == ["eli", "hal"]  # by name: Eli Okafor, Hal Berger
    clean = check_staffing(store, "P1", [n.id for n in found], as_of=T).candidates
    assert [c.status for c in clean] == ["clear", "clear"]
    assert [n.id for n in suggest_alternatives(store, "P1", "dana", as_of=T, limit=1)] == ["eli"]


def test_without_a_function_anyone_clean_is_offered(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "c2", "MEMBER_OF") + row("fay", "P2", "WORKS_ON"))
    found = suggest_alternatives(store, "P1", "dana", as_of=T, limit=10)
    assert [n.id for n in found] == ["eli", "gus", "hal", "ivy"]


MORE_CHEMISTS = """id,type,name,function
abe,Person,Abe Adler,Chemistry
bea,Person,Bea Brandt,Chemistry
cal,Person,Cal Costa,Chemistry
"""
JOBS = """source,target,type,since,until,title
eli,us,EMPLOYED_BY,2020-01-01,,Principal Scientist
hal,us,EMPLOYED_BY,2020-01-01,,
hal,helix,EMPLOYED_BY,2026-01-01,,Visiting Chemist
bea,us,EMPLOYED_BY,2018-01-01,2026-06-30,Senior Chemist
cal,us,EMPLOYED_BY,2027-01-01,,Chemist
"""


def test_alternatives_are_only_people_employed_that_day_with_their_title(
    store, load, tmp_path: Path
) -> None:
    """Abe was never employed, Bea left on 2026-06-30, Cal starts in 2027: none of them can
    be staffed on 2026-11-22, however clean. The title is the one on each alternative's
    current employment (Hal has two: the later one is shown)."""
    build(store, tmp_path, row("dana", "c2", "MEMBER_OF") + row("fay", "P2", "WORKS_ON"))
    load(store, {"people.csv": FUNCTIONS + MORE_CHEMISTS.split("\n", 1)[1], "jobs.csv": JOBS})
    found = suggest_alternatives(store, "P1", "dana", as_of=T)
    assert [(a.id, a.title, a.employer) for a in found] == [
        ("eli", "Principal Scientist", "us"),
        ("hal", "Visiting Chemist", "helix"),
    ]
    # Earlier, Bea was still there (and Hal had no title yet); later, Cal has started.
    assert [
        (a.id, a.title) for a in suggest_alternatives(store, "P1", "dana", as_of="2026-03-01")
    ] == [
        ("bea", "Senior Chemist"),
        ("eli", "Principal Scientist"),
        ("hal", "Visiting Chemist"),
    ]
    assert [a.id for a in suggest_alternatives(store, "P1", "dana", as_of="2027-02-01")] == [
        "cal",
        "eli",
        "hal",
    ]


def test_a_pool_full_of_leavers_is_searched_past(store, load, tmp_path: Path) -> None:
    """The first names by alphabet have all left: the pool widens until it finds employed
    people rather than offering nobody."""
    build(store, tmp_path, row("dana", "c2", "MEMBER_OF"))
    leavers = "".join(f"a{i:02d},Person,Aaron {i:02d},Chemistry\n" for i in range(12))
    load(
        store,
        {
            "people.csv": FUNCTIONS + leavers,
            "jobs.csv": "source,target,type,since,until\n"
            + "".join(f"a{i:02d},us,EMPLOYED_BY,2010-01-01,2020-12-31\n" for i in range(12)),
        },
    )
    found = suggest_alternatives(store, "P1", "dana", as_of=T, pool=3)
    assert [a.id for a in found] == ["eli", "fay", "hal"]


def test_a_far_side_walled_off_from_both_the_program_and_its_alliance(store, tmp_path) -> None:
    """Two firewalls of the check lead to the same far side: each is judged on its own."""
    build(
        store,
        tmp_path,
        row("A1", "P2", "FIREWALL", reason="alliance-wide", cooling_off_days="30")
        + row("hal", "P2", "WORKS_ON"),
    )
    report = check_staffing(store, "P1", ["hal", "gus"], T)
    walls = sorted(tuple(f.firewall or ()) for c in report.candidates for f in c.findings)
    assert walls == [("A1", "P2"), ("P1", "P2")]
    assert [c.status for c in report.candidates] == ["blocked", "clear"]
