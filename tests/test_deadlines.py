"""``allymap deadlines`` (DOMAIN.md, "Agreements, targets and obligations"): every open
obligation overdue or due within N days, with its agreement and owner, sorted by due date.
The rule runs on every store; the command on the embedded one."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from allymap.cli import app
from graphmodel.embedded import EmbeddedStore
from queries.deadlines import deadlines

T = "2026-11-22"

NODES = """id,type,name,due,done
meri,Company,Meridian,,
G1,Agreement,Halvorsen licence,,
G2,Agreement,Kestrel collaboration,,
ann,Person,Ann,,
bo,Person,Bo,,
late,Obligation,Notice of new program,2026-11-01,,
today,Obligation,Quarterly report,2026-11-22,,
soon,Obligation,Opt-in notice,2026-12-22,,
later,Obligation,Renewal notice,2026-12-23,,
done,Obligation,Annual report,2026-11-10,2026-11-09,
donelater,Obligation,Audit,2026-11-10,2026-12-01,
donetoday,Obligation,Payment,2026-11-15,2026-11-22,
orphan,Obligation,Unfiled notice,2026-11-30,,
two,Obligation,Joint notice,2026-11-30,,
"""

EDGES = """source,target,type,since,until
meri,G1,SIGNED,2020-01-01,2021-01-01
late,G1,UNDER,,
late,ann,OWNED_BY,,
today,G1,UNDER,,
soon,G2,UNDER,,
soon,ann,OWNED_BY,,2026-11-01
soon,bo,OWNED_BY,2026-11-01,
later,G2,UNDER,,
donelater,G2,UNDER,,
two,G2,UNDER,,
two,G1,UNDER,,
two,bo,OWNED_BY,,
two,ann,OWNED_BY,,
"""


def listed(report) -> list[tuple[str, str | None, str | None, str, str]]:
    return [(d.obligation, d.agreement, d.owner, d.due, d.status) for d in report.obligations]


def test_overdue_and_due_within_the_window_sorted_by_date_then_id(store, load) -> None:
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    report = deadlines(store, T, 30)
    assert listed(report) == [
        ("late", "G1", "ann", "2026-11-01", "overdue"),  # under an agreement no longer in force
        ("donelater", "G2", None, "2026-11-10", "overdue"),  # done only after t
        ("today", "G1", None, "2026-11-22", "due"),
        ("orphan", None, None, "2026-11-30", "due"),
        ("two", "G1", "ann", "2026-11-30", "due"),  # the smallest of several
        ("soon", "G2", "bo", "2026-12-22", "due"),  # the owner active on t
    ]
    assert report.to_json()["obligations"][0] == {
        "obligation": "late",
        "agreement": "G1",
        "owner": "ann",
        "due": "2026-11-01",
        "status": "overdue",
    }


def test_ahead_zero_lists_only_what_is_due_by_today(store, load) -> None:
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    assert [d.obligation for d in deadlines(store, T, 0).obligations] == [
        "late",
        "donelater",
        "today",
    ]


def test_looking_from_another_day(store, load) -> None:
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    # On 2026-11-09 the annual report was done that day; the owner of "soon" was ann then.
    assert listed(deadlines(store, "2026-10-31", 1)) == [
        ("late", "G1", "ann", "2026-11-01", "due"),
    ]
    found = {d.obligation: d for d in deadlines(store, "2026-10-31", 60).obligations}
    assert found["soon"].owner == "ann" and "done" in found


def test_no_obligations_no_deadlines(store, load) -> None:
    load(store, {"nodes.csv": "id,type,name\nmeri,Company,Meridian\n"})
    assert deadlines(store, T).obligations == []


def _db(tmp_path: Path) -> str:
    (tmp_path / "n.csv").write_text(NODES, encoding="utf-8")
    (tmp_path / "e.csv").write_text(EDGES, encoding="utf-8")
    from loaders import read_files

    path = tmp_path / "d.sqlite"
    with EmbeddedStore(path) as store:
        store.apply(read_files([tmp_path / "n.csv", tmp_path / "e.csv"]))
    return str(path)


def test_deadlines_command_json_and_exit_zero_even_when_overdue(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(
        app, ["deadlines", "--as-of", T, "--ahead", "0", "--db", db, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["as_of"], data["ahead"]) == (T, 0)
    assert [o["obligation"] for o in data["obligations"]] == ["late", "donelater", "today"]
    assert data["obligations"][0]["status"] == "overdue"


def test_deadlines_command_defaults_to_30_days_and_words_each_line(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(app, ["deadlines", "--as-of", T, "--db", db])
    assert result.exit_code == 0, result.output
    assert "30 day(s) ahead: 6 obligation(s)" in result.stdout
    assert "[overdue] 2026-11-01 late (Notice of new program): agreement G1, owner ann" in (
        result.stdout
    )
    data = json.loads(
        CliRunner().invoke(app, ["deadlines", "--as-of", T, "--db", db, "--format", "json"]).stdout
    )
    assert data["ahead"] == 30


def test_deadlines_command_refuses_a_negative_window_and_a_bad_date(tmp_path: Path) -> None:
    db = _db(tmp_path)
    assert CliRunner().invoke(app, ["deadlines", "--ahead", "-1", "--db", db]).exit_code == 2
    assert (
        CliRunner().invoke(app, ["deadlines", "--as-of", "2026-02-30", "--db", db]).exit_code == 2
    )
    missing = str(tmp_path / "none.sqlite")
    assert CliRunner().invoke(app, ["deadlines", "--db", missing]).exit_code == 2
    assert not Path(missing).exists()
