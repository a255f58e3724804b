"""Benchmark of issue 9 (seats, decisions, looking ahead and back, the summary) on both stores.

    python -m bench.bench_decisions --people 100000            # embedded store
    python -m bench.bench_decisions --people 100000 --neo4j    # also the Neo4j store (NEO4J_URI)

On a synthetic portfolio (:mod:`fixtures.synthetic`, with its committees with open seats, its
changes in the next 90 days and its decisions, about one per 100 people) imported into a fresh
store, it measures:

1. committee seat checks (``check_staffing(..., seat_type=COMMITTEE)``, 5 candidates, k = 2)
   on the open-seat committees, and program checks of 10 candidates with the decisions
   applied: p50 and p95 (targets: embedded <= 10 ms, Neo4j <= 50 ms);
2. the plain ``conflicts`` scan, ``--ahead 90`` and ``--changes-since`` (30 days back) on the
   same store (target: each at most 3x the plain scan), and how many days the look-ahead
   scanned;
3. the summary view's page time (``queries.conflicts.summary``, k = 2, 50 exposures a page).

It prints one JSON object per store. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["main", "measure"]

TARGETS = {"embedded": 10.0, "neo4j": 50.0}
"""p95 of a staffing check, in ms."""
RATIO = 3.0
"""--ahead and --changes-since: at most this many times the plain scan."""


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, min(len(ordered), math.ceil(q / 100 * len(ordered)))) - 1]


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = work()
    return time.perf_counter() - started, out


def measure(store: Any, as_of: str, draws: int, seed: int) -> dict[str, Any]:
    """The figures of one store holding the portfolio."""
    from graphmodel.vocabulary import COMMITTEE, PERSON, PROGRAM
    from queries.conflicts import scan, summary
    from queries.rules import timeline
    from queries.staffing import check_staffing

    rng = random.Random(f"bench-decisions-{seed}")
    people = [n.id for n in store.search_nodes("", [PERSON], limit=10**7)]
    committees = [n.id for n in store.search_nodes("cmo", [COMMITTEE], limit=10**6)]
    decided = [d.person for d in store.read(lambda f: f.decisions(as_of))]
    programs = [n.id for n in store.search_nodes("", [PROGRAM], limit=10**6)]
    seat_ms, program_ms = [], []
    for i in range(draws):
        team = [*rng.sample(people, 4), rng.choice(decided or people)]
        seat = rng.choice(committees)
        s, _ = _timed(partial(check_staffing, store, seat, team, as_of, 2, seat_type=COMMITTEE))
        seat_ms.append(s * 1000)
        team = [*rng.sample(people, 7), *rng.sample(decided or people, min(3, len(decided) or 3))]
        program = rng.choice(programs)
        s, _ = _timed(partial(check_staffing, store, program, team, as_of, 2))
        program_ms.append(s * 1000)
        if i == 0:  # the first of each is a warm-up
            seat_ms.clear()
            program_ms.clear()
    plain_s, plain = _timed(lambda: scan(store, as_of))
    ahead_s, ahead = _timed(lambda: scan(store, as_of, ahead=90))
    from graphmodel.model import add_days

    since = add_days(as_of, -30)
    since_s, changed = _timed(lambda: scan(store, as_of, changes_since=since))
    days = store.read(lambda f: timeline.change_days(f, as_of, add_days(as_of, 90)))
    summary_s, page = _timed(lambda: summary(store, as_of, 2, page=1, per_page=50))
    return {
        "seat_check_ms": {"p50": round(_p(seat_ms, 50), 1), "p95": round(_p(seat_ms, 95), 1)},
        "program_check_ms": {
            "p50": round(_p(program_ms, 50), 1),
            "p95": round(_p(program_ms, 95), 1),
        },
        "scan_s": round(plain_s, 2),
        "findings": len(plain.findings),
        "decided": sum(1 for f in plain.findings if not f.open),
        "ahead_90_s": round(ahead_s, 2),
        "ahead_ratio": round(ahead_s / plain_s, 2),
        "ahead_days_scanned": len(days),
        "upcoming": len(ahead.upcoming or []),
        "changes_since_s": round(since_s, 2),
        "changes_since_ratio": round(since_s / plain_s, 2),
        "new": len(changed.new or []),
        "resolved": len(changed.resolved or []),
        "summary_page_s": round(summary_s, 2),
        "summary_findings_k2": page.total,
    }


def main(argv: list[str] | None = None) -> int:
    from fixtures.synthetic import ANCHOR, generate
    from graphmodel.embedded import EmbeddedStore
    from loaders import read_files

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--draws", type=int, default=41)
    parser.add_argument("--neo4j", action="store_true", help="also the Neo4j store (NEO4J_URI)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="allymap-bench-decisions-"))
    data = generate(args.people, work / "csv", seed=args.seed)
    files = [Path(str(data[k])) for k in ("nodes_csv", "edges_csv", "decisions_csv")]
    batch = read_files(files)
    stores: list[tuple[str, Any]] = [("embedded", EmbeddedStore(work / "bench.sqlite"))]
    if args.neo4j:
        from graphmodel.neo4j import Neo4jStore

        neo = Neo4jStore(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
        )
        neo.wipe()
        stores.append(("neo4j", neo))
    ok = True
    for name, store in stores:
        import_s, _ = _timed(partial(store.apply, batch))
        figures = measure(store, ANCHOR, args.draws, args.seed)
        figures = {"store": name, "people": args.people, "import_s": round(import_s, 1), **figures}
        figures["targets"] = {
            "check_p95_ms": TARGETS[name],
            "met_seat": figures["seat_check_ms"]["p95"] <= TARGETS[name],
            "met_program": figures["program_check_ms"]["p95"] <= TARGETS[name],
            "met_ahead": figures["ahead_ratio"] <= RATIO,
            "met_changes_since": figures["changes_since_ratio"] <= RATIO,
        }
        ok = ok and all(v for k, v in figures["targets"].items() if k.startswith("met_"))
        print(json.dumps(figures), flush=True)
        store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
