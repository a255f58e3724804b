"""Audit log tampering: an entry edited, deleted, reordered or inserted behind allymap's back,
on both stores, is found by ``allymap audit --verify`` (exit 1, naming the first broken entry
by number, time and user; 0 on an intact trail); and hostile user names in the trail come out
of ``allymap audit`` formula-safe (CSV) and terminal-safe (no control character)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from adversarial.clikit import EDGES, NODES
from adversarial.corpus import Case, cases
from allymap.cli import app
from allymap.downloads import is_formula_like
from graphmodel.embedded import EmbeddedStore
from graphmodel.store import GraphStore
from loaders import read_files

pytestmark = pytest.mark.adversarial("audit log tampering")

SQL = {
    "user": "UPDATE audit SET user = 'mallory' WHERE seq = 2",
    "detail": 'UPDATE audit SET detail = \'{"page": "import"}\' WHERE seq = 2',
    "at": "UPDATE audit SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 2",
    "action": "UPDATE audit SET action = 'download' WHERE seq = 2",
    "hash": "UPDATE audit SET hash = prev WHERE seq = 2",
    "delete-2": "DELETE FROM audit WHERE seq = 2",
    "delete-1": "DELETE FROM audit WHERE seq = 1",
    "delete-last": "DELETE FROM audit WHERE seq = 3",
    "delete-all": "DELETE FROM audit",
    "renumber": "UPDATE audit SET seq = seq + 10 WHERE seq = 3",
    "head": "DELETE FROM meta WHERE key = 'audit_head'",
    "detail-garbage": "UPDATE audit SET detail = 'not json' WHERE seq = 2",
}
CYPHER = {
    "user": "MATCH (e:AllymapAudit {seq: 2}) SET e.user = 'mallory'",
    "detail": 'MATCH (e:AllymapAudit {seq: 2}) SET e.detail = \'{"page": "import"}\'',
    "at": "MATCH (e:AllymapAudit {seq: 2}) SET e.at = '2020-01-01T00:00:00.000000Z'",
    "action": "MATCH (e:AllymapAudit {seq: 2}) SET e.action = 'download'",
    "hash": "MATCH (e:AllymapAudit {seq: 2}) SET e.hash = e.prev",
    "delete-2": "MATCH (e:AllymapAudit {seq: 2}) DELETE e",
    "delete-1": "MATCH (e:AllymapAudit {seq: 1}) DELETE e",
    "delete-last": "MATCH (e:AllymapAudit {seq: 3}) DELETE e",
    "delete-all": "MATCH (e:AllymapAudit) DELETE e",
    "renumber": "MATCH (e:AllymapAudit {seq: 3}) SET e.seq = 13",
    "head": "MATCH (h:AllymapAuditHead) DELETE h",
    "detail-garbage": "MATCH (e:AllymapAudit {seq: 2}) SET e.detail = 'not json'",
}
CASES = [
    Case("edited-user", "exit 1 naming entry 2 (contents changed)", how="user", seq=2),
    Case("edited-detail", "exit 1 naming entry 2 (contents changed)", how="detail", seq=2),
    Case("edited-time", "exit 1 naming entry 2 (contents changed)", how="at", seq=2),
    Case("edited-action", "exit 1 naming entry 2 (contents changed)", how="action", seq=2),
    Case("edited-hash", "exit 1 naming entry 2 (its hash does not match)", how="hash", seq=2),
    Case("garbled-detail", "exit 1 naming entry 2", how="detail-garbage", seq=2),
    Case("deleted-middle", "exit 1: entry 2 is missing", how="delete-2", seq=3),
    Case("deleted-first", "exit 1: entry 1 is missing", how="delete-1", seq=2),
    Case("deleted-last", "exit 1: entry 3 missing (the head says 3)", how="delete-last", seq=3),
    Case("deleted-all", "exit 1: all entries missing", how="delete-all", seq=3),
    Case("renumbered", "exit 1: entry 3 missing", how="renumber", seq=13),
    Case("head-removed", "exit 1: no recorded head", how="head", seq=3),
]
HOSTILE_USERS = [
    Case("formula-user", "CSV cell starts with an apostrophe", user='=HYPERLINK("http://x","y")'),
    Case("at-user", "CSV cell starts with an apostrophe", user="@SUM(1+1)*cmd|' /C calc'!A0"),
    Case("escape-user", "no ESC or CSI reaches the terminal", user="\x1b]0;owned\x07\x1b[2Jeve"),
    Case("c1-user", "no C1 control reaches the terminal", user="\x9b31mred"),
    Case("newline-user", "one CSV row, no forged line", user="eve\nseq,at,user\n99,x,admin"),
    Case("bidi-user", "bidi controls escaped", user="\u202eevil\u202c@example.com"),
]


@pytest.fixture
def trail(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, list[str]]]:
    """A store with a graph and three audit entries, and the CLI options that reach it."""
    if isinstance(store, EmbeddedStore):
        options = ["--db", str(store.path)]
    else:
        run(store, "MATCH (n) WHERE n:AllymapAudit OR n:AllymapAuditHead DETACH DELETE n")
        options = ["--neo4j", store.uri]  # type: ignore[attr-defined]
    (tmp_path / "nodes.csv").write_text(NODES, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(EDGES, encoding="utf-8")
    store.apply(read_files([tmp_path / "nodes.csv", tmp_path / "edges.csv"]))
    for i, page in enumerate(["conflicts", "staffing", "import"]):
        store.append_audit(f"user{i}@example.com", "view", {"page": page})
    yield store, options


def run(store: GraphStore, text: str) -> None:
    if isinstance(store, EmbeddedStore):
        import sqlite3

        with sqlite3.connect(store.path) as conn:
            conn.execute(text)
        return
    with store._driver.session(database=store.database) as session:  # type: ignore[attr-defined]
        session.run(text).consume()


def cli(options: list[str], *args: str, neo4j_env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, ["audit", *options, *args], env=neo4j_env)


@pytest.fixture
def env(store: GraphStore, request: pytest.FixtureRequest) -> dict[str, str] | None:
    if isinstance(store, EmbeddedStore):
        return None
    server = request.getfixturevalue("neo4j_server")
    return {"NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password}


def test_an_intact_trail_verifies(
    trail: tuple[GraphStore, list[str]], env: dict[str, str] | None
) -> None:
    result = cli(trail[1], "--verify", neo4j_env=env)
    assert result.exit_code == 0, result.output
    assert "intact (3 entries)" in result.stderr


@pytest.mark.parametrize("case", cases(CASES))
def test_tampering_is_found(
    case: Case, trail: tuple[GraphStore, list[str]], env: dict[str, str] | None
) -> None:
    store, options = trail
    run(store, (SQL if isinstance(store, EmbeddedStore) else CYPHER)[case["how"]])
    result = cli(options, "--verify", neo4j_env=env)
    assert result.exit_code == 1, result.output
    assert f"audit entry {case['seq']} " in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", cases(HOSTILE_USERS))
def test_hostile_user_names_stay_text(
    case: Case, trail: tuple[GraphStore, list[str]], env: dict[str, str] | None
) -> None:
    store, options = trail
    store.append_audit(case["user"], "sign-in", {"role": case["user"]})
    for fmt in ("csv", "json"):
        result = cli(options, "--format", fmt, neo4j_env=env)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert all(ch.isprintable() or ch in "\n\r" for ch in out), repr(out)
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            assert len(rows) == 4  # one row per entry, whatever the name holds
            assert all(not is_formula_like(v) for r in rows for v in r.values() if v), rows
        else:
            assert json.loads(out)["entries"][-1]["user"] == case["user"]  # exactly kept
    assert cli(options, "--verify", neo4j_env=env).exit_code == 0
