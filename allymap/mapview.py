"""Turning a neighbourhood into an interactive map page, as a pure function.

The map is a pyvis network rendered with ``Network.generate_html()`` into one self-contained
HTML page (vis-network is inlined, so it works offline and as a download). Everything visual
is derived from ``graphmodel/schema.yaml``: node shapes and colours, edge colours and widths,
and the legend, so a new relationship kind shows up on the map without touching this file.

Names and properties come from untrusted CSV files, and pyvis has two traps (see STYLE.md):
its ``heading`` is inserted unescaped, and a node title containing ``href`` makes its template
put the title into ``innerHTML``. So this module renders with its own template (no heading, no
link popup), passes every string from data only inside JSON that Jinja's ``tojson`` escapes for
HTML, keeps tooltips as plain strings (vis-network 9 shows string titles with ``innerText``),
breaks up any ``href`` in data, escapes the legend with :func:`html.escape`, and adds a
Content-Security-Policy that only lets the page's own scripts run (by hash). Injected markup
therefore stays text, and even if it did not, it could not run.

Big neighbourhoods stay usable: beyond ``group_threshold`` nodes, people are grouped into one
node per employer (with a count), positions are computed here, and the browser's physics is
off; smaller maps let vis-network lay out and then switch physics off once stable.

>>> from graphmodel.model import Edge, Node
>>> sub = Subgraph({"p": Node("p", "Person", "Ann"), "c": Node("c", "Company", "Acme")},
...                [Edge("EMPLOYED_BY", "p", "c")])
>>> page = build_map_html(sub, influence={"p": 1.0}, flagged_paths=[], as_of="2026-01-01")
>>> page.startswith("<!DOCTYPE html>") and "vis.Network" in page
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from allymap.text import plain
from graphmodel.model import Edge, Node, today
from graphmodel.schema import SCHEMA
from graphmodel.store import Subgraph
from graphmodel.vocabulary import COMPANY, EMPLOYED_BY, PERSON

__all__ = [
    "COMPANY_PALETTE",
    "FLAG_COLOR",
    "MapLayout",
    "build_map_html",
    "company_color",
    "layout_map",
    "legend_html",
    "plain_text",
    "subgraph_to_graphml",
]

FLAG_COLOR = "#D62728"
"""Flagged firewall and conflict paths. Kept out of the company palette so red always means
"look here"."""

COMPANY_PALETTE: tuple[str, ...] = (
    "#1F77B4",
    "#2CA02C",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
    "#AEC7E8",
    "#98DF8A",
    "#C5B0D5",
    "#C49C94",
    "#F7B6D2",
    "#9EDAE5",
    "#DBDB8D",
    "#393B79",
)
"""Company colours. A company keeps its colour in every view because it is picked from a hash
of its id, not from its position in the current map."""

PHYSICS_STABILIZATION_ITERATIONS = 250
LABEL_MAX = 40
_SHAPE_GLYPHS = {
    "box": "■",
    "square": "■",
    "dot": "●",
    "ellipse": "⬬",
    "circle": "●",
    "diamond": "◆",
    "star": "★",
    "triangle": "▲",
    "triangleDown": "▼",
    "hexagon": "⬢",
}
_HREF = re.compile("href", re.IGNORECASE)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SCRIPT_BLOCK = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_CSP_PLACEHOLDER = "__ALLYMAP_CSP_SCRIPT_HASHES__"


def plain_text(value: Any, limit: int | None = None) -> str:
    """A value from data as tooltip/label text: the app's one line of plain text
    (:func:`allymap.text.plain`: no control characters, no bidi overrides), with ``href``
    broken by a zero-width non-joiner (so no template ever switches to its HTML popup), and
    optionally shortened. The result is still shown as text, never parsed as HTML."""
    text = _HREF.sub(lambda m: m.group(0)[:3] + "\u200c" + m.group(0)[3:], plain(value))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def company_color(company_id: str) -> str:
    """The stable palette colour of a company (same colour in every map)."""
    return COMPANY_PALETTE[zlib.crc32(company_id.encode("utf-8")) % len(COMPANY_PALETTE)]


# ---- grouping and layout ---------------------------------------------------------------------


@dataclass(slots=True)
class MapLayout:
    """What will be drawn: visible nodes (some of them company clusters) and the edges between
    them, with positions when the map is too big for the browser's physics."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    grouped: bool = False
    companies: dict[str, str] = field(default_factory=dict)
    """company id -> name, for the colour legend."""


