"""What one audit-trail append costs (docs/deployment.md): the app appends one per page a
session opens, so it must stay cheap. Appends to the demo portfolio's store, embedded and,
when ``NEO4J_URI`` is set, on that Neo4j server (whose graph and audit trail it wipes first:
point it at a scratch server).

    python -m bench.bench_audit [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from graphmodel.embedded import EmbeddedStore
from graphmodel.store import GraphStore
from loaders import read_files

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def measure(store: GraphStore, n: int) -> str:
    """Median, 95th percentile and worst of ``n`` appends, in milliseconds."""
    store.apply(read_files(sorted(DEMO.glob("*.csv"))))
    version = store.version()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        store.append_audit("ana@example.com", "view", {"page": "conflicts", "role": "viewer"})
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    assert store.version() == version, "an append must not change the data version"
    return (
        f"median {statistics.median(times):.2f} ms, p95 {times[int(n * 0.95)]:.2f} ms, "
        f"max {times[-1]:.2f} ms (n={n})"
    )


def main(n: int = 300) -> None:
    with tempfile.TemporaryDirectory() as folder, EmbeddedStore(Path(folder) / "a.sqlite") as s:
        print("embedded:", measure(s, n))
    if os.environ.get("NEO4J_URI"):
        from graphmodel.neo4j import Neo4jStore

        neo = Neo4jStore(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
        )
        try:
            with neo._driver.session(database=neo.database) as session:
                session.run(
                    "MATCH (n) WHERE n:AllymapAudit OR n:AllymapAuditHead DETACH DELETE n"
                ).consume()
            neo.wipe()
            print("neo4j:", measure(neo, max(1, n // 3)))
        finally:
            neo.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
