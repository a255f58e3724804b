"""Names are data: a control sequence in a name never reaches the terminal. ``ESC[8m`` in a
person's name used to hide the rest of its ``[BLOCKS]`` line. Every text output and every
error message shows such characters as visible escapes; JSON carries them as ``\\uXXXX``
escapes (json.dumps alone passes C1 controls, DEL and bidi overrides through raw), so a JSON
reader gets the names back exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from adversarial.clikit import EDGES, NODES, READS, csv_pair
from typer.testing import CliRunner

from allymap.cli import app
from allymap.terminal import json_text, printable_lines
from graphmodel.errors import printable

runner = CliRunner()

HOSTILE = {
    "eli": "Eli\x1b[8m Okafor\x07\x1b]0;owned\x07",  # hidden text, bell, window title
    "P1": "ONC-7\r[clear] forged\x7f",  # carriage return over the line, DEL
    "P2": "ONC-12\x9b31m KRAS\x85next",  # C1 CSI and NEL
    "rival": "Rival \u202eoiB\u202c \u2066Bio\u2069\u200e",  # bidi override, isolate, LRM
    "us": "Meridian\u200b\ufeff\u2028Therapeutics",  # zero-width, BOM, line separator
}
WHAT = "API\x1b[2J\x1b[H\u202e"  # clear the screen, then reverse the rest
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)
"""What may not appear raw in output (newline excepted: it ends allymap's own lines)."""


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture
def db(tmp_path: Path) -> Path:
    nodes = NODES
    for nid, name in HOSTILE.items():
        nodes = re.sub(rf"(?m)^{re.escape(nid)},(\w+),.*$", f"{nid},\\1,{_csv_field(name)}", nodes)
    # The newline in a name is a real one: the report must not show it as a new line.
    nodes += 'gus2,Person,"Gus\n  [review] forged finding"\n'
    edges = EDGES + "gus2,P1,WORKS_ON,2024-02-01,,,\ngus2,P2,WORKS_ON,2024-02-01,,,\n"
    files = csv_pair(tmp_path / "csv", nodes, edges)
    supply = tmp_path / "csv" / "supply.csv"  # a property the partner view prints
    supply.write_text(
        f"source,target,type,since,what\nrival,us,SUPPLIES,2020-01-01,{_csv_field(WHAT)}\n",
        encoding="utf-8",
    )
    files.append(supply)
    path = tmp_path / "allymap.sqlite"
    result = runner.invoke(app, ["import", *map(str, files), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert not UNSAFE.search(result.stdout), result.stdout
    return path


@pytest.mark.parametrize("command", list(READS))
def test_text_output_shows_control_characters_as_escapes(command: str, db: Path) -> None:
    args, code = READS[command]
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output
    assert not UNSAFE.search(result.stdout), repr(UNSAFE.search(result.stdout))
    assert not UNSAFE.search(result.stderr)
    lines = result.stdout.split("\n")
    if command != "partner":
        assert "Eli\\x1b[8m Okafor" in result.stdout  # visible, and the line goes on
    if command == "conflicts":  # a name's newline does not start a line of its own
        assert "Gus\\n  [review] forged finding" in result.stdout
        assert not any(line.lstrip().startswith("[review] forged") for line in lines)
    if command == "partner":
        assert "what=API\\x1b[2J\\x1b[H\\u202e" in result.stdout


@pytest.mark.parametrize("command", list(READS))
def test_json_has_no_raw_control_characters_and_gives_the_names_back(
    command: str, db: Path
) -> None:
    args, code = READS[command]
    result = runner.invoke(app, [*args, "--format", "json", "--db", str(db)])
    assert result.exit_code == code, result.output
    assert not UNSAFE.search(result.stdout), repr(UNSAFE.search(result.stdout))
    data = json.loads(result.stdout)
    strings = list(_strings(data))
    if command != "partner":  # the explanations name Eli exactly as imported
        assert any(HOSTILE["eli"] in text for text in strings), strings[:5]
    else:
        assert WHAT in strings


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_error_messages_escape_what_the_user_typed(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["check-staffing", "--program", "P\x1b[8m9", "--people", "eli", "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b[8m9" in result.stderr
    odd = tmp_path / "typo\x1b[31m\u202e.sqlite"
    result = runner.invoke(app, ["conflicts", "--db", str(odd)])
    assert result.exit_code == 2
    assert not UNSAFE.search(result.stderr) and "typo\\x1b[31m\\u202e.sqlite" in result.stderr


def test_printable_lines_and_json_text() -> None:
    assert printable("a\x1b[8mb\u202ec\U000e0001") == "a\\x1b[8mb\\u202ec\\U000e0001"
    assert printable("keep ü, 日本 and é") == "keep ü, 日本 and é"
    assert printable_lines("two\nlines\r") == "two\nlines\\r"
    assert printable("\udcff") == "\\udcff"  # a lone surrogate would not even encode
    data = {"n": "x\x7f\x9b\u2066\U000e0001y\u00a0z", "list": ["\x1b", "\n"]}
    out = json_text(data)
    assert not UNSAFE.search(out) and "\U000e0001" not in out
    assert json.loads(out) == data
    assert json.loads(json_text(data, indent=None)) == data
