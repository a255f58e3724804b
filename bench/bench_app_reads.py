"""The reads the app makes when a page opens, on both stores side by side, at one size.

    python -m bench.bench_app_reads                    # 100k people
    python -m bench.bench_app_reads --people 10000     # quicker

The server as in ``bench.bench_neo4j`` (``NEO4J_*`` from the environment, else
``scripts/neo4j-local start`` with a 4 GiB heap); its database is wiped. Each read is timed
``--repeat`` times after one warm-up, on the seeded synthetic portfolio of ``bench.bench_core``;
the table shows medians. Two reads have a baseline, the way the app did it before the store
answered the question itself, timed in the same run and checked to give the same answer:

- home company ("us", the largest employer): ``headcounts`` against counting EMPLOYED_BY
  edges in ``all_records`` (every node and edge copied out of the store);
- clean alternatives for a flagged candidate: ``suggest_alternatives`` (the first 60 people of
  the same function by name, from ``search_nodes(where=...)``) against fetching every person
  and filtering in Python.

The other rows are the picker's first screen, a name search, a company's neighbourhood
(depth 1, the map page) and influence scores (the map's node sizes).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as ``python bench/bench_app_reads.py``
    sys.path.insert(0, str(ROOT))

from bench.bench_core import dataset, machine, markdown_table, pick_draws  # noqa: E402
from bench.bench_neo4j import (  # noqa: E402
    _import,
    _say,
    add_common_arguments,
    bench_server,
    machine_line,
)

__all__ = ["main", "measure"]


def _headcounts_from_records(store: Any, as_of: str) -> dict[str, int]:
    """The baseline for ``headcounts``: every record out of the store, counted in Python."""
    _, edges = store.all_records()
    return dict(Counter(e.target for e in edges if e.type == "EMPLOYED_BY" and e.active(as_of)))


def _alternatives_from_everyone(store: Any, program: str, person: str, as_of: str) -> list[str]:
    """The baseline for ``suggest_alternatives``: every person fetched, filtered in Python."""
    from queries.rules import staffing as staffing_rule

    me = store.existing_nodes([person])[person]
    function = str(me.props.get("function") or "")
    same = [
        n
        for n in store.search_nodes("", ["Person"], limit=10**9)
        if n.id != person and (not function or str(n.props.get("function") or "") == function)
    ]
    employed = store.employments([n.id for n in same], as_of)  # only people employed that day
    candidates = [n for n in same if n.id in employed][:60]
    ids = [n.id for n in candidates]
    found = store.read(
        lambda f: staffing_rule.findings(f, staffing_rule.Seat(program, "Program"), ids, as_of, 2)
    ).findings
    flagged = {f.person for f in found}
    return [n.id for n in candidates if n.id not in flagged][:5]


def _median_ms(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    answer = work()  # warm-up, and the answer compared across stores and baselines
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), answer


def measure(data: Path, neo4j: Any, repeat: int, seed: int) -> dict[str, Any]:
    from fixtures.synthetic import ANCHOR
    from graphmodel.embedded import EmbeddedStore
    from queries.influence import influence_scores
    from queries.staffing import check_staffing, suggest_alternatives

    meta = json.loads((data / "meta.json").read_text())
    files = [data / "nodes.csv", data / "edges.csv"]
    folder = Path(tempfile.mkdtemp(prefix="allymap-bench-"))
    embedded = EmbeddedStore(folder / "bench.sqlite")
    _say(f"{meta['people']:,} people: importing into both stores")
    _import(embedded, files)
    neo4j.wipe()
    _import(neo4j, files)
    # a flagged candidate and a big company, the same on both stores
    flagged = None
    for program, team in pick_draws(embedded.graph, 20, seed):
        report = check_staffing(embedded, program, team, ANCHOR, 2)
        blocked = [c.person for c in report.candidates if c.status != "clear"]
        if blocked:
            flagged = (program, blocked[0])
            break
    assert flagged is not None, "no draw has a flagged candidate"
    program, person = flagged
    company = max(embedded.headcounts(ANCHOR).items(), key=lambda kv: (kv[1], kv[0]))[0]

    reads: dict[str, Callable[[Any], Any]] = {
        "home company: headcounts": lambda s: s.headcounts(ANCHOR),
        "home company: all_records (before)": lambda s: _headcounts_from_records(s, ANCHOR),
        "alternatives: search where": lambda s: [
            n.id for n in suggest_alternatives(s, program, person, ANCHOR)
        ],
        "alternatives: every person (before)": lambda s: _alternatives_from_everyone(
            s, program, person, ANCHOR
        ),
        "picker: first 50 people": lambda s: [n.id for n in s.search_nodes("", ["Person"], 50)],
        "picker: search 'kumar'": lambda s: [n.id for n in s.search_nodes("kumar", limit=50)],
        "map: company neighbourhood, depth 1": lambda s: len(
            s.neighbourhood(company, 1, ANCHOR).nodes
        ),
        "map: influence scores": lambda s: round(sum(influence_scores(s, ANCHOR).values()), 6),
    }
    out: dict[str, Any] = {**meta, "program": program, "person": person, "company": company}
    out["reads"] = {}
    agreed: dict[str, Any] = {}
    for name, read in reads.items():
        row: dict[str, float] = {}
        answers = {}
        for label, store in (("embedded", embedded), ("neo4j", neo4j)):
            _say(f"{name} on {label}")
            row[label], answers[label] = _median_ms(partial(read, store), repeat)
        assert answers["embedded"] == answers["neo4j"], f"the stores disagree on {name}"
        agreed[name] = answers["embedded"]
        out["reads"][name] = row
    pairs = (("home company", "headcounts"), ("alternatives", "search where"))
    for prefix, new in pairs:
        before = next(k for k in reads if k.startswith(prefix) and k.endswith("(before)"))
        now = f"{prefix}: {new}"
        assert agreed[before] == agreed[now], f"{now} answers differently from {before}"
        out[f"{prefix} speed-up"] = {
            s: out["reads"][before][s] / out["reads"][now][s] for s in ("embedded", "neo4j")
        }
    embedded.close()
    shutil.rmtree(folder, ignore_errors=True)
    return out


def table(result: dict[str, Any]) -> str:
    rows = [
        [name, f"{row['embedded']:,.1f}", f"{row['neo4j']:,.1f}"]
        for name, row in result["reads"].items()
    ]
    for prefix in ("home company", "alternatives"):
        ratio = result[f"{prefix} speed-up"]
        rows.append(
            [
                f"{prefix}: speed-up over before",
                f"{ratio['embedded']:,.1f}x",
                f"{ratio['neo4j']:,.1f}x",
            ]
        )
    columns = [f"read ({result['people']:,} people, median ms)", "embedded", "Neo4j"]
    return markdown_table(columns, rows, right_from=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_app_reads", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per read")
    parser.add_argument("--seed", type=int, default=7)
    add_common_arguments(parser)
    args = parser.parse_args(argv)

    with bench_server() as (neo4j, env):
        data, _ = dataset(args.people, args.seed, args.cache)
        result = measure(data, neo4j, args.repeat, args.seed)
    info = machine()
    print(machine_line(info, env["NEO4J_URI"]))
    print(
        f"Flagged candidate {result['person']} on {result['program']}; map of {result['company']}"
    )
    print()
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "result": result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
