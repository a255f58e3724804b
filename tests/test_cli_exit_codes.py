"""Exit codes that scripts rely on (DOMAIN.md): 0 nothing blocks, 1 a check found something
that blocks and nothing else, 2 bad input or an unusable database (with words), 3 an internal
error: one line on stderr, the traceback only with ``allymap --debug`` or ``ALLYMAP_DEBUG=1``.
Failures are injected into the stores, so these hold whatever the bug is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from adversarial.clikit import READS, csv_pair
from typer.testing import CliRunner

from allymap import cli
from allymap.cli import app
from graphmodel.batch import ImportPlan
from graphmodel.embedded import EmbeddedStore
from graphmodel.errors import NotFound
from graphmodel.store import Progress

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "allymap.sqlite"
    files = csv_pair(tmp_path / "csv")
    assert runner.invoke(app, ["import", *map(str, files), "--db", str(path)]).exit_code == 0
    return path


# Which store method each command cannot do without, to make it fail inside the command: each
# runs its rule through GraphStore.read.
NEEDS = {
    "conflicts": "read",
    "check-staffing": "read",
    "partner": "read",
}


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected failure\nwith a second line and \x1b[8m hidden text")


@pytest.mark.parametrize("command", list(READS))
def test_an_internal_error_is_exit_3_with_one_line_and_no_traceback(
    command: str, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALLYMAP_DEBUG", raising=False)
    monkeypatch.setattr(EmbeddedStore, NEEDS[command], _boom)
    result = runner.invoke(app, [*READS[command][0], "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "internal error (RuntimeError: injected failure with a second line" in line
    assert "\x1b" not in line and "\\x1b[8m" in line  # the words are escaped too
    assert "--debug" in line
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["--debug", "ALLYMAP_DEBUG=1"])
def test_the_traceback_only_with_debug(how: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EmbeddedStore, "read", _boom)
    args, env = ["conflicts", "--db", str(db)], {}
    if how == "--debug":
        args = ["--debug", *args]
    else:
        env = {"ALLYMAP_DEBUG": "1"}
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert "_boom" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("allymap: internal error")


def test_an_import_that_fails_inside_is_exit_3_and_stores_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = EmbeddedStore(db, create=False).all_records()
    more = tmp_path / "more.csv"
    more.write_text("id,type,name\nnewbie,Person,Nora Newbie\n", encoding="utf-8")

    def failing_progress(
        self: EmbeddedStore, plan: ImportPlan, progress: Progress | None = None
    ) -> None:
        original(self, plan, lambda done, total: _boom())  # fails inside the transaction

    original = EmbeddedStore.write
    monkeypatch.setattr(EmbeddedStore, "write", failing_progress)
    result = runner.invoke(app, ["import", str(more), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "internal error" in result.stderr and "Traceback" not in result.output
    assert EmbeddedStore(db, create=False).all_records() == before


@pytest.mark.parametrize(
    ("raised", "code", "says"),
    [
        (NotFound("There is no node with id 'x'."), 2, "no node with id"),
        (KeyboardInterrupt(), 130, "interrupted"),
        (cli.Terminated(), 143, "SIGTERM"),
        (BrokenPipeError(), 141, ""),
        (SystemExit(1), 3, "internal error"),
        (MemoryError(), 3, "internal error (MemoryError)"),
    ],
    ids=["user-error", "ctrl-c", "sigterm", "broken-pipe", "sys-exit-1", "memory"],
)
def test_whatever_ends_a_command_never_exits_1(
    raised: BaseException, code: int, says: str, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(EmbeddedStore, "read", fail)
    result = runner.invoke(app, ["conflicts", "--db", str(db)])
    assert result.exit_code == code, result.output
    assert says in result.stderr
    assert "Traceback" not in result.output


def test_exit_1_is_only_for_a_finding_that_blocks(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that exits 1 any other way (a bug) is reported as an internal error."""

    def exits_one(*args: object, **kwargs: object) -> None:
        raise typer.Exit(1)

    import queries.rules.partner

    monkeypatch.setattr(queries.rules.partner, "relationships", exits_one)  # the partner rule
    result = runner.invoke(app, [*READS["partner"][0], "--db", str(db)])
    assert result.exit_code == 3
    assert "exit code 1 without a finding that blocks" in result.stderr
    assert runner.invoke(app, [*READS["conflicts"][0], "--db", str(db)]).exit_code == 1


def test_the_console_script_gives_the_same_codes(db: Path, tmp_path: Path) -> None:
    """The real entry point (not CliRunner), with a failure injected in the process."""
    script = (
        "import sys\n"
        "from graphmodel.embedded import EmbeddedStore\n"
        "def boom(*a, **k): raise ZeroDivisionError('injected')\n"
        "EmbeddedStore.read = boom\n"
        "sys.argv[0] = 'allymap'\n"
        "from allymap.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "conflicts", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.count("\n") == 1 and "internal error (ZeroDivisionError: injected)" in (
        done.stderr
    )
    missing = subprocess.run(
        [sys.executable, "-c", script, "conflicts", "--db", str(tmp_path / "typo.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2 and "There is no allymap database" in missing.stderr
    assert not (tmp_path / "typo.sqlite").exists()


def test_help_states_the_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for words in ("0 done and nothing blocks", "1 a check found something that blocks", "2 bad"):
        assert words in text
    assert "3 an internal error" in text and "--debug" in text


def test_partner_in_our_own_corporate_group_is_refused_with_the_chain(tmp_path: Path) -> None:
    """An alliance manager asking for the partner view of a subsidiary of ours means a
    mistake: the group's internal dealings are not a partnership."""
    db = tmp_path / "allymap.sqlite"
    files = csv_pair(tmp_path / "csv")
    group = tmp_path / "csv" / "group.csv"
    group.write_text(
        "id,type,name\nusdx,Company,Meridian Diagnostics\nusold,Company,Old Meridian Unit\n",
        encoding="utf-8",
    )
    links = tmp_path / "csv" / "links.csv"
    links.write_text(
        "source,target,type,since,until\n"
        "usdx,us,SUBSIDIARY_OF,2020-01-01,\n"
        "usold,us,SUBSIDIARY_OF,2010-01-01,2015-12-31\n",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["import", *map(str, [*files, group, links]), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["partner", "usdx", "--of", "us", "--db", str(db)])
    assert result.exit_code == 2
    assert "one corporate group" in result.stderr and "usdx -> us" in result.stderr
    # A unit sold off in 2015 was in our group then, not now: it can be a partner today.
    assert runner.invoke(app, ["partner", "usold", "--of", "us", "--db", str(db)]).exit_code == 0
    before = runner.invoke(
        app, ["partner", "usold", "--of", "us", "--as-of", "2014-06-01", "--db", str(db)]
    )
    assert before.exit_code == 2 and "one corporate group on 2014-06-01" in before.stderr
