"""Broken or foreign databases: every kind of path a user can give as ``--db``, for every
read command and for import. A read never answers from something that is not an allymap
graph with data in it (exit 2, with words) and never writes: no file, no folder, no table, no
-wal/-shm, no changed mtime. Import creates a database where there is none, refuses
everything that is not allymap's (exit 2, nothing written), and ``import --dry-run`` writes
nothing anywhere. Nothing exits 1 (blocked) or 3 (internal error) here.

Cases that need file permissions to hold run the real CLI in a subprocess without root's
power to ignore them (``clikit.WITHOUT_ROOT_POWER``); the others run in-process."""

from __future__ import annotations

import os
import random
import re
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from adversarial.clikit import READS, csv_pair, one_line, run_allymap, snapshot
from adversarial.corpus import Case, cases
from allymap.cli import app
from graphmodel.embedded import SCHEMA_VERSION

pytestmark = pytest.mark.adversarial("broken or foreign databases")

OK = "ok"
"""A read that answers as on a good database (exit 1 or 0 as READS says)."""
CREATED = "created"
"""An import that stores the portfolio: a read afterwards answers."""


# ---- making the paths -------------------------------------------------------------------------


def _allymap_db(path: Path) -> Path:
    """A real allymap database at ``path``, made by the CLI's own import."""
    files = csv_pair(path.parent / f".csv-{path.name}")
    result = CliRunner().invoke(app, ["import", *map(str, files), "--db", str(path)])
    assert result.exit_code == 0, result.output
    for f in files:
        f.unlink()
    f.parent.rmdir()
    return path


