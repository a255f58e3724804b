"""Benchmark of the embedded store: import, staffing checks, conflicts scan, memory (issue 2).

    python -m bench.bench_core                      # 1k, 10k and 100k people
    python -m bench.bench_core --quick              # 1k and 10k
    python -m bench.bench_core --sizes 1000,50000

For each size it generates a seeded synthetic portfolio (``fixtures.synthetic``, about ten edges
per person; cached, so reruns skip this), then in a *fresh subprocess* (so one size's memory
does not inflate the next one's peak):

1. imports it into a new embedded store file exactly as ``allymap import`` does
   (``loaders.read_files``, then ``store.plan`` and ``store.write``) and reports edge rows per
   second of wall time for the whole import, and the read / plan / write split;
2. reopens the file (what every ``allymap`` command and the app do) and reports the load time;
3. runs the full ``conflicts`` scan, and the scan with indirect exposure (k = 2);
4. runs staffing checks (``queries.staffing.check_staffing``, k = 2) of 10 candidates over
   deterministic (program, people) draws, side by side with the naive baseline of
   :mod:`bench.naive`, asserting both give every candidate the same status;
5. reports peak RSS (``ru_maxrss``), taken before the baseline builds its own graphs.

It prints the machine and a markdown table, and checks the issue's targets at 100k people.
Timings on a shared machine are noisy: compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as ``python bench/bench_core.py``
    sys.path.insert(0, str(ROOT))

__all__ = ["main", "measure", "pick_draws"]

SIZES = (1_000, 10_000, 100_000)
QUICK = (1_000, 10_000)
TARGET_PEOPLE = 100_000
TARGETS = {
    "import_rows_per_s": 50_000,
    "staffing_p95_ms": 50.0,
    "speedup": 20.0,
    "scan_s": 10.0,
    "peak_rss_mib": 2048.0,
}


# ---- data ----------------------------------------------------------------------------------


def _generator_hash() -> str:
    """Cached portfolios are keyed on the generator's source (every module of the package, by
    name), so a changed recipe regenerates."""
    digest = hashlib.sha256()
    for module in sorted((ROOT / "fixtures" / "synthetic").glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def dataset(people: int, seed: int, cache: Path) -> tuple[Path, dict[str, Any]]:
    """The folder holding the portfolio's nodes.csv and edges.csv, generated if not cached."""
    from fixtures.synthetic import generate

    folder = cache / f"synth-{people}-seed{seed}-{_generator_hash()}"
    meta_path = folder / "meta.json"
    if meta_path.is_file():
        return folder, json.loads(meta_path.read_text())
    tmp = cache / f".{folder.name}.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.perf_counter()
    result = generate(people, tmp, seed)
    meta = {
        "people": people,
        "seed": seed,
        "nodes": int(str(result["nodes"])),
        "edges": int(str(result["edges"])),
        "generate_s": round(time.perf_counter() - started, 2),
    }
    (tmp / "meta.json").write_text(json.dumps(meta))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return folder, meta


# ---- draws ---------------------------------------------------------------------------------


def pick_draws(graph: Any, count: int, seed: int, team: int = 10) -> list[tuple[str, list[str]]]:
    """Deterministic (program, candidates) draws mixing likely findings with clean people.

    Four in five draws take a firewalled program; each team has up to three people who work
    (or worked) on a program firewalled from it (breaches, cooling-off), one person with a
    personal interest or a recent former employer (conflicts of interest), and random people.
    """
    rng = random.Random(f"allymap-bench-{seed}")
    nodes = sorted(graph.g.nodes(data="n"), key=lambda pair: pair[0])
    people = [nid for nid, n in nodes if n is not None and n.type == "Person"]
    programs = [nid for nid, n in nodes if n is not None and n.type == "Program"]
    walled = [x for x in programs if any(True for _ in graph.edges(x, "FIREWALL"))]
    holders = sorted(
        {e.source for e in graph.edges_of_type("HOLDS_INTEREST_IN")}
        | {e.source for e in graph.edges_of_type("EMPLOYED_BY") if e.until}
    )
    draws: list[tuple[str, list[str]]] = []
    for i in range(count):
        program = rng.choice(walled) if walled and i % 5 else rng.choice(programs)
        across = sorted(
            {
                w.source
                for other, _ in graph.edges(program, "FIREWALL")
                for w in graph.in_edges(other, "WORKS_ON")
            }
        )
        chosen = rng.sample(across, min(3, len(across)))
        if holders:
            chosen.append(rng.choice(holders))
        while len(set(chosen)) < min(team, len(people)):
            chosen.append(rng.choice(people))
        draws.append((program, list(dict.fromkeys(chosen))))
    return draws