def _employers(subgraph: Subgraph, as_of: str) -> dict[str, str]:
    """person id -> the company id that colours them: their current employer in view."""
    best: dict[str, tuple[str, str]] = {}
    for e in subgraph.edges:
        if e.type != EMPLOYED_BY or not e.active(as_of):
            continue
        target = subgraph.nodes.get(e.target)
        if target is None or target.type != COMPANY:
            continue
        rank = (e.since, e.target)
        if e.source not in best or rank > best[e.source]:
            best[e.source] = rank
    return {person: company for person, (_, company) in best.items()}


def _pairs(paths: Iterable[Sequence[str]]) -> tuple[set[frozenset[str]], set[str]]:
    pairs: set[frozenset[str]] = set()
    nodes: set[str] = set()
    for path in paths:
        nodes.update(path)
        for a, b in itertools.pairwise(path):
            if a != b:
                pairs.add(frozenset((a, b)))
    return pairs, nodes


def _edge_state(e: Edge, as_of: str) -> str:
    if e.until and e.until < as_of:
        return "ended"
    if e.since and e.since > as_of:
        return "future"
    return "active"


def _node_title(node: Node, employer: Node | None, score: float | None) -> str:
    lines = [plain_text(node.name, 200), f"{node.type} · id {plain_text(node.id, 100)}"]
    if employer is not None:
        lines.append(f"Works for {plain_text(employer.name, 100)}")
    if score is not None:
        lines.append(f"Influence {score:.2f} (1 = most influential in the portfolio)")
    for key, value in sorted(node.props.items()):
        if value in ("", None):
            continue
        lines.append(f"{plain_text(key, 60)}: {plain_text(value, 200)}")
    return "\n".join(lines[:30])


def _edge_title(e: Edge, names: Mapping[str, str], state: str) -> str:
    spec = SCHEMA.edge_types.get(e.type)
    arrow = "—" if spec is not None and spec.symmetric else "→"
    lines = [
        f"{e.type}: {plain_text(names.get(e.source, e.source), 80)} {arrow} "
        f"{plain_text(names.get(e.target, e.target), 80)}"
    ]
    if e.since or e.until:
        lines.append(f"from {e.since or 'the start'} to {e.until or 'now'}")
    if state == "ended":
        lines.append(f"ended {e.until}")
    elif state == "future":
        lines.append(f"starts {e.since}")
    for key, value in sorted(e.props.items()):
        if value in ("", None):
            continue
        lines.append(f"{plain_text(key, 60)}: {plain_text(value, 200)}")
    return "\n".join(lines[:20])


