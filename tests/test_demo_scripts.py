"""scripts/demo and scripts/demo-tour: a busy or bad port is said at once, before the setup and
the import run (it used to print "serving on 8501" and then fail), and the tour stops with
exit 2 when there is no demo data to tour.

scripts/demo runs from a copy whose scripts/setup only leaves a mark: a test must never run
the real setup, which pip-installs the project (on a checkout without the port check it
would reinstall the shared environment from that checkout)."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allymap.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO, TOUR = ROOT / "scripts" / "demo", ROOT / "scripts" / "demo-tour"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    scripts = tmp_path / "checkout" / "scripts"
    scripts.mkdir(parents=True)
    copy = scripts / "demo"
    copy.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    copy.chmod(0o755)
    setup = scripts / "setup"
    setup.write_text('#!/bin/sh\ntouch "$(dirname "$0")/setup-ran"\nexit 1\n', encoding="utf-8")
    setup.chmod(0o755)
    return copy


def _setup_ran(demo: Path) -> bool:
    return (demo.parent / "setup-ran").exists()


def _run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "ALLYMAP_PORT"}
    full.update(env)
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=full, timeout=300, check=False
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield int(sock.getsockname()[1])
    sock.close()


@pytest.mark.parametrize("how", ["--port", "--port=", "ALLYMAP_PORT"])
def test_a_busy_port_is_said_before_anything_runs(
    how: str, busy_port: int, demo: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite"
    if how == "ALLYMAP_PORT":
        done = _run(demo, ALLYMAP_DB=str(db), ALLYMAP_PORT=str(busy_port))
    elif how == "--port":
        done = _run(demo, "--port", str(busy_port), ALLYMAP_DB=str(db))
    else:
        done = _run(demo, f"--port={busy_port}", ALLYMAP_DB=str(db))
    assert done.returncode == 2, done.stderr
    assert f"port {busy_port} is already in use" in done.stderr and "--port N" in done.stderr
    assert "serving on" not in done.stdout + done.stderr
    assert not _setup_ran(demo), "the setup ran although nothing could be served"
    assert not db.exists()


@pytest.mark.parametrize(
    "args", [["--port", "abc"], ["--port", "70000"], ["--port"], ["--what"]], ids=str
)
def test_bad_arguments_exit_2_with_words(args: list[str], demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    done = _run(demo, *args, ALLYMAP_DB=str(db))
    assert done.returncode == 2
    assert done.stderr.startswith("scripts/demo: ")
    assert not _setup_ran(demo)
    assert not db.exists()


def test_a_free_port_goes_on_to_the_setup(demo: Path, tmp_path: Path) -> None:
    """The check lets a free port through (the stub setup then stops the script, set -e)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = _run(demo, "--port", str(port), ALLYMAP_DB=str(tmp_path / "demo.sqlite"))
    assert _setup_ran(demo)
    assert done.returncode == 1


def test_the_tour_without_demo_data_stops_with_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "nothing.sqlite"
    done = _run(TOUR, ALLYMAP_DB=str(db))
    assert done.returncode == 2
    assert "no demo data" in done.stderr and "There is no allymap database" in done.stderr
    assert not db.exists()


def test_the_tour_on_the_demo_data(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    files = sorted(str(f) for f in (ROOT / "examples" / "demo").glob("*.csv"))
    assert CliRunner().invoke(app, ["import", *files, "--db", str(db)]).exit_code == 0
    done = _run(TOUR, ALLYMAP_DB=str(db))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("(exit code 1)") == 2  # the blocked candidate, the breaches
    assert done.stdout.count("(exit code 0)") == 2  # the two partner views
    assert "(exit code 2)" not in done.stdout and "(exit code 3)" not in done.stdout
