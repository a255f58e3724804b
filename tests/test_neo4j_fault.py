"""The Neo4j server dies in the middle of a large import: the CLI says so and nothing is half
stored. The test runs its own server (scripts/neo4j-local with a folder of its own), kills it
with SIGKILL, as a crash or an out-of-memory kill would, and starts it again on the same port
and data: the rest of the suite's server is never touched.

"The middle" is made certain, not hoped for: the CLI runs with its progress report wrapped so
that, half-way through the rows, inside the open write transaction, it holds until the test has
killed the server. Polling the server for a running statement was a race that faster imports
lost (the import could end between two polls)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import psutil
import pytest
from neo4j_server import SCRIPT, Neo4jServer, exports, neo4j_store, script, unavailable
from portfolio import build, row

from fixtures.synthetic import generate
from graphmodel.neo4j import Neo4jStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PEOPLE = 8_000
"""About 90,000 rows: several batches of Neo4jStore.batch_size, so the hold half-way through
has nodes and relationships written before it and more after it."""

HELD_CLI = """
import os, sys, time
from pathlib import Path
from graphmodel.neo4j import Neo4jStore
from allymap.cli import main

held, release = Path(os.environ["FAULT_HELD"]), Path(os.environ["FAULT_RELEASE"])
write = Neo4jStore.write

def holding_write(self, plan, progress=None):
    def report(done, total):
        if progress is not None:
            progress(done, total)
        if done >= total // 2 and not held.exists():
            held.write_text(f"{done}/{total}")
            deadline = time.monotonic() + 600
            while not release.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
    return write(self, plan, report)

Neo4jStore.write = holding_write
sys.argv[0] = "allymap"
main()
"""
"""The CLI, holding once half of the import's rows are written in its open transaction."""


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Neo4jServer, dict[str, str]]]:
    """A server of this test's own; yields it and the environment that runs it."""
    home = tmp_path / "neo4j"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NEO4J_PORT", "NEO4J_DATA", "NEO4J_IMPORT_DIR", "NEO4J_URI")
    }
    env.update(
        NEO4J_LOCAL_HOME=str(home),
        NEO4J_PASSWORD="fault-test-pw",
        NEO4J_START_TIMEOUT="600",  # recovery after the kill replays the transaction log
    )
    if not SCRIPT.exists():
        unavailable(f"{SCRIPT} is missing")
    done = script("start", env=env)
    found = exports(done.stdout)
    if done.returncode != 0 or "NEO4J_URI" not in found:
        unavailable("scripts/neo4j-local start failed:\n" + done.stderr[-3000:])
    server = Neo4jServer(
        found["NEO4J_URI"], found["NEO4J_USER"], found["NEO4J_PASSWORD"], None, managed=True
    )
    try:
        yield server, env
    finally:
        script("stop", env=env, timeout=120)
        shutil.rmtree(home, ignore_errors=True)


def _server_pid(port: int) -> int:
    """The pid of the Neo4j process listening on ``port`` on 127.0.0.1."""
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
            assert conn.pid is not None
            cmdline = " ".join(psutil.Process(conn.pid).cmdline())
            assert "org.neo4j" in cmdline, f"port {port} is not Neo4j's: {cmdline[:200]}"
            return conn.pid
    raise AssertionError(f"nothing listens on port {port}")


def _wait_until_held(held: Path, proc: subprocess.Popen[str], timeout: float) -> str:
    """Wait until the CLI holds half-way through its write; returns "done/total" rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if held.exists():
            return held.read_text()
        if proc.poll() is not None:
            raise AssertionError(f"the import ended before the hold: {proc.communicate()}")
        time.sleep(0.1)
    raise AssertionError("the import never reached the middle of its write")


def _open_write_transactions(server: Neo4jServer) -> int:
    """Transactions on the server other than the one asking, i.e. the held import's."""
    with neo4j.GraphDatabase.driver(
        server.uri, auth=(server.user, server.password), notifications_min_severity="OFF"
    ) as driver:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
            "RETURN count(*) AS n"
        )
    return int(records[0]["n"])


def test_server_killed_mid_import_leaves_the_graph_as_it_was(
    own_server: tuple[Neo4jServer, dict[str, str]], tmp_path: Path
) -> None:
    server, env = own_server
    store = neo4j_store(tmp_path, server)
    try:
        build(store, tmp_path / "base", row("dana", "P1", "WORKS_ON"))
        before = store.all_records()
    finally:
        store.close()
    assert len(before[0]) > 10 and len(before[1]) > 10
    big = generate(PEOPLE, tmp_path / "big")

    held, release = tmp_path / "held", tmp_path / "release"
    command = [
        sys.executable,
        "-c",
        HELD_CLI,
        "import",
        str(big["nodes_csv"]),
        str(big["edges_csv"]),
        "--neo4j",
        server.uri,
    ]
    proc = subprocess.Popen(
        command,
        env={
            **env,
            "NEO4J_USER": server.user,
            "NEO4J_PASSWORD": server.password,
            "FAULT_HELD": str(held),
            "FAULT_RELEASE": str(release),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        rows = _wait_until_held(held, proc, timeout=300)
        assert _open_write_transactions(server) == 1, "the held import's transaction is open"
        os.kill(_server_pid(server.port), signal.SIGKILL)
        killed = time.monotonic()
        release.touch()
        out, err = proc.communicate(timeout=120)
        gave_up = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.kill()
        restarted = script("start", "--port", str(server.port), env=env, timeout=900)
    assert restarted.returncode == 0, restarted.stderr[-2000:]

    assert proc.returncode in (1, 2), (proc.returncode, out, err)
    assert f"127.0.0.1:{server.port}" in err, err
    assert "nothing of this import was stored" in err, err
    assert "Traceback" not in err, err
    # pytest -s shows what the user sees
    print(f"killed at {rows} rows; {gave_up:.1f} s after the kill:\n{err}")
    assert gave_up < 30, "the CLI should give up within seconds, not hang"

    with Neo4jStore(server.uri, server.user, server.password) as after:
        assert after.all_records() == before
