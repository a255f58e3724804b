"""``allymap import``: what an alliance manager sees, and the exit codes scripts rely on."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from allymap.cli import app
from graphmodel.embedded import EmbeddedStore
from graphmodel.schema import SCHEMA

NODES = "id,type,name\nmeri,Company,Meridian\nann,Person,Ann Lee\n"
EDGES = "source,target,type,since,until,title\nann,meri,EMPLOYED_BY,2020-01-01,,CSO\n"

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.sqlite"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_import_then_again_changes_nothing(csv_files, db) -> None:
    files = csv_files({"nodes.csv": NODES, "edges.csv": EDGES})
    first = run("import", *files, "--db", db)
    assert first.exit_code == 0, first.output
    assert "nodes.csv as nodes: 2 node(s)" in first.stdout
    assert "Nodes: 2 added" in first.stdout and "Relationships: 1 added" in first.stdout
    second = run("import", *files, "--db", db, "--format", "json")
    assert second.exit_code == 0
    summary = json.loads(second.stdout)
    assert summary["stored"] is False
    assert summary["counts"] == {
        "nodes_added": 0,
        "nodes_changed": 0,
        "nodes_unchanged": 2,
        "edges_added": 0,
        "edges_changed": 0,
        "edges_unchanged": 1,
    }
    assert [f["format"] for f in summary["files"]] == ["nodes", "edges"]


def test_dry_run_shows_a_sample_and_stores_nothing(csv_files, db) -> None:
    result = run("import", *csv_files({"nodes.csv": NODES}), "--db", db, "--dry-run")
    assert result.exit_code == 0
    assert "Dry run: nothing was stored." in result.stdout
    assert "Person ann (Ann Lee)" in result.stdout
    with EmbeddedStore(db) as s:
        assert s.all_records() == ([], [])


def test_refused_import_exits_2_with_the_report_on_stderr(csv_files, db) -> None:
    bad = EDGES + "ann,meri,EMPLOYED_BY,2020-13-01,,\n"
    result = run("import", *csv_files({"nodes.csv": NODES, "edges.csv": bad}), "--db", db)
    assert result.exit_code == 2
    assert "edges.csv:\n  dates (1):\n    row 3, column 'since': '2020-13-01'" in result.stderr
    assert result.stdout == ""
    with EmbeddedStore(db) as s:
        assert s.all_records() == ([], [])


def test_refused_import_as_json(csv_files, db) -> None:
    result = run("import", *csv_files({"edges.csv": EDGES}), "--db", db, "--format", "json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    assert {(p["file"], p["row"], p["column"]) for p in problems} == {
        ("edges.csv", 2, "source"),
        ("edges.csv", 2, "target"),
    }


def test_missing_file_exits_2(tmp_path, db) -> None:
    result = run("import", tmp_path / "nope.csv", "--db", db)
    assert result.exit_code == 2
    assert "nope.csv: no such file" in result.stderr
    assert not db.exists()


def test_usage_errors_exit_2(db) -> None:
    assert run("import", "--db", db).exit_code == 2
    assert run("import", "x.csv", "--format", "xml").exit_code == 2


def test_db_from_environment(csv_files, tmp_path, monkeypatch) -> None:
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv("ALLYMAP_DB", str(target))
    assert run("import", *csv_files({"nodes.csv": NODES})).exit_code == 0
    with EmbeddedStore(target) as s:
        assert s.stats()["Company"] == 1


def test_neo4j_store_missing_from_the_build_is_a_clear_error(csv_files, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "graphmodel.neo4j", None)  # as if not installed
    result = run("import", *csv_files({"nodes.csv": NODES}), "--neo4j", "bolt://127.0.0.1:1")
    assert result.exit_code == 2
    assert "Neo4j store is not available" in result.stderr


def test_help_lists_the_schema_types() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in (*SCHEMA.node_types, *SCHEMA.edge_types, *SCHEMA.aliases):
        assert name in result.stdout


def test_big_import_shows_progress_on_stderr(csv_files, db) -> None:
    people = "id,type,name\n" + "".join(f"p{i},Person,Person {i}\n" for i in range(6000))
    result = run("import", *csv_files({"people.csv": people}), "--db", db)
    assert result.exit_code == 0
    assert "Writing" in result.stderr and "6000/6000" in result.stderr
    assert "Writing" not in result.stdout  # stdout stays parseable
