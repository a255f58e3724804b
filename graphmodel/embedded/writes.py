"""Writing the embedded store: an import plan in one SQLite transaction, then into memory."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from operator import itemgetter
from pathlib import Path
from typing import Any

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.bulk import paused_gc
from graphmodel.decisions import FIELDS, Decision, DecisionKey
from graphmodel.embedded.connection import (
    _DDL,
    _DECISIONS_DDL,
    _STALE,
    SCHEMA_VERSION,
    EmbeddedFile,
    _has_decisions,
    _layout,
    _reason,
)
from graphmodel.embedded.memgraph import MemGraph
from graphmodel.embedded.records import edge_record, node_record, props_json
from graphmodel.errors import AllymapError, StoreUnavailable
from graphmodel.model import Edge, EdgeKey, Node
from graphmodel.store import Progress, scope_rows

_UPSERT_NODE = (
    "INSERT INTO nodes(id, type, name, props) VALUES(?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET type=excluded.type, name=excluded.name, props=excluded.props"
)
_UPSERT_EDGE = (
    "INSERT INTO edges(type, source, target, since, until, props) VALUES(?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(type, source, target, since) DO UPDATE SET "
    "until=excluded.until, props=excluded.props"
)


_UPSERT_DECISION = (
    f"INSERT INTO decisions({', '.join(FIELDS)}) VALUES({', '.join('?' * len(FIELDS))}) "
    "ON CONFLICT(kind, person, a, b, since) DO UPDATE SET "
    + ", ".join(f"{f}=excluded.{f}" for f in FIELDS[5:])
)


class Writes(EmbeddedFile):
    batch_size = 5000
    """Rows per executemany; progress is reported after each."""

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

    def existing_decisions(self, keys: Iterable[DecisionKey]) -> Mapping[DecisionKey, Decision]:
        wanted = set(keys)
        with self._lock:
            self._sync()
            if self._graph is not None:
                stored = self.graph.decisions
                return {k: stored[k] for k in wanted if k in stored}
            self._data_version = self._version()
            if self._conn is None or not wanted:
                return {}
            with self._snapshot() as conn:
                if not _layout(conn, self.path) or not _has_decisions(conn):
                    return {}
                sql = (
                    f"SELECT {', '.join(FIELDS)} FROM decisions "
                    "WHERE kind = ? AND person = ? AND a = ? AND b = ? AND since = ?"
                )
                found = (conn.execute(sql, k).fetchone() for k in sorted(wanted))
                return {d.key: d for d in (Decision.from_row(r) for r in found if r)}

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
        edges = {(t, s, d, a): edge_record(t, s, d, a, b, p) for t, s, d, a, b, p in rows}
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
            return {row[0]: node_record(*row) for row in rows}

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
            return {(t, s, d, a): edge_record(t, s, d, a, b, p) for t, s, d, a, b, p in rows}

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
        decisions = plan.decisions
        with paused_gc():
            # Near key order: a million random keys took SQLite 16 s to insert, sorted ones 2 s.
            # Sorting by one string (source) is enough for locality and 4x cheaper than by the
            # whole key tuple.
            node_rows = [(n.id, n.type, n.name, props_json(n.props)) for n in nodes]
            node_rows.sort(key=itemgetter(0))
            edge_rows = [
                (e.type, e.source, e.target, e.since, e.until, props_json(e.props)) for e in edges
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
                    if decisions:
                        conn.execute(_DECISIONS_DDL)  # a file from before decisions
                        conn.executemany(_UPSERT_DECISION, [d.row() for d in decisions])
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
                    self._graph.load_decisions(decisions)
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
                            if _has_decisions(conn):
                                conn.execute("DELETE FROM decisions")
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
