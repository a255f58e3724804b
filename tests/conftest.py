"""Fixtures every test module can use.

``store``
    A fresh, empty store, once per backend in :data:`STORES`. A test that takes ``store`` runs
    against every backend, which is how the stores are kept answer-for-answer identical.
    Adding a backend is one line in :data:`STORES` (a factory and its pytest marks). The
    backends in :data:`CONFORMANCE_ONLY` (Neo4j through a routing URI) run only the tests marked
    ``conformance`` (the store contract), so the whole suite does not run three times.

``load``
    ``load(store, {"nodes.csv": "...", "edges.csv": "..."}, dry_run=False)`` writes the CSV
    texts (``str`` is written as UTF-8 exactly as given, ``bytes`` as is) into a fresh folder
    under ``tmp_path``, reads them with :func:`loaders.read_files` and imports them into
    ``store``; returns the :class:`~graphmodel.batch.ImportPlan`. With ``dry_run=True`` it only
    plans. Problems raise :class:`~graphmodel.errors.ImportRejected` as in real use; the file
    names in problems are the keys of the dict.

``csv_files``
    ``csv_files({"name.csv": text, ...})`` writes the files the same way and returns their paths
    (for CLI tests that pass paths on a command line).

``refused``
    ``refused(store, files)`` imports like ``load`` but expects the import to be refused: it
    asserts that the store's ``stats()`` and ``all_records()`` did not change and returns the
    list of :class:`~graphmodel.errors.ImportProblem` (file, row, column, reason).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from neo4j_server import (  # noqa: F401 - session server fixture
    neo4j_routing_store,
    neo4j_server,
    neo4j_store,
)

from graphmodel.batch import ImportPlan
from graphmodel.embedded import EmbeddedStore
from graphmodel.errors import ImportProblem, ImportRejected
from graphmodel.store import GraphStore
from loaders import read_files

pytest_plugins = ("adversarial.tally",)
"""Counts the adversarial corpus per category (tests/adversarial/)."""

StoreFactory = Callable[[Path, Any], GraphStore]

STORES: dict[str, tuple[StoreFactory, tuple[pytest.MarkDecorator, ...], str | None]] = {
    "embedded": (lambda tmp, _: EmbeddedStore(tmp / "allymap.sqlite"), (), None),
    "neo4j": (neo4j_store, (pytest.mark.neo4j,), "neo4j_server"),
    "neo4j-routing": (neo4j_routing_store, (pytest.mark.neo4j,), "neo4j_server"),
}
"""name -> (factory given a fresh temporary folder and the resource, marks, name of the
session fixture providing the resource or None); the fixture ids are the names."""

CONFORMANCE_ONLY = frozenset({"neo4j-routing"})
"""Backends that run only the tests marked ``conformance``."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the CONFORMANCE_ONLY backends' runs of the tests not marked conformance."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("store") if callspec is not None else None
        if backend in CONFORMANCE_ONLY and item.get_closest_marker("conformance") is None:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(params=[pytest.param(name, marks=marks) for name, (_, marks, _) in STORES.items()])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    factory, _, needs = STORES[request.param]
    s = factory(tmp_path, request.getfixturevalue(needs) if needs else None)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def reopen(store: GraphStore, request: pytest.FixtureRequest) -> Callable[[], GraphStore]:
    """Another handle on the stored graph of ``store``, as another process (the CLI) opens it."""

    def _reopen() -> GraphStore:
        if isinstance(store, EmbeddedStore):
            return EmbeddedStore(store.path)
        from graphmodel.neo4j import Neo4jStore

        assert isinstance(store, Neo4jStore)
        server = request.getfixturevalue("neo4j_server")
        return Neo4jStore(store.uri, server.user, server.password)

    return _reopen


CsvTexts = Mapping[str, "str | bytes"]


@pytest.fixture
def csv_files(tmp_path: Path) -> Callable[[CsvTexts], list[Path]]:
    counter = itertools.count(1)

    def write(files: CsvTexts) -> list[Path]:
        folder = tmp_path / f"csv{next(counter)}"
        folder.mkdir()
        paths = []
        for name, text in files.items():
            path = folder / name
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            paths.append(path)
        return paths

    return write


Loader = Callable[..., ImportPlan]


@pytest.fixture
def load(csv_files: Callable[[CsvTexts], list[Path]]) -> Loader:
    def _load(store: GraphStore, files: CsvTexts, dry_run: bool = False) -> ImportPlan:
        batch = read_files(csv_files(files))
        return store.plan(batch) if dry_run else store.apply(batch)

    return _load


@pytest.fixture
def refused(load: Loader) -> Callable[[GraphStore, CsvTexts], list[ImportProblem]]:
    def _refused(store: GraphStore, files: CsvTexts) -> list[ImportProblem]:
        before = (store.stats(), store.all_records())
        with pytest.raises(ImportRejected) as info:
            load(store, files)
        assert (store.stats(), store.all_records()) == before, "a refused import stored data"
        return info.value.problems

    return _refused
