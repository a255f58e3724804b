"""Rule 3, indirect_exposure: people on one side a few hops from people on the other."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio import T, build, row

from graphmodel.embedded.finders import EmbeddedFinders
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.model import Edge, Node
from graphmodel.vocabulary import COMMITTEE, INFLUENCES, MEMBER_OF, PERSON, REPORTS_TO
from queries.conflicts import scan
from queries.rules.exposure import HOPS, from_people, from_side
from queries.rules.firewall import Firewall
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


# ---- the two directions of the hop path choice agree (queries/rules/exposure.py) -------------

T_RANDOM = "2026-06-01"


def _dates(rng: random.Random) -> tuple[str, str]:
    """Mostly open, sometimes ended before T_RANDOM or starting after it."""
    r = rng.random()
    if r < 0.15:
        return "", "2026-01-31"
    if r < 0.25:
        return "2026-09-01", ""
    return "", ""


def _people_graph(seed: int, people: int = 40, committees: int = 5) -> MemGraph:
    """People with reporting and influence lines and shared committees, some not active."""
    rng = random.Random(seed)
    g = MemGraph()
    ids = [f"p{i:02d}" for i in range(people)]
    for pid in ids:
        g.add_node(Node(pid, PERSON, pid))
    for c in range(committees):
        g.add_node(Node(f"c{c}", COMMITTEE, f"c{c}"))
    for _ in range(people * 2):
        a, b = rng.sample(ids, 2)
        g.add_edge(Edge(rng.choice((REPORTS_TO, INFLUENCES)), a, b, *_dates(rng)))
    for pid in ids:
        if rng.random() < 0.3:
            g.add_edge(Edge(MEMBER_OF, pid, f"c{rng.randrange(committees)}", *_dates(rng)))
    return g


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), k=st.integers(1, 3), few=st.integers(1, 6))
def test_walking_from_the_far_side_or_from_the_candidates_gives_the_same_paths(
    seed: int, k: int, few: int
) -> None:
    """A scan walks from everyone with access to B; a staffing check walks out of each
    candidate. Both must report the same (hops, path) for every person, or the two commands
    would contradict each other."""
    g = _people_graph(seed)
    rng = random.Random(seed + 1)
    everyone = sorted(n.id for n in g.nodes_of_type(PERSON))
    acc_b: dict[str, tuple[str, ...]] = {q: (q, "B") for q in rng.sample(everyone, 12)}
    people = rng.sample([p for p in everyone if p not in acc_b], few)
    finders = EmbeddedFinders(g)
    fw = Firewall("A", "B", 0, "")
    (side,) = finders.hop_walks({"B": acc_b}, k, T_RANDOM, HOPS).values()
    scan_way = list(from_side(fw, ("A", "B"), people, acc_b, side))
    walks = finders.hop_walks({p: [p] for p in people}, k, T_RANDOM, HOPS)
    staffing_way = list(from_people(fw, ("A", "B"), people, acc_b, walks))
    assert [(f.person, f.path, f.details) for f in scan_way] == [
        (f.person, f.path, f.details) for f in staffing_way
    ]
