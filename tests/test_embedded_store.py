"""The embedded store: the SQLite file is the truth, memory follows it, imports are atomic,
and another process's import is seen without reopening. The reads every store answers alike
are tested on both stores in test_store_reads.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graphmodel.embedded import SCHEMA_VERSION, EmbeddedStore
from graphmodel.errors import AllymapError, NoDatabase, StoreUnavailable
from graphmodel.model import Edge
from loaders import read_files

# Meridian and its holding, a partner group (Helix under Helix Holdings), a past supply deal.
NODES = """id,type,name
meri,Company,Meridian Therapeutics
merihold,Company,Meridian Holdings
helix,Company,Helix Bio
helixco,Company,Helix Holdings
A1,Alliance,Helix KRAS alliance
P1,Program,ONC-7
c1,Committee,Helix JSC
ann,Person,Ann Lee
bob,Person,Bob Stone
cy,Person,Cy Ortiz
"""
EDGES = """source,target,type,since,until,what
meri,merihold,SUBSIDIARY_OF,,,
helix,helixco,SUBSIDIARY_OF,,,
meri,A1,PARTY_TO,2023-01-01,,
helix,A1,PARTY_TO,2023-01-01,,
helixco,merihold,SUPPLIES,2020-01-01,2022-12-31,reagents
P1,A1,PART_OF,,,
c1,A1,GOVERNS,,,
ann,meri,EMPLOYED_BY,2019-01-01,,
bob,ann,REPORTS_TO,2021-01-01,2021-12-31,
cy,bob,REPORTS_TO,,,
ann,c1,MEMBER_OF,,,
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "allymap.sqlite"


@pytest.fixture
def portfolio(db: Path, load):
    with EmbeddedStore(db) as s:
        load(s, {"nodes.csv": NODES, "edges.csv": EDGES})
        yield s


def test_reopening_the_file_gives_the_same_records(portfolio, db) -> None:
    with EmbeddedStore(db) as again:
        assert again.all_records() == portfolio.all_records()
        assert again.stats() == portfolio.stats()


def test_file_layout(portfolio, db) -> None:
    conn = sqlite3.connect(db)
    try:
        version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert version == (str(SCHEMA_VERSION),)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        row = conn.execute("SELECT since, until, props FROM edges WHERE type='SUPPLIES'").fetchone()
        assert row == ("2020-01-01", "2022-12-31", '{"what":"reagents"}')
        assert conn.execute("SELECT props FROM nodes WHERE id='ann'").fetchone() == ("{}",)
    finally:
        conn.close()


def test_write_failing_half_way_leaves_file_and_memory_unchanged(portfolio, db, csv_files) -> None:
    people = "id,type,name\n" + "".join(f"n{i},Person,New {i}\n" for i in range(50))
    batch = read_files(csv_files({"people.csv": people}))
    before = (portfolio.stats(), portfolio.all_records())
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        raise RuntimeError("disk full")  # after the first batch went into SQLite

    portfolio.batch_size = 10
    with pytest.raises(RuntimeError, match="disk full"):
        portfolio.apply(batch, progress)
    assert calls == [10]
    assert (portfolio.stats(), portfolio.all_records()) == before
    with EmbeddedStore(db) as fresh:
        assert fresh.all_records() == before[1]
    # and the store still works afterwards
    portfolio.apply(batch)
    assert portfolio.stats()["Person"] == 53


def test_interrupted_write_is_rolled_back(portfolio, csv_files) -> None:
    batch = read_files(csv_files({"n.csv": "id,type,name\nz1,Person,Z\nz2,Person,Z2\n"}))
    before = portfolio.all_records()

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    portfolio.batch_size = 1
    with pytest.raises(KeyboardInterrupt):
        portfolio.apply(batch, interrupt)
    assert portfolio.all_records() == before


def test_progress_reports_every_batch(db, csv_files) -> None:
    people = "id,type,name\n" + "".join(f"n{i},Person,N{i}\n" for i in range(25))
    seen: list[tuple[int, int]] = []
    with EmbeddedStore(db) as s:
        s.batch_size = 10
        s.apply(read_files(csv_files({"p.csv": people})), lambda d, t: seen.append((d, t)))
    assert seen == [(10, 25), (20, 25), (25, 25)]


