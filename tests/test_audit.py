"""The audit trail on both stores (one conformance test): appended in order and chained, kept
across a restart and a wipe, never written where there is no allymap graph, not a change of
the graph's version, and an edited, deleted, reordered or inserted entry named by verify()."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from portfolio import build

from graphmodel.audit import verify
from graphmodel.embedded import EmbeddedStore
from graphmodel.store import GraphStore

pytestmark = pytest.mark.conformance


def _raw(store: GraphStore) -> Callable[[str, dict[str, Any]], None]:
    """Run one statement on the store's database behind its back (what a tamperer does)."""
    if isinstance(store, EmbeddedStore):
        path = store.path

        def run_sql(text: str, params: dict[str, Any]) -> None:
            with sqlite3.connect(path) as conn:
                conn.execute(text, params)

        return run_sql
    driver = store._driver  # type: ignore[attr-defined]
    database = store.database  # type: ignore[attr-defined]

    def run_cypher(text: str, params: dict[str, Any]) -> None:
        with driver.session(database=database) as session:
            session.run(text, params).consume()

    return run_cypher


EDIT = {
    "embedded": "UPDATE audit SET user = :user WHERE seq = :seq",
    "neo4j": "MATCH (e:AllymapAudit {seq: $seq}) SET e.user = $user",
}
DELETE = {
    "embedded": "DELETE FROM audit WHERE seq = :seq",
    "neo4j": "MATCH (e:AllymapAudit {seq: $seq}) DELETE e",
}
SWAP = {
    "embedded": "UPDATE audit SET at = (SELECT at FROM audit WHERE seq = :other) WHERE seq = :seq",
    "neo4j": "MATCH (e:AllymapAudit {seq: $seq}), (o:AllymapAudit {seq: $other}) SET e.at = o.at",
}


def _kind(store: GraphStore) -> str:
    return "embedded" if isinstance(store, EmbeddedStore) else "neo4j"


@pytest.fixture
def audited(store: GraphStore, tmp_path: Path) -> Iterator[GraphStore]:
    """The portfolio imported into a store whose audit trail is empty (the Neo4j test server
    is shared by the tests, and a wipe keeps the audit trail by design)."""
    if not isinstance(store, EmbeddedStore):
        _raw(store)("MATCH (n) WHERE n:AllymapAudit OR n:AllymapAuditHead DETACH DELETE n", {})
    build(store, tmp_path / "csv")
    yield store


def test_no_graph_no_entry(tmp_path: Path) -> None:
    """On a path with no database an append records nothing and creates nothing."""
    path = tmp_path / "new" / "allymap.sqlite"
    with EmbeddedStore(path) as store:
        assert store.append_audit("ana", "view", {"page": "conflicts"}) is None
        assert store.audit_log() == ([], None)
    assert not path.parent.exists()


def test_entries_are_chained_kept_and_do_not_change_the_graph(
    audited: GraphStore, reopen: Callable[[], GraphStore]
) -> None:
    version = audited.version()
    first = audited.append_audit("ana@example.com", "sign-in", {"role": "viewer"})
    second = audited.append_audit("ana@example.com", "view", {"page": "conflicts"})
    assert first is not None and second is not None
    assert (first.seq, second.seq, second.prev) == (1, 2, first.hash)
    assert audited.version() == version  # the app's cached answers stay valid
    other = reopen()  # another process (the CLI) appends to the same chain
    try:
        third = other.append_audit("cli:root", "import", {"files": [{"name": "x.csv"}]})
    finally:
        other.close()
    assert third is not None and third.prev == second.hash
    audited.wipe()  # deleting the graph keeps the trail
    again = reopen()  # a restart
    try:
        entries, head = again.audit_log()
    finally:
        again.close()
    assert [(e.seq, e.user, e.action) for e in entries] == [
        (1, "ana@example.com", "sign-in"),
        (2, "ana@example.com", "view"),
        (3, "cli:root", "import"),
    ]
    assert entries[1].detail == {"page": "conflicts"}
    assert head == (3, third.hash)
    assert verify(entries, head) is None


@pytest.mark.parametrize(
    ("tamper", "params", "broken", "why"),
    [
        (EDIT, {"seq": 2, "user": "mallory"}, 2, "contents were changed"),
        (DELETE, {"seq": 2}, 3, "entry 2 is missing"),
        (DELETE, {"seq": 4}, 4, "entries 4..4 are missing"),
        (SWAP, {"seq": 1, "other": 3}, 1, "contents were changed"),
    ],
    ids=["edited", "deleted", "last-deleted", "reordered"],
)
def test_verify_names_the_first_broken_entry(
    audited: GraphStore,
    tamper: dict[str, str],
    params: dict[str, Any],
    broken: int,
    why: str,
) -> None:
    for i in range(4):
        audited.append_audit(f"user{i}", "view", {"page": "conflicts", "i": i})
    _raw(audited)(tamper[_kind(audited)], params)
    problem = verify(*audited.audit_log())
    assert problem is not None and problem.seq == broken and why in problem.why, problem


def test_an_inserted_entry_is_found(audited: GraphStore) -> None:
    """An entry written behind allymap's back, even with a plausible hash, breaks the head."""
    for i in range(2):
        audited.append_audit(f"user{i}", "view", {"i": i})
    entries, _ = audited.audit_log()
    last = entries[-1]
    fake = {"seq": 3, "at": last.at, "user": "mallory", "action": "view", "detail": "{}"}
    if isinstance(audited, EmbeddedStore):
        text = (
            "INSERT INTO audit(seq, at, user, action, detail, prev, hash) "
            "VALUES(:seq, :at, :user, :action, :detail, :prev, :hash)"
        )
    else:
        text = "CREATE (:AllymapAudit {seq: $seq, at: $at, user: $user, action: $action, " + (
            "detail: $detail, prev: $prev, hash: $hash})"
        )
    from graphmodel.audit import seal

    sealed = seal(3, last.hash, last.at, "mallory", "view", {})
    _raw(audited)(text, {**fake, "prev": last.hash, "hash": sealed.hash})
    problem = verify(*audited.audit_log())
    assert problem is not None and problem.seq == 3 and "outside allymap" in problem.why