def layout_map(
    subgraph: Subgraph,
    *,
    influence: Mapping[str, float] | None = None,
    flagged_paths: Sequence[Sequence[str]] = (),
    as_of: str | None = None,
    group_threshold: int = 300,
    focus: str | None = None,
) -> MapLayout:
    """Decide what the map draws (pure; no HTML). Split out of :func:`build_map_html` so tests
    can check grouping, styles and flags on plain dicts."""
    as_of = as_of or today()
    influence = influence or {}
    flagged_pairs, flagged_nodes = _pairs(flagged_paths)
    employer_of = _employers(subgraph, as_of)
    names = {nid: n.name or nid for nid, n in subgraph.nodes.items()}
    out = MapLayout()

    # Which node stands for which: beyond the threshold, people collapse into their employer's
    # cluster, except the focus and anyone on a flagged path (those must stay visible).
    rep: dict[str, str] = {nid: nid for nid in subgraph.nodes}
    members: dict[str, list[str]] = defaultdict(list)
    if len(subgraph.nodes) > group_threshold:
        out.grouped = True
        for nid, node in subgraph.nodes.items():
            if node.type != PERSON or nid == focus or nid in flagged_nodes:
                continue
            company = employer_of.get(nid)
            cluster = f"group:{company}" if company else "group:"
            rep[nid] = cluster
            members[cluster].append(nid)

    for nid, node in subgraph.nodes.items():
        if rep[nid] != nid:
            continue
        ntype = SCHEMA.node_types.get(node.type)
        shape = ntype.shape if ntype else "dot"
        border = ntype.color if ntype else "#666666"
        fill = border
        company_id: str | None = None
        if node.type == COMPANY:
            company_id = nid
        elif node.type == PERSON:
            company_id = employer_of.get(nid)
        if company_id is not None:
            fill = company_color(company_id)
            out.companies[company_id] = names.get(company_id, company_id)
        score = influence.get(nid) if node.type == PERSON else None
        item: dict[str, Any] = {
            "id": nid,
            "label": plain_text(node.name or nid, LABEL_MAX),
            "title": _node_title(
                node,
                subgraph.nodes.get(employer_of[nid]) if nid in employer_of else None,
                score,
            ),
            "shape": shape,
            "color": {
                "background": fill,
                "border": border,
                "highlight": {"background": fill, "border": "#000000"},
            },
            "borderWidth": 2,
            "kind": node.type,
        }
        if node.type == PERSON:
            item["size"] = round(10 + 30 * max(0.0, min(1.0, score or 0.0)), 2)
        elif shape not in ("box", "ellipse", "circle", "text", "database"):
            item["size"] = 22
        if shape == "box":
            item["font"] = {"color": "#ffffff"}
        if nid in flagged_nodes:
            item["color"]["border"] = FLAG_COLOR
            item["borderWidth"] = 4
        if nid == focus:
            item["borderWidth"] = 5
            item["font"] = {**item.get("font", {}), "size": 18, "bold": True}
        out.nodes[nid] = item

    for cluster, people in members.items():
        company_id = cluster.removeprefix("group:")
        company_name = names.get(company_id, company_id) if company_id else ""
        fill = company_color(company_id) if company_id else SCHEMA.node_types[PERSON].color
        if company_id:
            out.companies[company_id] = company_name
        shown = sorted(names.get(p, p) for p in people)
        who = (
            f"{len(people)} people employed by {plain_text(company_name, 80)}"
            if company_id
            else (f"{len(people)} people without a current employer in view")
        )
        title = "\n".join(
            [who, "Grouped because the view is large; narrow the depth or types to see them."]
            + [plain_text(n, 80) for n in shown[:15]]
            + ([f"… and {len(shown) - 15} more"] if len(shown) > 15 else [])
        )
        label = (
            f"{plain_text(company_name, LABEL_MAX - 12)} · {len(people)} people"
            if company_id
            else f"No employer · {len(people)} people"
        )
        out.nodes[cluster] = {
            "id": cluster,
            "label": label,
            "title": title,
            "shape": SCHEMA.node_types[PERSON].shape,
            "color": {"background": fill, "border": SCHEMA.node_types[PERSON].color},
            "borderWidth": 3,
            "size": round(14 + 6 * math.log2(1 + len(people)), 2),
            "kind": "Person group",
        }

    # Edges. Individual edges keep their identity (parallel ones are curved apart); edges that
    # touch a cluster are merged per (ends, type, state) with a count.
    merged: dict[tuple[str, str, str, str], int] = Counter()
    singles: list[tuple[Edge, str]] = []
    for e in subgraph.edges:
        if e.source not in rep or e.target not in rep:
            continue
        s, t = rep[e.source], rep[e.target]
        state = _edge_state(e, as_of)
        if s != e.source or t != e.target:
            if s != t:
                merged[(s, t, e.type, state)] += 1
            continue
        singles.append((e, state))

    per_pair: dict[frozenset[str], int] = Counter()
    for e, _ in singles:
        per_pair[frozenset((e.source, e.target))] += 1
    seen_in_pair: dict[frozenset[str], int] = Counter()
    for i, (e, state) in enumerate(singles):
        spec = SCHEMA.edge_types.get(e.type)
        color = spec.style.color if spec else "#999999"
        width: float = spec.style.width if spec else 1
        dashes: bool | list[int] = spec.style.dashes if spec else False
        if state == "ended":
            dashes = [8, 6]
        elif state == "future":
            dashes = [2, 6]
        pair = frozenset((e.source, e.target))
        item = {
            "id": f"e{i}",
            "from": e.source,
            "to": e.target,
            "title": _edge_title(e, names, state),
            "color": {"color": color, "opacity": 0.55 if state != "active" else 1.0},
            "width": width,
            "dashes": dashes,
            "arrows": "" if spec is not None and spec.symmetric else "to",
            "relationship": e.type,
            "state": state,
        }
        if pair in flagged_pairs:
            item["color"] = {"color": FLAG_COLOR, "highlight": FLAG_COLOR, "opacity": 1.0}
            item["width"] = width + 3
            item["flagged"] = True
        if per_pair[pair] > 1:
            k = seen_in_pair[pair]
            seen_in_pair[pair] += 1
            item["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": round(0.12 + 0.18 * k, 3),
            }
        out.edges.append(item)

    for j, ((s, t, etype, state), count) in enumerate(sorted(merged.items())):
        espec = SCHEMA.edge_types.get(etype)
        base_width = espec.style.width if espec else 1
        out.edges.append(
            {
                "id": f"g{j}",
                "from": s,
                "to": t,
                "title": f"{etype} × {count}" + (f" ({state})" if state != "active" else ""),
                "color": {"color": espec.style.color if espec else "#999999", "opacity": 0.7},
                "width": round(min(12.0, base_width + math.log2(count)), 2),
                "dashes": [8, 6] if state == "ended" else ([2, 6] if state == "future" else False),
                "arrows": "" if espec is not None and espec.symmetric else "to",
                "relationship": etype,
                "state": state,
                "count": count,
            }
        )

    if out.grouped:
        out.positions = _positions(out, focus)
    return out


