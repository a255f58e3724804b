"""Benchmark of the Neo4j store beside the embedded one, in the same run (issue 3).

    python -m bench.bench_neo4j                       # 1k, 10k and 100k people
    python -m bench.bench_neo4j --sizes 1000,10000    # quicker
    python -m bench.bench_neo4j --no-load-csv         # without Neo4j's own LOAD CSV baseline

The server: ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` (and ``NEO4J_IMPORT_DIR``, the
server's import folder, for LOAD CSV) when set, else ``scripts/neo4j-local start`` with a 4 GiB
heap, initial size included (a million-row import is one transaction and needs it), stopped at
the end. The database
is wiped: never point this at a graph you want to keep.

Per size, on the seeded synthetic portfolio of ``bench.bench_core`` (cached there):

1. import: the embedded store, then Neo4j's own ``LOAD CSV`` of the same two files into an
   empty database (nodes, then one pass per edge type, MERGE on the edge identity, one
   transaction: the same all-or-nothing job), then the Neo4j store into an empty database.
   Each as ``allymap import`` does it: read the files, plan, write; edge rows per second of
   wall time for the whole import;
2. the full ``conflicts`` scan on both stores (and with indirect exposure, k = 2), asserting
   both stores give the same findings;
3. staffing checks of 10 candidates (k = 2, explanations included) on the draws of
   ``bench.bench_core.pick_draws``, alternating which store goes first, asserting identical
   findings: a first pass right after the imports and scans, then the same draws again; the
   table shows the second pass (steady state: Neo4j is still flushing the million-row commit
   and collecting its garbage during the first), the details both. The first check of each
   pass is a warm-up and not counted.

Timings on a shared 2-core machine are noisy: compare the columns of one run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as ``python bench/bench_neo4j.py``
    sys.path.insert(0, str(ROOT))

from bench.bench_core import (  # noqa: E402
    _percentile,
    dataset,
    machine,
    markdown_table,
    pick_draws,
)

__all__ = ["add_common_arguments", "bench_server", "load_csv", "machine_line", "main", "measure"]

SIZES = (1_000, 10_000, 100_000)
TARGET_PEOPLE = 100_000
TARGETS = {
    "import_rows_per_s": 20_000,
    "vs_load_csv": 0.5,
    "staffing_p95_ms": 100.0,
    "scan_s": 20.0,
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- the LOAD CSV baseline -----------------------------------------------------------------


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return f.readline().strip().split(",")


def load_csv_statements(nodes_csv: str, edges_csv: str, edge_columns: list[str]) -> list[str]:
    """What a Neo4j user would write to load the generic CSV files: MERGE nodes by id with the
    same search keys and properties, then per edge type MERGE on (ends, since) and set until and
    the declared properties converted to their types. (File names and column names are the
    benchmark's own; labels and types come from the schema.)"""
    from graphmodel.schema import SCHEMA

    nodes = (
        f"LOAD CSV WITH HEADERS FROM 'file:///{nodes_csv}' AS row\n"
        "MERGE (n:Entity {id: row.id})\n"
        "SET n:$(row.type), n.name = row.name, n.area = row.area,\n"
        "    n.`~id` = toLower(row.id), n.`~name` = toLower(row.name)"
    )
    declared = {p.name: p.type for et in SCHEMA.edge_types.values() for p in et.properties}
    convert = {"int": "toInteger", "float": "toFloat"}
    extras = [c for c in edge_columns if c not in ("source", "target", "type", "since", "until")]
    props = ", ".join(
        f"`{c}`: {convert[declared[c]]}(row.`{c}`)"
        if declared.get(c) in convert
        else f"`{c}`: row.`{c}`"
        for c in extras
    )
    statements = [nodes]
    for etype in SCHEMA.edge_types:
        statements.append(
            f"LOAD CSV WITH HEADERS FROM 'file:///{edges_csv}' AS row\n"
            f"WITH row WHERE row.type = '{etype}'\n"
            "MATCH (a:Entity {id: row.source})\n"
            "MATCH (b:Entity {id: row.target})\n"
            f"MERGE (a)-[e:`{etype}` {{since: coalesce(row.since, '')}}]->(b)\n"
            f"SET e.until = coalesce(row.until, ''), e += {{{props}}}"
        )
    return statements


def load_csv(store: Any, data: Path, import_dir: Path) -> dict[str, float]:
    """Neo4j's own LOAD CSV of the same files into an empty database, in one transaction."""
    names = {}
    for name in ("nodes.csv", "edges.csv"):
        target = import_dir / f"allymap-bench-{data.name}-{name}"
        if not target.exists():
            shutil.copyfile(data / name, target)
        names[name] = target.name
    statements = load_csv_statements(
        names["nodes.csv"], names["edges.csv"], _header(data / "edges.csv")
    )
    with store._driver.session(database=store.database) as session:
        t0 = time.perf_counter()
        tx = session.begin_transaction()
        tx.run(statements[0]).consume()
        t1 = time.perf_counter()
        for text in statements[1:]:
            tx.run(text).consume()
        t2 = time.perf_counter()
        tx.commit()
        t3 = time.perf_counter()
    return {"nodes_s": t1 - t0, "edges_s": t2 - t1, "commit_s": t3 - t2, "total_s": t3 - t0}


# ---- one size ------------------------------------------------------------------------------


def _import(store: Any, files: list[Path]) -> dict[str, float]:
    from loaders import read_files

    t0 = time.perf_counter()
    batch = read_files(files)
    t1 = time.perf_counter()
    plan = store.plan(batch)
    t2 = time.perf_counter()
    store.write(plan)
    t3 = time.perf_counter()
    assert len(plan.edges_added) == len(batch.edges), "the store was not empty"
    return {"read_s": t1 - t0, "plan_s": t2 - t1, "write_s": t3 - t2, "import_s": t3 - t0}


def measure(
    data: Path, neo4j: Any, import_dir: Path | None, draws: int, seed: int, hops: int
) -> dict[str, Any]:
    from fixtures.synthetic import ANCHOR
    from graphmodel.embedded import EmbeddedStore
    from queries.conflicts import scan
    from queries.staffing import check_staffing

    meta = json.loads((data / "meta.json").read_text())
    label = f"{meta['people']:,} people"
    edges = meta["edges"]
    out: dict[str, Any] = dict(meta)
    files = [data / "nodes.csv", data / "edges.csv"]

    # 1. imports
    _say(f"{label}: embedded import of {edges:,} edge rows")
    folder = Path(tempfile.mkdtemp(prefix="allymap-bench-"))
    embedded = EmbeddedStore(folder / "bench.sqlite")
    figures = _import(embedded, files)
    out["embedded"] = {**figures, "rows_per_s": edges / figures["import_s"]}
    gc.collect()
    if import_dir is not None:
        _say(f"{label}: Neo4j LOAD CSV")
        neo4j.wipe()
        figures = load_csv(neo4j, data, import_dir)
        out["load_csv"] = {**figures, "rows_per_s": edges / figures["total_s"]}
        loaded = neo4j.stats()
        assert loaded == embedded.stats(), f"LOAD CSV stored something else: {loaded}"
    _say(f"{label}: Neo4j store import")
    neo4j.wipe()
    figures = _import(neo4j, files)
    out["neo4j"] = {**figures, "rows_per_s": edges / figures["import_s"]}
    assert neo4j.stats() == embedded.stats()
    gc.collect()

    # 2. scans
    for k in (None, hops):
        key = "scan_s" if k is None else "scan_hops_s"
        found = {}
        for name, store in (("embedded", embedded), ("neo4j", neo4j)):
            _say(f"{label}: {name} conflicts scan" + (f", k={k}" if k else ""))
            t0 = time.perf_counter()
            found[name] = scan(store, ANCHOR, k).to_json()
            out[name][key] = time.perf_counter() - t0
        assert found["neo4j"] == found["embedded"], f"the stores disagree on the scan (k={k})"
        out["scan_findings" if k is None else "scan_hops_findings"] = len(
            found["neo4j"]["findings"]
        )

    # 3. staffing checks: a first pass right after the imports and scans (the server is still
    # flushing and collecting garbage), then the timed pass in steady state
    _say(f"{label}: {draws} staffing checks on each store, twice")
    chosen = pick_draws(embedded.graph, draws + 1, seed)
    stores = (("embedded", embedded), ("neo4j", neo4j))
    for phase in ("first", "steady"):
        times: dict[str, list[float]] = {"embedded": [], "neo4j": []}
        for i, (program, team) in enumerate(chosen):
            answers = {}
            for name, store in stores[i % 2 :] + stores[: i % 2]:
                t0 = time.perf_counter()
                answers[name] = check_staffing(store, program, team, ANCHOR, hops).to_json()
                if i:  # the first check warms up
                    times[name].append((time.perf_counter() - t0) * 1000)
            assert answers["neo4j"] == answers["embedded"], f"stores disagree: {program} {team}"
        prefix = "staffing" if phase == "steady" else "first_pass"
        for name, values in times.items():
            out[name][f"{prefix}_p50_ms"] = _percentile(values, 50)
            out[name][f"{prefix}_p95_ms"] = _percentile(values, 95)
    out["draws"] = len(times["neo4j"])
    embedded.close()
    shutil.rmtree(folder, ignore_errors=True)
    return out


# ---- reporting -----------------------------------------------------------------------------


def table(results: list[dict[str, Any]]) -> str:
    columns = [
        "people",
        "edge rows",
        "import edge rows/s: embedded / Neo4j / LOAD CSV",
        "Neo4j ÷ LOAD CSV",
        "staffing p50 / p95 ms: embedded",
        "Neo4j",
        "scan s: embedded / Neo4j",
        "scan k=2 s: embedded / Neo4j",
    ]
    rows = []
    for r in results:
        e, n, lc = r["embedded"], r["neo4j"], r.get("load_csv")
        lcs = f"{lc['rows_per_s']:,.0f}" if lc else "-"
        ratio = f"{n['rows_per_s'] / lc['rows_per_s']:.1f}x" if lc else "-"
        rows.append(
            [
                f"{r['people']:,}",
                f"{r['edges']:,}",
                f"{e['rows_per_s']:,.0f} / {n['rows_per_s']:,.0f} / {lcs}",
                ratio,
                f"{e['staffing_p50_ms']:.1f} / {e['staffing_p95_ms']:.1f}",
                f"{n['staffing_p50_ms']:.1f} / {n['staffing_p95_ms']:.1f}",
                f"{e['scan_s']:.2f} / {n['scan_s']:.2f}",
                f"{e['scan_hops_s']:.2f} / {n['scan_hops_s']:.2f}",
            ]
        )
    return markdown_table(columns, rows)


def details(results: list[dict[str, Any]]) -> str:
    columns = [
        "people",
        "Neo4j read / plan / write s",
        "LOAD CSV nodes / edges / commit s",
        "embedded read / plan / write s",
        "Neo4j staffing first pass p50 / p95 ms",
        "findings (k=2)",
        "checks",
    ]
    rows = []
    for r in results:
        n, e, lc = r["neo4j"], r["embedded"], r.get("load_csv")
        lcs = f"{lc['nodes_s']:.1f} / {lc['edges_s']:.1f} / {lc['commit_s']:.1f}" if lc else "-"
        rows.append(
            [
                f"{r['people']:,}",
                f"{n['read_s']:.1f} / {n['plan_s']:.1f} / {n['write_s']:.1f}",
                lcs,
                f"{e['read_s']:.1f} / {e['plan_s']:.1f} / {e['write_s']:.1f}",
                f"{n['first_pass_p50_ms']:.1f} / {n['first_pass_p95_ms']:.1f}",
                f"{r['scan_findings']:,} ({r['scan_hops_findings']:,})",
                str(r["draws"]),
            ]
        )
    return markdown_table(columns, rows)


def check_targets(results: list[dict[str, Any]]) -> list[tuple[str, bool, str]]:
    r = next((x for x in results if x["people"] == TARGET_PEOPLE), None)
    if r is None:
        return []
    n, lc, t = r["neo4j"], r.get("load_csv"), TARGETS
    checks = [
        (
            f"import >= {t['import_rows_per_s']:,} edge rows/s",
            n["rows_per_s"] >= t["import_rows_per_s"],
            f"{n['rows_per_s']:,.0f}",
        )
    ]
    if lc:
        ratio = n["rows_per_s"] / lc["rows_per_s"]
        checks.append(
            (
                f"import >= {t['vs_load_csv']:g}x LOAD CSV",
                ratio >= t["vs_load_csv"],
                f"{ratio:.1f}x",
            )
        )
    checks += [
        (
            f"staffing p95 <= {t['staffing_p95_ms']:g} ms",
            n["staffing_p95_ms"] <= t["staffing_p95_ms"],
            f"{n['staffing_p95_ms']:.1f} ms",
        ),
        (f"full scan <= {t['scan_s']:g} s", n["scan_s"] <= t["scan_s"], f"{n['scan_s']:.2f} s"),
    ]
    return checks


# ---- the server ----------------------------------------------------------------------------


def _server() -> tuple[dict[str, str], bool]:
    """NEO4J_* from the environment, or a server started by scripts/neo4j-local."""
    if os.environ.get("NEO4J_URI"):
        return dict(os.environ), False
    heap = os.environ.get("NEO4J_HEAP", "4g")
    # Initial heap = maximum, as Neo4j's operations manual advises: no full GCs while the heap
    # grows during a million-row transaction.
    env = {**os.environ, "NEO4J_HEAP": heap, "NEO4J_HEAP_INITIAL": heap}
    done = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "start"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"could not start Neo4j:\n{done.stderr[-3000:]}")
    for line in done.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value.strip("'\"")
    return env, "already running" not in done.stderr


