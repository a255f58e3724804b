"""Influence across the portfolio, with why, and its brokers (queries.influence), on both
stores; the brokers' estimate against exact betweenness (networkx) where sampling is exact."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from portfolio import T, build, row

from graphmodel.model import Edge
from graphmodel.store import GraphStore
from queries.influence import brokers, portfolio_influence


def test_ranking_says_why_and_the_bridge_is_the_broker(store: GraphStore, tmp_path: Path) -> None:
    # Two teams that only meet through Hal: Dana and Eli report to Fay, Gus and Ivy to Hal,
    # and Hal reports to Fay.
    build(
        store,
        tmp_path,
        row("dana", "fay", "REPORTS_TO")
        + row("eli", "fay", "REPORTS_TO")
        + row("gus", "hal", "REPORTS_TO")
        + row("ivy", "hal", "REPORTS_TO")
        + row("hal", "fay", "REPORTS_TO")
        + row("fay", "c1", "MEMBER_OF", role="chair")
        + row("dana", "ivy", "INFLUENCES", weight="0.4")
        + row("eli", "gus", "REPORTS_TO", until="2020-01-01"),
    )
    ranked, found = portfolio_influence(store, T, limit=10)
    assert ranked[0].person == "fay" and ranked[0].score == 1.0
    assert (ranked[0].reports, ranked[0].seats, ranked[0].chairs) == (3, 1, 1)
    dana = next(r for r in ranked if r.person == "dana")
    assert (dana.influences, dana.influenced_by) == (1, 0)
    assert [b.person for b in found][:2] == ["fay", "hal"]
    assert all(0 < b.betweenness <= 1 for b in found)


def test_brokers_match_exact_betweenness_when_every_person_is_a_source() -> None:
    rng = random.Random(3)
    people = [f"p{i}" for i in range(60)]
    edges = [Edge("REPORTS_TO", p, people[rng.randrange(i)]) for i, p in enumerate(people) if i]
    edges += [Edge("INFLUENCES", rng.choice(people), rng.choice(people)) for _ in range(40)]
    g = nx.Graph((e.source, e.target) for e in edges if e.source != e.target)
    exact = nx.betweenness_centrality(g, normalized=True)
    found = brokers(edges, limit=60)
    assert found, "no broker"
    for b in found:
        assert b.betweenness == pytest.approx(exact[b.person], rel=1e-9)
    best = max(exact, key=lambda p: (exact[p], p))
    assert found[0].person == best


def test_sampled_brokers_find_the_bridge_between_two_large_groups() -> None:
    """With fewer samples than people the estimate is approximate: the same five people come
    out on top (the bridge and the heads of the two groups) and each estimate is within 10%."""
    left = [Edge("REPORTS_TO", f"l{i}", f"l{i // 3}") for i in range(1, 400)]
    right = [Edge("REPORTS_TO", f"r{i}", f"r{i // 3}") for i in range(1, 400)]
    bridge = [Edge("INFLUENCES", "l0", "x"), Edge("INFLUENCES", "x", "r0")]
    edges = left + right + bridge
    found = brokers(edges, limit=5, samples=64)
    exact = nx.betweenness_centrality(nx.Graph((e.source, e.target) for e in edges))
    best = sorted(exact, key=lambda p: (-exact[p], p))[:5]
    assert {b.person for b in found} == set(best) and "x" in best
    for b in found:
        assert b.betweenness == pytest.approx(exact[b.person], rel=0.1)
