"""The ``allymap`` command line.

Exit codes (DOMAIN.md): 0 done and nothing blocked, 1 a check found something that blocks,
2 bad input or usage (a database that is missing, unreadable or not allymap's included), 3 an
internal error. Scripts read 1 as "blocked", so nothing else may ever exit 1: every command
runs inside :class:`_Guarded`, which turns whatever escapes a command into 2 (an
:class:`AllymapError`, whose message is written for the user), 3 (anything else: one line of
words, the traceback only with ``--debug`` or ``ALLYMAP_DEBUG=1``), 130 (Ctrl-C), 143
(SIGTERM) or 141 (the reader of the output went away, as in ``allymap ... | head -1``).

Text from data (names, ids, paths in messages) is printed through
:func:`graphmodel.errors.printable` and JSON through :func:`allymap.terminal.json_text`, so a
name cannot send control sequences to the terminal.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup

from allymap.terminal import json_text, printable_lines
from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.decisions import Decision
from graphmodel.errors import AllymapError, ImportRejected, printable
from graphmodel.model import Edge, Node, parse_date
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore
from graphmodel.vocabulary import COMPANY, PERSON, PROGRAM

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
            EXIT_CODES,
        ]
    )


EXIT_CODES = (
    "Exit codes: 0 done and nothing blocks; 1 a check found something that blocks; 2 bad "
    "input or usage, including a database that is missing, empty, unreadable or not "
    "allymap's (commands that only read never create one); 3 an internal error (a bug: one "
    "line on stderr, the traceback with --debug or ALLYMAP_DEBUG=1). Stopped: 130 (Ctrl-C), "
    "143 (SIGTERM), 141 (the output pipe was closed)."
)


_EXIT_1 = (
    "allymap: internal error (exit code 1 without a finding that blocks). This is a bug in "
    "allymap; please report it."
)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread (see :func:`main`): an open import transaction is
    rolled back on the way out, as for Ctrl-C, and the exit code is 143 instead of a kill."""


class _State:
    debug = False
    blocked = False  # set by blocked_exit: the one way to exit 1