# ---- one size, in its own process ----------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: with 50 draws, p95 is the 48th value)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _current_rss_mib() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(data: Path, db: Path, draws: int, seed: int, hops: int) -> dict[str, Any]:
    """Every figure for one portfolio (call in a fresh process: peak RSS is process-wide)."""
    from bench.naive import NaiveBaseline
    from fixtures.synthetic import ANCHOR
    from graphmodel.embedded import EmbeddedStore
    from loaders import read_files
    from queries.conflicts import scan
    from queries.staffing import check_staffing

    meta = json.loads((data / "meta.json").read_text())
    label = f"{meta['people']:,} people"
    out: dict[str, Any] = dict(meta)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    # 1. import, as `allymap import` does it
    _say(f"{label}: importing {meta['edges']:,} edge rows")
    files = [data / "nodes.csv", data / "edges.csv"]
    cpu0, t0 = time.process_time(), time.perf_counter()
    batch = read_files(files)
    t1 = time.perf_counter()
    store = EmbeddedStore(db)
    plan = store.plan(batch)
    t2 = time.perf_counter()
    store.write(plan)
    t3, cpu3 = time.perf_counter(), time.process_time()
    assert len(plan.edges_added) == len(batch.edges), "the store file was not empty"
    out.update(
        read_s=t1 - t0,
        plan_s=t2 - t1,
        write_s=t3 - t2,
        import_s=t3 - t0,
        import_cpu_s=cpu3 - cpu0,
        import_rows_per_s=meta["edges"] / (t3 - t0),
        import_peak_rss_mib=_rss_mib(),
    )
    store.close()
    del batch, plan, store
    gc.collect()

    # 2. reopen: every command and the app load the whole file into memory
    t0 = time.perf_counter()
    store = EmbeddedStore(db)
    store.refresh()  # the store loads on first read; make that now
    out["open_s"] = time.perf_counter() - t0
    out["open_rss_mib"] = _current_rss_mib()

    # 3. the whole-portfolio scan
    _say(f"{label}: conflicts scan")
    t0 = time.perf_counter()
    report = scan(store, ANCHOR, None)
    out["scan_s"] = time.perf_counter() - t0
    kinds: dict[str, int] = {}
    for f in report.findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    out["scan_findings"] = kinds
    t0 = time.perf_counter()
    report = scan(store, ANCHOR, hops)
    out["scan_hops_s"] = time.perf_counter() - t0
    out["scan_hops_findings"] = len(report.findings)
    del report
    out["peak_rss_mib"] = _rss_mib()  # before the baseline adds graphs of its own

    # 4. staffing checks, engine and naive baselines side by side
    graph = store.graph
    chosen = pick_draws(graph, draws + 1, seed)
    _say(f"{label}: building the baselines' graphs")
    baselines = {}
    for name, split in (("naive", False), ("split", True)):
        t0 = time.perf_counter()
        baselines[name] = NaiveBaseline(
            (n for _, n in graph.g.nodes(data="n") if n is not None),
            graph.all_edges(),
            ANCHOR,
            split=split,
        )
        out[f"{name}_build_s"] = time.perf_counter() - t0
    _say(f"{label}: {draws} staffing checks, engine and baselines")
    times: dict[str, list[float]] = {"engine": [], "naive": [], "split": []}
    statuses: dict[str, int] = {}
    mismatches: list[str] = []
    for i, (program, team) in enumerate(chosen):
        timings: dict[str, float] = {}
        results: dict[str, dict[str, str]] = {}
        order = ("engine", "naive", "split")
        for who in order[i % 3 :] + order[: i % 3]:  # rotate who runs first
            t0 = time.perf_counter()
            if who == "engine":
                checked = check_staffing(store, program, team, ANCHOR, hops)
                results[who] = {c.person: c.status for c in checked.candidates}
            else:
                results[who] = baselines[who].statuses(program, team, hops)
            timings[who] = (time.perf_counter() - t0) * 1000
        for who in ("naive", "split"):
            if results[who] != results["engine"]:
                mismatches.append(f"{who} {program} {team}: {results[who]} != {results['engine']}")
        if i == 0:
            continue  # warm-up
        for who, ms in timings.items():
            times[who].append(ms)
        for status in results["engine"].values():
            statuses[status] = statuses.get(status, 0) + 1
    if mismatches:
        raise AssertionError("a baseline disagrees with the engine:\n" + "\n".join(mismatches[:10]))
    out["draws"] = len(times["engine"])
    out["statuses"] = statuses
    for who, name in (("engine", "staffing"), ("naive", "naive"), ("split", "split")):
        out[f"{name}_p50_ms"] = _percentile(times[who], 50)
        out[f"{name}_p95_ms"] = _percentile(times[who], 95)
        out[f"{name}_mean_ms"] = statistics.fmean(times[who])
    for who in ("naive", "split"):
        out[f"{who}_speedup_p50"] = out[f"{who}_p50_ms"] / out["staffing_p50_ms"]
        out[f"{who}_speedup_mean"] = out[f"{who}_mean_ms"] / out["staffing_mean_ms"]
    out["peak_rss_with_baseline_mib"] = _rss_mib()
    store.close()
    return out


