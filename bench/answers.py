"""Write what allymap answers for a portfolio into a folder, so two versions can be diffed.

    python -m bench.answers OUT --portfolio demo
    python -m bench.answers OUT --portfolio 10000 [--seed 7]
    python -m bench.answers OUT --portfolio 1000 --neo4j bolt://127.0.0.1:7687 --wipe

A refactoring that must not change any answer (issue 8: "answers unchanged") is checked by
running this before and after on the same portfolios and stores, then ``diff -r`` of the two
folders, which must be empty. The portfolio is imported into a fresh store (a temporary
embedded file, or the Neo4j database given, which must be empty unless ``--wipe`` allows
emptying it), and the JSON the CLI prints (``report.to_json()``, written as the CLI writes it)
is stored for:

* ``conflicts`` on each day of :data:`DAYS`, with hops none, 1 and 2;
* ``check-staffing`` for k = 0..3, each over :data:`DRAWS` seeded draws of a program and ten
  candidates (mostly firewalled programs, with people who work across the wall and people with
  personal interests, as ``bench.bench_core`` draws them);
* ``partner`` for a fixed set of pairs: the largest employer against every other company (a
  seeded sample of :data:`PAIRS` when there are more), and as many pairs of other companies.

Draws and pairs are made from ``store.all_records()``, which every version of every store
answers the same way, so both sides of a diff ask the same questions. Only public entry points
are used (``allymap.config.open_store``, ``queries.*``), so the tool runs unchanged on older
and newer code: put the tree to test first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["DAYS", "DRAWS", "PAIRS", "draws", "main", "pairs", "write_answers"]

DAYS = ("2026-11-22", "2025-06-30", "2027-03-01")
"""The demo's and the synthetic portfolios' "today", a day in the past and one ahead."""
DRAWS = 60
PAIRS = 40
HOPS: tuple[int | None, ...] = (None, 1, 2)
STAFFING_HOPS = (0, 1, 2, 3)


def portfolio_files(name: str, seed: int, cache: Path) -> list[Path]:
    """The CSV files of ``demo`` or of a synthetic portfolio of ``name`` people."""
    if name == "demo":  # the demo of the tree under test, which may not be this file's
        import allymap

        root = Path(allymap.__file__).resolve().parent.parent
        return sorted((root / "examples" / "demo").glob("*.csv"))
    from bench.bench_core import dataset

    folder, _ = dataset(int(name), seed, cache)
    return [folder / "nodes.csv", folder / "edges.csv"]


def draws(
    records: tuple[list[Any], list[Any]], count: int, seed: int
) -> list[tuple[str, list[str]]]:
    """Seeded (program, candidates) draws from a store's records (see the module doc)."""
    nodes, edges = records
    rng = random.Random(f"allymap-answers-{seed}")
    people = sorted(n.id for n in nodes if n.type == "Person")
    programs = sorted(n.id for n in nodes if n.type == "Program")
    walls: dict[str, set[str]] = {}
    workers: dict[str, set[str]] = {}
    holders: set[str] = set()
    for e in edges:
        if e.type == "FIREWALL":
            walls.setdefault(e.source, set()).add(e.target)
            walls.setdefault(e.target, set()).add(e.source)
        elif e.type == "WORKS_ON":
            workers.setdefault(e.target, set()).add(e.source)
        elif e.type == "HOLDS_INTEREST_IN" or (e.type == "EMPLOYED_BY" and e.until):
            holders.add(e.source)
    walled = [x for x in programs if x in walls]
    interested = sorted(holders)
    out: list[tuple[str, list[str]]] = []
    for i in range(count):
        program = rng.choice(walled) if walled and i % 5 else rng.choice(programs)
        across = sorted({p for side in walls.get(program, ()) for p in workers.get(side, ())})
        team = rng.sample(across, min(3, len(across)))
        if interested:
            team.append(rng.choice(interested))
        while len(set(team)) < min(10, len(people)):
            team.append(rng.choice(people))
        out.append((program, list(dict.fromkeys(team))))
    return out


def pairs(store: Any, records: tuple[list[Any], list[Any]], seed: int) -> list[tuple[str, str]]:
    """(partner, us) pairs: the largest employer against the others, and other pairs."""
    nodes, _ = records
    companies = sorted(n.id for n in nodes if n.type == "Company")
    if len(companies) < 2:
        return []
    counts = store.headcounts(DAYS[0])
    us = max(companies, key=lambda c: (counts.get(c, 0), c))
    others = [c for c in companies if c != us]
    rng = random.Random(f"allymap-answers-pairs-{seed}")
    chosen = others if len(others) <= PAIRS else sorted(rng.sample(others, PAIRS))
    out = [(z, us) for z in chosen]
    for _ in range(PAIRS):
        z, u = rng.sample(others, 2) if len(others) >= 2 else (others[0], us)
        out.append((z, u))
    return out


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_answers(store: Any, out: Path, seed: int) -> dict[str, float]:
    """Every answer of the module doc for the portfolio in ``store``; returns timings."""
    from queries.conflicts import scan
    from queries.partner import partner_view
    from queries.staffing import check_staffing

    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    records = store.all_records()
    for day in DAYS:
        for hops in HOPS:
            t0 = time.perf_counter()
            report = scan(store, day, hops).to_json()
            timings[f"conflicts {day} hops={hops}"] = time.perf_counter() - t0
            _dump(out / f"conflicts-{day}-hops{hops if hops is not None else 'none'}.json", report)
    chosen = draws(records, DRAWS, seed)
    for k in STAFFING_HOPS:
        t0 = time.perf_counter()
        reports = [check_staffing(store, x, team, DAYS[0], k).to_json() for x, team in chosen]
        timings[f"check-staffing k={k}"] = time.perf_counter() - t0
        _dump(out / f"check-staffing-k{k}.json", reports)
    t0 = time.perf_counter()
    views = [
        partner_view(store, z, u, day).to_json()
        for day in DAYS
        for z, u in pairs(store, records, seed)
    ]
    timings["partner"] = time.perf_counter() - t0
    _dump(out / "partner.json", views)
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.answers", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out", type=Path, help="folder to write the answers into")
    parser.add_argument("--portfolio", default="demo", help="demo, or a number of people")
    parser.add_argument("--seed", type=int, default=7, help="generator and draw seed")
    parser.add_argument("--neo4j", metavar="URI", help="use this Neo4j server instead")
    parser.add_argument("--wipe", action="store_true", help="empty the Neo4j database first")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("ALLYMAP_BENCH_CACHE") or tempfile.gettempdir())
        / "allymap-bench",
        help="where generated portfolios are kept (shared with bench_core)",
    )
    args = parser.parse_args(argv)
    from allymap.config import open_store
    from loaders import read_files

    args.cache.mkdir(parents=True, exist_ok=True)
    files = portfolio_files(args.portfolio, args.seed, args.cache)
    tmp = Path(tempfile.mkdtemp(prefix="allymap-answers-"))
    try:
        try:  # create=True: the fresh database is made by the import (allymap since issue 7)
            store = open_store(db=str(tmp / "answers.sqlite"), neo4j=args.neo4j, create=True)
        except TypeError:  # an older allymap, whose stores always create
            store = open_store(db=str(tmp / "answers.sqlite"), neo4j=args.neo4j)
        try:
            if args.neo4j:
                if any(store.stats().values()) and not args.wipe:
                    parser.error(f"the Neo4j database at {args.neo4j} is not empty (--wipe?)")
                store.wipe()
            store.apply(read_files(files))
            timings = write_answers(store, args.out, args.seed)
        finally:
            store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for what, seconds in timings.items():
        print(f"{what}: {seconds:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
