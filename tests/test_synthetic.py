"""The synthetic portfolio generator: deterministic, well-formed, and realistic enough that
benchmarks on it exercise every rule."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from fixtures.synthetic import (
    ANCHOR,
    EDGE_HEADER,
    NODE_HEADER,
    context,
    generate,
    generate_records,
    main,
    recipe,
)
from fixtures.synthetic.agreements import agreements
from graphmodel.batch import plan_import
from graphmodel.embedded.finders import EmbeddedFinders
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.model import parse_date
from graphmodel.schema import SCHEMA
from loaders import read_files
from queries.rules import scan

Portfolio = tuple[dict[str, Path | int], list[dict[str, str]], list[dict[str, str]]]


def _path(value: Path | int) -> Path:
    assert isinstance(value, Path)
    return value


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    """A 1,000-person portfolio on disk: (result of generate, node rows, edge rows)."""
    result = generate(1000, tmp_path_factory.mktemp("synth"))
    return result, _rows(_path(result["nodes_csv"])), _rows(_path(result["edges_csv"]))


def test_same_seed_and_size_give_the_same_bytes(tmp_path: Path) -> None:
    a = generate(300, tmp_path / "a", seed=11)
    b = generate(300, tmp_path / "b", seed=11)
    for key in ("nodes_csv", "edges_csv"):
        assert _path(a[key]).read_bytes() == _path(b[key]).read_bytes()
    assert a["edges"] == b["edges"]


RECORDED_BEFORE_AGREEMENTS = {
    (1000, 7): (
        "4e46398051a9510e9609ec5e062641096d8cd512da35f40566580f3cd2e78bbc",
        "87afa97510d1ff7713898537f366b9e0995d1fd1450f8b76647ed1388b04e6fd",
    ),
    (400, 11): (
        "4a81a8416c37ec00b2a8a7e68fd434d8678102448883092a78538fb9ba3d0488",
        "49a496df2f76889d2d9015b7bf00d402eabedc2819c1365e784f754d57d2c8ba",
    ),
    (30, 1): (  # small enough for the fallback firewall and the deliberate move
        "1de0e5353eab27cbf120501d6bc31b3fbb15d1c9d16666b48ee377b2d1eddca9",
        "89acf5346ec3909b1f1c482b8593c2b7276ef5775a1cbf7c3cf149a0dc830136",
    ),
}
"""(people, seed) -> sha256 of nodes.csv and edges.csv (as of ANCHOR), as written before the
agreements section was appended (with the nodes header ``id,type,name,area``): the rows of
commit f94bf8d, then the open seats, the changes of the next 90 days and the decisions
(issue 9)."""

RECORDED = {
    (1000, 7): (
        "cf2cdc677af05ba6cc60da1ce3b02f9c64f4f286d9f79402acd2a00964569984",
        "a4e3ab7bc63dc614d278d6188e32c4d1ad86036a9bbdc695675273557e513969",
    ),
    (400, 11): (
        "5dd6b24cea6f13075e69c02093239949e47b0eabb3b3854a275b5e2a32813c53",
        "b54c6d0d95189bbca9ce5e970b4a99d99c5f12690a12c923aec851374c5caed8",
    ),
    (30, 1): (
        "f687dc8ac04b790e51f750ac4ae94656a660ec5ae459a0a0f7d33bf7543f1b7d",
        "f33b79ecc746c1bfd741d61695f88b1c8071d93c48e5e3d7cfddba27a9a1c700",
    ),
}
"""(people, seed) -> sha256 of nodes.csv and edges.csv (as of ANCHOR), with every section."""


@pytest.mark.parametrize(("people", "seed"), sorted(RECORDED))
def test_the_recipe_writes_the_recorded_bytes(people: int, seed: int, tmp_path: Path) -> None:
    """Benchmark figures are compared across runs on portfolios of the same seed and size, so
    a change to the recipe must be deliberate. If it is, record the new hashes here and say in
    docs/benchmarks.md that earlier figures were measured on other portfolios."""
    result = generate(people, tmp_path, seed=seed)
    written = tuple(
        hashlib.sha256(_path(result[key]).read_bytes()).hexdigest()
        for key in ("nodes_csv", "edges_csv")
    )
    assert written == RECORDED[people, seed]


@pytest.mark.parametrize(("people", "seed"), sorted(RECORDED_BEFORE_AGREEMENTS))
def test_without_the_agreements_section_the_rows_are_as_recorded_before_it(
    people: int, seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The agreements section was appended: every row before it kept its bytes (only the
    nodes header gained ``due,done``, which the other rows leave out)."""
    monkeypatch.setattr(recipe, "SECTIONS", [s for s in recipe.SECTIONS if s is not agreements])
    result = generate(people, tmp_path, seed=seed)
    nodes = _path(result["nodes_csv"]).read_bytes()
    header, body = nodes.split(b"\n", 1)
    assert header == b"id,type,name,area,due,done"
    written = (
        hashlib.sha256(b"id,type,name,area\n" + body).hexdigest(),
        hashlib.sha256(_path(result["edges_csv"]).read_bytes()).hexdigest(),
    )
    assert written == RECORDED_BEFORE_AGREEMENTS[people, seed]