def _positions(layout: MapLayout, focus: str | None) -> dict[str, tuple[float, float]]:
    """Positions for a grouped (big) map, computed here so the browser needs no physics.

    Small enough maps get a seeded spring layout (readable clusters); bigger ones get rings
    around the focus by hop distance, which is linear time (spring layout is quadratic and
    took 47 s on 5,000 nodes)."""
    g = nx.Graph()
    g.add_nodes_from(layout.nodes)
    g.add_edges_from((e["from"], e["to"]) for e in layout.edges)
    n = g.number_of_nodes()
    if n == 0:
        return {}
    rings = _rings(g, focus)
    radial = _radial(rings)
    if n <= 400:
        k = 1.5 / math.sqrt(n)
        pos = nx.spring_layout(g, pos=radial, k=k, iterations=40, seed=7)
        scale = 90.0 * math.sqrt(n)
        return {nid: (float(x) * scale, float(y) * scale) for nid, (x, y) in pos.items()}
    return radial


def _rings(g: nx.Graph, focus: str | None) -> list[list[str]]:
    if focus is None or focus not in g:
        focus = max(g.degree, key=lambda kv: (kv[1], str(kv[0])))[0]
    rings = [list(layer) for layer in nx.bfs_layers(g, [focus])]
    reached = {nid for ring in rings for nid in ring}
    rest = [nid for nid in g if nid not in reached]
    if rest:
        rings.append(rest)
    # Order each ring by the angle of a parent in the previous ring, so neighbours sit together.
    angle: dict[str, float] = {}
    ordered: list[list[str]] = []
    for depth, ring in enumerate(rings):
        if depth == 0:
            ordered.append(sorted(ring))
            for i, nid in enumerate(ordered[0]):
                angle[nid] = 2 * math.pi * i / max(1, len(ring))
            continue

        def parent_angle(nid: str) -> tuple[float, str]:
            parents = [angle[p] for p in g[nid] if p in angle]
            return (min(parents) if parents else 0.0, nid)

        ring_sorted = sorted(ring, key=parent_angle)
        for i, nid in enumerate(ring_sorted):
            angle[nid] = 2 * math.pi * i / len(ring_sorted)
        ordered.append(ring_sorted)
    return ordered


def _radial(rings: list[list[str]]) -> dict[str, tuple[float, float]]:
    pos: dict[str, tuple[float, float]] = {}
    radius = 0.0
    spacing = 45.0
    for depth, ring in enumerate(rings):
        if depth == 0 and len(ring) == 1:
            pos[ring[0]] = (0.0, 0.0)
            continue
        radius = max(radius + 220.0, len(ring) * spacing / (2 * math.pi))
        for i, nid in enumerate(ring):
            a = 2 * math.pi * i / len(ring)
            pos[nid] = (radius * math.cos(a), radius * math.sin(a))
    return pos


