"""The embedded store: a SQLite file as the durable copy, a networkx graph for every read.

Alliance portfolios are small enough (even 100k people and a million relationships) to hold in
memory, and the rules' questions are traversals, so the whole graph is loaded from SQLite and
the finders (:mod:`graphmodel.embedded.finders`) walk it as a
:class:`~graphmodel.embedded.memgraph.MemGraph`. SQLite gives what a file on a laptop needs:
one all-or-nothing transaction per import, and readers that are not blocked by a writer
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

from collections.abc import Callable
from typing import TypeVar

from graphmodel.bulk import paused_gc
from graphmodel.embedded.audit import AuditLog
from graphmodel.embedded.finders import EmbeddedFinders
from graphmodel.embedded.reads import Reads
from graphmodel.finders import Finders

T = TypeVar("T")


class EmbeddedStore(Reads, AuditLog):  # AuditLog is Writes with the audit trail
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

    # ---- the rules' questions ------------------------------------------------------------
    def read(self, work: Callable[[Finders], T], doing: str = "reading") -> T:
        """The rule runs over the graph in memory. The cyclic garbage collector is paused
        meanwhile: a scan builds a hundred thousand routes and walks, none in a cycle, and each
        collection would re-scan the million objects of the loaded graph (a third of a 10k
        scan's time, measured)."""
        graph = self.graph
        with paused_gc():
            return work(EmbeddedFinders(graph))
