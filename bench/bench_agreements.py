"""Benchmark of the agreement rules (issue 10): what ``contract_conflict`` and
``missing_firewall`` add to ``allymap conflicts``, and how long ``allymap deadlines`` takes.

    python -m bench.bench_agreements                      # 100k people, embedded store
    python -m bench.bench_agreements --stores embedded,neo4j   # also on Neo4j (NEO4J_URI,
                                                               # or bench.bench_neo4j's server)
    python -m bench.bench_agreements --sizes 10000 --repeat 5

Per size, on the seeded synthetic portfolio of ``bench.bench_core`` (cached there; it has a
collaboration agreement per alliance, a licence per five alliances, targets and obligations):
imports it into an empty store, then runs the whole ``conflicts`` scan (``queries.conflicts.scan``,
explanations included) with the new rules and without them (their two rule functions replaced
by ones that find nothing, nothing else changed), alternating which goes first, ``repeat``
times each, and ``deadlines`` (30 days ahead) as many times. Reported: the median of each, the
ratio with / without (target <= 1.3) and the deadlines time (target < 1 s). Both scans must
give the same findings apart from the two new kinds.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_core import dataset, machine  # noqa: E402

__all__ = ["main", "measure"]

AS_OF = "2026-11-22"
NEW_KINDS = {"contract_conflict", "missing_firewall"}
TARGET_RATIO = 1.3
TARGET_DEADLINES_S = 1.0


@contextmanager
def without_new_rules() -> Iterator[None]:
    """The scan as it was before the agreement rules: their findings functions find nothing."""
    from queries.rules import contract_conflict, missing_firewall

    def nothing(*_: Any) -> Iterator[Any]:
        return iter(())

    with (
        mock.patch.object(contract_conflict, "findings", nothing),
        mock.patch.object(missing_firewall, "findings", nothing),
    ):
        yield


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds of ``work()``, from a collected heap: the garbage the previous run left
    would otherwise be collected during (and charged to) this one."""
    gc.collect()
    t0 = time.perf_counter()
    out = work()
    return time.perf_counter() - t0, out


def measure(store: Any, repeat: int) -> dict[str, Any]:
    """Medians of the scan with and without the new rules, and of deadlines, on ``store``."""
    from queries.conflicts import scan
    from queries.deadlines import deadlines

    with_s: list[float] = []
    without_s: list[float] = []
    found: dict[str, Any] = {}
    scan(store, AS_OF)  # a warm-up, not counted: the embedded store loads its graph here
    with without_new_rules():
        scan(store, AS_OF)
    for i in range(repeat):
        order = ("with", "without") if i % 2 == 0 else ("without", "with")
        for which in order:
            if which == "with":
                s, report = _timed(lambda: scan(store, AS_OF))
                with_s.append(s)
                found["with"] = report.findings
            else:
                with without_new_rules():
                    s, report = _timed(lambda: scan(store, AS_OF))
                without_s.append(s)
                found["without"] = report.findings
    old = [f.to_json() for f in found["with"] if f.kind not in NEW_KINDS]
    assert old == [f.to_json() for f in found["without"]], "the new rules changed other findings"
    dl_s: list[float] = []
    listed = 0
    deadlines(store, AS_OF, 30)  # a warm-up, not counted (Neo4j plans its queries here)
    for _ in range(repeat):
        s, report = _timed(lambda: deadlines(store, AS_OF, 30))
        dl_s.append(s)
        listed = len(report.obligations)
    new = [f for f in found["with"] if f.kind in NEW_KINDS]
    with_m, without_m = statistics.median(with_s), statistics.median(without_s)
    return {
        "scan_with_s": round(with_m, 3),
        "scan_without_s": round(without_m, 3),
        "ratio": round(with_m / without_m, 3),
        "deadlines_s": round(statistics.median(dl_s), 3),
        "findings": len(found["with"]),
        "contract_conflict": sum(f.kind == "contract_conflict" for f in new),
        "missing_firewall": sum(f.kind == "missing_firewall" for f in new),
        "obligations_listed": listed,
        "all_with_s": [round(x, 3) for x in with_s],
        "all_without_s": [round(x, 3) for x in without_s],
    }


def _import(store: Any, data: Path) -> float:
    from loaders import read_files

    t0 = time.perf_counter()
    store.apply(read_files([data / "nodes.csv", data / "edges.csv"]))
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="people, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--stores", default="embedded", help="embedded, neo4j or both (comma-separated)"
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "allymap-bench")
    args = parser.parse_args(argv)
    from graphmodel.embedded import EmbeddedStore

    print(f"machine: {machine()}", flush=True)
    ok = True
    for people in [int(s) for s in args.sizes.split(",")]:
        data, meta = dataset(people, args.seed, args.cache)
        print(f"{people:,} people: {meta['nodes']:,} nodes, {meta['edges']:,} edges", flush=True)
        wanted = args.stores.split(",")
        if "embedded" in wanted:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "bench.sqlite"
                with EmbeddedStore(path, create=True) as fresh:
                    import_s = _import(fresh, data)
                with EmbeddedStore(path) as store:  # reopened, as every allymap command does
                    ok &= _report("embedded", people, import_s, measure(store, args.repeat))
        if "neo4j" in wanted:
            from bench.bench_neo4j import bench_server

            with bench_server() as (neo4j, _env):
                neo4j.wipe()
                import_s = _import(neo4j, data)
                ok &= _report("neo4j", people, import_s, measure(neo4j, args.repeat))
    return 0 if ok else 1


def _report(name: str, people: int, import_s: float, r: dict[str, Any]) -> bool:
    ratio_ok = r["ratio"] <= TARGET_RATIO
    dl_ok = r["deadlines_s"] < TARGET_DEADLINES_S
    print(
        f"  {name}: import {import_s:.1f} s; conflicts {r['scan_with_s']} s with the new rules, "
        f"{r['scan_without_s']} s without: {r['ratio']}x ({'ok' if ratio_ok else 'OVER'} "
        f"<= {TARGET_RATIO}); deadlines {r['deadlines_s']} s ({'ok' if dl_ok else 'OVER'} "
        f"< {TARGET_DEADLINES_S:g}); {r['findings']:,} findings, {r['contract_conflict']} "
        f"contract_conflict, {r['missing_firewall']} missing_firewall, "
        f"{r['obligations_listed']} obligations listed; runs with {r['all_with_s']}, "
        f"without {r['all_without_s']}",
        flush=True,
    )
    return ratio_ok and dl_ok


if __name__ == "__main__":
    raise SystemExit(main())
