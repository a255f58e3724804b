"""How long the Influence ranking page takes to open on a big portfolio (the ranking with why
and the brokers included), and how long the JSC brief takes to write, on either store.

    python -m bench.bench_influence --db PATH [--alliance ID] [--repeat N]
    python -m bench.bench_influence --neo4j URI [--alliance ID]   # NEO4J_USER / NEO4J_PASSWORD

The page is opened with Streamlit's AppTest (the script run, as the server runs it; no browser
drawing): *cold* is the first open in a fresh process (the store opened, the answer cache filled);
*warm* is a reload, which reads the cache. Targets (issue 12): cold open <= 2 s embedded,
<= 4 s Neo4j. The brief is ``allymap report --output .html`` without a browser (the PDF adds
Chromium's print, measured separately with ``--pdf``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"embedded": 2.0, "neo4j": 4.0}


def _store(db: str | None, neo4j: str | None):  # type: ignore[no-untyped-def]
    from allymap.config import open_store

    return open_store(db=db, neo4j=neo4j, create=False)


def page_open(db: str | None, neo4j: str | None, repeat: int) -> tuple[float, list[float]]:
    """(cold, warm runs) seconds for the Influence ranking page."""
    from streamlit.testing.v1 import AppTest

    if db:
        os.environ["ALLYMAP_DB"] = db
        os.environ.pop("ALLYMAP_NEO4J", None)
    else:
        os.environ["ALLYMAP_NEO4J"] = str(neo4j)
        os.environ.pop("ALLYMAP_DB", None)
    at = AppTest.from_file(
        str(ROOT / "allymap" / "pages" / "influence_rank.py"), default_timeout=900
    )
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"the page failed: {[e.value for e in at.exception]}")
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    return cold, warm


def brief_time(
    db: str | None, neo4j: str | None, alliance: str | None, pdf: bool
) -> tuple[str, float, float]:
    """(alliance, seconds for the HTML brief, seconds for the PDF or 0)."""
    from allymap.brief import brief_html, html_to_pdf
    from graphmodel.vocabulary import ALLIANCE
    from queries.brief import brief

    store = _store(db, neo4j)
    try:
        target = alliance or store.search_nodes("", [ALLIANCE], limit=1)[0].id
        started = time.perf_counter()
        page = brief_html(brief(store, target))
        html_s = time.perf_counter() - started
    finally:
        store.close()
    pdf_s = 0.0
    if pdf:
        started = time.perf_counter()
        html_to_pdf(page)
        pdf_s = time.perf_counter() - started
    return target, html_s, pdf_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="embedded database file")
    where.add_argument("--neo4j", help="Neo4j URI")
    parser.add_argument("--alliance", help="the brief's alliance (default: the first by name)")
    parser.add_argument("--repeat", type=int, default=2, help="warm page opens")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF (needs Chromium)")
    args = parser.parse_args(argv)
    kind = "embedded" if args.db else "neo4j"
    store = _store(args.db, args.neo4j)
    try:
        stats = store.stats()
    finally:
        store.close()
    print(f"{kind}: {stats.get('Person', 0):,} people, {sum(stats.values()):,} records")
    cold, warm = page_open(args.db, args.neo4j, args.repeat)
    target = TARGETS[kind]
    verdict = "ok" if cold <= target else "SLOW"
    print(f"Influence ranking page, cold open: {cold:.2f} s (target <= {target:.0f} s) {verdict}")
    if warm:
        print(f"  warm (cached answers): median {statistics.median(warm):.2f} s of {len(warm)}")
    alliance, html_s, pdf_s = brief_time(args.db, args.neo4j, args.alliance, args.pdf)
    print(
        f"JSC brief for {alliance}: HTML {html_s:.2f} s"
        + (f", PDF +{pdf_s:.2f} s" if args.pdf else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