# ---- HTML ------------------------------------------------------------------------------------


def legend_html(layout: MapLayout | None = None) -> str:
    """The legend as escaped HTML: node types and relationship kinds straight from the schema,
    the line states, and the companies whose colours appear in the map."""
    esc = html.escape
    parts = ['<div class="legend" id="allymap-legend"><div class="legend-title">Node types</div>']
    for nt in SCHEMA.node_types.values():
        glyph = _SHAPE_GLYPHS.get(nt.shape, "●")
        parts.append(
            f'<div class="legend-row" title="{esc(nt.description)}">'
            f'<span class="glyph" style="color:{esc(nt.color)}">{esc(glyph)}</span>'
            f"{esc(nt.name)}</div>"
        )
    parts.append('<div class="legend-title">Relationships</div>')
    for et in SCHEMA.edge_types.values():
        style = "dashed" if et.style.dashes else "solid"
        parts.append(
            f'<div class="legend-row" title="{esc(et.description)}"><span class="line" '
            f'style="border-top:{max(1, et.style.width)}px {style} {esc(et.style.color)}"></span>'
            f"{esc(et.name)}</div>"
        )
    parts.append('<div class="legend-title">Lines</div>')
    parts.append(
        '<div class="legend-row"><span class="line" style="border-top:2px dashed #777"></span>'
        "ended before the as-of date</div>"
    )
    parts.append(
        '<div class="legend-row"><span class="line" style="border-top:2px dotted #777"></span>'
        "starts after the as-of date</div>"
    )
    parts.append(
        f'<div class="legend-row"><span class="line" style="border-top:5px solid {FLAG_COLOR}">'
        "</span>flagged firewall / conflict path</div>"
    )
    parts.append(
        '<div class="legend-row legend-note">Node size: influence (people); '
        "colour: company (people take their employer&#x27;s)</div>"
    )
    if layout is not None and layout.companies:
        parts.append('<div class="legend-title">Companies</div>')
        shown = sorted(layout.companies.items(), key=lambda kv: (kv[1].lower(), kv[0]))
        for cid, name in shown[:20]:
            parts.append(
                f'<div class="legend-row"><span class="glyph" '
                f'style="color:{esc(company_color(cid))}">■</span>'
                f"{esc(plain_text(name, 40))}</div>"
            )
        if len(shown) > 20:
            parts.append(f'<div class="legend-row">… and {len(shown) - 20} more</div>')
    if layout is not None and layout.grouped:
        parts.append(
            '<div class="legend-row legend-note">Large view: people are grouped by employer.</div>'
        )
    parts.append("</div>")
    return "".join(parts)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none';
 script-src __ALLYMAP_CSP_SCRIPT_HASHES__; style-src 'unsafe-inline'; img-src data:">
