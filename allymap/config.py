"""Which store a command or the app talks to, chosen the same way everywhere.

The embedded SQLite file is the default, so allymap works on a laptop with nothing else
installed: ``--db PATH`` wins, then the ``ALLYMAP_DB`` environment variable, then a per-user
data file. ``--neo4j URI`` selects a Neo4j server instead, with credentials from
``NEO4J_USER`` / ``NEO4J_PASSWORD`` (never on the command line, where ``ps`` would show them).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from platformdirs import user_data_dir

from graphmodel.errors import StoreUnavailable
from graphmodel.store import GraphStore

__all__ = ["db_path", "default_db_path", "open_store"]


def default_db_path() -> Path:
    """The per-user database file (e.g. ``~/.local/share/allymap/allymap.sqlite`` on Linux)."""
    return Path(user_data_dir("allymap", appauthor=False)) / "allymap.sqlite"


def db_path(db: str | None = None) -> Path:
    """The embedded database file: ``db``, else ``ALLYMAP_DB``, else the per-user default."""
    chosen = db or os.environ.get("ALLYMAP_DB") or None
    return Path(chosen).expanduser() if chosen else default_db_path()


def open_store(
    db: str | None = None, neo4j: str | None = None, *, create: bool = False
) -> GraphStore:
    """Open the store the user asked for: the one way the CLI and the app open a database.

    ``create=False``, the default, is for everything that only reads (``check-staffing``,
    ``conflicts``, ``partner``...): the database must already hold an allymap graph with data,
    else :class:`~graphmodel.errors.NoDatabase` is raised, since "nothing found" in an empty or
    mistyped database would be a wrong all-clear. Nothing is ever written: no file, no folder,
    no table (the embedded file is opened read-only), no Neo4j constraint.

    ``create=True`` is for ``import`` and the app: a database that does not exist yet is an
    empty graph, made by the first write (the file and its folder, or the Neo4j constraints),
    so ``import --dry-run`` checks against an empty graph and writes nothing.

    Either way, a database that is unreachable, unreadable, damaged, newer, or not allymap's
    raises :class:`~graphmodel.errors.StoreUnavailable` (NoDatabase is one) with a reason
    written for the user: the CLI's exit code 2.
    """
    if neo4j:
        try:
            module = importlib.import_module("graphmodel.neo4j")
        except ModuleNotFoundError as err:
            if err.name not in ("graphmodel.neo4j",):
                raise
            raise StoreUnavailable("The Neo4j store is not available in this build.") from err
        return module.Neo4jStore(  # type: ignore[no-any-return]
            neo4j,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            create=create,
        )
    from graphmodel.embedded import EmbeddedStore

    return EmbeddedStore(db_path(db), create=create)
