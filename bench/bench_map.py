"""How long the influence map takes to build: ``build_map_html`` on 500- and 5,000-node
neighbourhoods (targets: <= 1 s and <= 5 s to produce the page's HTML).

The neighbourhoods are synthesised to look like a portfolio seen from a company: people
employed by a few dozen companies, reporting lines, influence, committees, alliances and
programs, some ended relationships and a few flagged paths. Run:

    python bench/bench_map.py [--repeat 3] [--sizes 500,5000]

It prints one table row per size and phase (grouping/layout, HTML), the best of ``repeat``
runs, and the size of the page.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from allymap.mapview import MapLayout, build_map_html, layout_map
from graphmodel.model import Edge, Node
from graphmodel.store import Subgraph

AS_OF = "2026-11-22"
TARGETS = {500: 1.0, 5000: 5.0}


def synthetic_neighbourhood(n: int, seed: int = 7) -> tuple[Subgraph, dict[str, float], list]:
    """About ``n`` nodes: 85% people, the rest companies, committees, alliances, programs."""
    rng = random.Random(seed)
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    n_companies = max(3, n // 60)
    n_alliances = max(2, n // 120)
    n_programs = max(3, n // 40)
    n_committees = max(2, n // 80)
    n_people = n - n_companies - n_alliances - n_programs - n_committees
    companies = [f"c{i}" for i in range(n_companies)]
    for c in companies:
        nodes[c] = Node(c, "Company", f"Company {c} <b>&</b>", {"country": "CH"})
    alliances = [f"a{i}" for i in range(n_alliances)]
    for a in alliances:
        nodes[a] = Node(a, "Alliance", f"Alliance {a}")
        for c in rng.sample(companies, 2):
            edges.append(Edge("PARTY_TO", c, a, props={"role": "partner"}))
    programs = [f"x{i}" for i in range(n_programs)]
    for x in programs:
        nodes[x] = Node(x, "Program", f"Program {x}")
        edges.append(Edge("PART_OF", x, rng.choice(alliances)))
    committees = [f"k{i}" for i in range(n_committees)]
    for k in committees:
        nodes[k] = Node(k, "Committee", f"JSC {k}")
        edges.append(Edge("GOVERNS", k, rng.choice(alliances)))
    for i in range(0, n_programs - 1, 5):
        edges.append(Edge("FIREWALL", programs[i], programs[i + 1], props={"reason": "rivals"}))
    people = [f"p{i:05d}" for i in range(n_people)]
    for i, p in enumerate(people):
        nodes[p] = Node(p, "Person", f"Person {i}", {"function": rng.choice(["chem", "bio"])})
        employer = companies[min(int(rng.paretovariate(1.2)) - 1, n_companies - 1)]
        if rng.random() < 0.08:
            old = rng.choice(companies)
            edges.append(Edge("EMPLOYED_BY", p, old, since="2015-01-01", until="2024-12-31"))
        edges.append(Edge("EMPLOYED_BY", p, employer, since="2025-01-01", props={"title": "x"}))
        if i > 10:
            edges.append(Edge("REPORTS_TO", p, people[rng.randrange(max(1, i // 3))]))
        if rng.random() < 0.3:
            edges.append(Edge("WORKS_ON", p, rng.choice(programs)))
        if rng.random() < 0.1:
            edges.append(Edge("INFLUENCES", p, rng.choice(people), props={"weight": 0.5}))
        if rng.random() < 0.05:
            edges.append(Edge("MEMBER_OF", p, rng.choice(committees), props={"role": "member"}))
    for _ in range(n_companies):
        a, b = rng.sample(companies, 2)
        edges.append(Edge("COMPETES_WITH", a, b, props={"market": "oncology"}))
        edges.append(Edge("SUPPLIES", a, b, props={"what": "API"}))
    influence = {p: rng.random() for p in people}
    flagged = [[people[j], programs[0], alliances[0]] for j in range(0, min(20, n_people), 2)]
    return Subgraph(nodes, edges), influence, flagged


def companies_only(n: int, seed: int = 7) -> tuple[Subgraph, dict[str, float], list]:
    """The worst case for the map: ``n`` companies and no people, so nothing can be grouped
    and every node is drawn (positions are then computed in rings around the focus)."""
    rng = random.Random(seed)
    nodes = {f"c{i}": Node(f"c{i}", "Company", f"Company {i}") for i in range(n)}
    edges = [Edge("SUPPLIES", f"c{i}", f"c{rng.randrange(n)}") for i in range(int(n * 2.4))]
    return Subgraph(nodes, edges), {}, []


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def browser_seconds(page: str, chromium: str = "/usr/bin/chromium") -> float:
    """Seconds from handing the page to Chromium until the map is drawn with physics off
    (after stabilisation for small maps, at once for grouped, pre-positioned ones)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            t0 = time.perf_counter()
            tab.set_content(page)
            tab.wait_for_function("() => window.allymapDrawnAt", timeout=300_000, polling=50)
            return time.perf_counter() - t0
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="500,5000")
    parser.add_argument("--threshold", type=int, default=100, help="group_threshold")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also time the page in headless Chromium until the settled map is drawn",
    )
    args = parser.parse_args(argv)
    cases = [(f"{int(s)}", synthetic_neighbourhood, int(s)) for s in args.sizes.split(",")]
    cases.append(("5000, no people", companies_only, 5000))
    print(f"build_map_html, best of {args.repeat}, group_threshold={args.threshold}")
    header = (
        f"{'case':<16} {'nodes':>6} {'edges':>6} {'drawn':>6} {'layout s':>9} {'HTML s':>8} "
        f"{'MB':>6}"
    )
    print(f"{header} {'target':>7} verdict" + ("  browser s" if args.browser else ""))
    failed = False
    for name, make, n in cases:
        sub, influence, flagged = make(n)
        options = {
            "influence": influence,
            "flagged_paths": flagged,
            "as_of": AS_OF,
            "group_threshold": args.threshold,
            "focus": "c0",
        }

        def layout(sub: Subgraph = sub, options: dict[str, Any] = options) -> MapLayout:
            return layout_map(sub, **options)

        def html(sub: Subgraph = sub, options: dict[str, Any] = options) -> str:
            return build_map_html(sub, **options)

        t_layout, drawn_layout = best_of(args.repeat, layout)
        t_html, page = best_of(args.repeat, html)
        assert isinstance(page, str) and isinstance(drawn_layout, MapLayout)
        target = TARGETS.get(n)
        verdict = "" if target is None else ("ok" if t_html <= target else "SLOW")
        limit = "" if target is None else f"<= {target:g} s"
        failed |= verdict == "SLOW"
        print(
            f"{name:<16} {len(sub.nodes):>6} {len(sub.edges):>6} {len(drawn_layout.nodes):>6} "
            f"{t_layout:>9.3f} {t_html:>8.3f} {len(page) / 1e6:>6.2f} {limit:>7} {verdict:<7}"
            + (f"  {browser_seconds(page):>9.2f}" if args.browser else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
