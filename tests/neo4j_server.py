"""A real Neo4j server for the test suite (pytest plugin, loaded by conftest.py).

``neo4j_server`` (session scope) is the server every Neo4j test talks to:

- ``NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``) when set, for example by
  ``eval "$(scripts/neo4j-local start)"`` or ``scripts/test``;
- otherwise ``scripts/neo4j-local start`` runs once for the session (installing Neo4j from
  Maven Central the first time) and ``stop`` at the end, unless ``ALLYMAP_KEEP_NEO4J=1``.

The store fixture wipes the database before each test. Like neomodel's test guard, the session
refuses to start on a database that already holds nodes unless it is the server
``scripts/neo4j-local`` runs (a throwaway test server) or ``ALLYMAP_NEO4J_TEST_WIPE=1`` says
wiping it is fine: a test run must never empty someone's real graph.

When no server can be had the Neo4j tests are skipped, except under ``CI=true``, where they
fail: CI must prove both stores. ``pytest -m "not neo4j"`` leaves them out on purpose.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j-local"


@dataclass(frozen=True, slots=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    import_dir: str | None
    managed: bool
    """True when scripts/neo4j-local runs it: tests may wipe it, stop and restart it."""

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1].split("/")[0])

    @property
    def routing_uri(self) -> str:
        """The same server through a routing URI (``neo4j://``): the driver asks it for a
        routing table and sends reads to readers and writes to the leader, as with a cluster
        or Aura (a single Community server answers as all three)."""
        return "neo4j://" + self.uri.split("://", 1)[1]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Skip, or fail under CI=true: CI must prove both stores."""
    if _in_ci():
        pytest.fail(f"CI=true and no Neo4j server for the Neo4j tests: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server: {reason}")


def exports(text: str) -> dict[str, str]:
    """The ``export NAME=value`` lines printed by scripts/neo4j-local."""
    out = {}
    for line in text.splitlines():
        parts = shlex.split(line)
        if len(parts) == 2 and parts[0] == "export" and "=" in parts[1]:
            name, value = parts[1].split("=", 1)
            out[name] = value
    return out


def script(
    *args: str, timeout: float = 900, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run scripts/neo4j-local (stdout: export lines; stderr: what it did)."""
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


def script_status_uri() -> str | None:
    """The URI of the server scripts/neo4j-local runs now, if any."""
    if not SCRIPT.exists():
        return None
    done = script("status", timeout=60)
    return exports(done.stdout).get("NEO4J_URI") if done.returncode == 0 else None


def _count_nodes(server: Neo4jServer) -> int:
    import neo4j

    with neo4j.GraphDatabase.driver(
        server.uri,
        auth=(server.user, server.password),
        notifications_min_severity="OFF",
        connection_timeout=5,
    ) as driver:
        driver.verify_connectivity()  # fails at once, where a query would retry for 30 s
        records, _, _ = driver.execute_query(
            "MATCH (n) WHERE NOT (n:AllymapState OR n:AllymapImport OR n:AllymapAudit "
            "OR n:AllymapAuditHead) RETURN count(n) AS n"
        )
        return int(records[0]["n"])


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    started = False
    uri = os.environ.get("NEO4J_URI")
    if uri:
        server = Neo4jServer(
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_IMPORT_DIR"),
            managed=script_status_uri() == uri,
        )
    else:
        if not SCRIPT.exists():
            unavailable(f"{SCRIPT} is missing and NEO4J_URI is not set")
        try:
            done = script("start")
        except (OSError, subprocess.TimeoutExpired) as err:
            unavailable(f"scripts/neo4j-local start failed: {err}")
            raise  # unreachable: _unavailable raises
        found = exports(done.stdout)
        if done.returncode != 0 or "NEO4J_URI" not in found:
            unavailable(
                "scripts/neo4j-local start failed:\n" + "\n".join(done.stderr.splitlines()[-30:])
            )
        started = "already running" not in done.stderr
        server = Neo4jServer(
            found["NEO4J_URI"],
            found.get("NEO4J_USER", "neo4j"),
            found.get("NEO4J_PASSWORD", ""),
            found.get("NEO4J_IMPORT_DIR"),
            managed=True,
        )
    try:
        existing = _count_nodes(server)
    except Exception as err:
        unavailable(f"cannot query {server.uri}: {type(err).__name__}: {err}")
        raise  # unreachable
    if existing and not server.managed and os.environ.get("ALLYMAP_NEO4J_TEST_WIPE") != "1":
        pytest.fail(
            f"The Neo4j database at {server.uri} holds {existing} nodes and the tests wipe it "
            "before each test. Refusing to run: point NEO4J_URI at a throwaway server (for "
            'example eval "$(scripts/neo4j-local start)"), or set ALLYMAP_NEO4J_TEST_WIPE=1 '
            "if losing its contents is fine.",
            pytrace=False,
        )
    try:
        yield server
    finally:
        if started and os.environ.get("ALLYMAP_KEEP_NEO4J") != "1":
            script("stop", timeout=120)


def neo4j_store(tmp_path: Path, server: Neo4jServer):  # type: ignore[no-untyped-def]
    """A Neo4jStore on the session's server, emptied for this test."""
    from graphmodel.neo4j import Neo4jStore

    store = Neo4jStore(server.uri, server.user, server.password)
    store.wipe()
    return store


def neo4j_routing_store(tmp_path: Path, server: Neo4jServer):  # type: ignore[no-untyped-def]
    """As :func:`neo4j_store`, through the server's routing URI."""
    from graphmodel.neo4j import Neo4jStore

    store = Neo4jStore(server.routing_uri, server.user, server.password)
    store.wipe()
    return store
