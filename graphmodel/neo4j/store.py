"""The Neo4j store: the same answers as the embedded store, from a Neo4j server.

The traversals run inside the database: the finders (who reaches a firewalled side and by
which routes, person-to-person hops, corporate groups, counterparty paths) are the Cypher
templates in ``graphmodel/neo4j/cypher/``. The rules of ``queries/rules/`` judge what they
return, the same code as for the embedded store, so the two stores cannot drift apart on any
choice; the conformance suite holds them to identical answers. Parts: :mod:`.connection` (the
driver and its errors), :mod:`.records` (rows to records), :mod:`.templates` (the Cypher),
:mod:`.writes`, :mod:`.reads` and :mod:`.finders`.

Storage. Every node has its type as label plus ``:Entity``; uniqueness constraints on ``id``
for ``:Entity`` (ids are unique across types) and for each type give index lookups by id.
An edge is identified by (type, ends, since), with symmetric types stored once with
``source <= target``; ``since`` and ``until`` are strings, ``""`` when open, so "active on t" is
the same string comparison in Cypher (``templates.ACTIVE``) as in Python.
Nodes also carry folded copies of id and name (``~id``, ``~name``, by
:func:`graphmodel.folding.fold`: case and accents) so search matches the way the app and the CLI
compare names. Labels and relationship types come only from the schema, backtick-quoted; values
are always parameters.

Imports are all-or-nothing: one explicit transaction holds the batched ``UNWIND ... MERGE``
statements of the whole plan and commits once. If the server goes away before the commit the
import is retried a few times from scratch; if it goes away *during* the commit, an import
receipt written in the same transaction tells afterwards whether it was stored.

Reads go through ``execute_read`` (read routing), so ``neo4j://`` and ``neo4j+s://`` URIs of a
cluster or Aura send them to any member that can serve them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from graphmodel.bulk import paused_gc
from graphmodel.finders import Finders
from graphmodel.neo4j.audit import AuditLog
from graphmodel.neo4j.finders import Neo4jFinders
from graphmodel.neo4j.reads import Reads

__all__ = ["Neo4jStore"]

T = TypeVar("T")


class Neo4jStore(Reads, AuditLog):  # AuditLog is Writes with the audit trail
    """A :class:`GraphStore` on a Neo4j 5 server (Community or Enterprise, single or cluster).

    ``uri`` is any driver URI: ``bolt://host:7687`` for one server, ``neo4j://host:7687`` or
    ``neo4j+s://xxxx.databases.neo4j.io`` for a cluster or Aura. ``database`` defaults to the
    user's home database.

    Opening only connects: nothing is written. The constraints and indexes are created by the
    first import (:meth:`write`). With ``create=False`` (commands that only read) the database
    must hold an allymap graph with data, else :class:`~graphmodel.errors.NoDatabase`: a
    database never imported into (no ``AllymapState`` node), or wiped, would otherwise answer
    "nothing found", a wrong all-clear. With ``create=True`` (imports, the app) an empty
    database is an empty graph.
    """

    kind = "neo4j"

    # ---- the rules' questions ------------------------------------------------------------
    def read(self, work: Callable[[Finders], T], doing: str = "reading") -> T:
        """The rule runs in one read transaction (retried as a whole if the server asks). As in
        the embedded store, the cyclic garbage collector waits meanwhile: the routes and walks
        decoded for a check are many small objects in no cycle, and a collection in their
        middle would scan whatever else the process holds."""
        with paused_gc():
            return self._read(lambda tx: work(Neo4jFinders(tx)), doing)
