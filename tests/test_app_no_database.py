"""The app on a database that does not exist yet (``allymap serve`` on a new path): every page
but Import says there is no data yet and points to Import, never "nothing found"; nothing is
created until the first import made in the app, which creates the database. A database that
is not allymap's is an error in words on every page; one emptied of data is "no data yet"."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from adversarial.clikit import EDGES, NODES
from streamlit.testing.v1 import AppTest

from graphmodel.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
PAGES = ["influence_map.py", "staffing.py", "partner.py", "conflicts.py"]


def _page(name: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    if name != "influence_map.py":
        at.switch_page(f"allymap/pages/{name}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _says_no_data(at: AppTest) -> bool:
    return any("There is no data yet" in i.value and "Import" in i.value for i in at.info)


def _import_in_the_app() -> AppTest:
    at = _page("import_data.py")
    assert not _says_no_data(at) and at.file_uploader
    at.file_uploader[0].set_value(
        [("nodes.csv", NODES.encode(), "text/csv"), ("edges.csv", EDGES.encode(), "text/csv")]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="import_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Imported 2 file(s)" in s.value for s in at.success)
    return at


def test_a_missing_database_shows_no_data_yet_and_the_first_import_creates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "new" / "allymap.sqlite"
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    monkeypatch.delenv("ALLYMAP_NEO4J", raising=False)
    for name in PAGES:
        at = _page(name)
        assert _says_no_data(at), (name, [i.value for i in at.info])
        assert not at.error and not at.success, name  # no "Nothing found": no all-clear
    assert not db.parent.exists(), "opening the app created the database"
    _import_in_the_app()
    assert db.is_file()
    with EmbeddedStore(db, create=False) as store:
        assert store.stats()["Person"] == 2
    for name in PAGES:
        assert not _says_no_data(_page(name)), name
    at = _page("conflicts.py")
    assert not any("Nothing found" in s.value for s in at.success)  # Eli's breach is there


def test_a_database_with_its_data_removed_is_no_data_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "allymap.sqlite"
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    monkeypatch.delenv("ALLYMAP_NEO4J", raising=False)
    _import_in_the_app()
    db.unlink()  # deleted while the app runs: its store must not go on answering
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert _says_no_data(_page("conflicts.py"))


def test_a_foreign_database_is_an_error_in_words_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "crm.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY)")
    conn.close()
    before = db.read_bytes()
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    monkeypatch.delenv("ALLYMAP_NEO4J", raising=False)
    for name in [*PAGES, "import_data.py"]:
        at = _page(name)
        if name == "import_data.py":
            at.file_uploader[0].set_value([("nodes.csv", NODES.encode(), "text/csv")]).run()
        assert any("another program" in e.value for e in at.error), (name, at.error)
    assert db.read_bytes() == before
    assert {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")} == {
        "customers"
    }


@pytest.mark.neo4j
def test_a_neo4j_database_never_imported_into_shows_no_data_yet(
    neo4j_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphmodel.neo4j import Neo4jStore

    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as store:
        store.wipe()
        with store._driver.session() as session:
            session.run("MATCH (s:AllymapState) DELETE s").consume()
    monkeypatch.delenv("ALLYMAP_DB", raising=False)
    monkeypatch.setenv("ALLYMAP_NEO4J", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    for name in PAGES:
        assert _says_no_data(_page(name)), name
    _import_in_the_app()
    assert not _says_no_data(_page("conflicts.py"))
