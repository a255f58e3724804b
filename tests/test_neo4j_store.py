"""What only the Neo4j store has: connecting (with errors that name the server), the schema
it sets up, and the guards of its one-transaction imports. The answers themselves are tested
on both stores by the rule, loader and read tests."""

from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path

import neo4j
import pytest
from neo4j_server import Neo4jServer, neo4j_store

from fixtures.synthetic import ANCHOR, generate
from graphmodel.embedded import EmbeddedStore
from graphmodel.errors import AllymapError, StoreUnavailable
from graphmodel.neo4j import Neo4jStore
from graphmodel.neo4j.connection import _schema_statements
from loaders import read_files
from queries.conflicts import scan
from queries.rules import BLOCKING_KINDS
from queries.staffing import check_staffing

NODES = "id,type,name\nmeri,Company,Meridian\nann,Person,Ann Lee\nbob,Person,Bob Stone\n"
EDGES = "source,target,type\nann,meri,EMPLOYED_BY\nbob,ann,REPORTS_TO\n"


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", ""])
def test_an_address_that_is_not_bolt_is_refused_before_connecting(uri: str) -> None:
    with pytest.raises(StoreUnavailable, match="not a Neo4j address"):
        Neo4jStore(uri, "neo4j", "secret")


def test_a_server_that_is_not_there_is_named() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uri = f"bolt://127.0.0.1:{port}"
    with pytest.raises(
        StoreUnavailable, match=f"(?s)Cannot reach .*127.0.0.1:{port}.*Is the server running"
    ):
        Neo4jStore(uri, "neo4j", "secret", connection_timeout=2)


@pytest.fixture
def server(neo4j_server: Neo4jServer) -> Neo4jServer:
    return neo4j_server


@pytest.fixture
def empty(server: Neo4jServer, tmp_path: Path):
    store = neo4j_store(tmp_path, server)
    yield store
    store.close()


@pytest.mark.neo4j
def test_a_wrong_password_says_which_variables_to_check(server: Neo4jServer) -> None:
    with pytest.raises(StoreUnavailable, match="NEO4J_PASSWORD"):
        Neo4jStore(server.uri, server.user, server.password + "-wrong")


