"""The ``allymap`` command line.

Exit codes (DOMAIN.md): 0 done and nothing blocked, 1 a check found something that blocks,
2 bad input or usage. Every error a user can cause is an :class:`AllymapError` with a message
written for them; it is printed on stderr, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.errors import AllymapError, ImportRejected, printable
from graphmodel.model import Edge, Node, parse_date
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore

__all__ = ["app", "main"]

PROGRESS_THRESHOLD = 5000
"""Show a progress bar when an import reads or writes more records than this."""
SAMPLE = 10
"""Records of each kind listed by ``import --dry-run``."""
LISTED = 100
"""Relationships a snapshot closes (or keeps) listed in the text summary (JSON lists all)."""


def _app_help() -> str:
    """The top-level help, with the vocabulary read from the schema (never retyped)."""
    nodes = ", ".join(SCHEMA.node_types)
    edges = []
    for name, et in SCHEMA.edge_types.items():
        arrow = "--" if et.symmetric else "->"
        ends = f"{'/'.join(et.sources)} {arrow} {'/'.join(et.targets)}"
        props = f" [{', '.join(p.name for p in et.properties)}]" if et.properties else ""
        edges.append(f"  {name}: {ends}{props}")
    aliases = ", ".join(
        f"{a} (stored as {ref.name}{' reversed' if ref.reverse else ''})"
        for a, ref in SCHEMA.aliases.items()
    )
    return "\n".join(
        [
            "Map an alliance portfolio as a graph and check teams for firewall and "
            "conflict-of-interest problems before staffing them.",
            "",
            "The embedded database is a per-user file unless --db or ALLYMAP_DB says otherwise; "
            "--neo4j URI uses a Neo4j server (NEO4J_USER / NEO4J_PASSWORD).",
            "",
            f"Node types: {nodes}.",
            "",
            "Relationship types (type names are case-insensitive in CSV files):",
            "",
            "\b",  # click: do not rewrap the next paragraph
            *edges,
            f"  also accepted on import: {aliases}",
            "",
            "Exit codes: 0 done and nothing blocks, 1 a check found something that blocks, "
            "2 bad input or usage.",
        ]
    )


app = typer.Typer(
    name="allymap",
    help=_app_help(),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _root() -> None:
    # A callback makes typer keep `allymap import ...` a sub-command even while it is the
    # only one, so the command line does not change shape as commands are added.
    pass


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``message`` on stderr and exit (2: bad input or usage)."""
    _err.print(message, markup=False)
    raise typer.Exit(code)


def open_store_or_fail(db: str | None, neo4j: str | None) -> GraphStore:
    from allymap.config import open_store

    try:
        return open_store(db=db, neo4j=neo4j)
    except AllymapError as err:
        fail(str(err))


DB_OPTION = typer.Option(
    None, "--db", metavar="PATH", help="Embedded database file (default: ALLYMAP_DB or per-user)."
)
NEO4J_OPTION = typer.Option(
    None, "--neo4j", metavar="URI", help="Use the Neo4j server at URI instead of the file."
)
FORMAT_OPTION = typer.Option(OutputFormat.text, "--format", help="Output: text or json.")


# ---- import ------------------------------------------------------------------------------