@contextmanager
def bench_server() -> Iterator[tuple[Any, dict[str, str]]]:
    """The Neo4j store on the benchmark's server (see _server) and its environment; wiped at
    the end, and the server stopped if this started it."""
    from graphmodel.neo4j import Neo4jStore

    env, started = _server()
    neo4j = Neo4jStore(
        env["NEO4J_URI"], env.get("NEO4J_USER", "neo4j"), env.get("NEO4J_PASSWORD", "")
    )
    try:
        yield neo4j, env
    finally:
        neo4j.wipe()
        neo4j.close()
        if started:
            subprocess.run([str(ROOT / "scripts" / "neo4j-local"), "stop"], env=env, check=False)


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """--cache and --json, as every Neo4j benchmark takes them (--cache made to exist)."""
    parser.add_argument(
        "--cache",
        type=_cache_folder,
        default=str(Path(tempfile.gettempdir()) / "allymap-bench"),  # a string: type applies
        help="where generated portfolios are kept (shared with bench_core)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")


def _cache_folder(text: str) -> Path:
    folder = Path(text)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def machine_line(info: dict[str, Any], uri: str) -> str:
    return (
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory_gib']} GiB, "
        f"Python {info['python']}, {info['system']}; Neo4j at {uri}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_neo4j", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=list(SIZES),
        help="people per portfolio, comma-separated",
    )
    parser.add_argument("--draws", type=int, default=50, help="staffing checks per size")
    parser.add_argument("--hops", type=int, default=2, help="k for staffing and the k scan")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-load-csv", action="store_true", help="skip the LOAD CSV baseline")
    add_common_arguments(parser)
    args = parser.parse_args(argv)

    results = []
    with bench_server() as (neo4j, env):
        import_dir = None
        if not args.no_load_csv and env.get("NEO4J_IMPORT_DIR"):
            import_dir = Path(env["NEO4J_IMPORT_DIR"])
        for people in args.sizes:
            data, _ = dataset(people, args.seed, args.cache)
            results.append(measure(data, neo4j, import_dir, args.draws, args.seed, args.hops))
    info = machine()
    print(machine_line(info, env["NEO4J_URI"]))
    print()
    print(table(results))
    print()
    print(details(results))
    checks = check_targets(results)
    if checks:
        print()
        for name, met, figure in checks:
            print(f"- {'met' if met else 'NOT MET'}: {name} ({figure})")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2))
    return 0 if all(met for _, met, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
