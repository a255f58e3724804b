"""The Neo4j store: the same answers as the embedded store, from a Neo4j server.

The rules run inside the database: the traversals (who reaches a firewalled program and by
which routes, person-to-person hops, corporate groups, counterparty paths) are the Cypher files
in ``queries/``. Python only makes the final canonical choices among the candidates a query
returns (the shortest route, then the smallest id list, compared as Python compares strings),
with the same functions as ``queries.engine``, so the two stores cannot drift apart on
tie-breaking; the conformance suite holds them to identical findings.

Storage. Every node has its type as label plus ``:Entity``; uniqueness constraints on ``id``
for ``:Entity`` (ids are unique across types) and for each type give index lookups by id.
An edge is identified by (type, ends, since), with symmetric types stored once with
``source <= target``; ``since`` and ``until`` are strings, ``""`` when open, so "active on t" is
``(since = '' OR since <= t) AND (until = '' OR t <= until)`` in Cypher exactly as in Python.
Nodes also carry casefolded copies of id and name (``~id``, ``~name``) so search matches the way
Python's ``str.casefold`` does. Labels and relationship types come only from the schema,
backtick-quoted; values are always parameters.

Imports are all-or-nothing: one explicit transaction holds the batched ``UNWIND ... MERGE``
statements of the whole plan and commits once. If the server goes away before the commit the
import is retried a few times from scratch; if it goes away *during* the commit, an import
receipt written in the same transaction tells afterwards whether it was stored.

Reads go through ``execute_read`` (read routing), so ``neo4j://`` and ``neo4j+s://`` URIs of a
cluster or Aura send them to any member that can serve them.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphmodel.model import Finding
from graphmodel.neo4j.finders import _Rules
from graphmodel.neo4j.reads import Reads
from graphmodel.neo4j.writes import Writes
from graphmodel.store import Relationship


class Neo4jStore(Reads, Writes):
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

    # ---- rules ---------------------------------------------------------------------------
    def scan_findings(self, as_of: str, hops: int | None) -> list[Finding]:
        return self._read(lambda tx: _Rules(tx, as_of).scan(hops), "scanning for conflicts")

    def staffing_findings(
        self, program: str, people: Sequence[str], as_of: str, hops: int
    ) -> list[Finding]:
        people = list(people)
        return self._read(
            lambda tx: _Rules(tx, as_of).staffing(program, people, hops), "checking a staffing"
        )

    def partner_relationships(self, partner: str, of: str, as_of: str) -> list[Relationship]:
        return self._read(lambda tx: _Rules(tx, as_of).partner(partner, of))