def test_a_section_appended_last_changes_no_earlier_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes adding a section cheap: the portfolio so far keeps its bytes."""
    before = generate(300, tmp_path / "before", seed=5)

    def audit(p: context.Portfolio) -> None:
        for i in range(0, p.people, 50):
            c = p.committees[p.randrange(len(p.committees))]
            p.edge(p.pids[i], c, "MEMBER_OF", p.day(-p.randrange(1, 90)), "", role="observer")

    monkeypatch.setattr(recipe, "SECTIONS", [*recipe.SECTIONS, audit])
    after = generate(300, tmp_path / "after", seed=5)
    old = _path(before["edges_csv"]).read_text(encoding="utf-8")
    new = _path(after["edges_csv"]).read_text(encoding="utf-8")
    assert new.startswith(old) and new.count("\n") == old.count("\n") + 6
    assert _path(after["nodes_csv"]).read_bytes() == _path(before["nodes_csv"]).read_bytes()


def test_another_seed_gives_another_portfolio(tmp_path: Path) -> None:
    a = generate(300, tmp_path / "a", seed=11)
    b = generate(300, tmp_path / "b", seed=12)
    assert _path(a["edges_csv"]).read_bytes() != _path(b["edges_csv"]).read_bytes()


def test_about_ten_edges_per_person_and_sizes_scale(portfolio: Portfolio) -> None:
    result, _, edges = portfolio
    assert result["Person"] == 1000
    edges_total = result["edges"]
    assert isinstance(edges_total, int) and 8.5 <= edges_total / 1000 <= 11.5
    assert result["Company"] == 10 and result["Alliance"] == 10 and result["Program"] == 25
    # a JSC and a JDC per alliance, and a committee with an open seat in one alliance in four
    assert result["Committee"] == 2 * result["Alliance"] + -(-result["Alliance"] // 4)
    member_share = len({e["source"] for e in edges if e["type"] == "MEMBER_OF"}) / 1000
    assert 0.03 <= member_share <= 0.08


def test_counts_returned_match_the_files(portfolio: Portfolio) -> None:
    result, nodes, edges = portfolio
    assert result["nodes"] == len(nodes) and result["edges"] == len(edges)
    assert Counter(n["type"] for n in nodes) == {
        t: result[t] for t in SCHEMA.node_types if t in result
    }
    assert Counter(e["type"] for e in edges) == {
        t: result[t] for t in SCHEMA.edge_types if t in result
    }


def test_headers_are_the_generic_format(portfolio: Portfolio) -> None:
    result, _, _ = portfolio
    with _path(result["nodes_csv"]).open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == NODE_HEADER
    with _path(result["edges_csv"]).open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == EDGE_HEADER
    assert NODE_HEADER[:3] == ["id", "type", "name"]
    assert EDGE_HEADER[:5] == ["source", "target", "type", "since", "until"]


def test_every_node_and_edge_type_of_the_schema_appears(portfolio: Portfolio) -> None:
    _, nodes, edges = portfolio
    assert {n["type"] for n in nodes} == set(SCHEMA.node_types)
    assert {e["type"] for e in edges} == set(SCHEMA.edge_types)


def test_every_edge_joins_existing_nodes_of_allowed_types(portfolio: Portfolio) -> None:
    _, nodes, edges = portfolio
    type_of = {n["id"]: n["type"] for n in nodes}
    assert len(type_of) == len(nodes), "node ids must be unique"
    for e in edges:
        spec = SCHEMA.edge_types[e["type"]]
        assert type_of[e["source"]] in spec.sources, e
        assert type_of[e["target"]] in spec.targets, e
        assert e["source"] != e["target"], e


def test_dates_are_iso_and_intervals_not_reversed(portfolio: Portfolio) -> None:
    _, _, edges = portfolio
    ended = future = 0
    for e in edges:
        for col in ("since", "until"):
            if e[col]:
                assert parse_date(e[col]) == e[col], e
        if e["since"] and e["until"]:
            assert e["since"] <= e["until"], e
        ended += bool(e["until"]) and e["until"] < ANCHOR
        future += bool(e["since"]) and e["since"] > ANCHOR
    assert ended > 100 and future > 10, "time windows should matter: some ended, some planned"


def test_declared_properties_are_valid(portfolio: Portfolio) -> None:
    _, _, edges = portfolio
    for e in edges:
        if e["type"] == "INFLUENCES":
            assert 0 < float(e["weight"]) <= 1
        if e["type"] == "MEMBER_OF":
            assert e["role"] in {"chair", "member", "alternate", "observer"}
        if e["type"] == "HOLDS_INTEREST_IN":
            assert e["kind"] in {"equity", "board", "advisor", "consultant", "family"}
        if e["type"] == "FIREWALL" and e["cooling_off_days"]:
            assert int(e["cooling_off_days"]) > 0
        if e["type"] == "RESTRICTS":
            assert e["kind"] in {"exclusive", "non_compete"}


def test_agreements_targets_and_obligations_scale_with_the_alliances(
    portfolio: Portfolio,
) -> None:
    result, nodes, _ = portfolio
    count = {k: v for k, v in result.items() if isinstance(v, int)}
    assert count["Agreement"] == count["Alliance"] + max(1, count["Alliance"] // 5)
    assert count["Obligation"] == 2 * count["Agreement"]
    assert count["COVERS"] >= count["Alliance"] and count["UNDER"] == count["Obligation"]
    for n in nodes:
        if n["type"] == "Obligation":
            assert parse_date(n["due"]) == n["due"]
            assert not n["done"] or (parse_date(n["done"]) == n["done"] and n["done"] <= ANCHOR)
        else:
            assert not n.get("due") and not n.get("done")


def test_records_are_what_the_csv_loader_reads(tmp_path: Path) -> None:
    """Benchmarks may skip the CSV step: generate_records gives what importing the CSV files
    into an empty store writes (schema defaults included: the plan gives them to new edges)."""
    result = generate(400, tmp_path, seed=3)
    batch = read_files([_path(result["nodes_csv"]), _path(result["edges_csv"])])
    plan = plan_import(batch, lambda ids: {}, lambda keys: {})
    nodes, edges = generate_records(400, seed=3)
    assert {n.id: n for n in nodes} == {n.id: n for n in plan.nodes_added}
    assert {e.key: e for e in edges} == {e.key: e for e in plan.edges_added}
    assert len(edges) == len(batch.edges), "no edge is written twice"


@pytest.mark.parametrize(("people", "seed"), [(30, 1), (300, 7), (2000, 7)])
def test_every_rule_fires(people: int, seed: int) -> None:
    nodes, edges = generate_records(people, seed=seed)
    g = MemGraph()
    g.load(nodes, edges)
    kinds = Counter(f.kind for f in scan.findings(EmbeddedFinders(g), ANCHOR, 2))
    assert set(kinds) == {
        "firewall_breach",
        "cooling_off",
        "indirect_exposure",
        "conflict_of_interest",
        "contract_conflict",
        "missing_firewall",
    }
    if people >= 2000:  # rare, as in a real portfolio, but not one-offs
        assert kinds["firewall_breach"] >= 2 and kinds["cooling_off"] >= 5
        assert kinds["firewall_breach"] + kinds["cooling_off"] < people / 20


def test_too_small_a_portfolio_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 20"):
        generate(5, tmp_path)


def test_command_line_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--people", "60", "--out", str(tmp_path), "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "nodes and" in out and "WORKS_ON" in out
    assert (tmp_path / "nodes.csv").exists() and (tmp_path / "edges.csv").exists()


@pytest.mark.parametrize("argv", [["--people", "5", "--out", "x"], ["--people", "50"]])
def test_command_line_refuses_bad_usage(argv: list[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_decisions_open_seats_and_changes_ahead_are_made(tmp_path: Path) -> None:
    """Issue 9's sections: about one decision per 100 people (some expired), committees with an
    open seat, and edges that start within the next 90 days, all accepted by the importer."""
    from graphmodel.embedded import EmbeddedStore
    from graphmodel.model import add_days
    from loaders import read_files

    result = generate(4000, tmp_path, seed=7)
    rows = _path(result["decisions_csv"]).read_text(encoding="utf-8").splitlines()[1:]
    assert 25 <= len(rows) <= 80 and result["decisions"] == len(rows)
    untils = [r.split(",")[-1] for r in rows]
    assert any(u and u < ANCHOR for u in untils) and any(u > ANCHOR for u in untils)
    edges = _path(result["edges_csv"]).read_text(encoding="utf-8").splitlines()
    soon = [e for e in edges[1:] if ANCHOR < e.split(",")[3] <= add_days(ANCHOR, 90)]
    assert any(",FIREWALL," in e for e in soon) and any(",WORKS_ON," in e for e in soon)
    with EmbeddedStore(tmp_path / "db.sqlite") as store:
        paths = [_path(result[k]) for k in ("nodes_csv", "edges_csv", "decisions_csv")]
        plan = store.apply(read_files(paths))
    assert len(plan.decisions_added) == len(rows)
