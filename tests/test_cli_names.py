"""The CLI speaks names, on both stores: ``allymap search``, names for every id argument, text
output with names and ids in brackets (terminal-safe), ``allymap --version``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from portfolio import T, build, row
from typer.testing import CliRunner

from allymap import __version__
from allymap.cli import app
from graphmodel.embedded import EmbeddedStore
from graphmodel.store import GraphStore

runner = CliRunner()

EXTRA_NODES = "sk,Person,Søren Kierkegård\nzz,Person,Zoë \x1b[8mHidden\n"


def where(store: GraphStore, request: pytest.FixtureRequest) -> list[str]:
    """The CLI options that open ``store``."""
    if isinstance(store, EmbeddedStore):
        return ["--db", str(store.path)]
    server = request.getfixturevalue("neo4j_server")
    mp = request.getfixturevalue("monkeypatch")
    mp.setenv("NEO4J_USER", server.user)
    mp.setenv("NEO4J_PASSWORD", server.password)
    return ["--neo4j", store.uri]  # type: ignore[attr-defined]


@pytest.fixture
def opts(store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    build(
        store,
        tmp_path,
        row("sk", "P1", "WORKS_ON") + row("sk", "P2", "WORKS_ON"),
        extra_nodes=EXTRA_NODES,
    )
    return where(store, request)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"allymap {__version__}"


def test_search_lists_type_name_and_id_accents_ignored(opts: list[str]) -> None:
    result = runner.invoke(app, ["search", "soren", *opts])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Person: Søren Kierkegård [sk]"]
    result = runner.invoke(app, ["search", "KRAS", "--type", "program", *opts, "--format", "json"])
    data = json.loads(result.stdout)
    # both have a word starting with "kras": the closer name (shorter) first
    assert [m["id"] for m in data["matches"]] == ["P1", "P2"]
    assert data["matches"][1] == {"id": "P2", "type": "Program", "name": "ONC-12 KRAS inhibitor"}
    nothing = runner.invoke(app, ["search", "no such thing", *opts])
    assert nothing.exit_code == 0 and "Nothing matches" in nothing.stdout


def test_search_output_is_terminal_safe(opts: list[str]) -> None:
    result = runner.invoke(app, ["search", "zoe", *opts])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\\x1b[8m" in result.stdout


def test_check_staffing_takes_names_and_shows_names_with_ids(opts: list[str]) -> None:
    result = runner.invoke(
        app,
        [
            "check-staffing",
            "--program",
            "onc-7 kras degrader",
            "--people",
            "SOREN KIERKEGARD",
            "--people",
            "dana",
            "--as-of",
            T,
            *opts,
        ],
    )
    assert result.exit_code == 1, result.output  # Søren works on both sides of the firewall
    lines = result.stdout.splitlines()
    assert lines[0] == f"Staffing check for program ONC-7 KRAS degrader [P1] as of {T}:"
    assert "Søren Kierkegård [sk]: blocked" in lines
    assert "Dana Ruiz [dana]: clear" in lines
    assert any("path: Søren Kierkegård [sk] -> ONC-12 KRAS inhibitor [P2]" in x for x in lines)
    as_json = runner.invoke(
        app,
        [
            "check-staffing",
            "--program",
            "ONC-7 KRAS degrader",
            "--people",
            "Søren Kierkegård",
            "--as-of",
            T,
            "--format",
            "json",
            *opts,
        ],
    )
    data = json.loads(as_json.stdout)
    assert data["program"] == "P1" and data["candidates"][0]["person"] == "sk"  # JSON keeps ids


def test_partner_takes_names_and_refuses_us_by_name(opts: list[str]) -> None:
    result = runner.invoke(app, ["partner", "rival bio", "--of", "Meridian Therapeutics", *opts])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Rival Bio [rival] and Meridian Therapeutics [us] as of ")
    alliance = "alliance: Meridian Therapeutics [us] -> Rival KRAS alliance [A2] -> Rival Bio"
    assert alliance in result.stdout
    same = runner.invoke(app, ["partner", "us", "--of", "MERIDIAN THERAPEUTICS", *opts])
    assert same.exit_code == 2 and "not its own partner" in same.stderr
    unknown = runner.invoke(app, ["partner", "Rivl Bio", "--of", "us", *opts])
    assert unknown.exit_code == 2 and "Rival Bio [rival]" in unknown.stderr


@pytest.mark.neo4j
def test_neo4j_search_keys_written_casefolded_are_refolded_on_the_next_import(
    neo4j_server, tmp_path: Path
) -> None:
    """A graph imported before search folded accents: its keys are only casefolded. Search
    still finds the casefolded spelling, and the next import rewrites every key."""
    from graphmodel.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    try:
        store.wipe()
        build(store, tmp_path, extra_nodes=EXTRA_NODES)
        with store._driver.session() as session:
            session.run(
                "MATCH (n:Entity) SET n.`~name` = toLower(n.name) "
                "WITH count(*) AS c MATCH (s:AllymapState) REMOVE s.fold"
            ).consume()
        assert store.search_nodes("soren") == []  # the old key keeps its accents
        assert [n.id for n in store.search_nodes("søren")] == ["sk"]
        build(store, tmp_path / "again", row("dana", "P1", "WORKS_ON"), extra_nodes=EXTRA_NODES)
        assert [n.id for n in store.search_nodes("soren")] == ["sk"]
    finally:
        store.close()
