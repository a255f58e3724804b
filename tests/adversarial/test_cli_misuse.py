"""CLI misuse: wrong options, out-of-range numbers, bad dates. Usage errors exit 2 with words
on stderr and never a traceback; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from adversarial.corpus import Case, cases
from allymap.cli import app

pytestmark = pytest.mark.adversarial("CLI misuse")

CASES = [
    Case(
        "hops-too-many", "exit 2, names --hops", args=["conflicts", "--hops", "99"], says="--hops"
    ),
    Case("hops-negative", "exit 2, names --hops", args=["conflicts", "--hops", "-1"], says="-1"),
    Case(
        "as-of-month-13",
        "exit 2, names --as-of",
        args=["conflicts", "--as-of", "2026-13-01"],
        says="--as-of",
    ),
    Case("unknown-command", "exit 2", args=["frobnicate"], says=""),
]


@pytest.mark.parametrize("case", cases(CASES))
def test_usage_error_exits_2_without_traceback(case: Case, tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite"
    result = CliRunner().invoke(app, [*case["args"], "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert case["says"] in result.output
    assert not db.exists(), "a usage error created a database"