<title>allymap influence map</title>
<style>
html, body { margin: 0; padding: 0; font-family: sans-serif; background: #ffffff; }
#wrap { display: flex; gap: 8px; align-items: flex-start; }
#mynetwork { flex: 1 1 auto; width: {{width}}; height: {{height}};
  border: 1px solid #d0d0d0; position: relative; }
.legend { flex: 0 0 240px; font-size: 12px; max-height: {{height}}; overflow-y: auto; }
.legend-title { font-weight: bold; margin: 6px 0 2px; }
.legend-row { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; line-height: 18px; }
.legend-note { color: #555; white-space: normal; margin-top: 6px; }
.glyph { display: inline-block; width: 18px; text-align: center; }
.line { display: inline-block; width: 26px; vertical-align: middle; margin: 0 6px 0 0; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px; white-space: pre-line;
  max-width: 420px; font-family: sans-serif; font-size: 13px; color: #000; background: #f8f7f2;
  border: 1px solid #888; border-radius: 3px; box-shadow: 2px 2px 8px rgba(0,0,0,.2);
  pointer-events: none; z-index: 5; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<div id="wrap"><div id="mynetwork"></div>{{ legend }}</div>
<script>
(function () {
  var nodes = new vis.DataSet({{nodes|tojson}});
  var edges = new vis.DataSet({{edges|tojson}});
  var options = {{options|safe}};
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.allymapNetwork = network;
  window.allymapStable = !{{physics_enabled|tojson}};
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    window.allymapStable = true;
  });
  network.on("afterDrawing", function () {
    if (window.allymapStable && !window.allymapDrawnAt) {
      window.allymapDrawnAt = performance.now();
    }
  });
})();
</script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network as shipped inside pyvis (so the page needs no network). The path is private
    to pyvis 0.3.2: pyproject.toml pins it exactly and tests/test_packaging.py checks the file."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    text = lib.read_text("utf-8")
    if "</script" in text.lower():  # cannot happen with the shipped file; never inline it if so
        raise RuntimeError(f"{lib} cannot be inlined safely")
    return text


def _environment(legend: str) -> Environment:
    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    env = Environment(
        loader=ChoiceLoader(
            [DictLoader({"allymap_map.html": _TEMPLATE}), FileSystemLoader(pyvis_templates)]
        ),
        autoescape=True,
    )
    env.globals["legend"] = Markup(legend)
    env.globals["vis_js"] = Markup(_vis_js())
    return env


def _with_csp(page: str) -> str:
    """Fill the CSP with the hashes of exactly the scripts this page contains. Data never
    contains ``<script>`` (``tojson`` escapes ``<``), so the pattern only finds our own."""
    hashes = []
    for body in _SCRIPT_BLOCK.findall(page):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return page.replace(_CSP_PLACEHOLDER, " ".join(hashes) or "'none'", 1)


def build_map_html(
    subgraph: Subgraph,
    *,
    influence: Mapping[str, float] | None = None,
    flagged_paths: Sequence[Sequence[str]] = (),
    as_of: str | None = None,
    group_threshold: int = 300,
    height: str = "650px",
    focus: str | None = None,
) -> str:
    """The map page for a neighbourhood: one HTML string, safe to put in an iframe or a file.

    ``influence`` maps person ids to 0..1 (node size); ``flagged_paths`` are finding paths
    drawn in red; ``as_of`` (default today) decides which relationships are drawn dashed as
    ended; ``focus`` is emphasised and never grouped away.
    """
    layout = layout_map(
        subgraph,
        influence=influence,
        flagged_paths=flagged_paths,
        as_of=as_of,
        group_threshold=group_threshold,
        focus=focus,
    )
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    nodes = list(layout.nodes.values())
    if layout.positions:
        for item in nodes:
            x, y = layout.positions.get(item["id"], (0.0, 0.0))
            item["x"], item["y"] = round(x, 1), round(y, 1)
            item["physics"] = False
    # Assigned in one go: pyvis' add_node/add_edge scan every existing item per call.
    net.nodes = nodes
    net.edges = layout.edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    big = bool(layout.positions)
    net.options = {
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110},
            "stabilization": {
                "enabled": not big,
                "iterations": PHYSICS_STABILIZATION_ITERATIONS,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
        },
        "edges": {"smooth": False} if big else {"smooth": {"enabled": True, "type": "continuous"}},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
        "layout": {"improvedLayout": len(nodes) <= 150, "randomSeed": 7},
    }
    net.path = "allymap_map.html"
    net.templateEnv = _environment(legend_html(layout))
    return _with_csp(net.generate_html())


def subgraph_to_graphml(subgraph: Subgraph) -> bytes:
    """The neighbourhood as GraphML (for Gephi, yEd, Cytoscape). Properties become strings
    because GraphML attributes need one type per key across the whole file."""
    g = nx.MultiDiGraph()
    for nid, node in subgraph.nodes.items():
        attrs = {"type": node.type, "name": _xml_text(node.name)}
        for key, value in node.props.items():
            name = key if key not in attrs else f"prop_{key}"
            attrs[_xml_text(name)] = _xml_text(_flat(value))
        g.add_node(_xml_text(nid), **attrs)
    for i, e in enumerate(subgraph.edges):
        if e.source not in subgraph.nodes or e.target not in subgraph.nodes:
            continue
        attrs = {"type": e.type, "since": e.since, "until": e.until}
        for key, value in e.props.items():
            name = key if key not in attrs else f"prop_{key}"
            attrs[_xml_text(name)] = _xml_text(_flat(value))
        g.add_edge(_xml_text(e.source), _xml_text(e.target), key=f"e{i}", **attrs)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue()


def _flat(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)