def _schema_names(server: Neo4jServer) -> set[str]:
    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
        names |= {r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name").records}
    return names


@pytest.mark.neo4j
def test_constraints_and_indexes_come_from_the_schema_with_the_first_import_not_on_open(
    server: Neo4jServer, empty: Neo4jStore, csv_files
) -> None:
    """Opening, even to import, changes nothing in the database; the first write creates the
    constraints and indexes, and opening (and importing) again with them there is fine."""
    wanted = {name for name, _ in _schema_statements()}
    assert {"allymap_entity_id", "allymap_person_id", "allymap_program_id"} <= wanted
    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        for name in wanted:
            driver.execute_query(f"DROP CONSTRAINT `{name}` IF EXISTS")
            driver.execute_query(f"DROP INDEX `{name}` IF EXISTS")
    assert not wanted & _schema_names(server)
    Neo4jStore(server.uri, server.user, server.password).close()
    with pytest.raises(StoreUnavailable, match=r"nothing has been imported|no data"):
        Neo4jStore(server.uri, server.user, server.password, create=False)
    assert not wanted & _schema_names(server), "opening the store created schema"
    with Neo4jStore(server.uri, server.user, server.password) as store:
        store.plan(read_files(csv_files({"nodes.csv": NODES})))  # a dry run: still nothing
        assert not wanted & _schema_names(server), "a dry run created schema"
        store.apply(read_files(csv_files({"nodes.csv": NODES})))
    assert wanted <= _schema_names(server)
    Neo4jStore(server.uri, server.user, server.password, create=False).close()  # data now
    with Neo4jStore(server.uri, server.user, server.password) as again:
        again.apply(read_files(csv_files({"nodes.csv": NODES, "edges.csv": EDGES})))
        assert again.stats()["REPORTS_TO"] == 1


@pytest.mark.neo4j
def test_ids_are_unique_across_types(empty: Neo4jStore, csv_files) -> None:
    empty.apply(read_files(csv_files({"nodes.csv": NODES})))
    with empty._driver.session() as session, pytest.raises(neo4j.exceptions.ConstraintError):
        session.run("CREATE (:Entity:Company {id: 'ann'})").consume()


@pytest.mark.neo4j
def test_a_plan_made_stale_by_another_import_is_not_written(
    server: Neo4jServer, empty: Neo4jStore, csv_files
) -> None:
    empty.apply(read_files(csv_files({"nodes.csv": NODES, "edges.csv": EDGES})))
    plan = empty.plan(read_files(csv_files({"n.csv": "id,type,name\ncy,Person,Cy Ortiz\n"})))
    with Neo4jStore(server.uri, server.user, server.password) as other:
        other.apply(read_files(csv_files({"n.csv": "id,type,name\nann,Person,Ann L.\n"})))
    before = empty.all_records()
    with pytest.raises(AllymapError, match="Run the import again"):
        empty.write(plan)
    assert empty.all_records() == before


@pytest.mark.neo4j
def test_a_plan_from_elsewhere_is_merged_and_written_once(
    server: Neo4jServer, empty: Neo4jStore, csv_files
) -> None:
    """A plan this store did not make is written with MERGE only: twice is the same as once."""
    with Neo4jStore(server.uri, server.user, server.password) as planner:
        plan = planner.plan(read_files(csv_files({"nodes.csv": NODES, "edges.csv": EDGES})))
    empty.write(plan)
    once = empty.all_records()
    empty.write(plan)
    assert empty.all_records() == once
    assert len(once[0]) == 3 and len(once[1]) == 2


@pytest.mark.neo4j
def test_an_import_refused_half_way_leaves_nothing(empty: Neo4jStore, csv_files) -> None:
    """The second statement fails inside the transaction (a duplicate id that the plan could
    not see): the nodes of the first statement are rolled back with it."""
    plan = empty.plan(read_files(csv_files({"nodes.csv": NODES, "edges.csv": EDGES})))
    plan.nodes_added.append(type(plan.nodes_added[0])("ann", "Company", "Ann Corp"))
    with pytest.raises(AllymapError, match="nothing of it was stored"):
        empty.write(plan)
    assert empty.all_records() == ([], [])
    assert empty.stats()["Person"] == 0


@pytest.mark.neo4j
def test_progress_is_reported_per_batch(empty: Neo4jStore, csv_files) -> None:
    empty.batch_size = 2
    seen: list[tuple[int, int]] = []
    empty.apply(
        read_files(csv_files({"nodes.csv": NODES, "edges.csv": EDGES})),
        lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (5, 5)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(seen) >= 3


@pytest.mark.neo4j
def test_a_synthetic_portfolio_gets_the_embedded_stores_answers(
    empty: Neo4jStore, tmp_path: Path
) -> None:
    """Many firewalled sides, with people near several of them at once: what the batched
    queries (one walk per ring for every side of a scan, one access query for all far sides of
    a staffing check) must share out exactly as the embedded store's walks do."""
    generate(400, tmp_path / "synthetic", seed=11)
    files = [tmp_path / "synthetic" / "nodes.csv", tmp_path / "synthetic" / "edges.csv"]
    empty.apply(read_files(files))
    with EmbeddedStore(tmp_path / "embedded.sqlite") as embedded:
        embedded.apply(read_files(files))
        for hops in (None, 1, 2):
            mine, theirs = scan(empty, ANCHOR, hops).to_json(), scan(embedded, ANCHOR, hops)
            assert mine == theirs.to_json(), f"the scans differ (hops={hops})"
        kinds = Counter(f["kind"] for f in mine["findings"])
        assert set(kinds) >= set(BLOCKING_KINDS) | {"conflict_of_interest"}, kinds  # each rule
        programs = [n.id for n in embedded.search_nodes("", ["Program"], limit=8)]
        people = [n.id for n in embedded.search_nodes("", ["Person"], limit=80)]
        for i, program in enumerate(programs):
            team = people[i * 10 : i * 10 + 10]
            assert (
                check_staffing(empty, program, team, ANCHOR).to_json()
                == check_staffing(embedded, program, team, ANCHOR).to_json()
            )
