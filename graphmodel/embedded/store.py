"""The embedded store: a SQLite file as the durable copy, a networkx graph for every read.

Alliance portfolios are small enough (even 100k people and a million relationships) to hold in
memory, and the rules are traversals, so the whole graph is loaded from SQLite on open and the
rules run over :class:`~graphmodel.embedded.memgraph.MemGraph`. SQLite gives what a file on a laptop
needs: one all-or-nothing transaction per import, and readers that are not blocked by a writer
(WAL mode), so ``allymap import`` can run while the browser app is open. The app notices such
an import through ``PRAGMA data_version`` (a counter SQLite bumps when *another* connection
commits) and reloads before its next read.

Opening writes nothing: no table, no lock, no journal mode. Commands that only read open the
file read-only (``mode=ro``), so a read-only file or folder can be read and a reader never waits
for an import (it sees the last commit). The tables are created by the first import, inside its
own transaction; until then a path without a file is simply an empty graph (or, for a reader,
:class:`~graphmodel.errors.NoDatabase`). See :class:`EmbeddedStore` for what each kind of path
means.

Tables: ``nodes(id, type, name, props)`` and ``edges(type, source, target, since, until,
props)`` keyed by the edge identity, properties as JSON; ``meta`` holds the file's schema
version so an older allymap refuses a file written by a newer one instead of misreading it.

The graph is loaded on the first read, not on open: ``allymap import`` checks its batch against
SQLite directly (one join through a temporary table) and never builds a graph it would throw
away. Writes from several threads of one process are serialised by a lock; the in-memory graph
is updated only after SQLite has committed, so a refused or failed import leaves both
unchanged. That update is made in place (a small import into a big portfolio costs nothing
extra), so a reader iterating the graph in another thread *during* an in-process import may see
it change under it; a reload after another process's import swaps in a new graph instead.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.bulk import paused_gc
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.errors import AllymapError, NoDatabase, NotFound, StoreUnavailable
from graphmodel.model import Edge, EdgeKey, Finding, Node
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore, Progress, Relationship, Subgraph, scope_rows

__all__ = ["SCHEMA_VERSION", "EmbeddedStore"]

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
"""

_UPSERT_NODE = (
    "INSERT INTO nodes(id, type, name, props) VALUES(?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET type=excluded.type, name=excluded.name, props=excluded.props"
)
_UPSERT_EDGE = (
    "INSERT INTO edges(type, source, target, since, until, props) VALUES(?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(type, source, target, since) DO UPDATE SET "
    "until=excluded.until, props=excluded.props"
)

_COMPANY = "Company"
_SUBSIDIARY_OF = "SUBSIDIARY_OF"
_EMPLOYED_BY = "EMPLOYED_BY"
_COMPANY_EDGE_TYPES = frozenset(
    name
    for name, et in SCHEMA.edge_types.items()
    if _COMPANY in (*et.sources, *et.targets) and "Person" not in (*et.sources, *et.targets)
)
"""Company-to-company and company-to-alliance types (SUPPLIES, PARTY_TO...): the partner
timeline. Derived from the schema: every edge type with a Company end and no Person end."""


def _name_order(node: Node) -> tuple[str, str]:
    return (node.name, node.id)


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_loads = json.loads


_json_memo: dict[tuple[Any, ...], str] = {}


