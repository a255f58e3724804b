"""The engine's shortcuts give the same answers as the plain walks they replace.

Rule behaviour is tested rule by rule elsewhere (test_firewall, test_exposure...); these tests
pin down the equivalences the speed-ups rely on, on random graphs.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.embedded.memgraph import MemGraph
from graphmodel.model import Edge, Node
from queries.engine import (
    _Companies,
    _hop_distances,
    _hop_path,
    _HopNeighbourhood,
)

T = "2026-06-01"


def _dates(rng: random.Random) -> tuple[str, str]:
    """Mostly open, sometimes ended before T or starting after it."""
    r = rng.random()
    if r < 0.15:
        return "", "2026-01-31"
    if r < 0.25:
        return "2026-09-01", ""
    return "", ""


def _people_graph(seed: int, people: int = 40, committees: int = 5) -> MemGraph:
    """People with reporting and influence lines and shared committees, some not active on T."""
    rng = random.Random(seed)
    g = MemGraph()
    ids = [f"p{i:02d}" for i in range(people)]
    for pid in ids:
        g.add_node(Node(pid, "Person", pid))
    for c in range(committees):
        g.add_node(Node(f"c{c}", "Committee", f"c{c}"))
    for _ in range(people * 2):
        a, b = rng.sample(ids, 2)
        g.add_edge(Edge(rng.choice(("REPORTS_TO", "INFLUENCES")), a, b, *_dates(rng)))
    for pid in ids:
        if rng.random() < 0.3:
            g.add_edge(Edge("MEMBER_OF", pid, f"c{rng.randrange(committees)}", *_dates(rng)))
    return g


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), k=st.integers(1, 3), few=st.integers(1, 6))
def test_hop_distances_from_the_people_side_match_the_sources_side(
    seed: int, k: int, few: int
) -> None:
    g = _people_graph(seed)
    rng = random.Random(seed + 1)
    everyone = sorted(n.id for n in g.nodes_of_type("Person"))
    sources = rng.sample(everyone, 12)
    people = rng.sample([p for p in everyone if p not in sources], few)
    full = _hop_distances(g, sources, T, k)
    near = _HopNeighbourhood(g, people, T, k).distances(sources)
    for p in people:
        assert (p in full) == (p in near), p
        if p in full:
            assert near[p] == full[p]
            assert _hop_path(g, p, near, T) == _hop_path(g, p, full, T)


def test_company_groups_follow_active_subsidiary_links_either_way() -> None:
    g = MemGraph()
    for c in ("parent", "child", "grandchild", "sold", "rival", "loner"):
        g.add_node(Node(c, "Company", c))
    g.add_edge(Edge("SUBSIDIARY_OF", "child", "parent"))
    g.add_edge(Edge("SUBSIDIARY_OF", "grandchild", "child"))
    g.add_edge(Edge("SUBSIDIARY_OF", "sold", "parent", "", "2026-01-31"))
    g.add_edge(Edge("COMPETES_WITH", "rival", "child"))
    companies = _Companies(g, T)
    assert companies.group("grandchild") == {"parent", "child", "grandchild"}
    assert companies.group("parent") is companies.group("child")
    assert companies.group("sold") == {"sold"}
    assert companies.group("loner") == {"loner"}
    assert companies.comp == {"child": ["rival"], "rival": ["child"]}
