"""The Neo4j server dies in the middle of a large import: the CLI says so and nothing is half
stored. Needs the server scripts/neo4j-local runs, because the test kills it (SIGKILL, as a
crash or an out-of-memory kill would) and starts it again on the same port and data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import psutil
import pytest
from neo4j_server import Neo4jServer, neo4j_store, script
from portfolio import build, row

from allymap.synthetic import generate
from graphmodel.neo4j_store import Neo4jStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PEOPLE = 20_000
"""About 220,000 rows: seconds of writing, so there is a middle to kill the server in."""


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
    """Wait until the import's write transaction has run a few of its batches."""
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
            if records and records[0]["s"] >= 1:
                return
            time.sleep(0.2)
    raise AssertionError("the import never reached its write phase")


def _restart(port: int) -> subprocess.CompletedProcess[str]:
    """Start the server again on its port. The port stays in TIME_WAIT for up to a minute after
    a kill and scripts/neo4j-local checks it without SO_REUSEADDR, so retry until it is free."""
    deadline = time.monotonic() + 150
    while True:
        done = script("start", "--port", str(port), timeout=300)
        if done.returncode == 0 or "already in use" not in done.stderr:
            return done
        if time.monotonic() > deadline:
            return done
        time.sleep(3)


def test_server_killed_mid_import_leaves_the_graph_as_it_was(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    if not neo4j_server.managed:
        pytest.skip("needs the Neo4j server scripts/neo4j-local runs (the test kills it)")
    store = neo4j_store(tmp_path, neo4j_server)
    try:
        build(store, tmp_path / "base", row("dana", "P1", "WORKS_ON"))
        before = store.all_records()
    finally:
        store.close()
    assert len(before[0]) > 10 and len(before[1]) > 10
    big = generate(PEOPLE, tmp_path / "big")

    env = {
        **os.environ,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    command = [
        sys.executable,
        "-c",
        "from allymap.cli import main; main()",
        "import",
        str(big["nodes_csv"]),
        str(big["edges_csv"]),
        "--neo4j",
        neo4j_server.uri,
    ]
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for_write(neo4j_server, proc, timeout=120)
        os.kill(_server_pid(neo4j_server.port), signal.SIGKILL)
        killed = time.monotonic()
        out, err = proc.communicate(timeout=120)
        gave_up = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.kill()
        restarted = _restart(neo4j_server.port)
    assert restarted.returncode == 0, restarted.stderr[-2000:]

    assert proc.returncode in (1, 2), (proc.returncode, out, err)
    assert f"127.0.0.1:{neo4j_server.port}" in err, err
    assert "nothing of this import was stored" in err, err
    assert "Traceback" not in err, err
    print(f"{gave_up:.1f} s after the kill:\n{err}")  # pytest -s shows what the user sees
    assert gave_up < 30, "the CLI should give up within seconds, not hang"

    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as after:
        assert after.all_records() == before
