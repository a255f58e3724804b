"""Hostile text: the payloads, and a small portfolio that carries them everywhere.

Names and properties come from CSV files nobody vetted, so every one of these must stay text:
never Markdown, HTML, LaTeX, an icon or a link in the browser, never a formula in a
spreadsheet. Links and images point at ``http://127.0.0.1:<port>``, a port a test listens on,
so a page that fetched one would be caught in the act.

:func:`portfolio` builds a portfolio in which every name and free-text property carries a
payload and which still has one finding of each kind (a breach, a cooling-off, an indirect
exposure, a conflict of interest, a contract conflict), an overdue obligation, a partner with
tension and clean alternatives, so that
every page and every result has hostile text to show.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

HOST = "127.0.0.1"

MARKERS = ("md-image", "md-link", "html-img", "script.js", "frame-src", "autolink", "katex-href")
"""Path parts of the payload URLs: an element whose src or href holds one came from data."""


def payloads(port: int) -> dict[str, str]:
    """Payload id -> text, links aimed at ``127.0.0.1:port``."""
    url = f"http://{HOST}:{port}"
    return {
        "markdown": f"![b]({url}/md-image.png) [x]({url}/md-link) :red[X] $\\sqrt{{x}}$",
        "html-img": f'<img src="{url}/html-img.png" onerror="window.__xss=1">',
        "script": f'<script src="{url}/script.js">window.__xss=1</script>',
        "javascript-link": "[click](javascript:window.__xss=1) "
        '<a href="javascript:window.__xss=1">a</a>',
        "iframe": f'<iframe src="{url}/frame-src"></iframe><object data="{url}/frame-src">',
        "autolinks": f"{url}/autolink www.example.com mail@{HOST}.example",
        "shortcodes": ":material/home: :streamlit: :smile: :red-background[R] :blue[B]",
        "latex": f"$$\\href{{{url}/katex-href}}{{k}}$$ $x^2$ \\(y\\)",
        "formula-hyperlink": f'=HYPERLINK("{url}/formula","Click")',
        "formula-dde": "+cmd|' /C calc'!A0",
        "formula-minus": "-2+3",
        "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
        "formula-fullwidth": "＝1+1",
        "control": "bell\x07 esc\x1b[31m del\x7f",
        "bidi": "Eve \u202egnp.exe\u202c \u2066iso\u2069",
        "zero-width": "Zero\u200bWidth\u2060\ufeff",
        "markup": "# H1 **bold** _it_ ~~s~~ `code` > q | a | b | [^1] <!-- c --> &lt;b&gt;",
        "html-style": f"<style>@import url({url}/css)</style><b onmouseover=window.__xss=1>b</b>",
    }


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


# word (unique, plain: what a test types to find the node), id, type
NODES = [
    ("Usco", "h-us", "Company"),
    ("Parto", "h-partner", "Company"),
    ("Parentco", "h-parent", "Company"),
    ("Allia", "h-a1", "Alliance"),
    ("Bllia", "h-a2", "Alliance"),
    ("Progx", "h-x1", "Program"),
    ("Progy", "h-x2", "Program"),
    ("Commk", "h-k1", "Committee"),
    ("Pat", "h-pat", "Person"),  # sits on the committee of the other side: breach
    ("Quinn", "h-quinn", "Person"),  # left the other side ten days ago: cooling-off
    ("Robin", "h-robin", "Person"),  # reports to Sasha, on the other side: indirect exposure
    ("Sasha", "h-sasha", "Person"),
    ("Toni", "h-toni", "Person"),  # holds equity in the partner's parent: conflict of interest
    ("Uma", "h-uma", "Person"),  # clean, Pat's function: an alternative
    ("Vic", "h-vic", "Person"),  # clean, Pat's function: an alternative
    ("Contracto", "h-g1", "Agreement"),  # restricts Targo, covers Allia only: Progy breaks it
    ("Targo", "h-t1", "Target"),  # Progx and Progy address it (firewalled: no missing one)
    ("Oblig", "h-o1", "Obligation"),  # a notice under Contracto, overdue, Pat must send it
]


def portfolio(port: int, today: dt.date | None = None) -> dict[str, str]:
    """``{"hostile-nodes.csv": ..., "hostile-edges.csv": ...}``: generic CSV texts."""
    today = today or dt.date.today()
    p = list(payloads(port).values())
    pick: Callable[[int], str] = lambda i: p[i % len(p)]  # noqa: E731
    function = "Chem " + payloads(port)["markdown"]
    node_rows = []
    for i, (word, nid, ntype) in enumerate(NODES):
        props = [function if nid in ("h-pat", "h-uma", "h-vic") else pick(i + 5)]
        due = [(today - dt.timedelta(days=3)).isoformat()] if ntype == "Obligation" else [""]
        node_rows.append([nid, ntype, f"{word} {pick(i)}", *props, pick(i + 1), pick(i + 2), *due])
    nodes = _csv(["id", "type", "name", "function", "notes", "location", "due"], node_rows)

    ended = (today - dt.timedelta(days=10)).isoformat()
    since = (today - dt.timedelta(days=400)).isoformat()
    header = ["source", "target", "type", "since", "until", "title", "role", "kind"]
    header += ["what", "market", "reason", "cooling_off_days", "weight", "note"]

    def edge(s: str, t: str, etype: str, i: int, until: str = "", **props: str) -> list[str]:
        cells = {c: props.get(c, "") for c in header[5:]}
        cells["note"] = pick(i)
        return [s, t, etype, since, until, *cells.values()]

    people = [nid for _, nid, ntype in NODES if ntype == "Person"]
    rows = [
        edge(person, "h-us", "EMPLOYED_BY", i, title=pick(i + 3)) for i, person in enumerate(people)
    ]
    rows += [
        edge("h-us", "h-a1", "PARTY_TO", 1, role=pick(2)),
        edge("h-partner", "h-a1", "PARTY_TO", 2, role=pick(3)),
        edge("h-us", "h-a2", "PARTY_TO", 3, role=pick(4)),
        edge("h-partner", "h-parent", "SUBSIDIARY_OF", 4),
        edge("h-partner", "h-us", "SUPPLIES", 5, what=pick(6)),
        edge("h-partner", "h-us", "COMPETES_WITH", 6, market=pick(7)),
        edge("h-x1", "h-a1", "PART_OF", 7),
        edge("h-x2", "h-a2", "PART_OF", 8),
        edge("h-k1", "h-a2", "GOVERNS", 9),
        edge("h-x1", "h-x2", "FIREWALL", 10, reason=pick(11), cooling_off_days="90"),
        edge("h-pat", "h-x1", "WORKS_ON", 11, role=pick(12)),
        edge("h-pat", "h-k1", "MEMBER_OF", 12, role="chair"),
        edge("h-quinn", "h-x1", "WORKS_ON", 13, role=pick(14)),
        edge("h-quinn", "h-x2", "WORKS_ON", 14, until=ended, role=pick(15)),
        edge("h-robin", "h-x1", "WORKS_ON", 15),
        edge("h-robin", "h-sasha", "REPORTS_TO", 16),
        edge("h-sasha", "h-x2", "WORKS_ON", 17),
        edge("h-toni", "h-x1", "WORKS_ON", 18),
        edge("h-toni", "h-parent", "HOLDS_INTEREST_IN", 19, kind="equity"),
        edge("h-sasha", "h-quinn", "INFLUENCES", 20, weight="0.5"),
        edge("h-us", "h-g1", "SIGNED", 21, role=pick(22)),
        edge("h-partner", "h-g1", "SIGNED", 22, role=pick(23)),
        edge("h-g1", "h-a1", "COVERS", 23),
        edge("h-g1", "h-t1", "RESTRICTS", 24, kind="exclusive"),
        edge("h-x1", "h-t1", "ADDRESSES", 25),
        edge("h-x2", "h-t1", "ADDRESSES", 26),
        edge("h-o1", "h-g1", "UNDER", 27),
        edge("h-o1", "h-pat", "OWNED_BY", 28),
    ]
    return {"hostile-nodes.csv": nodes, "hostile-edges.csv": _csv(header, rows)}
