"""The JSC brief as a document: one self-contained HTML page (print CSS, no script, every text
from data escaped, the pictures as inline SVG drawn here), and a PDF printed from it by the
headless Chromium.

:func:`brief_html` is a pure function of a :class:`queries.brief.Brief`; :func:`html_to_pdf`
needs Chromium (``ALLYMAP_CHROMIUM`` or ``/usr/bin/chromium``) and says so when it is missing.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from allymap.mapview import FLAG_COLOR, label_box, layout_map
from allymap.text import plain
from graphmodel.errors import AllymapError
from graphmodel.model import add_days
from graphmodel.vocabulary import PERSON, PROGRAM
from queries.brief import Brief
from queries.rules.partner import Span, tension

__all__ = [
    "KIND_COLORS",
    "SECTIONS",
    "BriefError",
    "brief_html",
    "chromium",
    "html_to_pdf",
    "map_svg",
    "timeline_svg",
]

SECTIONS = (
    "Parties and governance",
    "Relationships with each partner",
    "Findings and decisions",
    "Upcoming changes",
    "Partner timeline",
    "Map of the alliance",
)
"""The brief's section headings, in order (tests look for them in the PDF)."""

KIND_COLORS = {
    "alliance": "#882255",
    "supplier": "#0072B2",
    "customer": "#E69F00",
    "competitor": "#B66DFF",
    "equity": "#9D755D",
    "group": "#88CCEE",
    "other": "#999999",
}
"""Partner timeline bars: supplier and customer in different colours (issue 12), alliance and
competitor in their relationship type's colour."""


class BriefError(AllymapError):
    """The brief cannot be written as asked (no Chromium for a PDF, printing failed)."""


def _e(value: object, limit: int | None = None) -> str:
    return html.escape(plain(value, limit), quote=True)


