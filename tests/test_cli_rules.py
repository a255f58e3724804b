"""The rule commands of DOMAIN.md: their JSON shape and exit codes (0 clear, 1 blocks, 2 bad)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from portfolio import T, build, row
from typer.testing import CliRunner

from allymap.cli import app
from graphmodel.embedded import EmbeddedStore

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.sqlite"
    store = EmbeddedStore(path)
    extra = (
        row("eli", "P2", "WORKS_ON")
        + row("fay", "hal", "REPORTS_TO")
        + row("hal", "P2", "WORKS_ON")
        + row("ivy", "P1", "WORKS_ON")
        + row("ivy", "helixco", "HOLDS_INTEREST_IN", kind="equity")
        + row("helixco", "us", "COMPETES_WITH", market="KRAS")
        + row("helix", "us", "SUPPLIES", what="API")
        + row("ivy", "hal", "INFLUENCES", weight="0.9")
    )
    build(store, tmp_path / "csv", extra)
    store.close()
    return str(path)


def run(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, list(args))
    out = result.stdout
    try:
        return result.exit_code, json.loads(out)
    except json.JSONDecodeError:
        return result.exit_code, out + result.stderr


def test_check_staffing_json_has_the_contract_shape(db: str) -> None:
    code, data = run(
        "check-staffing",
        "--program",
        "P1",
        "--people",
        "eli,fay,gus",
        "--as-of",
        T,
        "--format",
        "json",
        "--db",
        db,
    )
    assert code == 1
    assert isinstance(data, dict)
    assert data["program"] == "P1" and data["as_of"] == T
    statuses = {c["person"]: c["status"] for c in data["candidates"]}
    assert statuses == {"eli": "blocked", "fay": "review", "gus": "clear"}
    (breach,) = data["candidates"][0]["findings"]
    assert breach["kind"] == "firewall_breach"
    assert breach["firewall"] == ["P1", "P2"] and breach["path"] == ["eli", "P2"]
    assert "Eli Okafor" in breach["explanation"]


def test_check_staffing_clear_exits_zero(db: str) -> None:
    code, data = run(
        "check-staffing",
        "--program",
        "P1",
        "--people",
        "gus",
        "--as-of",
        T,
        "--format",
        "json",
        "--db",
        db,
    )
    assert code == 0 and data["candidates"][0]["status"] == "clear"


def test_hops_zero_turns_off_indirect_exposure(db: str) -> None:
    code, data = run(
        "check-staffing",
        "--program",
        "P1",
        "--people",
        "fay",
        "--hops",
        "0",
        "--as-of",
        T,
        "--format",
        "json",
        "--db",
        db,
    )
    assert code == 0 and data["candidates"][0]["status"] == "clear"


def test_conflicts_json_and_exit_code(db: str) -> None:
    code, data = run("conflicts", "--as-of", T, "--format", "json", "--db", db)
    assert code == 0  # a conflict of interest asks for review; it does not block
    assert data["as_of"] == T
    assert [(f["kind"], f["person"]) for f in data["findings"]] == [("conflict_of_interest", "ivy")]
    code, data = run("conflicts", "--as-of", T, "--hops", "1", "--format", "json", "--db", db)
    exposure = [
        (f["person"], f["firewall"], f["path"])
        for f in data["findings"]
        if f["kind"] == "indirect_exposure"
    ]
    assert exposure == [
        ("hal", ["P2", "P1"], ["hal", "ivy", "P1"]),
        ("ivy", ["P1", "P2"], ["ivy", "hal", "P2"]),
    ]


def test_conflicts_exit_one_when_something_blocks(db: str, tmp_path: Path) -> None:
    code, _ = run("conflicts", "--as-of", T, "--db", db)
    assert code == 0
    extra = tmp_path / "more.csv"
    extra.write_text("source,target,type\neli,P1,WORKS_ON\n", encoding="utf-8")
    assert run("import", str(extra), "--db", db)[0] == 0
    code, data = run("conflicts", "--as-of", T, "--format", "json", "--db", db)
    assert code == 1
    assert any(f["kind"] == "firewall_breach" and f["person"] == "eli" for f in data["findings"])


def test_partner_json(db: str) -> None:
    code, data = run("partner", "helix", "--of", "us", "--as-of", T, "--format", "json", "--db", db)
    assert code == 0
    assert data["company"] == "helix" and data["of"] == "us" and data["tension"] is True
    assert [(r["kind"], r["via"]) for r in data["relationships"]] == [
        ("alliance", ["us", "A1", "helix"]),
        ("supplier", ["helix", "us"]),
        ("competitor", ["us", "helixco"]),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["check-staffing", "--program", "nope", "--people", "eli"],
        ["check-staffing", "--program", "P1", "--people", "P2"],
        ["check-staffing", "--program", "P1", "--people", "eli", "--as-of", "22/11/2026"],
        ["conflicts", "--as-of", "2026-02-30"],
        ["partner", "dana", "--of", "us"],
        ["check-staffing", "--program", "P1"],
    ],
)
def test_bad_input_exits_two(db: str, args: list[str]) -> None:
    code, text = run(*args, "--db", db)
    assert code == 2, text