def _debug_from_env() -> bool:
    return os.environ.get("ALLYMAP_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def _say(message: str) -> None:
    """A message on stderr, control characters escaped; never raises (stderr may be gone)."""
    with suppress(OSError, ValueError):
        typer.echo(printable_lines(message), err=True)


def _out(text: str) -> None:
    """``text`` and a newline on stdout, all of it or a BrokenPipeError. (With an unbuffered
    stdout, PYTHONUNBUFFERED=1 as in many containers, a text write that the pipe takes only
    in part drops the rest without a word: a truncated report that looks complete.)"""
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None:
        typer.echo(text)
        return
    stream.flush()
    data = memoryview((text + "\n").encode(stream.encoding or "utf-8", "backslashreplace"))
    while data:
        written = binary.write(data)
        if written is None:  # a non-blocking stdout that is full for now
            time.sleep(0.001)
            continue
        data = data[written:]
    binary.flush()


def _quiet_stdout() -> None:
    """After the reader of our output went away: send what is still buffered to /dev/null,
    so that Python's own flush at exit does not print "Exception ignored ... BrokenPipe"."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _exit_code_for(err: BaseException) -> int:
    """Report what ended a command and return its exit code: never 1, which means blocked."""
    if isinstance(err, SystemExit):
        code = err.code if isinstance(err.code, int) else 0 if err.code is None else 3
        if code == 1:
            _say(_EXIT_1)
            return 3
        return code
    if isinstance(err, BrokenPipeError):  # `allymap conflicts | head -1`: nobody reads on
        _quiet_stdout()
        return 141
    if isinstance(err, Terminated):
        _say("allymap: stopped (SIGTERM).")
        return 143
    if isinstance(err, KeyboardInterrupt):
        _say("allymap: interrupted.")
        return 130
    if _State.debug:
        _say("".join(traceback.format_exception(err)).rstrip())
    if isinstance(err, AllymapError):
        _say(str(err))
        return 2
    words = " ".join(str(err).split())
    words = f": {words[:300]}{'…' if len(words) > 300 else ''}" if words else ""
    how = (
        "with the traceback above"
        if _State.debug
        else "run it again with --debug (or ALLYMAP_DEBUG=1) for the traceback"
    )
    _say(
        f"allymap: internal error ({type(err).__name__}{words}). This is a bug in allymap, not "
        f"a problem with your data or command; please report it, {how}."
    )
    return 3


def _usage_error(err: BaseException) -> bool:
    """typer's usage errors (click's ClickException, in whichever copy of click typer uses):
    they know their exit code, 2, and how to show themselves."""
    return callable(getattr(err, "show", None)) and isinstance(getattr(err, "exit_code", None), int)


class _Guarded(TyperGroup):
    """The command group: whatever escapes a command becomes a DOMAIN.md exit code, both for
    the console script and for ``CliRunner`` (which calls :meth:`main` too)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise  # deliberate exits: typer reports them
        except BaseException as err:
            if _usage_error(err):
                raise  # typer shows it, exit code 2
            raise typer.Exit(_exit_code_for(err)) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        _State.debug, _State.blocked = _debug_from_env(), False
        try:
            code = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except typer.Abort:
            code = 130
        except BaseException as err:  # a usage error, or something outside any command
            if _usage_error(err):
                with suppress(OSError, ValueError):
                    err.show()  # type: ignore[attr-defined]
                code = err.exit_code  # type: ignore[attr-defined]
            else:
                code = _exit_code_for(err)
        code = code if isinstance(code, int) else 0
        if code == 1 and not _State.blocked:  # 1 means "blocked": nothing else may say it
            _say(_EXIT_1)
            code = 3
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="allymap",
    cls=_Guarded,
    help=_app_help(),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def _show_version(value: bool) -> None:
    if value:
        from allymap import __version__

        _out(f"allymap {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: bool = typer.Option(
        False,
        "--debug",
        help="On an internal error (exit code 3), also print the traceback (or ALLYMAP_DEBUG=1).",
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_show_version,
        is_eager=True,
        help="Print allymap's version and exit.",
    ),
) -> None:
    # A callback makes typer keep `allymap import ...` a sub-command even while it is the
    # only one, so the command line does not change shape as commands are added.
    _State.debug = debug or _debug_from_env()


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``message`` on stderr (control characters escaped) and exit (2: bad input or
    usage)."""
    _say(message)
    raise typer.Exit(code)


def blocked_exit(blocked: bool) -> NoReturn:
    """Exit 1 when a check found something that blocks, else 0: the only way to exit 1."""
    _State.blocked = blocked
    raise typer.Exit(1 if blocked else 0)


def _check_store_options(db: str | None, neo4j: str | None) -> None:
    """An empty --db or --neo4j (a script's unset variable) must not mean the default."""
    if db is not None and neo4j is not None:
        fail("Give either --db PATH (the embedded file) or --neo4j URI (a Neo4j server), not both.")
    if db is not None and not db.strip():
        fail("--db: the path is empty. Give the database file, or leave --db out for the default.")
    if neo4j is not None and not neo4j.strip():
        fail("--neo4j: the address is empty. Give one such as bolt://localhost:7687.")


def open_store_or_fail(db: str | None, neo4j: str | None, *, create: bool = False) -> GraphStore:
    """The store a command asked for (``create``: see :func:`allymap.config.open_store`;
    False for every command that only reads); exits 2 with words when there is none to use."""
    from allymap.config import open_store

    _check_store_options(db, neo4j)
    try:
        return open_store(db=db, neo4j=neo4j, create=create)
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
    store = open_store_or_fail(db, neo4j, create=True)  # a dry run writes nothing even so
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
        if not dry_run:  # a dry run never writes, not even to the audit trail
            _record_import(store, files, names, plan, day)
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    if output is OutputFormat.json:
        _out(json_text(summary))
    else:
        _out(_summary_text(summary))  # each line made printable


def _record_decision(store: GraphStore, d: Decision) -> None:
    """A decision stored by ``allymap decide``, in the audit trail as the OS user."""
    from allymap.audittrail import cli_user

    detail = {
        "kind": d.kind,
        "person": d.person,
        "subject": list(d.subject),
        "decision": d.decision,
        "decided_by": d.decided_by,
        "since": d.since,
        "until": d.until,
    }
    try:
        store.append_audit(cli_user(), "decision", detail)
    except (AllymapError, OSError) as err:
        _say(f"allymap: the decision was stored, but the audit trail could not record it: {err}")


def _record_import(
    store: GraphStore, files: list[Path], names: list[str], plan: ImportPlan, day: str | None
) -> None:
    """The import in the audit trail, as the OS user; an import that changed nothing too
    (the files were looked at)."""
    from allymap.audittrail import cli_user, file_detail, import_detail

    details = [file_detail(n, f.read_bytes()) for n, f in zip(names, files, strict=True)]
    try:
        store.append_audit(cli_user(), "import", import_detail(details, plan.counts(), day))
    except (AllymapError, OSError) as err:
        _say(f"allymap: the import was stored, but the audit trail could not record it: {err}")


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
        _out(json_text({"refused": True, "problems": problems}, indent=None))
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
    if "decisions_added" in c:
        lines.append(
            f"Decisions: {c['decisions_added']} added, {c['decisions_changed']} changed, "
            f"{c['decisions_unchanged']} unchanged"
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


def _emit(data: dict[str, Any], output: OutputFormat, lines: list[str]) -> None:
    """JSON, or the text lines, each escaped on its own: a newline inside a name cannot forge
    a line of output."""
    if output is OutputFormat.json:
        _out(json_text(data))
    else:
        _out("\n".join(printable(line) for line in lines))


LIST_HELP = (
    "Ids or names: repeat the option (--people p1 --people 'Dana Ruiz'), or separate them with "
    "commas (--people p1,p2); an id or a name that contains a comma goes in double quotes, "
    """--people '"Okonkwo, Margaret",p2'."""
)


def _items(values: Sequence[str], option: str) -> list[str]:
    """The ids or names of a list option: every value given (the option may be repeated),
    each read as one CSV row (commas separate, double quotes keep a comma inside an item);
    blanks ignored, each once; at least one."""
    import csv

    items: list[str] = []
    for value in values:
        try:
            rows = list(csv.reader([value], skipinitialspace=True, strict=True))
        except csv.Error as err:
            fail(f"{option} {value!r}: {err}. {LIST_HELP}")
        items += [part.strip() for row in rows for part in row if part.strip()]
    if not items:
        shown = " ".join(values)
        fail(f"{option} {shown!r}: give at least one id or name. {LIST_HELP}")
    return list(dict.fromkeys(items))


def named(node: Node) -> str:
    """A node in text output: its name with its id in brackets (printed through
    :func:`printable` with the rest of the line)."""
    return f"{node.name} [{node.id}]" if node.name and node.name != node.id else f"[{node.id}]"


def _resolve(store: GraphStore, text: str, types: Sequence[str], option: str) -> Node:
    """One id argument, by id or unique name (:func:`queries.names.resolve`): exit 2 with the
    closest matches otherwise."""
    from queries.names import Unresolved, resolve

    try:
        return resolve(store, text, types, option)
    except Unresolved as err:
        fail(str(err))


def _resolve_all(
    store: GraphStore, texts: Sequence[str], types: Sequence[str], option: str
) -> list[Node]:
    from queries.names import Unresolved, resolve_all

    try:
        return resolve_all(store, texts, types, option)
    except Unresolved as err:
        fail(str(err))


def _names(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """id -> "name [id]" for the ids of a path, for text output."""
    found = store.existing_nodes(list(dict.fromkeys(ids)))
    return {i: named(n) for i, n in found.items()}


def _findings_text(
    findings: list[Any], names: Mapping[str, str] | None = None, indent: str = "  "
) -> list[str]:
    """Findings in text output, their paths as names with ids (``names``: id -> text)."""
    shown = names or {}
    lines = []
    for f in findings:
        mark = "BLOCKS" if f.blocks else "review"
        d = f.decision
        if d is not None:
            mark = f"{d.decision}: {mark.lower()}"
        lines.append(f"{indent}[{mark}] {f.kind}: {f.explanation}")
        lines.append(f"{indent}    path: {' -> '.join(shown.get(i, i) for i in f.path)}")
        if d is not None:
            until = f" until {d.until}" if d.until else ""
            lines.append(
                f"{indent}    {d.decision} by {d.decided_by} since {d.since}{until}: {d.reason}"
            )
    return lines


@app.command("check-staffing")
def check_staffing_command(
    program: str | None = typer.Option(
        None, "--program", metavar="ID|NAME", help="The program to staff: its id or its name."
    ),
    committee: str | None = typer.Option(
        None,
        "--committee",
        metavar="ID|NAME",
        help="The committee with a seat to fill (JSC...): its id or its name.",
    ),
    people: list[str] = typer.Option(
        ..., "--people", metavar="ID[,ID...]", help="The candidates. " + LIST_HELP
    ),
    leaving: str | None = typer.Option(
        None,
        "--leaving",
        metavar="ID[,ID...]",
        help="Programs or committees the candidates leave the day before (their edges end then).",
    ),
    as_of: str | None = AS_OF_OPTION,
    hops: int = typer.Option(2, "--hops", metavar="K", help="Person-to-person hops for exposure."),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Check candidates for a program, or for a seat on a committee, BEFORE staffing them:
    clear, review or blocked each, and for one blocked only by cooling-off the day they are
    clear from. Findings with an active decision (waived, accepted) do not count.

    Exits 1 when any candidate is blocked (an undecided firewall breach or cooling-off), 2 when
    there is no allymap data to check against.

    Examples: allymap check-staffing --committee c-onc1-jsc --people p-dana-ruiz;
    allymap check-staffing --program prog-onc7 --people p-ana --leaving prog-onc1
    """
    from graphmodel.vocabulary import COMMITTEE
    from queries.staffing import check_staffing

    if (program is None) == (committee is None):
        fail("check-staffing: give either --program ID or --committee ID (one of them).")
    seat_arg, seat_type = (program, PROGRAM) if program is not None else (committee, COMMITTEE)
    assert seat_arg is not None
    option = "--program" if seat_type == PROGRAM else "--committee"
    day, k, wanted = _as_of(as_of), _hops(hops), _items(people, "--people")
    leaving_wanted = _items([leaving], "--leaving") if leaving is not None else []
    store = open_store_or_fail(db, neo4j)
    try:
        seat = _resolve(store, seat_arg, [seat_type], option)
        candidates = [n.id for n in _resolve_all(store, wanted, [PERSON], "--people")]
        gone = [
            n.id for n in _resolve_all(store, leaving_wanted, [PROGRAM, COMMITTEE], "--leaving")
        ]
        report = check_staffing(
            store, seat.id, candidates, day, k or 0, seat_type=seat_type, leaving=gone
        )
        names = _names(
            store,
            [
                report.program,
                *candidates,
                *(i for c in report.candidates for f in c.findings for i in f.path),
            ],
        )
    finally:
        store.close()
    what = "committee seat on" if seat_type == COMMITTEE else "program"
    lines = [
        f"Staffing check for {what} {names.get(report.program, report.program)} "
        f"as of {report.as_of}:"
    ]
    for c in report.candidates:
        clear = f" (clear from {c.clear_from})" if c.clear_from else ""
        lines.append(f"{names.get(c.person, c.person)}: {c.status}{clear}")
        lines += _findings_text(c.findings, names)
    _emit(report.to_json(), output, lines)
    blocked_exit(report.blocked)


@app.command("conflicts")
def conflicts_command(
    as_of: str | None = AS_OF_OPTION,
    hops: int | None = typer.Option(
        None, "--hops", metavar="K", help="Also report indirect exposure within K hops."
    ),
    open_only: bool = typer.Option(
        False, "--open", help="Leave out findings a decision (waived, accepted) counts for."
    ),
    ahead: int | None = typer.Option(
        None, "--ahead", metavar="N", help="Also list what starts to hold in the next N days."
    ),
    changes_since: str | None = typer.Option(
        None,
        "--changes-since",
        metavar="D",
        help="Also list what is new and what was resolved since day D (before --as-of).",
    ),
    summary: bool = typer.Option(
        False,
        "--summary",
        help="Instead of every finding: counts per firewall and alliance (open, decided) and "
        "one page of indirect exposures, nearest and most influential first.",
    ),
    page: int = typer.Option(1, "--page", metavar="N", help="With --summary: which page."),
    per_page: int = typer.Option(
        50, "--per-page", metavar="M", help="With --summary: exposures per page."
    ),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Scan the whole portfolio: every current firewall breach, cooling-off, conflict of
    interest, contract conflict and missing firewall (and indirect exposure with --hops K),
    each with the decision that counts for it. Exits 1 when an undecided finding blocks
    (contract conflicts and missing firewalls are for review), 2 when there is no allymap data
    to scan.

    Examples: allymap conflicts --hops 2 --open; allymap conflicts --ahead 90;
    allymap conflicts --changes-since 2026-11-01
    """
    from graphmodel.model import today
    from queries.conflicts import scan

    day, k = _as_of(as_of), _hops(hops)
    if ahead is not None and not 1 <= ahead <= 3660:
        fail(f"--ahead {ahead}: give a number of days from 1 to 3660.")
    since = None
    if changes_since is not None:
        try:
            since = parse_date(changes_since)
        except ValueError:
            fail(f"--changes-since {changes_since!r} is not a date in the form YYYY-MM-DD.")
        if not since < (day or today()):
            fail(f"--changes-since {since}: give a day before {day or today()} (the as-of day).")
    if summary:
        if ahead is not None or since is not None:
            fail("--summary: give it without --ahead and --changes-since.")
        _conflicts_summary(db, neo4j, day, k, page, per_page, open_only, output)
    store = open_store_or_fail(db, neo4j)
    try:
        report = scan(store, day, k, ahead=ahead, changes_since=since)
        every = [*report.findings, *(report.upcoming or ()), *(report.new or ())]
        every += report.resolved or ()
        names = _names(store, (i for f in every for i in f.path))
    finally:
        store.close()
    if open_only:
        report = report.open_only()
    counts = Counter(f.kind for f in report.findings)
    decided = sum(1 for f in report.findings if not f.open)
    lines = [
        f"Conflicts as of {report.as_of}: {len(report.findings)} finding(s)"
        + (f", {decided} of them decided" if decided else "")
    ]
    lines += [f"  {kind}: {n}" for kind, n in sorted(counts.items())]
    lines += _findings_text(report.findings, names)
    if report.upcoming is not None:
        lines.append(f"Coming up in the next {report.ahead} days: {len(report.upcoming)}")
        for f in report.upcoming:
            lines.append(f"  from {f.starts}:")
            lines += _findings_text([f], names, "    ")
    if report.new is not None and report.resolved is not None:
        lines.append(f"New since {report.since}: {len(report.new)}")
        lines += _findings_text(report.new, names)
        lines.append(f"Resolved since {report.since}: {len(report.resolved)}")
        lines += _findings_text(report.resolved, names)
    _emit(report.to_json(), output, lines)
    blocked_exit(report.blocked)


def _conflicts_summary(
    db: str | None,
    neo4j: str | None,
    day: str | None,
    k: int | None,
    page: int,
    per_page: int,
    open_only: bool,
    output: OutputFormat,
) -> NoReturn:
    """``conflicts --summary``: exits as ``conflicts`` would (1 when anything open blocks)."""
    from queries.conflicts import summary

    if page < 1 or not 1 <= per_page <= 1000:
        fail("--page starts at 1 and --per-page is from 1 to 1000.")
    store = open_store_or_fail(db, neo4j)
    try:
        result = summary(store, day, k, page, per_page, open_only)
    finally:
        store.close()
    lines = [
        f"Conflicts as of {result.as_of}: {result.total} finding(s), {result.open} open, "
        f"{result.decided} decided"
    ]
    for kind, c in sorted(result.by_kind.items()):
        lines.append(f"  {kind}: {c['open']} open, {c['decided']} decided")
    lines.append("By firewall and alliance:")
    for g in result.groups:
        counts = ", ".join(
            f"{kind} {c['open']}+{c['decided']}" for kind, c in sorted(g.counts.items())
        )
        lines.append(
            f"  {g.by} {'/'.join(g.subject)}: {g.open} open, {g.decided} decided ({counts})"
        )
    lines.append(
        f"Indirect exposures, nearest and most influential first: page {result.page} of "
        f"{result.pages} ({result.exposures_total} in all)"
    )
    lines += _findings_text(result.exposures)
    _emit(result.to_json(), output, lines)
    blocking = any(c["open"] for kind, c in result.by_kind.items() if kind in _blocking_kinds())
    blocked_exit(blocking)


def _blocking_kinds() -> frozenset[str]:
    from queries.rules import BLOCKING_KINDS

    return BLOCKING_KINDS


@app.command("deadlines")
def deadlines_command(
    as_of: str | None = AS_OF_OPTION,
    ahead: int = typer.Option(
        30, "--ahead", metavar="N", help="Also list what falls due within N days (default 30)."
    ),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Contractual deadlines: every open obligation that is overdue or due within N days, with
    its agreement and owner, sorted by due date. Exits 0 (2 when there is no allymap data)."""
    from queries.deadlines import deadlines

    day = _as_of(as_of)
    if ahead < 0:
        fail(f"--ahead {ahead}: give a number of days, 0 or more.")
    store = open_store_or_fail(db, neo4j)
    try:
        report = deadlines(store, day, ahead)
    finally:
        store.close()
    lines = [
        f"Deadlines as of {report.as_of}, {report.ahead} day(s) ahead: "
        f"{len(report.obligations)} obligation(s)"
    ]
    for d in report.obligations:
        lines.append(
            f"  [{d.status}] {d.due} {d.obligation} ({d.name}): agreement {d.agreement or '-'}, "
            f"owner {d.owner or '-'}"
        )
    _emit(report.to_json(), output, lines)


@app.command("decide")
def decide_command(
    kind: str = typer.Option(..., "--kind", metavar="K", help="The finding's kind."),
    person: str = typer.Option(
        "", "--person", metavar="P", help="The finding's person (none for kinds without one)."
    ),
    subject: str = typer.Option(
        ..., "--subject", metavar="A", help="One id of the finding's subject."
    ),
    other: str = typer.Option(..., "--other", metavar="B", help="The other id of its subject."),
    decision: str = typer.Option(
        ..., "--decision", metavar="waived|accepted", help="waived (blocking kinds) or accepted."
    ),
    by: str = typer.Option(..., "--by", metavar="NAME", help="Who decided (e.g. Legal)."),
    reason: str = typer.Option(..., "--reason", metavar="TEXT", help="Why."),
    since: str | None = typer.Option(
        None, "--since", metavar="D", help="First day it counts (default today)."
    ),
    until: str | None = typer.Option(
        None, "--until", metavar="D", help="Last day it counts (required for waived)."
    ),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Record what compliance decided about one finding: a waiver of a blocking finding (with
    an until date) or the acceptance of a review finding. The finding then no longer counts
    toward a status or the exit code while the decision is active. Kept with the time and the
    OS user who recorded it; deciding again with the same since updates the decision.

    Example: allymap decide --kind cooling_off --person p-ana --subject ONC-1 --other ONC-7
    --decision waived --by Legal --reason "approved transfer" --until 2027-03-31
    """
    from graphmodel.decisions import Decision, problems
    from queries.decisions import record_decision

    days = {}
    for name, text in (("--since", since), ("--until", until)):
        try:
            days[name] = parse_date(text) if text is not None else ""
        except ValueError:
            fail(f"{name} {text!r} is not a date in the form YYYY-MM-DD.")
    from graphmodel.model import today

    days["--since"] = days["--since"] or today()  # the day it is run
    d = Decision(
        kind.strip().lower(),
        person.strip(),
        (subject.strip(), other.strip()),
        decision.strip().lower(),
        by.strip(),
        reason.strip(),
        days["--since"],
        days["--until"],
    )
    flags = {"kind": "--kind", "decision": "--decision", "decided_by": "--by", "until": "--until"}
    flags |= {"reason": "--reason", "person": "--person", "subject": "--subject/--other"}
    flags |= {"other": "--subject/--other"}
    early = [p for p in problems(d, lambda _: None) if p[0] not in ("person", "subject")]
    if early:  # what is wrong whatever the database holds: no need to open it
        fail("allymap decide: " + "; ".join(f"{flags[c]}: {why}" for c, why in early) + ".")
    open_store_or_fail(db, neo4j).close()  # no database, or no data: exit 2, create nothing
    store = open_store_or_fail(db, neo4j, create=True)
    try:
        plan = record_decision(store, d)
        if plan.decisions:
            _record_decision(store, d)
    except ImportRejected as err:
        fail(
            "allymap decide: "
            + "; ".join(f"{flags.get(p.column or '', p.column)}: {p.reason}" for p in err.problems)
            + ". Nothing was stored."
        )
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    stored = plan.decisions[0] if plan.decisions else None
    data = {
        "stored": stored is not None,
        "decision": {
            "kind": d.kind,
            "person": d.person or None,
            "subject": list(d.subject),
            **(stored or d).to_json(),
        },
    }
    if stored is None:
        line = "Nothing to change: this decision is already stored."
    else:
        line = (
            f"Recorded: {d.kind} of {d.person or '-'} on {d.subject[0]}/{d.subject[1]} "
            f"{stored.decision} by {stored.decided_by} from {stored.since}"
            + (f" until {stored.until}" if stored.until else "")
            + f" (recorded by {stored.recorded_by} at {stored.recorded_at})."
        )
    _emit(data, output, [line])


@app.command("partner")
def partner_command(
    company: str = typer.Argument(..., metavar="Z", help="The partner company: id or name."),
    of: str = typer.Option(..., "--of", metavar="U", help="Our company: id or name."),
    as_of: str | None = AS_OF_OPTION,
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Every relationship between the partner's corporate group and ours, and whether
    competing coexists with allying or trading (tension).

    Each company is given by id or by its unique name. A company is not its own partner, nor
    is a company of our own corporate group (joined by SUBSIDIARY_OF on the day): the partner
    rule refuses both, exit 2 with words, rather than list the group's internal dealings as if
    they were a partner's.
    """
    from queries.partner import partner_view

    day = _as_of(as_of)
    store = open_store_or_fail(db, neo4j)
    try:
        partner = _resolve(store, company, [COMPANY], "partner")
        us = _resolve(store, of, [COMPANY], "--of")
        report = partner_view(store, partner.id, us.id, day)
        names = _names(
            store,
            [partner.id, us.id, *(i for r in report.relationships for i in r.via)],
        )
    finally:
        store.close()

    def n(nid: str) -> str:
        return names.get(nid, nid)

    lines = [f"{n(report.company)} and {n(report.of)} as of {report.as_of}:"]
    for r in report.relationships:
        extra = ", ".join(f"{k}={v}" for k, v in r.details.items() if v not in ("", None))
        lines.append(f"  {r.kind}: {' -> '.join(map(n, r.via))}" + (f" ({extra})" if extra else ""))
    if not report.relationships:
        lines.append("  no active relationship")
    lines.append(f"tension: {'yes' if report.tension else 'no'}")
    _emit(report.to_json(), output, lines)


class AuditFormat(StrEnum):
    json = "json"
    csv = "csv"


@app.command("audit")
def audit_command(
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    since: str | None = typer.Option(
        None, "--since", metavar="D", help="Only entries from this day (or UTC time) on."
    ),
    user: str | None = typer.Option(None, "--user", metavar="U", help="Only this user's entries."),
    verify_chain: bool = typer.Option(
        False, "--verify", help="Check that no entry was edited, deleted, reordered or added."
    ),
    output: AuditFormat = typer.Option(AuditFormat.json, "--format", help="Output: json or csv."),
) -> None:
    """The audit trail: who saw, checked, imported, decided and downloaded what, and when.

    --verify checks the hash chain: exit 0 when it is intact, 1 naming the first entry that
    was changed, removed or added behind allymap's back (a check that found something that
    blocks: the trail cannot be trusted from there on). Only reads.
    """
    from allymap.audittrail import to_csv
    from graphmodel.audit import select, verify

    if since is not None:
        try:
            parse_date(since[:10])
        except ValueError:
            fail(f"--since {since!r} is not a date in the form YYYY-MM-DD.")
    store = open_store_or_fail(db, neo4j)
    try:
        entries, head = store.audit_log()
    except AllymapError as err:
        fail(str(err))
    finally:
        store.close()
    if verify_chain:
        problem = verify(entries, head)
        if problem is not None:
            _say(f"allymap audit: the audit trail was tampered with: {problem}.")
            blocked_exit(True)
        _say(f"allymap audit: the audit trail is intact ({len(entries)} entries).")
        return
    shown = select(entries, since, user)
    if output is AuditFormat.csv:
        _out(to_csv(shown).decode("utf-8-sig").rstrip("\r\n"))
    else:
        _out(json_text({"entries": [e.to_json() for e in shown]}))


@app.command("search")
def search_command(
    text: str = typer.Argument(..., metavar="TEXT", help="Part of a name or an id."),
    node_type: list[str] = typer.Option(
        [],
        "--type",
        metavar="T",
        help=f"Only nodes of this type (repeatable): {', '.join(SCHEMA.node_types)}.",
    ),
    limit: int = typer.Option(20, "--limit", metavar="N", help="List at most N matches."),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Look up ids by name: every node whose name or id contains TEXT (case and accents
    ignored), best match first, with its type and id. Exit 0 even when nothing matches."""
    from queries.names import search

    types = []
    for t in node_type:
        nt = SCHEMA.node(t)
        if nt is None:
            fail(f"--type {t!r}: not a node type. Give one of {', '.join(SCHEMA.node_types)}.")
        types.append(nt.name)
    if not 1 <= limit <= 10_000:
        fail(f"--limit {limit}: give a number of matches from 1 to 10000.")
    if not text.strip():
        fail("allymap search: give part of a name or an id to look for.")
    store = open_store_or_fail(db, neo4j)
    try:
        found = search(store, text, types, limit)
    finally:
        store.close()
    data = {
        "text": text,
        "types": types,
        "matches": [{"id": n.id, "type": n.type, "name": n.name} for n in found],
    }
    lines = [f"{n.type}: {named(n)}" for n in found] or [f"Nothing matches {text!r}."]
    _emit(data, output, lines)


@app.command("report")
def report_command(
    alliance: str = typer.Option(
        ..., "--alliance", metavar="ID|NAME", help="The alliance the brief is for."
    ),
    output: Path = typer.Option(
        ..., "--output", metavar="FILE", help="brief.html (no browser needed) or brief.pdf."
    ),
    as_of: str | None = AS_OF_OPTION,
    us: str | None = typer.Option(
        None, "--us", metavar="ID|NAME", help="Our company (default: the party with most staff)."
    ),
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
) -> None:
    """Write the brief for an alliance's JSC: parties and governance, every relationship with
    each partner and the tension, findings and decisions, upcoming changes, the partner
    timelines and the map. A .pdf needs Chromium (exit 2 with words when it is missing)."""
    from allymap.brief import brief_html, chromium, html_to_pdf
    from graphmodel.vocabulary import ALLIANCE
    from queries.brief import brief

    day = _as_of(as_of)
    kind = output.suffix.lower()
    if kind not in (".html", ".htm", ".pdf"):
        fail(f"--output {str(output)!r}: give a file ending in .html or .pdf.")
    if kind == ".pdf" and chromium() is None:
        fail(
            "--output .pdf needs Chromium to print the brief, and none was found (set "
            "ALLYMAP_CHROMIUM to its path). Write --output brief.html instead: it needs no browser."
        )
    if output.parent and not output.parent.is_dir():
        fail(f"--output {str(output)!r}: the folder {str(output.parent)!r} does not exist.")
    store = open_store_or_fail(db, neo4j)
    try:
        target = _resolve(store, alliance, [ALLIANCE], "--alliance")
        ours = _resolve(store, us, [COMPANY], "--us").id if us else None
        page = brief_html(brief(store, target.id, day, ours))
    finally:
        store.close()
    data = html_to_pdf(page) if kind == ".pdf" else page.encode("utf-8")
    output.write_bytes(data)
    _say(f"allymap: wrote the brief for {named(target)} to {output}.")


@app.command("serve")
def serve_command(
    db: str | None = DB_OPTION,
    neo4j: str | None = NEO4J_OPTION,
    port: int = typer.Option(
        8501, "--port", envvar="ALLYMAP_PORT", help="Port to listen on (or ALLYMAP_PORT)."
    ),
    address: str = typer.Option(
        "127.0.0.1",
        "--address",
        help="Address to listen on; beyond 127.0.0.1 only with sign-in (docs/deployment.md).",
    ),
    secrets: str | None = typer.Option(
        None,
        "--secrets",
        envvar="ALLYMAP_SECRETS",
        help="A secrets.toml with the [auth] sign-in section, read after Streamlit's own.",
    ),
    roles: str | None = typer.Option(
        None,
        "--roles",
        envvar="ALLYMAP_ROLES",
        help="The roles file (who is viewer, checker, admin) when sign-in is configured.",
    ),
    no_auth: bool = typer.Option(
        False,
        "--no-auth",
        help="Serve beyond 127.0.0.1 WITHOUT sign-in: everyone who reaches it sees everything.",
    ),
) -> None:
    """Open the browser app (Streamlit) on the chosen database.

    On a path with no database yet the app starts with nothing to show, and its Import page
    creates the database. A database file that cannot be used, a port that is taken, or an
    address beyond 127.0.0.1 without sign-in configured exits 2 before anything starts.
    """
    from allymap.serve import port_problem, serve
    from allymap.signin import (
        RolesError,
        RolesFile,
        auth_problem,
        auth_section,
        is_loopback,
        secrets_files,
        serve_refusal,
    )

    if not 1 <= port <= 65535:
        fail(f"--port {port}: give a port number from 1 to 65535.")
    files = secrets_files(secrets)
    if secrets and not files[-1].is_file():
        fail(f"--secrets {secrets}: there is no such file.")
    try:
        section = auth_section(files)
    except RolesError as err:
        fail(str(err))
    signin = section is not None  # then the app signs people in, --no-auth or not
    if signin:
        problem = auth_problem(section)
        if problem:
            fail(f"Sign-in is configured but cannot work: {problem} (docs/deployment.md).")
        if not roles:
            fail(
                "Sign-in is configured but no roles file says who may see what: give one with "
                "--roles FILE or ALLYMAP_ROLES (docs/deployment.md)."
            )
        try:
            RolesFile.load(roles)
        except RolesError as err:
            fail(str(err))
    refusal = serve_refusal(address, section, no_auth)
    if refusal:
        fail(refusal)
    if no_auth and not signin and not is_loopback(address):
        _say(
            f"allymap: WARNING: --no-auth: serving on {address} WITHOUT sign-in. Everyone who "
            "can reach this address sees every firewall and everyone's interests, and may "
            "import. Nothing they do is tied to a person in the audit trail."
        )
    _check_store_options(db, neo4j)
    if neo4j is None:  # a file that is damaged, foreign or unreadable stays so: say it now
        open_store_or_fail(db, neo4j, create=True).close()
    # (A Neo4j server may come up after the app, as under docker compose: its pages say
    # "cannot reach" until it does.)
    problem = port_problem(address, port)
    if problem:
        fail(problem)
    mode = "with sign-in" if signin else "single user, no sign-in"
    _say(f"allymap: serving on http://{address}:{port} ({mode}; Ctrl-C to stop)")
    code = serve(
        db=db,
        neo4j=neo4j,
        port=port,
        address=address,
        secrets=files if secrets else None,
        roles=roles if signin else None,
        no_auth=no_auth,
    )
    if code:
        fail(f"allymap: the app (Streamlit) stopped with exit code {code}; its output is above.", 3)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def main() -> None:
    """Console-script entry point; the exit codes are those of :class:`_Guarded`."""
    with suppress(ValueError):  # not in the main thread: leave SIGTERM alone
        signal.signal(signal.SIGTERM, _on_sigterm)
    app()
