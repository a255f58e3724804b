"""The SQLite file behind the embedded store: what a path holds (nothing yet, an allymap
graph, something else), following the file at it, and loading it into the in-memory graph
every read uses (reloaded when another process commits).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from graphmodel.batch import ImportPlan
from graphmodel.bulk import paused_gc
from graphmodel.decisions import FIELDS, Decision
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.embedded.records import edge_record, node_record
from graphmodel.errors import NoDatabase, StoreUnavailable
from graphmodel.model import Node
from graphmodel.store import GraphStore

SCHEMA_VERSION = 1
"""Version of the table layout below; bump it (and migrate) when the layout changes."""
BUSY_TIMEOUT = 30.0
"""Seconds an import waits for another import to finish writing before it gives up. Readers
never wait for a writer (WAL: they read the last commit)."""
_TABLES = frozenset({"meta", "nodes", "edges"})
_SQLITE_HEADER = b"SQLite format 3\x00"
_STALE = (
    "Another program changed the allymap database while this import was being checked; "
    "nothing was stored. Run the import again."
)

_DDL = """
CREATE TABLE IF NOT EXISTS meta(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nodes(
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    props TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges(
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY(type, source, target, since)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decisions(
    kind TEXT NOT NULL,
    person TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    since TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    until TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY(kind, person, a, b, since)
) WITHOUT ROWID;
"""
_DECISIONS_DDL = _DDL[_DDL.index("CREATE TABLE IF NOT EXISTS decisions") :]
"""Added to a file written before decisions existed, by its next import (reads of such a file
find no decisions): the layout is otherwise unchanged, so SCHEMA_VERSION stays 1."""


def _layout(conn: sqlite3.Connection, path: Path) -> bool:
    """Whether the file has allymap's tables; False when it has no tables at all (nothing was
    imported). Another program's database, or a newer allymap's, raises StoreUnavailable:
    allymap neither reads it nor adds its own tables to it."""
    names = {
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        )
    }
    if not names:
        return False
    listed = ", ".join(sorted(names)[:6]) + (", ..." if len(names) > 6 else "")
    foreign = StoreUnavailable(
        f"{path} is a SQLite database of another program (its tables: {listed}), not an allymap "
        "database; allymap will neither read it nor add its tables to it. Choose another path "
        "with --db or ALLYMAP_DB."
    )
    if not names >= _TABLES:
        raise foreign
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as err:
        if _errorname(err) != "SQLITE_ERROR":  # "no such column": a meta table of its own
            raise
        raise foreign from err
    if row is None:
        raise foreign
    try:
        version = int(row[0])
    except (TypeError, ValueError):
        raise StoreUnavailable(
            f"{path} is damaged: its allymap schema version {row[0]!r} is not a number."
        ) from None
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"{path} was written by a newer allymap (database version {version}; this allymap "
            f"reads version {SCHEMA_VERSION}); upgrade allymap to open it."
        )
    return True


def _has_decisions(conn: sqlite3.Connection) -> bool:
    """Whether the file has the decisions table (one written before decisions has not)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'"
    ).fetchone()
    return found is not None


def _errorname(err: sqlite3.Error) -> str:
    return str(getattr(err, "sqlite_errorname", "") or "")


def _translatable(err: sqlite3.Error) -> bool:
    """SQLite errors about the file or the disk; the others (a constraint, a misuse) are bugs."""
    return isinstance(err, sqlite3.OperationalError) or type(err) is sqlite3.DatabaseError


def _reason(err: OSError) -> str:
    if isinstance(err, NotADirectoryError):
        return "a part of the path is a file, not a folder"
    if err.errno == errno.ENAMETOOLONG:
        return "the path, or a name in it, is too long"
    if err.errno == errno.ELOOP:
        return "a symbolic link in the path loops"
    if isinstance(err, PermissionError):
        return "permission denied"
    return err.strerror or str(err)


class EmbeddedFile(GraphStore):
    """A :class:`GraphStore` in one SQLite file, traversed in memory.

    ``create`` says what a path with no allymap graph at it means:

    - ``create=True`` (``allymap import``, the app, tests): a database that does not exist
      *yet*. The store answers as an empty graph and creates nothing until the first
      :meth:`write`, which makes the folder, the file and the tables; so a dry run, a refused
      import or the app left open on a new path leave no file behind.
    - ``create=False`` (every command that only reads): the file must hold an allymap graph
      with data in it, else :class:`~graphmodel.errors.NoDatabase` (no file, 0 bytes, an empty
      SQLite file, nothing imported): "nothing found" in an empty graph would be a wrong
      all-clear. The file is opened read-only and never written.

    Either way a folder, a device or a FIFO, a file that is not SQLite, a SQLite file of another
    program (allymap never adds its tables to it), a damaged file or one written by a newer
    allymap raise :class:`~graphmodel.errors.StoreUnavailable` with words.

    Before every read the file is looked at again (one ``stat``): the app keeps one store open
    for hours, and must not go on answering from, or importing into, a file that is no longer
    the one at its path. A replaced file (another inode) is reopened, a deleted one makes the
    store empty again, and one that can no longer be read is reported.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.create = create
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._writable = False  # _conn may write (else it is read-only)
        self._immutable = False  # _conn reads a file in a read-only folder (see _connect)
        self._ident: tuple[int, ...] | None = None  # which file _conn has open
        self._epoch = 0  # bumped whenever _conn is replaced: data versions restart with it
        self._writes = 0  # our own commits, which PRAGMA data_version does not count
        self._closed = False
        self._graph: MemGraph | None = None
        self._stats: dict[str, int] | None = None
        self._data_version = -1  # PRAGMA data_version the graph (or the last plan) was read at
        self._seen_version: tuple[int, int] = (-1, -1)  # (epoch, data_version) version() saw
        self._search_index: tuple[int, list[tuple[Node, str, str]]] | None = None
        self._planned: tuple[ImportPlan, tuple[int, int, int] | None] | None = None
        # What a first import made, undone if it fails: folders, files, a 0-byte file filled.
        self._made: list[Path] = []
        self._new_files: list[str] = []
        self._was_empty = False
        self.generation = 0
        """Bumped whenever the in-memory graph changes (an import, a reload, a wipe) and when
        version() sees another process's commit."""
        with self._lock:
            try:
                self._sync()
                if not create:
                    self._require_data()
            except BaseException:
                self._disconnect()
                raise

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    # ---- opening, following the file, and reloading ---------------------------------------
    def _file(self) -> os.stat_result | None:
        """The database file as it is now; None when there is none yet (no file, or 0 bytes)."""
        path = self.path
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StoreUnavailable(
                f"Cannot use {path} as the allymap database: {_reason(err)}."
            ) from err
        if stat.S_ISDIR(st.st_mode):
            raise StoreUnavailable(
                f"{path} is a folder, not an allymap database file. Give the path of a file "
                "with --db or ALLYMAP_DB, for example "
                f"{path / 'allymap.sqlite'}."
            )
        if not stat.S_ISREG(st.st_mode):
            what = (
                "a named pipe (FIFO)"
                if stat.S_ISFIFO(st.st_mode)
                else "a device"
                if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a socket or another special file"
            )
            raise StoreUnavailable(
                f"{path} is {what}, not an allymap database file. Choose another path with "
                "--db or ALLYMAP_DB."
            )
        if not os.access(path, os.R_OK):
            raise StoreUnavailable(
                f"{path} cannot be read (permission denied), so allymap cannot use it. Check "
                "the file's permissions, or choose another path with --db or ALLYMAP_DB."
            )
        return st if st.st_size else None

    def _identity(self, st: os.stat_result) -> tuple[int, ...]:
        # A connection in immutable mode does not see changes, so any change means reopen.
        if self._immutable:
            return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        return (st.st_dev, st.st_ino)

    def _sync(self) -> None:
        """Make the connection follow the file now at ``path`` (under ``_lock``)."""
        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        st = self._file()
        if st is None and self._conn is None:
            return
        if st is not None and self._conn is not None and self._identity(st) == self._ident:
            return
        # The file appeared, was replaced or went away: forget everything read from the old.
        self._disconnect()
        if st is not None:
            self._connect(st)
        self._reset()

    def _reset(self) -> None:
        self._graph = None
        self._stats = None
        self._search_index = None
        self._epoch += 1
        self.generation += 1
        self._data_version = self._version()

    def _open(self, mode: str) -> sqlite3.Connection:
        uri = f"{self.path.absolute().as_uri()}?mode={mode}"
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA cache_size=-131072")  # up to 128 MiB of pages: big imports
            conn.execute("PRAGMA temp_store=MEMORY")
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect(self, st: os.stat_result) -> None:
        """Open the existing file: for writing when the store may create and the file can be
        written, else read-only; read-only and ``immutable`` when the folder is read-only and
        no WAL file exists (SQLite then cannot make its shared-memory file, and nobody can be
        writing, since a writer would need that folder too)."""
        try:
            with open(self.path, "rb") as f:
                header = f.read(100)
        except OSError as err:
            raise StoreUnavailable(f"Cannot read {self.path}: {_reason(err)}.") from err
        if not header.startswith(_SQLITE_HEADER):
            raise StoreUnavailable(
                f"{self.path} is not an allymap database: it is not a SQLite file at all. Is it "
                "another kind of file? Choose another path with --db or ALLYMAP_DB."
            )
        if header[18:19] == b"\x02" and not Path(f"{self.path}-wal").exists():
            self._probe()
        modes = ["ro", "ro&immutable=1"]
        if self.create and os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK):
            modes.insert(0, "rw")
        if Path(f"{self.path}-wal").exists():
            modes.remove("ro&immutable=1")  # the WAL may hold commits immutable would not see
        refused: sqlite3.Error | None = None
        for mode in modes:
            conn: sqlite3.Connection | None = None
            try:
                conn = self._open(mode)
                _layout(conn, self.path)
            except BaseException as err:
                if conn is not None:
                    conn.close()
                if not isinstance(err, sqlite3.DatabaseError) or not _translatable(err):
                    raise
                if _errorname(err).startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                    refused = err  # this mode is not possible here: try the next
                    continue
                raise self._unusable(err, "read") from err
            self._conn = conn
            self._writable = mode == "rw"
            self._immutable = "immutable" in mode
            self._ident = self._identity(st)
            return
        assert refused is not None
        raise self._unusable(refused, "read") from refused

    def _probe(self) -> None:
        """Look inside a WAL-mode file that nobody has open without making SQLite create its
        ``-wal`` and ``-shm`` files (an ordinary connection would, even read-only): another
        program's database, or one with nothing for a reader, is refused untouched."""
        with self._guard("read"):
            conn = self._open("ro&immutable=1")
            try:
                tables = _layout(conn, self.path)
                data = tables and conn.execute("SELECT 1 FROM nodes LIMIT 1").fetchone()
            finally:
                conn.close()
        if not self.create and not data:
            raise NoDatabase(self._no_data("no data" if tables else "no tables"))

    def _no_data(self, why: str) -> str:
        """Why a reader finds nothing to answer from, and what to do."""
        path = self.path
        if why == "no tables":
            where = f"{path} is an empty SQLite database: nothing has been imported into it"
        elif why == "no data":
            where = (
                f"The allymap database {path} holds no data: nothing has been imported into it, "
                "or everything was removed"
            )
        elif path.exists():
            where = f"{path} is an empty file (0 bytes), not an allymap database"
        elif not path.parent.exists():
            where = f"There is no allymap database at {path} (there is no folder {path.parent})"
        else:
            where = f"There is no allymap database at {path}"
        return (
            f"{where}. allymap has nothing to answer from. Check the path (--db or ALLYMAP_DB), "
            "or import CSV files first: allymap import FILE... --db PATH."
        )

    def _disconnect(self) -> None:
        if self._conn is not None:
            with suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None
        self._writable = self._immutable = False
        self._ident = None

    def _require_data(self) -> None:
        """For readers: NoDatabase unless the file holds an allymap graph with data."""
        if self._conn is None:
            raise NoDatabase(self._no_data("no file"))
        if not self._has_tables():
            raise NoDatabase(self._no_data("no tables"))
        if not self.holds_data():
            raise NoDatabase(self._no_data("no data"))

    def _has_tables(self) -> bool:
        with self._snapshot() as conn:
            return _layout(conn, self.path)

    def _version(self) -> int:
        if self._conn is None:
            return -1
        with self._guard("read"):
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _token(self) -> tuple[int, int, int]:
        """What this store last read: a plan made from it is stale once this changes."""
        return (self._epoch, self._data_version, self._writes)

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """SQLite's errors about the file (damaged, locked, read-only, full...) as
        StoreUnavailable with words; errors that are bugs stay as they are."""
        try:
            yield
        except sqlite3.DatabaseError as err:
            if not _translatable(err):
                raise
            raise self._unusable(err, doing) from err

    def _unusable(self, err: sqlite3.Error, doing: str) -> StoreUnavailable:
        path, name = self.path, _errorname(err)
        stored = " Nothing was stored." if doing == "write" else ""
        if name.startswith("SQLITE_CORRUPT") or "malformed" in str(err):
            text = (
                f"{path} is damaged ({err}), so allymap cannot {doing} it.{stored} Restore it from "
                "a backup, or import your CSV files into a new file."
            )
        elif name.startswith("SQLITE_NOTADB"):
            text = (
                f"{path} is not an allymap database ({err}). Is it another kind of file? Choose "
                "another path with --db or ALLYMAP_DB."
            )
        elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            text = (
                f"{path} is locked by another program writing to it (still after "
                f"{BUSY_TIMEOUT:.0f} s), so allymap cannot {doing} it now.{stored} Try again "
                "when it has finished."
            )
        elif name.startswith("SQLITE_READONLY"):
            text = f"{path} cannot be written ({err}): the file or its folder is read-only.{stored}"
        elif name == "SQLITE_FULL":
            text = f"The disk holding {path} is full.{stored}"
        elif name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
            text = (
                f"Cannot open {path} ({err}).{stored} Check that the file and its folder exist "
                "and may be read (and written, to import)."
            )
        else:
            text = f"Cannot {doing} {path} as an allymap database ({err}).{stored}"
        return StoreUnavailable(text)

    @contextmanager
    def _damaged_if(self, *errors: type[Exception]) -> Iterator[None]:
        """A stored record SQLite could read but allymap cannot (its JSON is garbage): the
        file was damaged in a way SQLite does not check, which is the user's to know."""
        try:
            yield
        except errors as err:
            raise StoreUnavailable(
                f"{self.path} is damaged: a stored record cannot be read ({err}). Restore it "
                "from a backup, or import your CSV files into a new file."
            ) from err

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: everything read inside it belongs to one commit."""
        conn = self._conn
        assert conn is not None
        with self._guard("read"):
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("COMMIT")  # a read transaction: nothing to lose

    def _load(self) -> None:
        """Read the whole file into a fresh in-memory graph (one snapshot of both tables)."""
        version = self._version()
        graph = MemGraph()
        if self._conn is not None:
            with paused_gc(), self._snapshot() as conn, self._damaged_if(ValueError):
                if _layout(conn, self.path):
                    cur = conn.execute("SELECT id, type, name, props FROM nodes")
                    while rows := cur.fetchmany(20000):
                        graph.load([node_record(*row) for row in rows], ())
                    cur = conn.execute(
                        "SELECT type, source, target, since, until, props FROM edges"
                    )
                    while rows := cur.fetchmany(20000):
                        graph.load((), [edge_record(*row) for row in rows])
                    if _has_decisions(conn):
                        cur = conn.execute(f"SELECT {', '.join(FIELDS)} FROM decisions")
                        graph.load_decisions(Decision.from_row(row) for row in cur)
        self._graph = graph
        self._stats = None
        self._data_version = version
        self.generation += 1

    @property
    def graph(self) -> MemGraph:
        """The whole store in memory: loaded on first use, reloaded when another process has
        committed since (``PRAGMA data_version``, a cheap check made before every read)."""
        with self._lock:
            self._sync()
            if self._graph is None or self._version() != self._data_version:
                self._load()
            assert self._graph is not None
            return self._graph

    def refresh(self) -> None:
        """Pick up imports made by other processes now (every read does this by itself)."""
        _ = self.graph

    def holds_data(self) -> bool:
        with self._lock:
            self._sync()
            if self._conn is None:
                return False
            if self._graph is not None and self._version() == self._data_version:
                return len(self._graph.g) > 0
            with self._snapshot() as conn:
                if not _layout(conn, self.path):
                    return False
                return conn.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is not None

    def close(self) -> None:
        with self._lock:
            self._disconnect()
            self._closed = True