# ---- reporting -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": model or "unknown",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def markdown_table(
    columns: Sequence[str], rows: Iterable[Sequence[str]], right_from: int | None = None
) -> str:
    """A Markdown table of formatted cells, as docs/benchmarks.md shows them; columns from
    ``right_from`` on are right-aligned."""
    rule = "|" + "".join(
        "---:|" if right_from is not None and i >= right_from else "---|"
        for i in range(len(columns))
    )
    body = ["| " + " | ".join(cells) + " |" for cells in (columns, *rows)]
    return "\n".join([body[0], rule, *body[1:]])


def table(results: list[dict[str, Any]]) -> str:
    """The issue's figures, one row per size."""
    columns = [
        "people",
        "edge rows",
        "import edge rows/s",
        "staffing p50 / p95 ms",
        "baseline ÷ engine (p50 / mean)",
        "scan s",
        "peak RSS MiB",
    ]
    rows = [
        [
            f"{r['people']:,}",
            f"{r['edges']:,}",
            f"{r['import_rows_per_s']:,.0f}",
            f"{r['staffing_p50_ms']:.1f} / {r['staffing_p95_ms']:.1f}",
            f"{r['naive_speedup_p50']:.0f}x / {r['naive_speedup_mean']:.0f}x",
            f"{r['scan_s']:.2f}",
            f"{r['peak_rss_mib']:,.0f}",
        ]
        for r in results
    ]
    return markdown_table(columns, rows)


def details(results: list[dict[str, Any]]) -> str:
    """Where the time goes, and the stronger baseline."""
    columns = [
        "people",
        "nodes",
        "import s (CPU s)",
        "read / plan / write s",
        "open s",
        "baseline p50 / p95 ms",
        "split baseline p50 / p95 ms",
        "split ÷ engine (p50 / mean)",
        "scan k=2 s",
        "RSS after open MiB",
    ]
    rows = [
        [
            f"{r['people']:,}",
            f"{r['nodes']:,}",
            f"{r['import_s']:.1f} ({r['import_cpu_s']:.1f})",
            f"{r['read_s']:.1f} / {r['plan_s']:.1f} / {r['write_s']:.1f}",
            f"{r['open_s']:.1f}",
            f"{r['naive_p50_ms']:,.0f} / {r['naive_p95_ms']:,.0f}",
            f"{r['split_p50_ms']:.1f} / {r['split_p95_ms']:.1f}",
            f"{r['split_speedup_p50']:.1f}x / {r['split_speedup_mean']:.1f}x",
            f"{r['scan_hops_s']:.2f}",
            f"{r['open_rss_mib']:,.0f}",
        ]
        for r in results
    ]
    lines = [markdown_table(columns, rows), ""]
    for r in results:
        lines.append(
            f"- {r['people']:,} people: statuses over {r['draws']} checks {r['statuses']}; "
            f"scan findings {r['scan_findings']}, with k=2: {r['scan_hops_findings']:,}; "
            f"baseline graphs built in {r['naive_build_s']:.1f} s and "
            f"{r['split_build_s']:.1f} s (outside their timings)"
        )
    return "\n".join(lines)