def timeline_svg(spans: Sequence[Span], names: dict[str, str], as_of: str) -> str:
    """Every relationship with one partner as a labelled bar over time, as SVG."""
    if not spans:
        return '<p class="none">No relationships with dates.</p>'
    dates = [d for s in spans for d in (s.since, s.until) if d] + [as_of]
    start, end = add_days(min(dates), -120), add_days(max(dates), 120)

    def x(day: str) -> float:
        from datetime import date

        d0, d1, d = (date.fromisoformat(v) for v in (start, end, day))
        return 260 + 440 * (d - d0).days / max((d1 - d0).days, 1)

    rows = sorted(spans, key=lambda s: (s.since or "0000", s.kind, s.via))
    height = 30 + 22 * len(rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="720" '
        f'height="{height}" viewBox="0 0 720 {height}" role="img" aria-label="Partner timeline">'
    ]
    for i, s in enumerate(rows):
        y = 20 + 22 * i
        label = " → ".join(names.get(v, v) for v in s.via)
        x0 = x(s.since or start)
        x1 = x(s.until or end)
        color = KIND_COLORS.get(s.kind, "#999999")
        words = f"{s.kind}: {label}"
        out.append(
            f'<text x="4" y="{y + 12}" font-size="10">{_e(words, 48)}</text>'
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 2):.1f}" height="14" '
            f'fill="{color}"><title>{_e(words)} ({_e(s.since or "open")} to '
            f"{_e(s.until or 'open')})</title></rect>"
            f'<text x="{x0 + 3:.1f}" y="{y + 11}" font-size="9" fill="#fff">'
            f"{_e(s.kind)}</text>"
        )
    today_x = x(as_of)
    out.append(
        f'<line x1="{today_x:.1f}" y1="10" x2="{today_x:.1f}" y2="{height - 4}" '
        'stroke="#333" stroke-dasharray="4 3"/>'
        f'<text x="{today_x + 3:.1f}" y="{height - 6}" font-size="9">{_e(as_of)}</text>'
        f'<text x="260" y="12" font-size="9">{_e(start)}</text>'
        f'<text x="700" y="12" font-size="9" text-anchor="end">{_e(end)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def map_svg(b: Brief, width: int = 720, height: int = 520) -> str:
    """The alliance's governance map as SVG, laid out by :func:`allymap.mapview.layout_map`
    (the same colours, labels and flagged paths as the app's map, without a script)."""
    if not b.map.nodes:
        return '<p class="none">Nothing to draw.</p>'
    flagged = [list(f.path) for f in b.findings]
    layout = layout_map(
        b.map, influence=b.influence, flagged_paths=flagged, as_of=b.as_of, focus=b.alliance.id
    )
    boxes = [label_box(layout.nodes[nid], *xy) for nid, xy in layout.positions.items()]
    x0 = min(bx[0] for bx in boxes) - 20
    y0 = min(bx[1] for bx in boxes) - 20
    x1 = max(bx[2] for bx in boxes) + 20
    y1 = max(bx[3] for bx in boxes) + 20
    scale = min(width / max(x1 - x0, 1), height / max(y1 - y0, 1))

    def at(nid: str) -> tuple[float, float]:
        px, py = layout.positions.get(nid, (0.0, 0.0))
        return ((px - x0) * scale, (py - y0) * scale)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Map of the alliance">'
    ]
    for e in layout.edges:
        (ax, ay), (bx, by) = at(e["from"]), at(e["to"])
        dash = ' stroke-dasharray="5 4"' if e.get("dashes") else ""
        out.append(
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
            f'stroke="{_e(e["color"]["color"])}" stroke-width="{1 + float(e["width"]) / 2:.1f}"'
            f"{dash}/>"
        )
    for nid, item in layout.nodes.items():
        cx, cy = at(nid)
        fill = _e(item["color"]["background"])
        border = _e(item["color"]["border"])
        r = max(4.0, float(item.get("size", 12)) * scale * 0.6)
        if item["shape"] == "box":
            out.append(
                f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" fill="{fill}" '
                f'stroke="{border}"/>'
            )
        else:
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{fill}" '
                f'stroke="{border}" stroke-width="1.5"/>'
            )
        if item.get("label"):
            size = max(7.0, 14 * scale)
            out.append(
                f'<text x="{cx:.1f}" y="{cy + r + size:.1f}" font-size="{size:.1f}" '
                f'text-anchor="middle">{_e(item["label"], 40)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


_CSS = """
body { font-family: sans-serif; font-size: 11pt; color: #111; margin: 24px; }
h1 { font-size: 18pt; margin-bottom: 2px; } h2 { font-size: 13pt; margin-top: 22px;
  border-bottom: 1px solid #999; } h3 { font-size: 11pt; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 9.5pt; }
th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } .tension { color: #b00; font-weight: bold; }
.blocks { color: #b00; font-weight: bold; } .none { color: #666; font-style: italic; }
.meta { color: #555; } svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table, svg { break-inside: avoid; }
  section { break-inside: auto; } }
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    if not rows:
        return '<p class="none">None.</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def brief_html(b: Brief) -> str:
    """The brief as one HTML page: print CSS, no script, nothing from data unescaped."""
    n = b.name
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>JSC brief: {_e(b.alliance.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>JSC brief: {_e(b.alliance.name)}</h1>",
        f'<p class="meta">As of {_e(b.as_of)}; our company: {_e(n(b.us))}. Prepared by allymap '
        "from the portfolio data.</p>",
    ]
    v = b.view
    parts.append(f"<section><h2>{SECTIONS[0]}</h2>")
    parts.append(_table(["Party", "Role"], [(n(c), role) for c, role in v.parties]))
    parts.append("<h3>Programs</h3>" + _table([PROGRAM], [(n(p),) for p in v.programs]))
    for c in b.committees:
        parts.append(f"<h3>{_e(n(c.committee))}</h3>")
        balance = ", ".join(f"{n(p) if p else 'no employer'}: {k}" for p, k in c.balance.items())
        parts.append(f"<p>Seats per party: {_e(balance or 'none')}.</p>")
        parts.append(
            _table(
                ["Party", "Role", "Member", "Since"],
                [
                    (n(s.party) if s.party else "no employer", s.role, n(s.person), s.since)
                    for s in c.seats
                ],
            )
        )
    parts.append("<h3>Firewalls</h3>")
    parts.append(
        _table(
            ["This side", "Other side", "Reason", "Cooling-off days"],
            [(n(a), n(c), why, d) for a, c, why, d in v.firewalls],
        )
    )
    parts.append(
        f"<p>{len(v.access)} people have access to the alliance on this day.</p></section>"
    )

    parts.append(f"<section><h2>{SECTIONS[1]}</h2>")
    if not b.partners:
        parts.append('<p class="none">No partner besides us.</p>')
    for p in b.partners:
        flag = ' <span class="tension">Tension</span>' if tension(p.kinds) else ""
        parts.append(f"<h3>{_e(n(p.company))}{flag}</h3>")
        parts.append(
            _table(
                ["Kind", "Between", "Details"],
                [
                    (
                        r.kind,
                        " → ".join(map(n, r.via)),
                        "; ".join(
                            f"{k}: {n(str(x)) if k == 'alliance' else x}"
                            for k, x in sorted(r.details.items())
                            if x not in ("", None)
                        ),
                    )
                    for r in p.relationships
                ],
            )
        )
    parts.append("</section>")

    parts.append(f"<section><h2>{SECTIONS[2]}</h2>")
    parts.append(
        f"<p>{len(b.findings)} finding(s) touch this alliance; {len(b.open_findings)} open "
        "(without a decision).</p>"
    )
    rows = []
    for f in b.findings:
        d = b.decision(f)
        decided = (
            f"{d.get('decision')} by {d.get('decided_by')} until {d.get('until') or 'open'}"
            if d
            else "open"
        )
        rows.append(
            (
                "blocks" if f.blocks else "review",
                f.kind,
                n(f.person) if f.person else "",
                f.explanation,
                decided,
            )
        )
    parts.append(_table(["Severity", "Kind", PERSON, "Explanation", "Decision"], rows))
    parts.append("</section>")

    parts.append(f"<section><h2>{SECTIONS[3]}</h2>")
    parts.append(_table(["Day", "Change"], [(c.day, c.what) for c in b.changes]))
    parts.append("</section>")

    parts.append(f"<section><h2>{SECTIONS[4]}</h2>")
    legend = " ".join(
        f'<span style="color:{c}">■</span> {_e(k)}'
        for k, c in KIND_COLORS.items()
        if k in ("alliance", "supplier", "customer", "competitor", "equity")
    )
    parts.append(f"<p>{legend}</p>")
    for company, spans in b.timelines.items():
        parts.append(f"<h3>{_e(n(company))}</h3>" + timeline_svg(spans, b.names, b.as_of))
    if not b.timelines:
        parts.append('<p class="none">No partner besides us.</p>')
    parts.append("</section>")

    parts.append(f"<section><h2>{SECTIONS[5]}</h2>")
    parts.append(
        f'<p class="meta">Companies, programs, committees and their members; red: a finding '
        f'(<span style="color:{FLAG_COLOR}">■</span>).</p>'
    )
    parts.append(map_svg(b) + "</section></body></html>")
    return "".join(parts)


def chromium() -> str | None:
    """The headless Chromium to print with: ``ALLYMAP_CHROMIUM``, else one on the PATH."""
    wanted = os.environ.get("ALLYMAP_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def html_to_pdf(page: str, timeout: float = 120) -> bytes:
    """The page printed to PDF by headless Chromium (BriefError when there is none)."""
    browser = chromium()
    if browser is None:
        raise BriefError(
            "A PDF brief needs Chromium (set ALLYMAP_CHROMIUM to its path, or install it); "
            "write the brief as .html instead, which needs no browser."
        )
    with tempfile.TemporaryDirectory(prefix="allymap-brief-") as tmp:
        source, target = Path(tmp, "brief.html"), Path(tmp, "brief.pdf")
        source.write_text(page, encoding="utf-8")
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise BriefError(f"Chromium could not print the brief ({err}).") from err
        if not target.exists() or target.stat().st_size == 0:
            words = " ".join(done.stderr.decode("utf-8", "replace").split())[-300:]
            raise BriefError(f"Chromium did not print the brief (exit {done.returncode}): {words}")
        return target.read_bytes()