def _sqlite(path: Path, *statements: str, wal: bool = False) -> Path:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def _damage(path: Path, how: str) -> Path:
    size = path.stat().st_size
    rng = random.Random(7)
    with open(path, "r+b") as f:
        if how == "truncate":
            f.truncate(size // 2)
        elif how == "pages":  # a few bytes at the start of every page after the first
            for page in range(1, size // 4096):
                f.seek(page * 4096)
                f.write(bytes([rng.randrange(256)]) * 8)
        else:  # the rest of the first page after the 100-byte header: the schema table
            f.seek(100)
            f.write(rng.randbytes(400))
    return path


def _set_version(path: Path, value: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (value,))
    conn.commit()
    conn.close()
    return path


def _emptied(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM edges")
    conn.execute("DELETE FROM nodes")
    conn.commit()
    conn.close()
    return path


def _link(path: Path, target: Path | str) -> Path:
    path.symlink_to(target)
    return path


def _chmod(path: Path, mode: int) -> Path:
    path.chmod(mode)
    return path


Maker = Callable[[Path], Path]

MAKERS: dict[str, Maker] = {
    "missing": lambda root: root / "allymap.sqlite",
    "missing-folder": lambda root: root / "no" / "such" / "folder" / "allymap.sqlite",
    "zero-bytes": lambda root: _touch(root / "allymap.sqlite"),
    "random-bytes": lambda root: _write(root / "allymap.sqlite", random.Random(1).randbytes(8192)),
    "text-file": lambda root: _write(root / "notes.sqlite", b"my notes, not a database\n" * 200),
    "sqlite-header-then-garbage": lambda root: _write(
        root / "allymap.sqlite", b"SQLite format 3\x00" + random.Random(2).randbytes(8176)
    ),
    "empty-sqlite": lambda root: _sqlite(root / "empty.sqlite", "PRAGMA user_version = 7"),
    "empty-sqlite-wal": lambda root: _sqlite(root / "empty.sqlite", wal=True),
    "foreign-sqlite": lambda root: _sqlite(
        root / "crm.sqlite",
        "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO customers(name) VALUES ('Acme')",
        "CREATE TABLE orders(id INTEGER PRIMARY KEY)",
    ),
    "foreign-sqlite-wal": lambda root: _sqlite(
        root / "crm.sqlite", "CREATE TABLE customers(id INTEGER PRIMARY KEY)", wal=True
    ),
    "foreign-with-graph-tables": lambda root: _sqlite(
        root / "graph.sqlite",
        "CREATE TABLE nodes(id TEXT)",
        "CREATE TABLE edges(a TEXT, b TEXT)",
        "CREATE TABLE meta(k TEXT, v TEXT)",
    ),
    "foreign-meta-without-version": lambda root: _sqlite(
        root / "graph.sqlite",
        "CREATE TABLE nodes(id TEXT)",
        "CREATE TABLE edges(a TEXT)",
        "CREATE TABLE meta(key TEXT, value TEXT)",
        "INSERT INTO meta VALUES ('owner', 'someone else')",
    ),
    "newer-schema-version": lambda root: _set_version(
        _allymap_db(root / "allymap.sqlite"), str(SCHEMA_VERSION + 1)
    ),
    "schema-version-not-a-number": lambda root: _set_version(
        _allymap_db(root / "allymap.sqlite"), "one"
    ),
    "allymap-without-data": lambda root: _emptied(_allymap_db(root / "allymap.sqlite")),
    "truncated": lambda root: _damage(_allymap_db(root / "allymap.sqlite"), "truncate"),
    "corrupted-pages": lambda root: _damage(_allymap_db(root / "allymap.sqlite"), "pages"),
    "corrupted-schema-page": lambda root: _damage(_allymap_db(root / "allymap.sqlite"), "schema"),
    "directory": lambda root: _mkdir(root / "allymap.sqlite"),
    "symlink-to-dev-null": lambda root: _link(root / "allymap.sqlite", os.devnull),
    "fifo": lambda root: _fifo(root / "allymap.sqlite"),
    "path-through-a-file": lambda root: _write(root / "notes.txt", b"x") / "allymap.sqlite",
    "name-too-long": lambda root: root / ("n" * 300 + ".sqlite"),
    "path-too-long": lambda root: root.joinpath(*["deep"] * 1100, "allymap.sqlite"),
    "dangling-symlink-to-missing-folder": lambda root: _link(
        root / "allymap.sqlite", root / "gone" / "allymap.sqlite"
    ),
    "read-only-file": lambda root: _chmod(_allymap_db(root / "allymap.sqlite"), 0o444),
    "read-only-folder": lambda root: (
        _chmod(_allymap_db(root / "ro" / "allymap.sqlite").parent, 0o555) / "allymap.sqlite"
    ),
    "missing-in-read-only-folder": lambda root: (
        _chmod(_mkdir(root / "ro"), 0o555) / "allymap.sqlite"
    ),
    "unreadable-file": lambda root: _chmod(_allymap_db(root / "allymap.sqlite"), 0o000),
    "unreadable-folder": lambda root: (
        _chmod(_allymap_db(root / "locked" / "allymap.sqlite").parent, 0o000) / "allymap.sqlite"
    ),
}


def _touch(path: Path) -> Path:
    path.touch()
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# ---- the cases ----------------------------------------------------------------------------------
# read / imp / dry: (exit code or OK/CREATED, regular expression the words on stderr must match)

NO_DB = r"There is no allymap database at .*allymap\.sqlite"
NOT_SQLITE = r"not an allymap database: it is not a SQLite file"
FOREIGN = r"SQLite database of another program .*not an allymap database"
DAMAGED = r"is damaged|not an allymap database"
UNWRITABLE = r"cannot be written|read-only|Cannot open"

CASES = [
    Case(
        "missing",
        "reads exit 2 'there is no allymap database', nothing created; import creates it",
        make="missing",
        read=(2, NO_DB),
        imp=(CREATED, ""),
        dry=(0, ""),
    ),
    Case(
        "missing-folder",
        "reads exit 2 naming the missing folder, no folder made; import makes folder and file",
        make="missing-folder",
        read=(2, r"there is no folder .*folder"),
        imp=(CREATED, ""),
        dry=(0, ""),
    ),
    Case(
        "zero-bytes",
        "reads exit 2 'an empty file (0 bytes)', file left at 0 bytes; import fills it",
        make="zero-bytes",
        read=(2, r"empty file \(0 bytes\)"),
        imp=(CREATED, ""),
        dry=(0, ""),
    ),
    Case(
        "random-bytes",
        "everything exits 2 'not a SQLite file', file untouched",
        make="random-bytes",
        read=(2, NOT_SQLITE),
        imp=(2, NOT_SQLITE),
        dry=(2, NOT_SQLITE),
    ),
    Case(
        "text-file",
        "everything exits 2 'not a SQLite file', file untouched",
        make="text-file",
        read=(2, NOT_SQLITE),
        imp=(2, NOT_SQLITE),
        dry=(2, NOT_SQLITE),
    ),
    Case(
        "sqlite-header-then-garbage",
        "everything exits 2 (damaged / not an allymap database), file untouched",
        make="sqlite-header-then-garbage",
        read=(2, DAMAGED),
        imp=(2, DAMAGED),
        dry=(2, DAMAGED),
    ),
    Case(
        "empty-sqlite",
        "reads exit 2 'an empty SQLite database', nothing written; import adds the tables",
        make="empty-sqlite",
        read=(2, r"empty SQLite database"),
        imp=(CREATED, ""),
        dry=(0, ""),
    ),
    Case(
        "empty-sqlite-wal",
        "reads exit 2 'an empty SQLite database', no -wal/-shm created; import adds the tables",
        make="empty-sqlite-wal",
        read=(2, r"empty SQLite database"),
        imp=(CREATED, ""),
        dry=(0, ""),
    ),
    Case(
        "foreign-sqlite",
        "everything exits 2 naming another program's tables; no allymap table added",
        make="foreign-sqlite",
        read=(2, FOREIGN + r"|customers"),
        imp=(2, FOREIGN),
        dry=(2, FOREIGN),
    ),
    Case(
        "foreign-sqlite-wal",
        "everything exits 2 'another program'; no table, no -wal/-shm left",
        make="foreign-sqlite-wal",
        read=(2, FOREIGN),
        imp=(2, FOREIGN),
        dry=(2, FOREIGN),
    ),
    Case(
        "foreign-with-graph-tables",
        "nodes/edges/meta tables of another tool: exit 2 'another program', untouched",
        make="foreign-with-graph-tables",
        read=(2, FOREIGN),
        imp=(2, FOREIGN),
        dry=(2, FOREIGN),
    ),
    Case(
        "foreign-meta-without-version",
        "a meta table without allymap's schema version: exit 2 'another program'",
        make="foreign-meta-without-version",
        read=(2, FOREIGN),
        imp=(2, FOREIGN),
        dry=(2, FOREIGN),
    ),
    Case(
        "newer-schema-version",
        "written by a newer allymap: everything exits 2 'upgrade allymap', untouched",
        make="newer-schema-version",
        read=(2, r"newer allymap.*upgrade"),
        imp=(2, r"newer allymap"),
        dry=(2, r"newer allymap"),
    ),
    Case(
        "schema-version-not-a-number",
        "exit 2 'damaged', untouched",
        make="schema-version-not-a-number",
        read=(2, r"damaged"),
        imp=(2, r"damaged"),
        dry=(2, r"damaged"),
    ),
    Case(
        "allymap-without-data",
        "allymap's tables but no rows: reads exit 2 'holds no data'; import fills it",
        make="allymap-without-data",
        read=(2, r"holds no data"),
        imp=(CREATED, ""),
        dry=(0, ""),
    ),
    Case(
        "truncated",
        "half the file cut off: everything exits 2 'damaged', never 3",
        make="truncated",
        read=(2, DAMAGED),
        imp=(2, DAMAGED),
        dry=(2, DAMAGED),
    ),
    Case(
        "corrupted-pages",
        "bytes overwritten on every page: everything exits 2 'damaged', never 3",
        make="corrupted-pages",
        read=(2, DAMAGED),
        imp=(2, DAMAGED),
        dry=(2, DAMAGED),
    ),
    Case(
        "corrupted-schema-page",
        "the schema page overwritten: everything exits 2 'damaged', never 3",
        make="corrupted-schema-page",
        read=(2, DAMAGED),
        imp=(2, DAMAGED),
        dry=(2, DAMAGED),
    ),
    Case(
        "directory",
        "--db names a folder: exit 2 'is a folder', nothing made inside it",
        make="directory",
        read=(2, r"is a folder"),
        imp=(2, r"is a folder"),
        dry=(2, r"is a folder"),
    ),
    Case(
        "symlink-to-dev-null",
        "a link to /dev/null: exit 2 'a device', never written through",
        make="symlink-to-dev-null",
        read=(2, r"is a device"),
        imp=(2, r"is a device"),
        dry=(2, r"is a device"),
    ),
    Case(
        "fifo",
        "a named pipe: exit 2 at once (never blocks opening it)",
        make="fifo",
        read=(2, r"named pipe"),
        imp=(2, r"named pipe"),
        dry=(2, r"named pipe"),
    ),
    Case(
        "path-through-a-file",
        "a file used as a folder: exit 2 'a part of the path is a file'",
        make="path-through-a-file",
        read=(2, r"part of the path is a file"),
        imp=(2, r"part of the path is a file"),
        dry=(2, r"part of the path is a file"),
    ),
    Case(
        "name-too-long",
        "a 300-character file name: exit 2 'too long', nothing made",
        make="name-too-long",
        read=(2, r"too long"),
        imp=(2, r"too long"),
        dry=(2, r"too long"),
    ),
    Case(
        "path-too-long",
        "a path of 5,000+ characters: exit 2 'too long', nothing made",
        make="path-too-long",
        read=(2, r"too long"),
        imp=(2, r"too long"),
        dry=(2, r"too long"),
    ),
    Case(
        "dangling-symlink-to-missing-folder",
        "reads exit 2 'no allymap database'; import exits 2 and leaves the user's link alone",
        make="dangling-symlink-to-missing-folder",
        read=(2, NO_DB),
        imp=(2, r"Cannot open"),
        dry=(0, ""),
    ),
    Case(
        "read-only-file",
        "chmod 444: reads answer as usual; import exits 2 'cannot be written', file unchanged",
        make="read-only-file",
        unprivileged=True,
        readable=True,
        read=(OK, ""),
        imp=(2, UNWRITABLE),
        dry=(0, ""),
    ),
    Case(
        "read-only-folder",
        "chmod 555 folder: reads answer (no -wal/-shm needed); import exits 2, nothing written",
        make="read-only-folder",
        unprivileged=True,
        read=(OK, ""),
        imp=(2, UNWRITABLE),
        dry=(0, ""),
    ),
    Case(
        "missing-in-read-only-folder",
        "reads exit 2 'no allymap database'; import exits 2 'cannot open', nothing made",
        make="missing-in-read-only-folder",
        unprivileged=True,
        read=(2, NO_DB),
        imp=(2, UNWRITABLE),
        dry=(0, ""),
    ),
    Case(
        "unreadable-file",
        "chmod 000: everything exits 2 'cannot be read (permission denied)'",
        make="unreadable-file",
        unprivileged=True,
        read=(2, r"cannot be read \(permission denied\)"),
        imp=(2, r"cannot be read \(permission denied\)"),
        dry=(2, r"cannot be read \(permission denied\)"),
    ),
    Case(
        "unreadable-folder",
        "the folder is chmod 000: everything exits 2 'permission denied'",
        make="unreadable-folder",
        unprivileged=True,
        read=(2, r"permission denied"),
        imp=(2, r"permission denied"),
        dry=(2, r"permission denied"),
    ),
]

COMMANDS = [*READS, "import", "import --dry-run"]


def _run(case: Case, args: list[str]) -> tuple[int, str, str]:
    if case.get("unprivileged"):
        done = run_allymap(*args, unprivileged=True, timeout=60)
        return done.returncode, done.stdout, done.stderr
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def _reads_answer(db: Path, unprivileged: bool) -> None:
    """The database at ``db`` holds the portfolio: every read gives its usual answer."""
    for name, (args, code) in READS.items():
        if unprivileged:
            got = run_allymap(*args, "--db", db, unprivileged=True).returncode
        else:
            got = CliRunner().invoke(app, [*args, "--db", str(db)]).exit_code
        assert got == code, f"{name} on the imported database exited {got}, not {code}"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", cases(CASES))
def test_database_path(case: Case, command: str, tmp_path: Path) -> None:
    root = tmp_path / "case"
    root.mkdir()
    db = MAKERS[case["make"]](root)
    csv_dir = tmp_path / "csv"
    files = csv_pair(csv_dir)  # plus someone new, so that importing into a good file writes
    files.append(csv_dir / "more.csv")
    files[-1].write_text("id,type,name\nnewbie,Person,Nora Newbie\n", encoding="utf-8")
    if command in READS:
        args, answer = READS[command]
        expected, words = case["read"]
        argv = [*args, "--db", str(db)]
    else:
        expected, words = case["dry" if command.endswith("--dry-run") else "imp"]
        argv = ["import", *map(str, files), "--db", str(db)]
        if command.endswith("--dry-run"):
            argv.append("--dry-run")
        answer = 0
    before = snapshot(tmp_path)
    try:
        code, out, err = _run(case, argv)
        assert "Traceback" not in out + err
        if expected == OK:
            assert code == answer, (code, out, err)
        elif expected == CREATED:
            assert code == 0, (code, out, err)
            assert "Stored." in out
            _reads_answer(db, bool(case.get("unprivileged")))
        else:
            assert code == expected, (code, out, err)
            if words:
                assert re.search(words, err, re.IGNORECASE | re.DOTALL), err
                assert one_line(err), err
        after = snapshot(tmp_path)
        if expected == CREATED:
            return
        if expected == OK or case.get("readable"):
            # A read-only connection leaves SQLite's -wal/-shm next to an allymap file it could
            # read (a reader cannot remove them); the database file itself is untouched.
            after = {k: v for k, v in after.items() if not k.endswith(("-wal", "-shm"))}
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        assert not changed, f"something was written: {changed[:6]}"
    finally:
        _writable_again(db, tmp_path)


def _writable_again(db: Path, top: Path) -> None:
    """Undo the chmods of a case, so that pytest can remove its folder."""
    for path in [db, *db.parents]:
        if path == top:
            break
        with suppress(OSError):
            if path.is_symlink() or not path.exists():
                continue
            path.chmod(0o755 if path.is_dir() else 0o644)


# ---- odd but valid paths: they work, and the file is where the path says --------------------

ODD = [
    Case(
        "spaces-and-unicode",
        "import creates the file under that exact name; reads answer from it",
        db="My Alliances/Ålliance – ポートフォリオ 2026.sqlite",
        lands="My Alliances/Ålliance – ポートフォリオ 2026.sqlite",
    ),
    Case(
        "dot-dot",
        "a/../b.sqlite is b.sqlite next to a",
        db="sub/../portfolio.sqlite",
        lands="portfolio.sqlite",
        mkdir="sub",
    ),
    Case(
        "tilde",
        "~ is the home folder, also in ALLYMAP_DB",
        db="~/allymap.sqlite",
        lands="home/allymap.sqlite",
        mkdir="home",
    ),
    Case(
        "uri-characters",
        "? # % & = in a file name are part of the name, never SQLite URI options",
        db="a?mode=memory#b%41&c=1.sqlite",
        lands="a?mode=memory#b%41&c=1.sqlite",
    ),
    Case(
        "relative",
        "a relative path is relative to the working folder",
        db="data/allymap.sqlite",
        lands="data/allymap.sqlite",
    ),
    Case(
        "symlink-to-a-folder",
        "a path through a link to a folder lands in that folder",
        db="link/allymap.sqlite",
        lands="real/allymap.sqlite",
        mkdir="real",
        link=("link", "real"),
    ),
]


@pytest.mark.parametrize("via", ["--db", "ALLYMAP_DB"])
@pytest.mark.parametrize("case", cases(ODD))
def test_odd_paths_work_and_the_file_lands_where_named(
    case: Case, via: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if case.get("mkdir"):
        (work / case["mkdir"]).mkdir()
    if case.get("link"):
        (work / case["link"][0]).symlink_to(work / case["link"][1])
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(work / "home"))
    monkeypatch.delenv("ALLYMAP_DB", raising=False)
    files = [str(f) for f in csv_pair(tmp_path / "csv")]
    runner = CliRunner()

    def invoke(args: list[str]) -> int:
        if via == "--db":
            return runner.invoke(app, [*args, "--db", case["db"]]).exit_code
        return runner.invoke(app, args, env={"ALLYMAP_DB": case["db"]}).exit_code

    assert invoke(["conflicts"]) == 2  # nothing there yet, and nothing made
    assert not any(p.is_file() for p in work.rglob("*"))
    assert invoke(["import", *files]) == 0
    landed = work / case["lands"]
    assert landed.is_file(), sorted(str(p.relative_to(work)) for p in work.rglob("*"))
    made = {p.relative_to(work) for p in work.rglob("*") if p.is_file()}
    assert made <= {Path(case["lands"]), Path(f"{case['lands']}-wal"), Path(f"{case['lands']}-shm")}
    for args, code in READS.values():
        assert invoke(args) == code


# ---- Neo4j: a database that holds no allymap graph --------------------------------------------

NEO4J = [
    Case(
        "never-imported",
        "reads exit 2 'holds no allymap graph'; no node, constraint or index is created",
        state=False,
    ),
    Case(
        "wiped",
        "reads exit 2 'holds an allymap graph with no data'; nothing is created",
        state=True,
    ),
]


@pytest.mark.neo4j
@pytest.mark.parametrize("case", cases(NEO4J))
def test_neo4j_database_without_an_allymap_graph(case: Case, neo4j_server: Any) -> None:
    import neo4j

    from graphmodel.neo4j import Neo4jStore
    from graphmodel.neo4j.connection import _schema_statements

    auth = (neo4j_server.user, neo4j_server.password)
    ours = {name for name, _ in _schema_statements()}
    with Neo4jStore(neo4j_server.uri, *auth) as store:
        store.wipe()
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        for name in ours:  # as on a server allymap never imported into
            driver.execute_query(f"DROP CONSTRAINT `{name}` IF EXISTS")
            driver.execute_query(f"DROP INDEX `{name}` IF EXISTS")
        if not case["state"]:
            driver.execute_query("MATCH (s:AllymapState) DELETE s")
        driver.execute_query("CREATE (:Customer {name: 'Acme'})")  # another program's data

        def state() -> tuple[object, ...]:
            nodes = driver.execute_query(
                "MATCH (n) RETURN labels(n) AS l, properties(n) AS p ORDER BY l, p.name"
            ).records
            schema = driver.execute_query("SHOW CONSTRAINTS YIELD name").records
            indexes = driver.execute_query("SHOW INDEXES YIELD name").records
            return (
                [(r["l"], sorted(r["p"].items())) for r in nodes],
                sorted(r["name"] for r in [*schema, *indexes]),
            )

        try:
            before = state()
            env = {"NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
            for args, _ in READS.values():
                result = CliRunner().invoke(app, [*args, "--neo4j", neo4j_server.uri], env=env)
                assert result.exit_code == 2, result.output
                words = (
                    "holds an allymap graph with no data" if case["state"] else "no allymap graph"
                )
                assert words in result.stderr and one_line(result.stderr)
            assert state() == before, "a read wrote to the Neo4j database"
        finally:
            driver.execute_query("MATCH (n:Customer) DELETE n")