def check_targets(results: list[dict[str, Any]]) -> list[tuple[str, bool, str]]:
    """(target, met, figure) at the target size, if it was measured."""
    r = next((x for x in results if x["people"] == TARGET_PEOPLE), None)
    if r is None:
        return []
    t = TARGETS
    return [
        (
            f"import >= {t['import_rows_per_s']:,} edge rows/s",
            r["import_rows_per_s"] >= t["import_rows_per_s"],
            f"{r['import_rows_per_s']:,.0f}",
        ),
        (
            f"staffing p95 <= {t['staffing_p95_ms']:g} ms",
            r["staffing_p95_ms"] <= t["staffing_p95_ms"],
            f"{r['staffing_p95_ms']:.1f} ms",
        ),
        (
            f"staffing >= {t['speedup']:g}x faster than the baseline (p50 and mean)",
            min(r["naive_speedup_p50"], r["naive_speedup_mean"]) >= t["speedup"],
            f"{r['naive_speedup_p50']:.0f}x / {r['naive_speedup_mean']:.0f}x",
        ),
        (f"full scan <= {t['scan_s']:g} s", r["scan_s"] <= t["scan_s"], f"{r['scan_s']:.2f} s"),
        (
            f"peak RSS <= {t['peak_rss_mib'] / 1024:g} GiB",
            r["peak_rss_mib"] <= t["peak_rss_mib"],
            f"{r['peak_rss_mib']:,.0f} MiB",
        ),
    ]


# ---- command line --------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a comma-separated list of sizes"
        ) from None
    if not sizes or min(sizes) < 20:
        raise argparse.ArgumentTypeError("sizes must be at least 20 people")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_core", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", type=_sizes, default=list(SIZES), help="people per portfolio")
    parser.add_argument("--quick", action="store_true", help="only 1,000 and 10,000 people")
    parser.add_argument("--draws", type=int, default=50, help="staffing checks per size")
    parser.add_argument("--hops", type=int, default=2, help="k for staffing and the k scan")
    parser.add_argument("--seed", type=int, default=7, help="generator and draw seed")
    default_cache = os.environ.get("ALLYMAP_BENCH_CACHE") or str(
        Path(tempfile.gettempdir()) / "allymap-bench"
    )
    parser.add_argument("--cache", type=Path, default=Path(default_cache), help="data folder")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = measure(
            args.data, args.cache / f"bench-{args.child}.sqlite", args.draws, args.seed, args.hops
        )
        print(json.dumps(result))
        return 0

    sizes = list(QUICK) if args.quick else args.sizes
    args.cache.mkdir(parents=True, exist_ok=True)
    info = machine()
    results: list[dict[str, Any]] = []
    for people in sizes:
        data, meta = dataset(people, args.seed, args.cache)
        _say(f"{people:,} people: {meta['nodes']:,} nodes, {meta['edges']:,} edge rows in {data}")
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(people),
            "--data",
            str(data),
            "--cache",
            str(args.cache),
            "--draws",
            str(args.draws),
            "--hops",
            str(args.hops),
            "--seed",
            str(args.seed),
        ]
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            _say(f"{people:,} people: the measurement failed (exit {done.returncode})")
            return 1
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    info["load_after"] = [round(x, 2) for x in os.getloadavg()]

    print(
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory_gib']} GiB, "
        f"Python {info['python']}, {info['system']}; load average {info['load'][0]} before, "
        f"{info['load_after'][0]} after"
    )
    print()
    print(table(results))
    print()
    print(details(results))
    verdicts = check_targets(results)
    if verdicts:
        print()
        print(f"Targets at {TARGET_PEOPLE:,} people:")
        for name, met, figure in verdicts:
            print(f"- {'met' if met else 'MISSED'}: {name} ({figure})")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
