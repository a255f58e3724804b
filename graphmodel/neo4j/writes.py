"""Writing to Neo4j: an import plan in one explicit transaction, and wiping."""

from __future__ import annotations

import datetime as _dt
import time
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.decisions import Decision, DecisionKey
from graphmodel.errors import AllymapError, StoreUnavailable
from graphmodel.folding import FOLD_VERSION
from graphmodel.model import Edge, EdgeKey, Node
from graphmodel.neo4j.connection import Neo4jConnection
from graphmodel.neo4j.records import (
    chunks,
    decision_id,
    decision_row,
    edge_record,
    edge_row,
    element_row,
    node_record,
    node_row,
    search_keys,
    undeclared,
)
from graphmodel.neo4j.templates import cypher, for_label, for_type
from graphmodel.schema import SCHEMA
from graphmodel.store import Progress, scope_rows


class Writes(Neo4jConnection):
    # ---- writing -------------------------------------------------------------------------
    def existing_nodes(self, ids: Iterable[str]) -> Mapping[str, Node]:
        wanted = sorted(set(ids))
        text = cypher("existing_nodes")

        def work(tx: ManagedTransaction) -> dict[str, Node]:
            found: dict[str, Node] = {}
            for chunk in chunks(wanted, self.batch_size):
                for nid, labels, props in tx.run(text, {"ids": list(chunk)}):
                    found[nid] = node_record(nid, labels, props)
            return found

        return self._read(work) if wanted else {}

    def _existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(ids))
        text = cypher("existing_ids")

        def work(tx: ManagedTransaction) -> set[str]:
            found: set[str] = set()
            for chunk in chunks(wanted, self.batch_size):
                found.update(r["id"] for r in tx.run(text, {"ids": list(chunk)}))
            return found

        return self._read(work) if wanted else set()

    def existing_edges(self, keys: Iterable[EdgeKey]) -> Mapping[EdgeKey, Edge]:
        keys = {k for k in keys if k[0] in SCHEMA.edge_types}
        # An edge with a new end cannot exist yet: a first import looks up no edge at all.
        present = self._existing_ids({k[1] for k in keys} | {k[2] for k in keys})
        by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
        for etype, source, target, since in keys:
            if source in present and target in present:
                by_type[etype].append({"source": source, "target": target, "since": since})
        if not by_type:
            return {}

        def work(tx: ManagedTransaction) -> dict[EdgeKey, Edge]:
            found: dict[EdgeKey, Edge] = {}
            for etype, rows in sorted(by_type.items()):
                text = for_type("existing_edges", etype)
                for chunk in chunks(rows, self.batch_size):
                    for source, target, props in tx.run(text, {"rows": list(chunk)}):
                        e = edge_record(etype, source, target, props)
                        found[e.key] = e
            return found

        return self._read(work)

    def existing_decisions(self, keys: Iterable[DecisionKey]) -> Mapping[DecisionKey, Decision]:
        ids = sorted({decision_id(k) for k in keys})
        text = cypher("existing_decisions")

        def work(tx: ManagedTransaction) -> dict[DecisionKey, Decision]:
            found: dict[DecisionKey, Decision] = {}
            for chunk in chunks(ids, self.batch_size):
                for (row,) in tx.run(text, {"ids": list(chunk)}):
                    d = Decision.from_row(row)
                    found[d.key] = d
            return found

        return self._read(work) if ids else {}

    def open_edges(
        self,
        day: str,
        out_of: Mapping[str, Collection[str]],
        into: Mapping[str, Collection[str]],
    ) -> list[Edge]:
        """One open_edges.cypher statement per chunk of nodes, in one read transaction."""
        by_node: dict[str, tuple[list[str], list[str]]] = {}
        for etype, nid, direction in scope_rows(out_of, into):
            leaving, entering = by_node.setdefault(nid, ([], []))
            (leaving if direction == "out" else entering).append(etype)
        rows = [{"id": nid, "out": o, "in": i} for nid, (o, i) in by_node.items()]
        text = cypher("open_edges")

        def work(tx: ManagedTransaction) -> list[Edge]:
            found: dict[EdgeKey, Edge] = {}
            for chunk in chunks(rows, self.batch_size):
                for r in tx.run(text, {"rows": list(chunk), "day": day}):
                    e = edge_record(r["type"], r["source"], r["target"], r["props"])
                    found[e.key] = e
            return [found[k] for k in sorted(found)]

        return self._read(work) if rows else []

    def plan(self, batch: ImportBatch, effective: str | None = None) -> ImportPlan:
        """As GraphStore.plan, remembering the graph's version the plan was made against, so
        :meth:`write` can CREATE what the plan found new instead of MERGE-ing it."""
        version = self.version()
        plan = super().plan(batch, effective)
        self._planned = (plan, version)
        return plan

    def write(self, plan: ImportPlan, progress: Progress | None = None) -> None:
        """Write a plan in ONE explicit transaction, so a refused or interrupted import leaves
        nothing behind however large it is, as batched ``UNWIND $rows ...`` statements per
        node type and edge type.

        The transaction first takes the writer lock and checks that nobody wrote since the
        plan was made (else it refuses, as the embedded store does); then what the plan found
        new is CREATEd and what it found changed is MERGEd. For a plan this store did not make,
        everything is MERGEd. Every statement must write all its rows, or the import fails.

        If the server drops out before the commit, nothing was stored and the whole import
        is tried again (``write_attempts`` in all); if it drops out during the commit, the
        receipt written in the transaction is looked up to tell whether it was stored."""
        planned = self._planned
        version = planned[1] if planned is not None and planned[0] is plan else None
        added_nodes = {n.id for n in plan.nodes_added} if version is not None else set()
        added_edges = {e.key for e in plan.edges_added} if version is not None else set()

        node_steps: list[tuple[str, list[dict[str, Any]]]] = []
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        nodes = sorted((*plan.nodes_added, *plan.nodes_changed), key=lambda n: n.id)
        for n in nodes:
            groups[("create_nodes" if n.id in added_nodes else "write_nodes", n.type)].append(
                node_row(n)
            )
        node_steps += [(for_label(q, label), rows) for (q, label), rows in sorted(groups.items())]
        edge_groups: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        edges = sorted(
            (e.normalized() for e in (*plan.edges_added, *plan.edges_changed)), key=lambda e: e.key
        )
        for e in edges:
            if e.key not in added_edges:
                how = "write_edges"
            else:
                how = "create_edges_extra" if undeclared(e) else "create_edges"
            edge_groups[(how, e.type)].append(e)
        edge_steps = [
            (for_type(q, etype), q.startswith("create_edges"), group)
            for (q, etype), group in sorted(edge_groups.items())
        ]
        decision_rows = [decision_row(d) for d in sorted(plan.decisions, key=lambda d: d.key)]
        receipt: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "nodes": len(nodes),
            "edges": len(edges),
        }
        total = len(nodes) + len(edges) + len(decision_rows)
        with self._talking("preparing the database for an import"):
            self._ensure_schema()
        last: Exception | None = None
        for attempt in range(self.write_attempts):
            if attempt:
                time.sleep(self.retry_pause * 2 ** (attempt - 1))
            try:
                self._write_once(
                    node_steps, edge_steps, decision_rows, receipt, version, total, progress
                )
                self._planned = None
                self._replan()
                return
            except TransientError as err:
                if err.code and "Memory" in err.code:
                    raise AllymapError(
                        f"The Neo4j server at {self.uri} does not have enough transaction "
                        f"memory for this import of {total:,} rows, so nothing was stored "
                        f"({err.message}). Give the server more heap or raise "
                        "db.memory.transaction.total.max, or import the files in parts."
                    ) from err
                last = err
            except (ServiceUnavailable, SessionExpired, StoreUnavailable) as err:
                last = err  # a retry that cannot reconnect is the same loss of contact
            except ConstraintError as err:  # somebody wrote around the writer lock
                raise AllymapError(
                    f"The Neo4j server at {self.uri} refused the import ({err.message}); "
                    "nothing of it was stored. Run the import again."
                ) from err
            except DatabaseError as err:  # the server itself failed: a full disk, a broken log
                raise AllymapError(
                    f"The Neo4j server at {self.uri} failed while storing the import "
                    f"({err.code}: {err.message}); nothing of it was stored. The server's log "
                    "says why (for scripts/neo4j-local: scripts/neo4j-local logs)."
                ) from err
        raise StoreUnavailable(
            f"Lost contact with the Neo4j server at {self.uri} during the import, "
            f"{self.write_attempts} times; nothing of this import was stored ({last}). "
            "Is the server running?"
        ) from last

    def _write_once(
        self,
        node_steps: Sequence[tuple[str, list[dict[str, Any]]]],
        edge_steps: Sequence[tuple[str, bool, list[Edge]]],
        decision_rows: list[dict[str, Any]],
        receipt: Mapping[str, Any],
        version: int | None,
        total: int,
        progress: Progress | None,
    ) -> None:
        """One attempt: the whole plan in one transaction, committed once (see write)."""
        lost = AllymapError(
            "The graph in Neo4j lost nodes this import refers to while it was being written; "
            "nothing was stored. Run the import again."
        )
        done = 0

        def step(text: str, rows: list[dict[str, Any]]) -> list[Any]:
            nonlocal done
            records = tx.run(text, {"rows": rows}).values()
            done += len(rows)
            if progress is not None:
                progress(done, total)
            return records

        with self._driver.session(database=self.database) as session:
            tx = session.begin_transaction()
            try:
                tx.run(cypher("import_lock"), {"at": receipt["at"]}).consume()
                before = tx.run(cypher("import_version")).single(strict=True)["before"]
                if version is not None and before != version:
                    raise AllymapError(
                        "Another program changed the graph in Neo4j while this import was being "
                        "checked; nothing was stored. Run the import again."
                    )
                folded = tx.run(cypher("fold_version"), {"fold": FOLD_VERSION}).single()
                if before and folded is not None and folded["before"] != FOLD_VERSION:
                    self._refresh_search_keys(tx)
                element: dict[str, str] = {}  # node id -> element id, for CREATEd edges
                for text, rows in node_steps:
                    for chunk in chunks(rows, self.batch_size):
                        written = step(text, list(chunk))
                        if len(written) != len(chunk):
                            raise lost
                        element.update((nid, eid) for nid, eid in written)
                ends = {
                    x
                    for _, by_element, group in edge_steps
                    if by_element
                    for e in group
                    for x in (e.source, e.target)
                } - element.keys()
                for ids in chunks(sorted(ends), self.batch_size):
                    found = tx.run(cypher("element_ids"), {"ids": list(ids)}).values()
                    element.update((nid, eid) for nid, eid in found)
                if not ends <= element.keys():
                    raise lost
                for text, by_element, group in edge_steps:
                    for part in chunks(group, self.batch_size):
                        rows = (
                            [element_row(e, element) for e in part]
                            if by_element
                            else [edge_row(e) for e in part]
                        )
                        if step(text, rows) != [[len(rows)]]:
                            raise lost
                for rows_part in chunks(decision_rows, self.batch_size):
                    if step(cypher("write_decisions"), list(rows_part)) != [[len(rows_part)]]:
                        raise lost
                tx.run(cypher("import_receipt"), dict(receipt)).consume()
            except BaseException:
                with suppress(Exception):
                    tx.rollback()
                raise
            try:
                tx.commit()
            except (ServiceUnavailable, SessionExpired, DriverError, Neo4jError):
                if not self._committed(str(receipt["id"])):
                    raise

    def _refresh_search_keys(self, tx: Any) -> None:
        """Rewrite every node's search keys with today's :func:`fold` (a graph imported by an
        allymap whose keys were only casefolded), in the import's transaction."""
        rows = [
            {"id": nid, "keys": search_keys(nid, name or "")}
            for nid, name in tx.run(cypher("search_names")).values()
        ]
        for chunk in chunks(rows, self.batch_size):
            tx.run(cypher("refresh_search_keys"), {"rows": list(chunk)}).consume()

    def _committed(self, receipt_id: str) -> bool:
        """Whether the import with this receipt was stored (after a failed COMMIT)."""
        deadline = time.monotonic() + 30
        while True:
            try:
                rows = self._query("find_receipt", id=receipt_id)
                return bool(rows and rows[0]["found"])
            except StoreUnavailable as err:
                if time.monotonic() > deadline:
                    raise StoreUnavailable(
                        f"The connection to the Neo4j server at {self.uri} broke while the "
                        f"import was being committed, and the server has not come back to say "
                        f"whether it was stored. Check with `allymap` once it is back. ({err})"
                    ) from err
                time.sleep(1)

    def wipe(self) -> None:
        with (
            self._talking("deleting everything"),
            self._driver.session(database=self.database) as session,
        ):
            session.run(cypher("bump_version")).consume()  # type: ignore[arg-type]
            session.run(cypher("wipe")).consume()  # type: ignore[arg-type]
        self._replan()

    def _replan(self) -> None:
        """Make Neo4j plan our queries again for the graph as it now is (replan.cypher).
        A user without the right to do so only loses speed, not correctness."""
        with (
            self._talking("refreshing query plans"),
            self._driver.session(database=self.database) as session,
        ):
            try:
                session.run(cypher("replan"), {"seconds": 300}).consume()  # type: ignore[arg-type]
            except ClientError:
                with suppress(ClientError):
                    session.run(cypher("resample")).consume()  # type: ignore[arg-type]
