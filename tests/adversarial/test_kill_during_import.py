"""kill -9 during an embedded import: the database is exactly as it was before (the file's
bytes, every record) and still opens, reads and imports. An import is one SQLite transaction
in WAL mode, so everything it wrote before the kill is in uncommitted WAL frames that the next
open discards. The Neo4j equivalent (the server killed mid-import) is
tests/test_neo4j_fault.py.

The kill lands inside the open write transaction for certain (clikit.HeldImport holds the
import after the batch that reaches a given share of its rows); the last cases kill at
arbitrary moments instead, where the database must be exactly as before or exactly as
after, never in between."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adversarial.clikit import (
    READS,
    HeldImport,
    allymap_cmd,
    csv_pair,
    people_csv,
)
from adversarial.corpus import Case, cases
from allymap.cli import app
from graphmodel.embedded import EmbeddedStore

pytestmark = pytest.mark.adversarial("kill -9 during import")


def _records(db: Path) -> tuple[object, dict[str, int]]:
    with EmbeddedStore(db, create=False) as store:
        return store.all_records(), store.stats()


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    db = tmp_path / "db" / "allymap.sqlite"
    files = csv_pair(tmp_path / "base")
    assert CliRunner().invoke(app, ["import", *map(str, files), "--db", str(db)]).exit_code == 0
    return db


HELD = [
    Case("first-batch", "killed after the first batch: file bytes and records as before", at=0.0),
    Case("half-way", "killed half-way through the rows: as before", at=0.5),
    Case("last-batch", "killed after the last batch, before COMMIT: as before", at=1.0),
]


@pytest.mark.parametrize("case", cases(HELD))
def test_kill_9_inside_the_import_transaction_leaves_the_database_as_before(
    case: Case, portfolio: Path, tmp_path: Path
) -> None:
    before, sha = _records(portfolio), _sha(portfolio)
    files = people_csv(tmp_path / "more", 600)
    held = HeldImport(tmp_path / "hold", *files, "--db", portfolio, at=case["at"], batch=100)
    try:
        progress = held.wait_held()
        assert progress.split("/")[0] != "0"  # rows were written into the transaction
    finally:
        held.kill()
    assert held.proc.returncode == -signal.SIGKILL
    assert _sha(portfolio) == sha, "the database file itself changed"
    assert _integrity(portfolio) == "ok"
    assert _records(portfolio) == before
    for args, code in READS.values():  # it still answers as before
        assert CliRunner().invoke(app, [*args, "--db", str(portfolio)]).exit_code == code
    # and takes the same import afterwards, whole
    result = CliRunner().invoke(app, ["import", *map(str, files), "--db", str(portfolio)])
    assert result.exit_code == 0, result.output
    assert _records(portfolio)[1]["Person"] == before[1]["Person"] + 600


def test_kill_9_during_the_first_import_leaves_no_allymap_data(tmp_path: Path) -> None:
    """No database before; after the kill, still none to answer from (readers exit 2), and
    the next import creates it whole."""
    db = tmp_path / "new" / "allymap.sqlite"
    files = [*csv_pair(tmp_path / "base"), *people_csv(tmp_path / "more", 600)]
    held = HeldImport(tmp_path / "hold", *files, "--db", db, at=0.5, batch=100)
    try:
        held.wait_held()
    finally:
        held.kill()
    for args, _ in READS.values():
        result = CliRunner().invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 2, result.output
        assert "nothing has been imported" in result.stderr or "no allymap" in result.stderr
    with EmbeddedStore(db) as store:
        assert store.all_records() == ([], [])
    result = CliRunner().invoke(app, ["import", *map(str, files), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert _records(db)[1]["Person"] == 2 + 600
    assert _integrity(db) == "ok"


MOMENTS = [
    Case("store-opened", "killed as soon as the import opened the database", wal=0, delay=0.0),
    Case("planning", "killed 0.3 s after it opened the database", wal=0, delay=0.3),
    Case("writing", "killed 1 s after it opened the database", wal=0, delay=1.0),
    Case("writing-late", "killed 2 s after it opened the database", wal=0, delay=2.0),
    Case("commit-begins", "killed when the commit's first WAL bytes appear", wal=1, delay=0.0),
    Case("mid-commit", "killed with half the commit's WAL frames written", wal=600_000, delay=0.0),
]


@pytest.mark.parametrize("case", cases(MOMENTS))
def test_kill_9_at_any_moment_leaves_before_or_after_never_between(
    case: Case, portfolio: Path, tmp_path: Path
) -> None:
    """Killed at an arbitrary moment of a real, unheld import of 40,000 rows: the database is
    exactly the one before or the one after. The import keeps its pages in memory until
    COMMIT, which writes them to the WAL in one go; the last cases aim at that write by
    watching the WAL grow."""
    import subprocess

    files = people_csv(tmp_path / "more", 20000)
    before = _records(portfolio)
    wal = Path(f"{portfolio}-wal")
    proc = subprocess.Popen(
        allymap_cmd("import", *files, "--db", portfolio),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= case["wal"]:
            time.sleep(case["delay"])
            break
        time.sleep(0.001)
    proc.kill()
    proc.wait(timeout=60)
    assert _integrity(portfolio) == "ok"
    after = _records(portfolio)
    stats, old = after[1], before[1]
    whole = (
        stats["Person"] == old["Person"] + 20000
        and stats["EMPLOYED_BY"] == old["EMPLOYED_BY"] + 20000
    )
    if proc.returncode == 0:  # it had finished
        assert whole
    else:
        assert after == before or whole, "part of an import was stored"
    assert CliRunner().invoke(app, ["conflicts", "--db", str(portfolio)]).exit_code == 1
