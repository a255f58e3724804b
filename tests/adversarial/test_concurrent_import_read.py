"""Concurrent import and read: while an import holds its write transaction open, every reader
(the CLI's read commands in other processes, another store object in this process, the app's
long-lived store) answers promptly from the last commit, and sees the import once it commits.
Before, every open ran BEGIN IMMEDIATE, so `conflicts` waited ~31 s behind an import and then
failed with "database is locked". Two imports at once: the second waits, then says so with
words (exit 2) and stores nothing.

The import is held for certain inside its transaction (clikit.HeldImport), and it flips the
answer: it ends Eli's work on P2, so the firewall breach (exit 1) is gone once it commits
(exit 0)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from adversarial.clikit import (
    READS,
    HeldImport,
    T,
    csv_pair,
    people_csv,
    run_allymap,
)
from adversarial.corpus import Case, cases
from graphmodel.embedded import EmbeddedStore
from graphmodel.errors import StoreUnavailable
from graphmodel.store import GraphStore
from loaders import read_files
from queries.conflicts import scan

pytestmark = pytest.mark.adversarial("concurrent import and read")

PROMPT = 20.0
"""Seconds a read may take while an import is held: a CLI run on this shared machine takes a
few; the old behaviour was 30 s of waiting and then a failure."""


def _flip(folder: Path) -> list[Path]:
    """Eli stopped working on P2 in 2024 (and 600 new people join, so the import writes
    several batches and can be held half-way)."""
    folder.mkdir(parents=True, exist_ok=True)
    ended = folder / "ended.csv"
    ended.write_text(
        "source,target,type,since,until\neli,P2,WORKS_ON,2024-02-01,2024-03-01\n",
        encoding="utf-8",
    )
    return [*people_csv(folder, 600), ended]


def _target(store: GraphStore, request: pytest.FixtureRequest) -> tuple[list[str], dict[str, str]]:
    """How the CLI names ``store``: its --db or --neo4j option and the environment."""
    if isinstance(store, EmbeddedStore):
        return ["--db", str(store.path)], {}
    server = request.getfixturevalue("neo4j_server")
    return ["--neo4j", server.uri], {
        "NEO4J_USER": server.user,
        "NEO4J_PASSWORD": server.password,
        "HOLD_NEO4J": "1",
    }


def _reopen(store: GraphStore, request: pytest.FixtureRequest) -> GraphStore:
    """Another store object on the same database, opened as a reader."""
    if isinstance(store, EmbeddedStore):
        return EmbeddedStore(store.path, create=False)
    from graphmodel.neo4j import Neo4jStore

    server = request.getfixturevalue("neo4j_server")
    return Neo4jStore(server.uri, server.user, server.password, create=False)


READERS = [
    Case(name, f"`{name}` in another process answers from the last commit (exit {code})")
    for name, (_, code) in READS.items()
] + [
    Case("second-store", "another store object opened during the import answers the old graph"),
    Case("app-store", "a store opened before (the app) keeps its answer, then sees the commit"),
]


@pytest.mark.parametrize("case", cases(READERS))
def test_reads_answer_from_the_last_commit_while_an_import_is_held(
    case: Case, store: GraphStore, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    store.apply(read_files(csv_pair(tmp_path / "base")))
    target, env = _target(store, request)
    app_store = _reopen(store, request)  # opened before the import, like the app's
    assert scan(app_store, T).blocked
    version = app_store.version()
    held = HeldImport(tmp_path / "hold", *_flip(tmp_path / "flip"), *target, env=env)
    try:
        held.wait_held()
        started = time.monotonic()
        if case.id in READS:
            args, code = READS[case.id]
            done = run_allymap(*args, *target, env=env, timeout=120)
            assert done.returncode == code, done.stderr
            assert "locked" not in done.stderr
        elif case.id == "second-store":
            with _reopen(store, request) as second:
                assert scan(second, T).blocked
                assert not second.existing_nodes(["new0"])
        else:
            assert app_store.version() == version
            assert scan(app_store, T).blocked
        assert time.monotonic() - started < PROMPT
    except BaseException:
        held.kill()
        raise
    code, _, err = held.finish()
    assert code == 0, err
    try:
        # Committed: readers now see it, the long-lived one without reopening.
        assert app_store.version() != version
        assert not scan(app_store, T).blocked
        assert "new0" in app_store.existing_nodes(["new0"])
        if case.id in READS:
            done = run_allymap(*READS[case.id][0], *target, env=env, timeout=120)
            assert done.returncode == 0, done.stderr  # the breach is gone
    finally:
        app_store.close()


def test_a_second_import_waits_then_says_the_database_is_busy(
    tmp_path: Path,
) -> None:
    db = tmp_path / "allymap.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(csv_pair(tmp_path / "base")))
    first = HeldImport(tmp_path / "hold1", *_flip(tmp_path / "flip"), "--db", db)
    try:
        first.wait_held()
        second = HeldImport(
            tmp_path / "hold2",
            *people_csv(tmp_path / "other", 5, prefix="other"),
            "--db",
            db,
            at=2.0,  # never held: it must not get that far
            env={"HOLD_BUSY_TIMEOUT": "1"},
        )
        _, err = second.proc.communicate(timeout=120)
        assert second.proc.returncode == 2, err
        assert "locked by another program" in err and "Try again" in err
        assert "Nothing was stored" in err
        assert "Traceback" not in err
    except BaseException:
        first.kill()
        raise
    code, _, err = first.finish()
    assert code == 0, err
    with EmbeddedStore(db, create=False) as store:
        assert store.existing_nodes(["new0"]) and not store.existing_nodes(["other0"])


def test_the_apps_store_follows_the_file_replaced_deleted_or_damaged_underneath(
    tmp_path: Path,
) -> None:
    """The app keeps one store open for hours. A file replaced under it (another import
    written elsewhere and moved into place, a restored backup) is reopened; a deleted one
    leaves it empty ("no data yet"), never answering from the deleted inode; a file turned
    into garbage is an error in words."""
    db = tmp_path / "allymap.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(csv_pair(tmp_path / "base")))
    app_store = EmbeddedStore(db)
    try:
        assert scan(app_store, T).blocked
        generation = app_store.version()
        other = tmp_path / "other.sqlite"  # the same portfolio after the flip, elsewhere
        with EmbeddedStore(other) as store:
            store.apply(read_files([*csv_pair(tmp_path / "base2"), *_flip(tmp_path / "flip")]))
        other.replace(db)
        assert app_store.version() != generation
        assert not scan(app_store, T).blocked  # the new file's answer
        assert app_store.existing_nodes(["new0"])
        db.unlink()
        assert not app_store.holds_data()
        assert app_store.all_records() == ([], [])
        db.write_bytes(b"not a database any more" * 100)
        with pytest.raises(StoreUnavailable, match="not a SQLite file"):
            app_store.version()
        db.unlink()
        with EmbeddedStore(db) as store:  # a new import while the app runs: it is seen
            store.apply(read_files(csv_pair(tmp_path / "base3")))
        assert scan(app_store, T).blocked
    finally:
        app_store.close()


APP_SNIPPET = """
import sys
from graphmodel.embedded import EmbeddedStore
from graphmodel.errors import StoreUnavailable
from queries.conflicts import scan

store = EmbeddedStore(sys.argv[1])
print(scan(store, "2026-11-22").blocked, flush=True)
sys.stdin.readline()
try:
    store.version()
    print("answered")
except StoreUnavailable as err:
    print("refused:", err)
"""


def test_the_apps_store_stops_answering_when_its_file_is_made_unreadable(
    tmp_path: Path,
) -> None:
    """chmod 000 under a running app: its open connection could go on reading (permissions
    are checked on open), but whoever removed the access meant it, so the store says so.
    Run without root's power to ignore permissions."""
    import subprocess
    import sys

    from adversarial.clikit import ROOT_POWER, SETPRIV, WITHOUT_ROOT_POWER

    if ROOT_POWER and not SETPRIV:
        pytest.skip("running as root without setpriv")
    db = tmp_path / "allymap.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(csv_pair(tmp_path / "base")))
    proc = subprocess.Popen(
        [*WITHOUT_ROOT_POWER, sys.executable, "-c", APP_SNIPPET, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "True"
        db.chmod(0o000)
        out, err = proc.communicate("go\n", timeout=60)
    finally:
        db.chmod(0o644)
        if proc.poll() is None:
            proc.kill()
    assert out.startswith("refused:") and "cannot be read (permission denied)" in out, out + err
