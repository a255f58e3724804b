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
