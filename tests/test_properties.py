"""Property tests: answers depend on the graph, not on how the files were written.

- Shuffling the rows (and the order of files) of an import changes no answer.
- Adding nodes and relationships that touch nothing firewalled or allied changes no finding.

A small synthetic portfolio (fixtures.synthetic) gives every rule something to find; hypothesis
chooses the permutations and the unrelated additions.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.synthetic import generate
from graphmodel.embedded import EmbeddedStore
from loaders import read_files
from queries.conflicts import scan
from queries.partner import NotAPartner, partner_view
from queries.staffing import check_staffing

T = "2026-11-22"
PEOPLE = 150


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    out = tmp_path_factory.mktemp("synthetic")
    generate(PEOPLE, out, seed=7)
    nodes = (out / "nodes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    edges = (out / "edges.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    return nodes, edges


def answers(nodes: list[str], edges: list[str], edges_first: bool = False) -> dict:
    """Import the rows into a fresh store and collect every answer allymap gives."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "n.csv").write_text("".join(nodes), encoding="utf-8")
        (folder / "e.csv").write_text("".join(edges), encoding="utf-8")
        files = (
            [folder / "e.csv", folder / "n.csv"]
            if edges_first
            else [folder / "n.csv", folder / "e.csv"]
        )
        store = EmbeddedStore(folder / "db.sqlite")
        try:
            store.apply(read_files(files))
            programs = sorted(n.id for n in store.search_nodes("", ["Program"], limit=10_000))
            people = sorted(n.id for n in store.search_nodes("", ["Person"], limit=10_000))
            companies = sorted(n.id for n in store.search_nodes("", ["Company"], limit=10_000))
            result = {
                "scan": scan(store, T, hops=2).to_json(),
                "staffing": [
                    check_staffing(store, p, people[i * 7 : i * 7 + 7], T).to_json()
                    for i, p in enumerate(programs[:4])
                ],
                "partner": [_partner(store, z, companies[0]) for z in companies[1:6]],
            }
        finally:
            store.close()
    return json.loads(json.dumps(result, sort_keys=True))


def _partner(store: EmbeddedStore, z: str, us: str) -> dict[str, object]:
    """The partner view, or the refusal's words for a company of our own group (both are
    answers that must not depend on row order)."""
    try:
        return partner_view(store, z, us, T).to_json()
    except NotAPartner as refused:
        return {"refused": str(refused)}


@pytest.fixture(scope="module")
def baseline(portfolio: tuple[list[str], list[str]]) -> dict:
    nodes, edges = portfolio
    result = answers(nodes, edges)
    kinds = {f["kind"] for f in result["scan"]["findings"]}
    assert kinds == {
        "firewall_breach",
        "cooling_off",
        "indirect_exposure",
        "conflict_of_interest",
        "contract_conflict",
        "missing_firewall",
    }
    return result


SETTINGS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), edges_first=st.booleans())
def test_row_order_does_not_change_answers(
    portfolio, baseline, seed: int, edges_first: bool
) -> None:
    nodes, edges = portfolio
    rng = random.Random(seed)
    node_rows, edge_rows = nodes[1:], edges[1:]
    rng.shuffle(node_rows)
    rng.shuffle(edge_rows)
    assert answers([nodes[0], *node_rows], [edges[0], *edge_rows], edges_first) == baseline


def _unrelated(draw_ids: list[int], header: str) -> tuple[list[str], list[str]]:
    """Rows for a new company with staff, a manager chain, influence among themselves, and a
    program of its own with no alliance and no firewall."""
    columns = next(csv.reader([header]))
    nodes, edges = [], []

    def edge_row(**values: str) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([values.get(c, "") for c in columns])
        return buf.getvalue()

    nodes.append("zz-co,Company,Unrelated Labs\n")
    nodes.append("zz-prog,Program,Unrelated program\n")
    for i in draw_ids:
        nodes.append(f"zz-p{i},Person,Outsider {i}\n")
        edges.append(edge_row(source=f"zz-p{i}", target="zz-co", type="EMPLOYED_BY"))
        edges.append(edge_row(source=f"zz-p{i}", target="zz-prog", type="WORKS_ON"))
    for a, b in itertools.pairwise(draw_ids):
        edges.append(edge_row(source=f"zz-p{a}", target=f"zz-p{b}", type="REPORTS_TO"))
        edges.append(
            edge_row(source=f"zz-p{b}", target=f"zz-p{a}", type="INFLUENCES", weight="0.4")
        )
    return nodes, edges


@SETTINGS
@given(ids=st.lists(st.integers(0, 10_000), min_size=1, max_size=12, unique=True))
def test_unrelated_additions_do_not_change_findings(portfolio, baseline, ids: list[int]) -> None:
    nodes, edges = portfolio
    more_nodes, more_edges = _unrelated(ids, edges[0])
    result = answers(nodes + more_nodes, edges + more_edges)
    assert result["scan"] == baseline["scan"]
    assert result["staffing"] == baseline["staffing"]
