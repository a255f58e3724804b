"""A refused import lists every problem of every file together, those found while reading and
those only the store can see, grouped per file and kind in the report (capped, with a count),
and every one of them in JSON. Nothing is stored, on both stores."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from allymap.cli import app
from graphmodel.embedded import EmbeddedStore
from graphmodel.errors import ImportProblem, ImportRejected
from loaders import MAX_PROBLEMS

NODES = "id,type,name\nann,Person,Ann\nbob,Person,Bob\nmeri,Company,Meridian\n"
HEADER = "source,target,type,since,until\n"


def where(p: ImportProblem) -> tuple[str, int | None, str | None, str]:
    return (p.file, p.row, p.column, p.kind)


def test_date_errors_do_not_hide_missing_nodes(store, load, refused) -> None:
    load(store, {"nodes.csv": NODES})
    edges = HEADER + "ann,meri,EMPLOYED_BY,2024-02-30,\nann,zed,REPORTS_TO,,\n"
    problems = refused(store, {"edges.csv": edges})
    assert [where(p) for p in problems] == [
        ("edges.csv", 2, "since", "date"),
        ("edges.csv", 3, "target", "missing"),
    ]


def test_every_file_s_problems_are_listed(store, refused) -> None:
    files = {
        "nodes.csv": NODES + "cy,Persn,Cy\n",
        "a.csv": HEADER + "ann,meri,EMPLOYED_BY,2024-1-1,\n",
        "b.csv": HEADER + "bob,nobody,REPORTS_TO,,\nmeri,ann,EMPLOYED_BY,,\n",
        "c.csv": "who,what\n",
    }
    problems = refused(store, files)
    assert [where(p) for p in problems] == [
        ("nodes.csv", 5, "type", "type"),
        ("a.csv", 2, "since", "date"),
        ("c.csv", 1, None, "format"),
        ("b.csv", 2, "target", "missing"),
        ("b.csv", 3, "source", "ends"),
        ("b.csv", 3, "target", "ends"),
    ]


def test_an_edge_to_a_node_whose_row_was_refused_is_not_reported_twice(store, refused) -> None:
    files = {"nodes.csv": NODES + "cy,Persn,Cy\n", "e.csv": HEADER + "cy,ann,REPORTS_TO,,\n"}
    assert [where(p) for p in refused(store, files)] == [("nodes.csv", 5, "type", "type")]


def test_one_file_s_many_problems_do_not_crowd_out_another_s(store, refused) -> None:
    bad_dates = HEADER + "ann,bob,REPORTS_TO,2024-13-01,\n" * (MAX_PROBLEMS + 20)
    files = {"nodes.csv": NODES, "a.csv": bad_dates, "b.csv": HEADER + "ann,zed,REPORTS_TO,,\n"}
    problems = refused(store, files)
    a = [p for p in problems if p.file == "a.csv"]
    assert len(a) == MAX_PROBLEMS + 1 and a[-1].kind == "limit"
    assert "stopped reading" in a[-1].reason
    assert [where(p) for p in problems if p.file == "b.csv"] == [("b.csv", 2, "target", "missing")]


def test_grouped_report_per_file_and_kind_capped_with_a_count() -> None:
    problems = [ImportProblem("e.csv", r, "since", f"bad date {r}", "date") for r in range(2, 10)]
    problems += [
        ImportProblem("e.csv", 3, "target", "REPORTS_TO refers to 'zed'", "missing"),
        ImportProblem("n.csv", None, None, "the file is empty", "file"),
    ]
    err = ImportRejected(problems)
    assert [(g.file, g.kind, len(g.problems)) for g in err.groups()] == [
        ("e.csv", "date", 8),
        ("e.csv", "missing", 1),
        ("n.csv", "file", 1),
    ]
    assert err.report(per_group=3).splitlines() == [
        "Import refused, nothing was stored: 10 problems in 2 files.",
        "e.csv:",
        "  dates (8):",
        "    row 2, column 'since': bad date 2",
        "    row 3, column 'since': bad date 3",
        "    row 4, column 'since': bad date 4",
        "    ... and 5 more",
        "  references to nodes that exist nowhere (1):",
        "    row 3, column 'target': REPORTS_TO refers to 'zed'",
        "n.csv:",
        "  files that cannot be read (1):",
        "    the file is empty",
    ]


def test_groups_follow_the_kinds_order_and_rows() -> None:
    groups = ImportRejected(
        [
            ImportProblem("x.csv", 9, "a", "later", "missing"),
            ImportProblem("x.csv", 5, "b", "earlier", "missing"),
            ImportProblem("x.csv", 7, "c", "a date", "date"),
        ]
    ).groups()
    assert [(g.kind, [p.row for p in g.problems]) for g in groups] == [
        ("date", [7]),
        ("missing", [5, 9]),
    ]


def test_cli_prints_the_grouped_report_and_json_keeps_every_problem(tmp_path, csv_files) -> None:
    db = tmp_path / "r.sqlite"
    rows = "".join(f"ann,bob,REPORTS_TO,2024-02-{d},\n" for d in range(30, 50))
    files = csv_files({"nodes.csv": NODES, "e.csv": HEADER + rows + "ann,zed,INFLUENCES,,\n"})
    runner = CliRunner()
    text = runner.invoke(app, ["import", *map(str, files), "--db", str(db)])
    assert text.exit_code == 2 and text.stdout == ""
    assert "21 problems in 1 file" in text.stderr
    assert "  dates (20):" in text.stderr and "    ... and 15 more" in text.stderr
    assert "  references to nodes that exist nowhere (1):" in text.stderr
    result = runner.invoke(app, ["import", *map(str, files), "--db", str(db), "--format", "json"])
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["refused"] is True and len(out["problems"]) == 21
    assert out["problems"][-1] == {
        "file": "e.csv",
        "row": 22,
        "column": "target",
        "reason": "INFLUENCES refers to 'zed', which is not a known node",
        "kind": "missing",
    }
    with EmbeddedStore(db) as s:
        assert s.all_records() == ([], [])
