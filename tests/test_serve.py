"""``allymap serve`` starts Streamlit on our app.py with the chosen store in its environment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from allymap import serve as serve_module
from allymap.serve import app_path, serve, serve_command

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