@app.command("import")
def import_command(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE",
        help="CSV files: generic nodes/edges, neo4j-admin, HR export or committee roster.",
        show_default=False,
    ),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Check the files and show what would change; store nothing."
    ),
    effective: str | None = typer.Option(
        None,
        "--effective",
        metavar="DATE",
        help="The day HR exports and committee rosters describe (YYYY-MM-DD; default today): "
        "what they no longer contain ends the day before.",
    ),
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Import CSV files into the database: all of them, or (on any problem) nothing.

    A re-import changes only what the files say: an empty cell or a missing column keeps the
    stored value, and an `until` column is taken as it is (a re-export that closes a
    relationship closes it). HR exports and committee rosters are snapshots: the employers,
    managers and seats of the people and committees they list that no file contains are closed
    the day before --effective. Importing the same files again changes nothing.
    """
    from loaders import display_names, file_format, read_files

    try:
        day = parse_date(effective) if effective is not None else None
    except ValueError:
        fail(f"--effective {effective!r} is not a date in the form YYYY-MM-DD.")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        fail(
            "allymap import: "
            + "; ".join(f"{m}: no such file" for m in missing)
            + ". Nothing was imported."
        )
    with _busy("Reading and checking the files…", files):
        batch = read_files(files)
    store = open_store_or_fail(db, neo4j)
    try:
        try:
            plan = store.plan(batch, day)
        except ImportRejected as err:
            _refused(err, output)
        if not dry_run and not plan.is_noop:
            _write(store, plan)
        names = display_names(files)
        formats = {n: file_format(f) for n, f in zip(names, files, strict=True)}
        summary = _summary(batch, plan, formats, dry_run, store)
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    if output is OutputFormat.json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        typer.echo(_summary_text(summary))


class _busy:
    """A spinner on stderr while big files are read (nothing for small ones)."""

    def __init__(self, message: str, files: list[Path]) -> None:
        size = sum(f.stat().st_size for f in files)
        self._status = _err.status(message) if size > 1_000_000 else None

    def __enter__(self) -> None:
        if self._status is not None:
            self._status.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(None, None, None)


def _refused(err: ImportRejected, output: OutputFormat) -> NoReturn:
    if output is OutputFormat.json:
        problems = [
            {"file": p.file, "row": p.row, "column": p.column, "reason": p.reason, "kind": p.kind}
            for p in err.problems
        ]
        typer.echo(json.dumps({"refused": True, "problems": problems}, ensure_ascii=False))
    fail(err.report())


def _write(store: GraphStore, plan: ImportPlan) -> None:
    total = sum(
        len(x) for x in (plan.nodes_added, plan.nodes_changed, plan.edges_added, plan.edges_changed)
    )
    if total <= PROGRESS_THRESHOLD:
        store.write(plan)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_err, transient=False) as bar:
        task = bar.add_task("Writing", total=total)
        store.write(plan, lambda done, _total: bar.update(task, completed=done))


def _node_text(n: Node) -> str:
    return f"{n.type} {n.id} ({n.name})"


def _edge_text(e: Edge) -> str:
    arrow = "--" if SCHEMA.edge_types[e.type].symmetric else "->"
    dates = ""
    if e.since or e.until:
        dates = f" [{e.since or '…'} to {e.until or 'open'}]"
    return f"{e.source} {arrow}{e.type}{arrow} {e.target}{dates}"


def _edge_json(e: Edge) -> dict[str, str]:
    return {
        "type": e.type,
        "source": e.source,
        "target": e.target,
        "since": e.since,
        "until": e.until,
    }


def _summary(
    batch: ImportBatch,
    plan: ImportPlan,
    formats: dict[str, str | None],
    dry_run: bool,
    store: GraphStore,
) -> dict[str, Any]:
    nodes_per_file = Counter(file for file, _ in batch.node_origin.values())
    edges_per_file = Counter(file for file, _ in batch.edge_origin.values())
    out: dict[str, Any] = {
        "dry_run": dry_run,
        "stored": not dry_run and not plan.is_noop,
        "store": repr(store),
        "files": [
            {
                "file": name,
                "format": formats.get(name),
                "nodes": nodes_per_file.get(name, 0),
                "edges": edges_per_file.get(name, 0),
            }
            for name in batch.files
        ],
        "counts": plan.counts(),
        "effective": plan.effective or None,
        "closed": [_edge_json(e) for e in plan.closed],
        "kept": [_edge_json(e) for e in plan.kept],
    }
    if dry_run:
        out["sample"] = {
            "nodes_added": [_node_text(n) for n in plan.nodes_added[:SAMPLE]],
            "nodes_changed": [_node_text(n) for n in plan.nodes_changed[:SAMPLE]],
            "edges_added": [_edge_text(e) for e in plan.edges_added[:SAMPLE]],
            "edges_changed": [_edge_text(e) for e in plan.edges_changed[:SAMPLE]],
        }
    return out


def _summary_text(summary: dict[str, Any]) -> str:
    c = summary["counts"]
    lines = []
    for f in summary["files"]:
        how = f" as {f['format']}" if f["format"] else ""
        lines.append(f"{f['file']}{how}: {f['nodes']} node(s), {f['edges']} relationship(s)")
    lines.append(
        f"Nodes: {c['nodes_added']} added, {c['nodes_changed']} changed, "
        f"{c['nodes_unchanged']} unchanged"
    )
    closing = (
        f" ({len(summary['closed'])} of them closed by a snapshot)" if summary["closed"] else ""
    )
    lines.append(
        f"Relationships: {c['edges_added']} added, {c['edges_changed']} changed{closing}, "
        f"{c['edges_unchanged']} unchanged"
    )
    verb = "would close" if summary["dry_run"] else "closed"
    for key, label in (
        ("closed", f"The snapshot as of {summary['effective']} {verb} what no file contains"),
        ("kept", "Not closed, because they start on or after that day"),
    ):
        items = summary[key]
        if items:
            lines.append(f"{label}:")
            lines.extend(f"  {_edge_text(Edge(**e))}" for e in items[:LISTED])
            if len(items) > LISTED:
                lines.append(f"  ... and {len(items) - LISTED} more (--format json lists them all)")
    if summary["dry_run"]:
        lines.append("Dry run: nothing was stored.")
        labels = {
            "nodes_added": "Nodes to add",
            "nodes_changed": "Nodes to change",
            "edges_added": "Relationships to add",
            "edges_changed": "Relationships to change (until or properties)",
        }
        for key, items in summary["sample"].items():
            total = c[key]
            if not items:
                continue
            more = f" (first {len(items)} of {total})" if total > len(items) else ""
            lines.append(f"{labels[key]}{more}:")
            lines.extend(f"  {item}" for item in items)
    elif summary["stored"]:
        lines.append("Stored.")
    else:
        lines.append("Nothing to change: the database already holds all of this.")
    return "\n".join(map(printable, lines))


# ---- check-staffing, conflicts, partner, serve ---------------------------------------------

AS_OF_OPTION = typer.Option(
    None, "--as-of", metavar="DATE", help="Check as of this day (YYYY-MM-DD; default today)."
)


def _as_of(text: str | None) -> str | None:
    if text is None:
        return None
    from graphmodel.model import parse_date

    try:
        return parse_date(text)
    except ValueError:
        fail(f"--as-of {text!r} is not a date in the form YYYY-MM-DD.")


def _hops(k: int | None) -> int | None:
    if k is not None and not 0 <= k <= 6:
        fail(f"--hops {k}: give a number of person-to-person hops from 0 to 6.")
    return k


def _emit(data: dict[str, Any], output: OutputFormat, text: str) -> None:
    if output is OutputFormat.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(text)


def _findings_text(findings: list[Any], indent: str = "  ") -> list[str]:
    lines = []
    for f in findings:
        mark = "BLOCKS" if f.blocks else "review"
        lines.append(f"{indent}[{mark}] {f.kind}: {f.explanation}")
        lines.append(f"{indent}    path: {' -> '.join(f.path)}")
    return lines


@app.command("check-staffing")
def check_staffing_command(
    program: str = typer.Option(..., "--program", metavar="ID", help="The program to staff."),
    people: str = typer.Option(
        ..., "--people", metavar="ID[,ID...]", help="Candidate person ids, comma-separated."
    ),
    as_of: str | None = AS_OF_OPTION,
    hops: int = typer.Option(2, "--hops", metavar="K", help="Person-to-person hops for exposure."),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Check candidates for a program BEFORE staffing them: clear, review or blocked each.

    Exits 1 when any candidate is blocked (firewall breach or cooling-off).
    """
    from queries.staffing import check_staffing

    day, k = _as_of(as_of), _hops(hops)
    store = open_store_or_fail(db, neo4j)
    try:
        report = check_staffing(store, program, people.split(","), day, k or 0)
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    lines = [f"Staffing check for {report.program} as of {report.as_of}:"]
    for c in report.candidates:
        lines.append(f"{c.person}: {c.status}")
        lines += _findings_text(c.findings)
    _emit(report.to_json(), output, "\n".join(lines))
    raise typer.Exit(1 if report.blocked else 0)