def test_dry_run_stores_nothing(portfolio, load, db) -> None:
    before = portfolio.all_records()
    plan = load(portfolio, {"n.csv": "id,type,name\nnew,Company,New Co\n"}, dry_run=True)
    assert plan.counts()["nodes_added"] == 1
    assert portfolio.all_records() == before
    with EmbeddedStore(db) as fresh:
        assert fresh.all_records() == before


def test_import_by_another_process_is_seen_before_the_next_read(portfolio, db, load) -> None:
    with EmbeddedStore(db) as cli:  # another connection, as `allymap import` would open
        load(cli, {"n.csv": "id,type,name\nnova,Company,Nova\n"})
    generation = portfolio.generation
    assert portfolio.existing_nodes(["nova"])["nova"].name == "Nova"
    assert portfolio.stats()["Company"] == 5
    assert portfolio.generation > generation


def test_newer_database_version_is_refused(portfolio, db) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
    )
    conn.commit()
    conn.close()
    for create in (True, False):
        with pytest.raises(StoreUnavailable, match="newer allymap"):
            EmbeddedStore(db, create=create)


def test_a_file_that_is_not_a_database_is_refused(tmp_path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreUnavailable, match="not a SQLite file"):
        EmbeddedStore(path)


def test_wipe_empties_file_and_memory(portfolio, db) -> None:
    portfolio.wipe()
    assert portfolio.all_records() == ([], [])
    with EmbeddedStore(db) as fresh:
        assert fresh.all_records() == ([], [])


# ---- reading -------------------------------------------------------------------------------


def test_memgraph_bulk_load_matches_one_by_one_adds() -> None:
    """MemGraph.load fills networkx's dicts directly (speed); it must mean what add_* means."""
    import networkx as nx

    from graphmodel.embedded.memgraph import MemGraph
    from graphmodel.model import Node

    nodes = [Node("a", "Company", "A"), Node("b", "Company", "B")]
    edges = [
        Edge("COMPETES_WITH", "b", "a", "", "", {"market": "x"}),
        Edge("SUPPLIES", "a", "b", "2020-01-01"),
        Edge("SUPPLIES", "a", "b", "2020-01-01", "2021-01-01"),  # same key: replaces
        Edge("SUPPLIES", "a", "ghost"),  # an end without a record, as networkx allows
        Edge("SUBSIDIARY_OF", "a", "a"),
    ]
    bulk, single = MemGraph(), MemGraph()
    bulk.load(nodes, edges)
    for n in nodes:
        single.add_node(n)
    for e in edges:
        single.add_edge(e)
    assert nx.utils.edges_equal(
        bulk.g.edges(keys=True, data=True), single.g.edges(keys=True, data=True)
    )
    assert dict(bulk.g.nodes(data=True)) == dict(single.g.nodes(data=True))
    assert list(bulk.g.pred["b"]) == list(single.g.pred["b"]) == ["a"]
    supplies, competes = (
        bulk.edge(("SUPPLIES", "a", "b", "2020-01-01")),
        bulk.edge(("COMPETES_WITH", "a", "b", "")),
    )
    assert supplies is not None and supplies.until == "2021-01-01"
    assert competes is not None and competes.props == {"market": "x"}
    assert bulk.edge(("COMPETES_WITH", "b", "a", "")) is None


CHANGES = {
    "nodes.csv": "id,type,name\nann,Person,Ann Lee-Smith\nbob,Person,Bob Stone\nnew,Person,Nu\n",
    "edges.csv": (
        "source,target,type,since,until,what\n"
        "helixco,merihold,SUPPLIES,2020-01-01,2023-06-30,reagents\n"  # changed: until
        "cy,bob,REPORTS_TO,,,\n"  # unchanged
        "new,cy,REPORTS_TO,,,\n"  # added
    ),
}


def test_plan_from_the_file_equals_plan_from_memory(portfolio, db, csv_files) -> None:
    """`allymap import` plans against SQLite without loading the graph; the app plans against
    the loaded graph. Both must see the same changes."""
    batch = read_files(csv_files(CHANGES))
    portfolio.refresh()  # loaded
    from_memory = portfolio.plan(batch)
    with EmbeddedStore(db) as cold:  # not loaded
        from_file = cold.plan(batch)
        assert cold._graph is None
    assert from_file == from_memory
    assert from_file.counts() == {
        "nodes_added": 1,
        "nodes_changed": 1,
        "nodes_unchanged": 1,
        "edges_added": 1,
        "edges_changed": 1,
        "edges_unchanged": 1,
    }


