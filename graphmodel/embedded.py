"""The embedded store: a SQLite file as the durable copy, a networkx graph for every read.

Alliance portfolios are small enough (even 100k people and a million relationships) to hold in
memory, and the rules are traversals, so the whole graph is loaded from SQLite on open and the
rules run over :class:`~graphmodel.memgraph.MemGraph`. SQLite gives what a file on a laptop
needs: one all-or-nothing transaction per import, and readers that are not blocked by a writer
(WAL mode), so ``allymap import`` can run while the browser app is open. The app notices such
an import through ``PRAGMA data_version`` (a counter SQLite bumps when *another* connection
commits) and reloads before its next read.

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

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.bulk import paused_gc
from graphmodel.errors import AllymapError, NotFound, StoreUnavailable
from graphmodel.memgraph import MemGraph
from graphmodel.model import Edge, EdgeKey, Finding, Node
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore, Progress, Relationship, Subgraph, scope_rows

__all__ = ["SCHEMA_VERSION", "EmbeddedStore"]

SCHEMA_VERSION = 1
"""Version of the table layout below; bump it (and migrate) when the layout changes."""

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


class EmbeddedStore(GraphStore):
    """A :class:`GraphStore` in one SQLite file, traversed in memory.

    >>> import tempfile, os
    >>> with EmbeddedStore(os.path.join(tempfile.mkdtemp(), "demo.sqlite")) as s:
    ...     s.stats()["Company"]
    0
    """

    kind = "embedded"
    batch_size = 5000
    """Rows per executemany; progress is reported after each."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._graph: MemGraph | None = None
        self._stats: dict[str, int] | None = None
        self._data_version = -1
        self._seen_version = -1  # PRAGMA data_version when version() last looked
        self._search_index: tuple[int, list[tuple[Node, str, str]]] | None = None
        self.generation = 0
        """Bumped whenever the in-memory graph changes (an import, a reload, a wipe) and when
        version() sees another process's commit."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                str(self.path), timeout=30, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as err:
            raise StoreUnavailable(f"Cannot open the allymap database {self.path}: {err}") from err
        try:
            self._prepare()
            self._data_version = self._version()
        except sqlite3.DatabaseError as err:
            self._conn.close()
            raise StoreUnavailable(
                f"Cannot use {self.path} as an allymap database ({err}). "
                "Is it another kind of file? Choose another path with --db or ALLYMAP_DB."
            ) from err
        except BaseException:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    # ---- opening and reloading -----------------------------------------------------------
    def _prepare(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-131072")  # up to 128 MiB of pages: big imports
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _DDL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            (version,) = conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if int(version) > SCHEMA_VERSION:
            raise StoreUnavailable(
                f"{self.path} was written by a newer allymap (database version {version}); "
                "upgrade allymap to open it."
            )

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _load(self) -> None:
        """Read the whole file into a fresh in-memory graph (one snapshot of both tables)."""
        conn = self._conn
        version = self._version()
        graph = MemGraph()
        with paused_gc():
            conn.execute("BEGIN")
            try:
                cur = conn.execute("SELECT id, type, name, props FROM nodes")
                while rows := cur.fetchmany(20000):
                    graph.load(
                        [Node(i, t, n, _loads(p) if p != "{}" else {}) for i, t, n, p in rows], ()
                    )
                cur = conn.execute("SELECT type, source, target, since, until, props FROM edges")
                while rows := cur.fetchmany(20000):
                    edges = [
                        Edge(t, s, d, a, b, _loads(p) if p != "{}" else {})
                        for t, s, d, a, b, p in rows
                    ]
                    graph.load((), edges)
            finally:
                conn.execute("COMMIT")
        self._graph = graph
        self._stats = None
        self._data_version = version
        self.generation += 1

    @property
    def graph(self) -> MemGraph:
        """The whole store in memory: loaded on first use, reloaded when another process has
        committed since (``PRAGMA data_version``, a cheap check made before every read)."""
        with self._lock:
            if self._graph is None or self._version() != self._data_version:
                self._load()
            assert self._graph is not None
            return self._graph

    def refresh(self) -> None:
        """Pick up imports made by other processes now (every read does this by itself)."""
        _ = self.graph

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ---- writing -------------------------------------------------------------------------
    def plan(self, batch: ImportBatch, effective: str | None = None) -> ImportPlan:
        with paused_gc():  # a million lookups and comparisons; nothing here forms cycles
            return super().plan(batch, effective)

    def existing_nodes(self, ids: Iterable[str]) -> Mapping[str, Node]:
        with self._lock:
            if self._graph is None:  # e.g. `allymap import`: ask SQLite, do not load it all
                return self._stored_nodes(ids)
            nodes = self.graph.g.nodes
            return {i: nodes[i]["n"] for i in ids if i in nodes}

    def existing_edges(self, keys: Iterable[EdgeKey]) -> Mapping[EdgeKey, Edge]:
        with self._lock:
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
        conn = self._conn
        with paused_gc():
            conn.execute("BEGIN")
            try:
                self._data_version = self._version()
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
            finally:
                conn.execute("COMMIT")

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
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._version() != self._data_version:
                    raise AllymapError(
                        "Another program changed the allymap database while this import was "
                        "being checked; nothing was stored. Run the import again."
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
                    conn.execute("ROLLBACK")
                raise
            self._stats = None
            self.generation += 1
            if self._graph is None:  # not loaded (the CLI): the next read loads the new file
                return
            try:
                with paused_gc():
                    self._graph.load(nodes, edges)
            except BaseException:
                self._graph = None  # memory must match the committed file: reload on next read
                raise

    def wipe(self) -> None:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM edges")
                conn.execute("DELETE FROM nodes")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
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
            seen = self._version()
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