def _props_json(props: dict[str, Any]) -> str:
    """Properties as stored JSON. Most edges share a few property sets ({"role": "member"},
    {"weight": 0.5}), so encodings are memoised: a million json encodes were 2.5 s."""
    if not props:
        return "{}"
    # The value types are part of the key: 1, 1.0 and True are equal dict keys but not JSON.
    key = (*props.items(), *map(type, props.values()))
    try:
        return _json_memo[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable value (a list read back from JSON)
        return _dumps(props)
    if len(_json_memo) > 100_000:  # free-text properties: do not grow without bound
        _json_memo.clear()
    text = _json_memo[key] = _dumps(props)
    return text


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


class EmbeddedStore(GraphStore):
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

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with EmbeddedStore(os.path.join(folder, "demo.sqlite")) as s:
    ...     s.stats()["Company"], s.holds_data()
    (0, False)
    >>> os.listdir(folder)  # nothing imported, nothing created
    []
    """

    kind = "embedded"
    batch_size = 5000
    """Rows per executemany; progress is reported after each."""

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
                        graph.load(
                            [Node(i, t, n, _loads(p) if p != "{}" else {}) for i, t, n, p in rows],
                            (),
                        )
                    cur = conn.execute(
                        "SELECT type, source, target, since, until, props FROM edges"
                    )
                    while rows := cur.fetchmany(20000):
                        edges = [
                            Edge(t, s, d, a, b, _loads(p) if p != "{}" else {})
                            for t, s, d, a, b, p in rows
                        ]
                        graph.load((), edges)
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

    # ---- writing -------------------------------------------------------------------------
    def plan(self, batch: ImportBatch, effective: str | None = None) -> ImportPlan:
        """As GraphStore.plan; remembers what the plan was read from, so :meth:`write` can
        refuse it if anybody committed since. A commit *during* planning (the plan may then
        mix two states) makes it stale at once."""
        with self._lock:
            self._sync()
            before = (self._epoch, self._version(), self._writes)
        with paused_gc():  # a million lookups and comparisons; nothing here forms cycles
            plan = super().plan(batch, effective)
        with self._lock:
            self._sync()
            after = (self._epoch, self._version(), self._writes)
            self._planned = (plan, before if after == before else None)
        return plan

    def existing_nodes(self, ids: Iterable[str]) -> Mapping[str, Node]:
        with self._lock:
            self._sync()
            if self._graph is None:  # e.g. `allymap import`: ask SQLite, do not load it all
                return self._stored_nodes(ids)
            nodes = self.graph.g.nodes
            return {i: nodes[i]["n"] for i in ids if i in nodes}

    def existing_edges(self, keys: Iterable[EdgeKey]) -> Mapping[EdgeKey, Edge]:
        with self._lock:
            self._sync()
            if self._graph is None:
                return self._stored_edges(keys)
            lookup = self.graph.edge
            return {k: e for k in keys if (e := lookup(k)) is not None}

    def open_edges(
        self,
        day: str,
        out_of: Mapping[str, Collection[str]],
        into: Mapping[str, Collection[str]],
    ) -> list[Edge]:
        wanted = scope_rows(out_of, into)
        with self._lock:
            self._sync()
            if self._graph is None:
                return self._stored_open_edges(day, wanted)
            graph = self.graph
            found: dict[EdgeKey, Edge] = {}
            for etype, nid, direction in wanted:
                if nid in graph:
                    walk = graph.out_edges if direction == "out" else graph.in_edges
                    found.update(
                        (e.key, e) for e in walk(nid, etype) if not e.until or e.until >= day
                    )
            return [found[k] for k in sorted(found)]

    def _stored_open_edges(self, day: str, wanted: list[tuple[str, str, str]]) -> list[Edge]:
        # Out of a node: the primary key (type, source, ...) finds them. Into one: there is no
        # index by target, so the edges of the few types asked for are scanned once each.
        sql = (
            "SELECT e.type, e.source, e.target, e.since, e.until, e.props "
            "FROM temp.want_scope w JOIN edges e ON e.type = w.type AND e.source = w.id "
            "WHERE w.dir = 'out' AND (e.until = '' OR e.until >= ?1) "
            "UNION ALL "
            "SELECT e.type, e.source, e.target, e.since, e.until, e.props FROM edges e "
            "WHERE e.type IN (SELECT type FROM temp.want_scope WHERE dir = 'in') "
            "AND EXISTS (SELECT 1 FROM temp.want_scope w "
            "WHERE w.dir = 'in' AND w.type = e.type AND w.id = e.target) "
            "AND (e.until = '' OR e.until >= ?1)"
        )
        rows = self._join_wanted(
            "edges",
            "want_scope",
            "dir TEXT, type TEXT, id TEXT, PRIMARY KEY(dir, type, id)",
            lambda: [(d, t, i) for t, i, d in wanted],  # unique, in key order per direction
            sql,
            (day,),
        )
        edges = {
            (t, s, d, a): Edge(t, s, d, a, b, _loads(p) if p != "{}" else {})
            for t, s, d, a, b, p in rows
        }
        return [edges[k] for k in sorted(edges)]

    def _stored_nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        sql = (
            "SELECT n.id, n.type, n.name, n.props FROM temp.want_node w JOIN nodes n ON n.id = w.id"
        )
        rows = self._join_wanted(
            "nodes",
            "want_node",
            "id TEXT PRIMARY KEY",
            lambda: [(i,) for i in sorted(set(ids))],
            sql,
        )
        with self._damaged_if(ValueError):
            return {i: Node(i, t, n, _loads(p) if p != "{}" else {}) for i, t, n, p in rows}

    def _stored_edges(self, keys: Iterable[EdgeKey]) -> dict[EdgeKey, Edge]:
        sql = (
            "SELECT e.type, e.source, e.target, e.since, e.until, e.props "
            "FROM temp.want_edge w JOIN edges e ON e.type = w.type AND e.source = w.source "
            "AND e.target = w.target AND e.since = w.since"
        )
        columns = "type, source, target, since, PRIMARY KEY(type, source, target, since)"
        rows = self._join_wanted(
            "edges", "want_edge", columns, lambda: sorted(set(keys), key=itemgetter(1)), sql
        )
        with self._damaged_if(ValueError):
            return {
                (t, s, d, a): Edge(t, s, d, a, b, _loads(p) if p != "{}" else {})
                for t, s, d, a, b, p in rows
            }

    def _join_wanted(
        self,
        stored: str,
        table: str,
        columns: str,
        wanted_rows: Callable[[], list[Any]],
        select: str,
        params: Sequence[Any] = (),
    ) -> list[tuple[Any, ...]]:
        """Rows of ``select`` joining the stored tables with ``wanted`` keys, put in a temporary
        table: a million keys are one join instead of a million queries. Records the data
        version the answer belongs to, so ``write`` can tell if it went stale."""
        self._data_version = self._version()
        if self._conn is None:
            return []  # no file yet: nothing can be stored already
        with paused_gc(), self._snapshot() as conn:
            if not _layout(conn, self.path):
                return []
            if conn.execute(f"SELECT 1 FROM {stored} LIMIT 1").fetchone() is None:
                return []  # a first import: nothing can be stored already
            wanted = wanted_rows()  # in key order: the join then walks the index in order
            if not wanted:
                return []
            conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}({columns}) WITHOUT ROWID")
            marks = ", ".join("?" * len(wanted[0]))
            conn.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES({marks})", wanted)
            rows = conn.execute(select, params).fetchall()
            conn.execute(f"DELETE FROM temp.{table}")
            return rows

    def _writer(self, version: int) -> tuple[sqlite3.Connection, int | None]:
        """A connection that may write, and the data version on it that ``version`` (read on
        the current connection) corresponds to; None when the file is created now, so there
        was nothing to be stale against. Creates the folder and the file if there is none;
        replaces a read-only connection (made when the file could not be written) by a
        writable one, refusing if anybody committed meanwhile."""
        if self._conn is not None and self._writable:
            return self._conn, version
        if not self.create:
            raise AllymapError(f"{self.path} was opened for reading only; nothing was stored.")
        if self._conn is None:
            return self._create_file(), None
        if self._version() != version:
            raise AllymapError(_STALE)
        try:
            conn = self._open("rw")
        except sqlite3.Error as err:
            raise self._unusable(err, "write") from err
        try:
            with self._guard("write"):
                conn.execute("PRAGMA journal_mode=WAL")
                new_version = int(conn.execute("PRAGMA data_version").fetchone()[0])
            if self._version() != version:
                raise AllymapError(_STALE)
        except BaseException:
            conn.close()
            raise
        fresh = self._data_version == version
        self._disconnect()
        self._conn, self._writable = conn, True
        self._ident = self._identity(os.stat(self.path))
        self._data_version = new_version if fresh else -2  # -2: reload before the next read
        return conn, new_version

    def _create_file(self) -> sqlite3.Connection:
        """The first write to a path with no database: make its folder(s) and the file."""
        made: list[Path] = []
        folder = self.path.parent
        while not folder.exists():
            made.append(folder)
            folder = folder.parent
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreUnavailable(
                f"Cannot create the folder for {self.path}: {_reason(err)}. Nothing was stored."
            ) from err
        self._made = made
        self._was_empty = self.path.is_file() and self.path.stat().st_size == 0
        self._new_files = [
            f"{self.path}{suffix}"
            for suffix in ("", "-wal", "-shm", "-journal")
            if not os.path.lexists(f"{self.path}{suffix}")  # a link of the user's stays
        ]
        try:
            conn = self._open("rwc")
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as err:
            self._remove_new_file(None)
            raise self._unusable(err, "write") from err
        self._conn, self._writable, self._immutable = conn, True, False
        self._ident = self._identity(os.stat(self.path))
        self._epoch += 1
        self._data_version = self._version() if self._graph is not None else -1
        return conn

    def _remove_new_file(self, conn: sqlite3.Connection | None) -> None:
        """After a failed first import: leave no file (nor folder) behind, as if it had never
        started, unless somebody else has put tables in it meanwhile."""
        if conn is not None:
            with suppress(sqlite3.Error):
                if _layout(conn, self.path):
                    return
            self._disconnect()
        for name in self._new_files:
            with suppress(OSError):
                os.unlink(name)
        if self._was_empty:  # it was an empty file: leave it empty, not an empty database
            with suppress(OSError):
                os.truncate(self.path, 0)
        for folder in self._made:
            with suppress(OSError):
                folder.rmdir()
        self._made, self._new_files, self._was_empty = [], [], False

    def write(self, plan: ImportPlan, progress: Progress | None = None) -> None:
        nodes = [*plan.nodes_added, *plan.nodes_changed]
        edges = [e.normalized() for e in (*plan.edges_added, *plan.edges_changed)]
        with paused_gc():
            # Near key order: a million random keys took SQLite 16 s to insert, sorted ones 2 s.
            # Sorting by one string (source) is enough for locality and 4x cheaper than by the
            # whole key tuple.
            node_rows = [(n.id, n.type, n.name, _props_json(n.props)) for n in nodes]
            node_rows.sort(key=itemgetter(0))
            edge_rows = [
                (e.type, e.source, e.target, e.since, e.until, _props_json(e.props)) for e in edges
            ]
            edge_rows.sort(key=itemgetter(1))
        total = len(node_rows) + len(edge_rows)
        step = self.batch_size
        with self._lock:
            planned = self._planned
            token = planned[1] if planned is not None and planned[0] is plan else self._token()
            self._sync()
            if token is None or token[0] != self._epoch or token[2] != self._writes:
                raise AllymapError(_STALE)
            conn, version = self._writer(token[1])
            created = version is None
            try:
                with self._guard("write"):
                    conn.execute("BEGIN IMMEDIATE")
                    has_tables = _layout(conn, self.path)
                    if created or not has_tables:
                        # A new or empty file: nothing may have been stored in it meanwhile.
                        if has_tables and conn.execute("SELECT 1 FROM nodes").fetchone():
                            raise AllymapError(_STALE)
                    elif self._version() != version:
                        raise AllymapError(_STALE)
                    if not has_tables:
                        for statement in _DDL.split(";"):
                            if statement.strip():
                                conn.execute(statement)
                        conn.execute(
                            "INSERT INTO meta(key, value) VALUES('schema_version', ?)",
                            (str(SCHEMA_VERSION),),
                        )
                    done = 0
                    for sql, rows in ((_UPSERT_NODE, node_rows), (_UPSERT_EDGE, edge_rows)):
                        for start in range(0, len(rows), step):
                            chunk = rows[start : start + step]
                            conn.executemany(sql, chunk)
                            done += len(chunk)
                            if progress is not None:
                                progress(done, total)
                    conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if created:
                    self._remove_new_file(conn)
                raise
            self._writes += 1
            self._planned = None
            self._stats = None
            self.generation += 1
            if self._graph is None:  # not loaded (the CLI): the next read loads the new file
                return
            if not created and self._data_version != version:
                self._graph = None  # loaded before a commit the plan already saw: reload
                return
            try:
                with paused_gc():
                    self._graph.load(nodes, edges)
            except BaseException:
                self._graph = None  # memory must match the committed file: reload on next read
                raise

    def wipe(self) -> None:
        with self._lock:
            self._sync()
            if self._conn is not None:
                conn, _ = self._writer(self._version())
                with self._guard("write"):
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        if _layout(conn, self.path):
                            conn.execute("DELETE FROM edges")
                            conn.execute("DELETE FROM nodes")
                        conn.execute("COMMIT")
                    except BaseException:
                        with suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                        raise
                self._writes += 1
            self._graph = MemGraph()
            self._stats = None
            self._data_version = self._version()
            self.generation += 1

    # ---- reading -------------------------------------------------------------------------
    def version(self) -> int:
        """``generation``, bumped first if another process committed since the last look.
        (SQLite's data_version counts other connections' commits only; our own imports bump
        ``generation`` themselves.)"""
        with self._lock:
            self._sync()  # a new file bumps the generation itself
            seen = (self._epoch, self._version())
            if seen != self._seen_version:
                self._seen_version = seen
                self.generation += 1
            return self.generation

    def search_nodes(
        self,
        text: str = "",
        types: Sequence[str] = (),
        limit: int = 50,
        where: Mapping[str, str] | None = None,
    ) -> list[Node]:
        wanted = {nt.name for t in types if (nt := SCHEMA.node(t))} if types else None
        if (types and not wanted) or limit <= 0:
            return []
        needle = text.strip().casefold()
        found: list[Node] = []
        for node, id_key, name_key in self._by_name():
            if (
                (wanted is None or node.type in wanted)
                and (not needle or needle in id_key or needle in name_key)
                and (not where or all(node.props.get(k) == v for k, v in where.items()))
            ):
                found.append(node)
                if len(found) == limit:
                    break
        return found

    def _by_name(self) -> list[tuple[Node, str, str]]:
        """Every node in (name, id) order with its casefolded id and name, kept until the
        graph changes: a picker's search stops at its limit instead of sorting every name on
        every keystroke (docs/benchmarks.md, "The app's reads")."""
        with self._lock:
            graph = self.graph  # first: a reload bumps the generation
            if self._search_index is None or self._search_index[0] != self.generation:
                nodes = sorted((n for _, n in graph.g.nodes(data="n")), key=_name_order)
                index = [(n, n.id.casefold(), n.name.casefold()) for n in nodes]
                self._search_index = (self.generation, index)
            return self._search_index[1]

    def stats(self) -> dict[str, int]:
        with self._lock:
            graph = self.graph
            if self._stats is None:
                counts: dict[str, int] = dict.fromkeys(SCHEMA.node_types, 0)
                counts.update(dict.fromkeys(SCHEMA.edge_types, 0))
                counts.update(Counter(node.type for _, node in graph.g.nodes(data="n")))
                counts.update(Counter(e.type for e in graph.all_edges()))
                self._stats = counts
            return dict(self._stats)

    def all_records(self) -> tuple[list[Node], list[Edge]]:
        graph = self.graph
        nodes = sorted((node for _, node in graph.g.nodes(data="n")), key=attrgetter("id"))
        edges = sorted(graph.all_edges(), key=attrgetter("type", "source", "target", "since"))
        return nodes, edges

    def _incident(
        self, graph: MemGraph, nid: str, types: frozenset[str] | None, as_of: str | None
    ) -> Iterator[tuple[str, Edge]]:
        """(other end, edge) for every edge touching ``nid`` that the walk may use."""
        g = graph.g
        for adjacency, outgoing in ((g.succ, True), (g.pred, False)):
            for other, keyed in adjacency[nid].items():
                for data in keyed.values():
                    e: Edge = data["e"]
                    if types is not None and e.type not in types:
                        continue
                    if as_of is not None and not e.active(as_of):
                        continue
                    if outgoing or other != nid:
                        yield other, e

    def neighbourhood(
        self,
        focus: str,
        depth: int,
        as_of: str | None = None,
        edge_types: Sequence[str] | None = None,
        limit: int = 5000,
    ) -> Subgraph:
        """Breadth-first in both directions; each ring is taken in id order, so when ``limit``
        cuts a ring the same nodes are kept every time."""
        graph = self.graph
        if focus not in graph:
            raise NotFound(f"There is no node with id {focus!r}.")
        types = None
        if edge_types is not None:
            types = frozenset(ref.name for t in edge_types if (ref := SCHEMA.edge(t)))
        seen: dict[str, Node] = {focus: graph.g.nodes[focus]["n"]}
        ring = [focus]
        for _ in range(max(depth, 0)):
            if len(seen) >= limit:
                break
            found = {
                other
                for nid in ring
                for other, _ in self._incident(graph, nid, types, as_of)
                if other not in seen
            }
            ring = sorted(found)[: max(limit - len(seen), 0)]
            for nid in ring:
                seen[nid] = graph.g.nodes[nid]["n"]
            if not ring:
                break
        edges: dict[EdgeKey, Edge] = {}
        for nid in seen:
            for other, e in self._incident(graph, nid, types, as_of):
                if other in seen:
                    edges[e.key] = e
        return Subgraph(nodes=seen, edges=[edges[k] for k in sorted(edges)])

    def company_edges(self, company: str) -> list[Edge]:
        graph = self.graph
        node = graph.node(company)
        if node is None or node.type != _COMPANY:
            raise NotFound(f"There is no company with id {company!r}.")
        group = {company}
        todo = [company]
        while todo:  # group(company) over SUBSIDIARY_OF at any date: the timeline shows history
            c = todo.pop()
            for other, _ in graph.edges(c, _SUBSIDIARY_OF, "both"):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        found: dict[EdgeKey, Edge] = {}
        for c in group:
            for _, e in self._incident(graph, c, _COMPANY_EDGE_TYPES, None):
                found[e.key] = e
        return [found[k] for k in sorted(found)]

    def edges_between(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Edge]]:
        from queries import engine

        graph = self.graph
        return engine.edges_between(graph, pairs)

    # ---- rules: networkx traversals in queries.engine ------------------------------------
    def _current(self) -> MemGraph:
        return self.graph

    def scan_findings(self, as_of: str, hops: int | None) -> list[Finding]:
        from queries import engine

        return engine.scan(self._current(), as_of, hops)

    def staffing_findings(
        self, program: str, people: Sequence[str], as_of: str, hops: int
    ) -> list[Finding]:
        from queries import engine

        return engine.staffing(self._current(), program, people, as_of, hops)

    def partner_relationships(self, partner: str, of: str, as_of: str) -> list[Relationship]:
        from queries import engine

        return engine.partner(self._current(), partner, of, as_of)

    def headcounts(self, as_of: str) -> dict[str, int]:
        employed = self._current().edges_of_type(_EMPLOYED_BY)
        return dict(Counter(e.target for e in employed if e.active(as_of)))

    def employments(self, people: Iterable[str], as_of: str) -> dict[str, list[Edge]]:
        graph = self._current()
        out: dict[str, list[Edge]] = {}
        for p in dict.fromkeys(people):
            if p in graph:
                jobs = [e for e in graph.out_edges(p, _EMPLOYED_BY) if e.active(as_of)]
                if jobs:
                    out[p] = sorted(jobs, key=attrgetter("key"))
        return out

    def influence_edges(self, as_of: str) -> list[Edge]:
        from queries import engine

        return engine.influence_edges(self._current(), as_of)
