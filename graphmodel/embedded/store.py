"""The embedded store: a SQLite file as the durable copy, a networkx graph for every read.

Alliance portfolios are small enough (even 100k people and a million relationships) to hold in
memory, and the rules are traversals, so the whole graph is loaded from SQLite on open and the
rules run over :class:`~graphmodel.embedded.memgraph.MemGraph`. SQLite gives what a file on a laptop
needs: one all-or-nothing transaction per import, and readers that are not blocked by a writer
(WAL mode), so ``allymap import`` can run while the browser app is open. The app notices such
an import through ``PRAGMA data_version`` (a counter SQLite bumps when *another* connection
commits) and reloads before its next read.

Opening writes nothing: no table, no lock, no journal mode. Commands that only read open the
file read-only (``mode=ro``), so a read-only file or folder can be read and a reader never waits
for an import (it sees the last commit). The tables are created by the first import, inside its
own transaction; until then a path without a file is simply an empty graph (or, for a reader,
:class:`~graphmodel.errors.NoDatabase`). See :class:`EmbeddedStore` for what each kind of path
means.

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

from collections.abc import Sequence

from graphmodel.embedded.memgraph import MemGraph
from graphmodel.embedded.reads import Reads
from graphmodel.embedded.writes import Writes
from graphmodel.model import Finding
from graphmodel.store import Relationship


class EmbeddedStore(Reads, Writes):
    """A :class:`GraphStore` in one SQLite file, traversed in memory (see
    :class:`~graphmodel.embedded.connection.EmbeddedFile` for what each kind of path means).

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with EmbeddedStore(os.path.join(folder, "demo.sqlite")) as s:
    ...     s.stats()["Company"], s.holds_data()
    (0, False)
    >>> os.listdir(folder)  # nothing imported, nothing created
    []
    """

    kind = "embedded"

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