def test_write_without_the_graph_loaded_then_read(db, portfolio, csv_files) -> None:
    batch = read_files(csv_files(CHANGES))
    with EmbeddedStore(db) as cold:
        cold.apply(batch)
        assert cold._graph is None  # the import did not need the whole graph
        nodes, edges = cold.all_records()
    assert portfolio.all_records() == (nodes, edges)  # the other store reloaded
    assert next(n for n in nodes if n.id == "ann").name == "Ann Lee-Smith"
    assert next(e for e in edges if e.type == "SUPPLIES").until == "2023-06-30"


def test_failed_write_without_the_graph_loaded_stores_nothing(db, portfolio, csv_files) -> None:
    before = portfolio.all_records()
    batch = read_files(csv_files(CHANGES))

    def fail(done: int, total: int) -> None:
        raise OSError("disk full")

    with EmbeddedStore(db) as cold:
        cold.batch_size = 1
        with pytest.raises(OSError):
            cold.apply(batch, fail)
        assert cold.all_records() == before
    assert portfolio.all_records() == before


@pytest.mark.parametrize("loaded", [True, False], ids=["graph-loaded", "graph-not-loaded"])
def test_plan_made_stale_by_another_import_is_not_written(db, portfolio, csv_files, loaded) -> None:
    from graphmodel.errors import AllymapError

    with EmbeddedStore(db) as app:
        if loaded:
            app.refresh()
        plan = app.plan(read_files(csv_files(CHANGES)))
        with EmbeddedStore(db) as cli:
            cli.apply(read_files(csv_files({"n.csv": "id,type,name\nann,Person,Ann L.\n"})))
        with pytest.raises(AllymapError, match="Run the import again"):
            app.write(plan)
        assert next(n for n in app.all_records()[0] if n.id == "ann").name == "Ann L."


# ---- opening writes nothing; a first import that fails leaves nothing ------------------------


@pytest.mark.parametrize("before", ["missing", "missing-folders", "zero-bytes"])
def test_a_failed_first_import_leaves_the_path_as_it_was(tmp_path, csv_files, before) -> None:
    path = tmp_path / ("a/b/allymap.sqlite" if before == "missing-folders" else "allymap.sqlite")
    if before == "zero-bytes":
        path.touch()
    batch = read_files(csv_files({"nodes.csv": NODES, "edges.csv": EDGES}))

    def fail(done: int, total: int) -> None:
        raise OSError("disk full")

    with EmbeddedStore(path) as store:
        assert store.plan(batch).counts()["nodes_added"] == 10  # an empty graph, no file
        assert path.exists() == (before == "zero-bytes")
        store.batch_size = 3
        with pytest.raises(OSError, match="disk full"):
            store.apply(batch, fail)
        assert store.all_records() == ([], [])
        left = sorted(p.name for p in tmp_path.iterdir() if p.name != "csv1")
        assert left == (["allymap.sqlite"] if before == "zero-bytes" else [])
        if before == "zero-bytes":
            assert path.stat().st_size == 0
        store.apply(batch)  # and the same store imports it afterwards
    with EmbeddedStore(path, create=False) as again:
        assert again.stats()["Person"] == 3


def test_opening_writes_nothing_and_readers_never_write(tmp_path, portfolio, db) -> None:
    """No journal-mode switch, table or lock on open; a reader's connection is read-only."""
    mtime = db.stat().st_mtime_ns
    with EmbeddedStore(db, create=False) as reader:
        assert reader.stats()["Person"] == 3
        with pytest.raises(AllymapError, match="reading only"):
            reader.wipe()
    assert db.stat().st_mtime_ns == mtime
    for create in (True, False):
        missing = tmp_path / f"missing-{create}" / "allymap.sqlite"
        try:
            EmbeddedStore(missing, create=create).close()
        except NoDatabase:
            assert not create
        assert not missing.parent.exists()
