"""The Neo4j server dies in the middle of a large import: the CLI says so and nothing is half
stored. The test runs its own server (scripts/neo4j-local with a folder of its own), kills it
with SIGKILL, as a crash or an out-of-memory kill would, and starts it again on the same port
and data: the rest of the suite's server is never touched."""

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

from allymap.synthetic import generate
from graphmodel.neo4j_store import Neo4jStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PEOPLE = 40_000
"""About 440,000 rows: many seconds of writing (within the default 2 GiB heap's transaction
memory), so there is a middle to kill the server in even when imports get faster."""


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


def _wait_for_write(server: Neo4jServer, proc: subprocess.Popen[str], timeout: float) -> None:
    """Wait until the import's write transaction has been running its batches for 3 s."""
    deadline = time.monotonic() + timeout
    with neo4j.GraphDatabase.driver(
        server.uri, auth=(server.user, server.password), notifications_min_severity="OFF"
    ) as driver:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"the import ended before the kill: {proc.communicate()}")
            records, _, _ = driver.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery, elapsedTime "
                "WHERE currentQuery CONTAINS 'UNWIND $rows' RETURN elapsedTime.seconds AS s"
            )
            if records and records[0]["s"] >= 3:
                return
            time.sleep(0.2)
    raise AssertionError("the import never reached its write phase")


def _restart(port: int, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Start the server again on its port. The port stays in TIME_WAIT for up to a minute after
    a kill and scripts/neo4j-local checks it without SO_REUSEADDR, so retry until it is free."""
    deadline = time.monotonic() + 150
    while True:
        done = script("start", "--port", str(port), env=env, timeout=900)
        if done.returncode == 0 or "already in use" not in done.stderr:
            return done
        if time.monotonic() > deadline:
            return done
        time.sleep(3)


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

    command = [
        sys.executable,
        "-c",
        "from allymap.cli import main; main()",
        "import",
        str(big["nodes_csv"]),
        str(big["edges_csv"]),
        "--neo4j",
        server.uri,
    ]
    proc = subprocess.Popen(
        command,
        env={**env, "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_write(server, proc, timeout=120)
        os.kill(_server_pid(server.port), signal.SIGKILL)
        killed = time.monotonic()
        out, err = proc.communicate(timeout=120)
        gave_up = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.kill()
        restarted = _restart(server.port, env)
    assert restarted.returncode == 0, restarted.stderr[-2000:]

    assert proc.returncode in (1, 2), (proc.returncode, out, err)
    assert f"127.0.0.1:{server.port}" in err, err
    assert "nothing of this import was stored" in err, err
    assert "Traceback" not in err, err
    print(f"{gave_up:.1f} s after the kill:\n{err}")  # pytest -s shows what the user sees
    assert gave_up < 30, "the CLI should give up within seconds, not hang"

    with Neo4jStore(server.uri, server.user, server.password) as after:
        assert after.all_records() == before
