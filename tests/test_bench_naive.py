"""The benchmark's naive baselines must give the engine's statuses, or the speed ratio means
nothing: checked on a small synthetic portfolio in which every rule fires."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_core import pick_draws
from bench.naive import NaiveBaseline
from fixtures.synthetic import ANCHOR, generate
from graphmodel.embedded import EmbeddedStore
from loaders import read_files
from queries.staffing import check_staffing


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    folder = tmp_path_factory.mktemp("synthetic")
    generate(400, folder, seed=3)
    store = EmbeddedStore(folder / "store.sqlite")
    store.apply(read_files([Path(folder, "nodes.csv"), Path(folder, "edges.csv")]))
    return store


@pytest.mark.parametrize("split", [False, True], ids=["whole-graph", "split"])
@pytest.mark.parametrize("hops", [0, 1, 2])
def test_baseline_statuses_match_the_engine(
    portfolio: EmbeddedStore, split: bool, hops: int
) -> None:
    graph = portfolio.graph
    nodes = [n for _, n in graph.g.nodes(data="n")]
    baseline = NaiveBaseline(nodes, graph.all_edges(), ANCHOR, split=split)
    seen: set[str] = set()
    for program, team in pick_draws(graph, 25, seed=5):
        engine = check_staffing(portfolio, program, team, ANCHOR, hops)
        expected = {c.person: c.status for c in engine.candidates}
        assert baseline.statuses(program, team, hops) == expected, (program, team)
        seen.update(expected.values())
    assert seen == {"blocked", "review", "clear"} or (hops == 0 and "blocked" in seen)
