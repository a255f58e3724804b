"""``allymap serve`` starts Streamlit on our app.py with the chosen store in its environment."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

import psutil
import pytest
from typer.testing import CliRunner

from allymap import serve as serve_module
from allymap.cli import app
from allymap.serve import app_path, port_problem, serve, serve_command

ROOT = Path(__file__).resolve().parents[1]


def test_app_path_is_the_router_next_to_the_package() -> None:
    assert app_path() == (ROOT / "app.py").resolve()


def test_command_runs_streamlit_headless_on_localhost_without_telemetry() -> None:
    cmd = serve_command(port=9123)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    flags = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert flags["--server.port"] == "9123"
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--server.headless"] == "true"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--client.showErrorDetails"] == "none"  # no traceback or server path in a page


class FakeProcess:
    seen: ClassVar[dict[str, Any]] = {}

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        FakeProcess.seen = {"cmd": cmd, "env": env}

    def wait(self, timeout: float | None = None) -> int:
        return 0


def test_serve_hands_the_store_to_the_app_through_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", FakeProcess)
    monkeypatch.chdir(tmp_path)
    assert serve(db="rel/demo.sqlite", port=9000) == 0
    env = FakeProcess.seen["env"]
    assert env["ALLYMAP_DB"] == str((tmp_path / "rel" / "demo.sqlite").resolve())
    assert serve(neo4j="bolt://127.0.0.1:7687") == 0
    assert FakeProcess.seen["env"]["ALLYMAP_NEO4J"] == "bolt://127.0.0.1:7687"


def test_serve_returns_streamlits_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing(FakeProcess):
        def wait(self, timeout: float | None = None) -> int:
            return 3

    monkeypatch.setattr(serve_module.subprocess, "Popen", Failing)
    assert serve() == 3


# ---- before Streamlit starts: the database and the port ---------------------------------------


def _listening() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_port_problem_says_when_the_port_is_taken() -> None:
    with _listening() as busy:
        port = busy.getsockname()[1]
        problem = port_problem("127.0.0.1", port)
        assert problem is not None
        assert f"Port {port} on 127.0.0.1 is already in use" in problem and "--port" in problem
    assert port_problem("127.0.0.1", _free_port()) is None
    assert "not an address of this machine" in (port_problem("203.0.113.7", _free_port()) or "")
    assert "not an address" in (port_problem("no-such-host.invalid", _free_port()) or "")


class NeverStarted:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("Streamlit was started although serve had to refuse")


@pytest.mark.parametrize("problem", ["busy-port", "foreign-database", "empty-neo4j-address"])
def test_serve_refuses_before_starting_anything(
    problem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", NeverStarted)
    args = ["serve", "--port", str(_free_port())]
    with _listening() as busy:
        if problem == "busy-port":
            args = ["serve", "--port", str(busy.getsockname()[1]), "--db", str(tmp_path / "x")]
            says = "already in use"
        elif problem == "foreign-database":
            foreign = tmp_path / "crm.sqlite"
            conn = sqlite3.connect(foreign)
            conn.execute("CREATE TABLE customers(id)")
            conn.close()
            args += ["--db", str(foreign)]
            says = "another program"
        else:
            args += ["--neo4j", ""]
            says = "--neo4j: the address is empty"
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert "serving on" not in result.output
    assert not (tmp_path / "x").exists()


def test_serve_on_neo4j_starts_even_before_the_server_is_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under docker compose the app may start before Neo4j: its pages say "cannot reach"
    until the server is there, rather than serve exiting."""
    monkeypatch.setattr(serve_module.subprocess, "Popen", FakeProcess)
    uri = f"bolt://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(app, ["serve", "--neo4j", uri, "--port", str(_free_port())])
    assert result.exit_code == 0, result.output
    assert FakeProcess.seen["env"]["ALLYMAP_NEO4J"] == uri


def test_serve_on_a_missing_database_starts_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", FakeProcess)
    db = tmp_path / "new" / "allymap.sqlite"
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", str(_free_port())])
    assert result.exit_code == 0, result.output
    assert "serving on" in result.stderr
    assert FakeProcess.seen["env"]["ALLYMAP_DB"] == str(db.resolve())
    assert not db.parent.exists()


def test_a_streamlit_failure_is_exit_3_never_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Failing(FakeProcess):
        def wait(self, timeout: float | None = None) -> int:
            return 1

    monkeypatch.setattr(serve_module.subprocess, "Popen", Failing)
    db = tmp_path / "none.sqlite"
    result = CliRunner().invoke(app, ["serve", "--port", str(_free_port()), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "stopped with exit code 1" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)],
    ids=["sigterm", "sigint", "ctrl-c-in-a-terminal"],
)
def test_a_signal_to_allymap_serve_stops_streamlit_and_closes_the_port(
    sig: int, group: bool, tmp_path: Path
) -> None:
    """A supervisor's SIGTERM (or kill -INT) reaches only allymap serve, not Streamlit: the
    parent passes it on, so the port closes and no Streamlit is left serving. Ctrl-C in a
    terminal reaches both (one process group), and Streamlit asked twice still stops once.
    The app starts on a database that does not exist yet, and creates nothing."""
    port = _free_port()
    db = tmp_path / "not-yet.sqlite"
    code = "import sys; sys.argv[0] = 'allymap'; from allymap.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a signal to the parent alone, as from a supervisor
    )
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "the app never came up"
                time.sleep(0.5)
        children = psutil.Process(proc.pid).children(recursive=True)
        assert children, "no Streamlit child"
        assert not db.exists()
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0, proc.communicate()[1]
        _, alive = psutil.wait_procs(children, timeout=15)
        assert not alive, "Streamlit is still running"
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "the port is still open"
        assert not db.exists()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for child in children:  # only the processes this test started
            with contextlib.suppress(psutil.Error):
                child.kill()