@app.command("conflicts")
def conflicts_command(
    as_of: str | None = AS_OF_OPTION,
    hops: int | None = typer.Option(
        None, "--hops", metavar="K", help="Also report indirect exposure within K hops."
    ),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Scan the whole portfolio: every current firewall breach, cooling-off and conflict of
    interest (and indirect exposure with --hops K). Exits 1 when anything blocks."""
    from queries.conflicts import scan

    day, k = _as_of(as_of), _hops(hops)
    store = open_store_or_fail(db, neo4j)
    try:
        report = scan(store, day, k)
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    counts = Counter(f.kind for f in report.findings)
    lines = [f"Conflicts as of {report.as_of}: {len(report.findings)} finding(s)"]
    lines += [f"  {kind}: {n}" for kind, n in sorted(counts.items())]
    lines += _findings_text(report.findings)
    _emit(report.to_json(), output, "\n".join(lines))
    raise typer.Exit(1 if report.blocked else 0)


@app.command("partner")
def partner_command(
    company: str = typer.Argument(..., metavar="Z", help="The partner company id."),
    of: str = typer.Option(..., "--of", metavar="U", help="Our company id."),
    as_of: str | None = AS_OF_OPTION,
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Every relationship between the partner's corporate group and ours, and whether
    competing coexists with allying or trading (tension)."""
    from queries.partner import partner_view

    day = _as_of(as_of)
    store = open_store_or_fail(db, neo4j)
    try:
        report = partner_view(store, company, of, day)
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    lines = [f"{report.company} and {report.of} as of {report.as_of}:"]
    for r in report.relationships:
        extra = ", ".join(f"{k}={v}" for k, v in r.details.items() if v not in ("", None))
        lines.append(f"  {r.kind}: {' -> '.join(r.via)}" + (f" ({extra})" if extra else ""))
    if not report.relationships:
        lines.append("  no active relationship")
    lines.append(f"tension: {'yes' if report.tension else 'no'}")
    _emit(report.to_json(), output, "\n".join(lines))


@app.command("serve")
def serve_command(
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    port: int = typer.Option(8501, "--port", help="Port to listen on."),
    address: str = typer.Option("127.0.0.1", "--address", help="Address to listen on."),
) -> None:
    """Open the browser app (Streamlit) on the current store."""
    from allymap.serve import serve

    typer.echo(f"allymap: serving on http://{address}:{port} (Ctrl-C to stop)", err=True)
    raise typer.Exit(serve(db=db, neo4j=neo4j, port=port, address=address))


def main() -> None:
    """Console-script entry point: usage errors exit 2 (click), user errors exit 2."""
    try:
        app()
    except AllymapError as err:  # anything a command did not catch itself
        _err.print(str(err), markup=False)
        sys.exit(2)
