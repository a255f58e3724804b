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

A map must be readable (issue 12): beyond ``group_threshold`` (about 100) nodes, people are
grouped into one node per employer, expandable into functions and then people; only the
focus, companies, committees, programs, alliances, groups and the most influential people are
labelled, everyone else has a hover card of plain text (employer, title, seats, programs).
Positions are computed here, label boxes are pushed apart until none overlap, and the
browser's physics is off, so what ships is what tests/test_map_readability.py measures.
Company colours are given in order from a colour-blind-safe palette, unique on the map up to
20; red is reserved for findings; every relationship type has its own colour; the legend lists
only what is drawn.

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
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyvis
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from allymap.text import plain
from graphmodel.model import Edge, Node, today
from graphmodel.schema import SCHEMA
from graphmodel.store import Subgraph
from graphmodel.vocabulary import (
    AGREEMENT,
    ALLIANCE,
    COMMITTEE,
    COMPANY,
    EMPLOYED_BY,
    PERSON,
    PERSON_FUNCTION,
    PROGRAM,
    TARGET,
)
from queries.people import PersonCard

__all__ = [
    "COMPANY_PALETTE",
    "FLAG_COLOR",
    "OTHER_COLOR",
    "MapLayout",
    "PersonCard",
    "build_map_html",
    "company_colors",
    "label_box",
    "layout_html",
    "layout_map",
    "legend_html",
    "overlapping_labels",
    "plain_text",
    "separate",
    "subgraph_to_graphml",
]

FLAG_COLOR = "#D62728"
"""Flagged firewall and conflict paths. No company, node type or relationship type is drawn in
a colour near it (tests/test_mapview.py measures the distance), so red always means "look
here"."""

COMPANY_PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#000000",
    "#490092",
    "#B6DBFF",
    "#FFFF6D",
    "#924900",
    "#B66DFF",
    "#882255",
    "#FFAABB",
    "#DDCC77",
    "#762A83",
    "#6DB6FF",
    "#228833",
    "#CC79A7",
    "#999933",
    "#C51B7D",
    "#24FF24",
    "#994455",
)
"""Company colours, given in this order to the companies a map draws (so the first ones are
the most distinct): drawn from the Okabe-Ito and Paul Tol colour-blind-safe sets and picked so
that any two differ by at least 18 (CIE76 delta E) in normal vision and 12 under simulated
deuteranopia and protanopia, and none is near :data:`FLAG_COLOR`. Beyond 20 companies the rest
share :data:`OTHER_COLOR` and the legend says so."""
OTHER_COLOR = "#E0E0E0"
"""Companies beyond the palette: "other companies" in the legend."""

LABEL_MAX = 40
FONT_SIZE = 14
FOCUS_FONT_SIZE = 18
CHAR_WIDTH = 0.62
"""Estimated width of a label character, in font sizes (sans-serif at 14 px, on the wide side:
capitals and DejaVu Sans); with :data:`LINE_HEIGHT`, the label boxes the layout keeps apart."""
LINE_HEIGHT = 1.25
LABELLED_PEOPLE = 8
"""People labelled on the map besides the focus: the most influential drawn."""
GROUP_THRESHOLD = 100
"""Beyond this many nodes people are grouped: about what a person can read on one map."""
LABELLED_TYPES = frozenset({COMPANY, COMMITTEE, PROGRAM, ALLIANCE, AGREEMENT, TARGET})
"""Node types always labelled (people only when they are the focus or among the most
influential drawn; every node has its hover card)."""
_INSIDE_LABEL = frozenset({"box", "ellipse", "circle", "database", "text"})
"""vis-network shapes that draw their label inside (the others draw it below)."""
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
SPRING_MAX = 250
"""Maps up to this many drawn nodes get a spring layout; bigger ones keep the rings."""
SPREAD = 5.0
"""A laid-out map covers this many times the area of its nodes' boxes."""
SPREAD_AFTER = 60
SEPARATE_MAX = 800
"""Above this many drawn nodes (a view of thousands of companies or alliances, people being
grouped) :func:`separate`'s pairwise pass is skipped: the rings are spaced but labels may
touch."""
_ENDED_DASHES = [8, 6]
_FUTURE_DASHES = [2, 6]


def plain_text(value: Any, limit: int | None = None) -> str:
    """A value from data as tooltip/label text: the app's one line of plain text
    (:func:`allymap.text.plain`: no control characters, no bidi overrides), with ``href``
    broken by a zero-width non-joiner (so no template ever switches to its HTML popup), and
    optionally shortened. The result is still shown as text, never parsed as HTML."""
    text = _HREF.sub(lambda m: m.group(0)[:3] + "\u200c" + m.group(0)[3:], plain(value))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def company_colors(companies: Sequence[str]) -> dict[str, str]:
    """Colours for the companies one map draws, in the order given (the caller puts the most
    important first): the palette's, one each, then :data:`OTHER_COLOR` for the rest."""
    return {
        cid: COMPANY_PALETTE[i] if i < len(COMPANY_PALETTE) else OTHER_COLOR
        for i, cid in enumerate(dict.fromkeys(companies))
    }


def _text_color(fill: str) -> str:
    """Black or white text, whichever reads on ``fill`` (relative luminance)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lum = 0.2126 * r**2.2 + 0.7152 * g**2.2 + 0.0722 * b**2.2
    return "#000000" if lum > 0.25 else "#ffffff"


# ---- grouping and layout ---------------------------------------------------------------------


@dataclass(slots=True)
class MapLayout:
    """What will be drawn: visible nodes (some of them groups of people) and the edges between
    them, with the positions the page ships (physics off), the companies' colours and what the
    legend must list."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    grouped: bool = False
    companies: dict[str, str] = field(default_factory=dict)
    """company id -> name, for the colour legend, in colour order."""
    colors: dict[str, str] = field(default_factory=dict)
    """company id -> its colour on this map."""
    groups: dict[str, list[str]] = field(default_factory=dict)
    """group node id -> the people in it (what expanding it shows)."""


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


def _node_title(
    node: Node, employer: Node | None, score: float | None, card: PersonCard | None
) -> str:
    """The hover card: plain text lines (vis-network shows a string title as text)."""
    lines = [plain_text(node.name, 200), f"{node.type} · id {plain_text(node.id, 100)}"]
    if card is not None and card.employer:
        lines.append(f"Employer: {plain_text(card.employer, 100)}")
    elif employer is not None:
        lines.append(f"Employer: {plain_text(employer.name, 100)}")
    if card is not None and card.title:
        lines.append(f"Title: {plain_text(card.title, 100)}")
    if card is not None and card.seats:
        seats = ", ".join(f"{plain_text(c, 60)} ({plain_text(r, 20)})" for c, r in card.seats)
        lines.append(f"Seats: {seats}")
    if card is not None and card.programs:
        lines.append(f"Programs: {', '.join(plain_text(p, 60) for p in card.programs)}")
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


def _group_of(
    person: Node, employer: str | None, expanded: Collection[str], groups_by: str
) -> str | None:
    """The group node a person is drawn in (None: drawn alone): by employer, then, when the
    employer's group is expanded, by function; an expanded function group shows its people."""
    outer = f"group:{employer or ''}"
    if outer not in expanded:
        return outer
    function = str(person.props.get(groups_by, "") or "")
    inner = f"{outer}|{function}"
    return None if inner in expanded else inner


def _grouping(
    subgraph: Subgraph,
    employer_of: Mapping[str, str],
    kept: Collection[str | None],
    opened: Collection[str],
) -> dict[str, list[str]]:
    """group id -> its people, for the people not ``kept`` on their own (groups of one are
    that person, drawn alone)."""
    members: dict[str, list[str]] = defaultdict(list)
    for nid, node in subgraph.nodes.items():
        if node.type != PERSON or nid in kept:
            continue
        group = _group_of(node, employer_of.get(nid), opened, PERSON_FUNCTION)
        if group is not None:
            members[group].append(nid)
    return {g: people for g, people in members.items() if len(people) > 1}


def _drawn(subgraph: Subgraph, members: Mapping[str, list[str]]) -> int:
    """Nodes a map draws with these groups."""
    return len(subgraph.nodes) - sum(len(p) for p in members.values()) + len(members)


def layout_map(
    subgraph: Subgraph,
    *,
    influence: Mapping[str, float] | None = None,
    flagged_paths: Sequence[Sequence[str]] = (),
    as_of: str | None = None,
    group_threshold: int = GROUP_THRESHOLD,
    focus: str | None = None,
    expanded: Collection[str] = (),
    cards: Mapping[str, PersonCard] | None = None,
    labelled_people: int = LABELLED_PEOPLE,
) -> MapLayout:
    """Decide what the map draws and where (pure; no HTML), so tests can measure it.

    Beyond ``group_threshold`` nodes, people are drawn as groups: one per employer, which
    ``expanded`` (group ids) opens into one per function, and those into people. The focus
    and people on a flagged path are never grouped away. Labels: the focus, companies,
    committees, programs, alliances, groups and the ``labelled_people`` most influential
    people drawn; everyone has a hover card (``cards``: employer, title, seats, programs).
    Positions are always computed here (physics off in the browser) and label boxes are kept
    apart (:func:`separate`)."""
    as_of = as_of or today()
    influence = influence or {}
    cards = cards or {}
    flagged_pairs, flagged_nodes = _pairs(flagged_paths)
    employer_of = _employers(subgraph, as_of)
    names = {nid: n.name or nid for nid, n in subgraph.nodes.items()}
    out = MapLayout()

    rep: dict[str, str] = {nid: nid for nid in subgraph.nodes}
    members: dict[str, list[str]] = {}
    if len(subgraph.nodes) > group_threshold:
        kept = {focus, *flagged_nodes}
        # a function group the user opened opens its employer's group too
        opened = set(expanded) | {g.partition("|")[0] for g in expanded}
        members = _grouping(subgraph, employer_of, kept, opened)
        # Open the biggest employer groups into functions while the map stays readable: an
        # opened group becomes one node per function (a group, or the one person in it).
        drawn = _drawn(subgraph, members)
        for group in sorted(members, key=lambda g: (-len(members[g]), g)):
            if "|" in group:
                continue
            functions = {
                str(subgraph.nodes[p].props.get(PERSON_FUNCTION, "") or "") for p in members[group]
            }
            # one function for all says nothing new
            if len(functions) > 1 and drawn + len(functions) - 1 <= group_threshold:
                opened.add(group)
                drawn += len(functions) - 1
        members = _grouping(subgraph, employer_of, kept, opened)
        for group, people in members.items():
            for nid in people:
                rep[nid] = group
        out.grouped = bool(members)
    out.groups = {g: sorted(p) for g, p in members.items()}

    # Company colours, in order: the focus's company, then by people drawn with it, then name.
    people_with: Counter[str] = Counter(
        employer_of[nid] for nid in subgraph.nodes if nid in employer_of
    )
    drawn_companies = {nid for nid, n in subgraph.nodes.items() if n.type == COMPANY}
    drawn_companies |= {employer_of[nid] for nid in rep if nid in employer_of}
    first = focus if focus in drawn_companies else employer_of.get(focus or "")
    order = sorted(
        drawn_companies,
        key=lambda c: (c != first, -people_with[c], (names.get(c) or c).casefold(), c),
    )
    out.colors = company_colors(order)
    out.companies = {c: names.get(c, c) for c in order}

    drawn_people = [
        nid for nid, n in subgraph.nodes.items() if n.type == PERSON and rep[nid] == nid
    ]
    top = set(
        sorted(drawn_people, key=lambda p: (-influence.get(p, 0.0), names[p], p))[
            : max(labelled_people, 0)
        ]
    )

    for nid, node in subgraph.nodes.items():
        if rep[nid] != nid:
            continue
        ntype = SCHEMA.node_types.get(node.type)
        shape = ntype.shape if ntype else "dot"
        border = ntype.color if ntype else "#666666"
        fill = border
        company_id = nid if node.type == COMPANY else employer_of.get(nid)
        if company_id is not None and company_id in out.colors:
            fill = out.colors[company_id]
        score = influence.get(nid) if node.type == PERSON else None
        item: dict[str, Any] = {
            "id": nid,
            "name": plain_text(node.name or nid, LABEL_MAX),
            "title": _node_title(
                node,
                subgraph.nodes.get(employer_of[nid]) if nid in employer_of else None,
                score,
                cards.get(nid),
            ),
            "shape": shape,
            "color": {
                "background": fill,
                "border": border,
                "highlight": {"background": fill, "border": "#000000"},
            },
            "borderWidth": 2,
            "kind": node.type,
            "font": {"size": FONT_SIZE},
        }
        if node.type in LABELLED_TYPES or nid == focus or nid in top:
            item["label"] = item["name"]
        if node.type == PERSON:
            item["size"] = round(10 + 20 * max(0.0, min(1.0, score or 0.0)), 2)
        elif shape not in _INSIDE_LABEL:
            item["size"] = 22
        if shape in _INSIDE_LABEL:
            item["font"]["color"] = _text_color(fill)
        if nid in flagged_nodes:
            item["color"]["border"] = FLAG_COLOR
            item["borderWidth"] = 4
        if nid == focus:
            item["borderWidth"] = 5
            item["font"] = {**item["font"], "size": FOCUS_FONT_SIZE, "bold": True}
            item["label"] = item["name"]
        out.nodes[nid] = item

    person_color = SCHEMA.node_types[PERSON].color
    for group, people in sorted(members.items()):
        company_id, _, function = group.removeprefix("group:").partition("|")
        company_name = names.get(company_id, company_id) if company_id else "no employer in view"
        fill = out.colors.get(company_id, person_color) if company_id else person_color
        inner = "|" in group
        shown = sorted(names.get(p, p) for p in people)
        who = f"{len(people)} people employed by {plain_text(company_name, 80)}"
        if inner:
            who += f", function {plain_text(function, 40) or '(none)'}"
        title = "\n".join(
            [who, "Grouped because the view is large: expand the group to see them."]
            + [plain_text(n, 80) for n in shown[:15]]
            + ([f"… and {len(shown) - 15} more"] if len(shown) > 15 else [])
        )
        what = plain_text(function, 18) or "no function" if inner else ""
        base = plain_text(company_name, 22 if inner else 28)
        label = f"{base} · {what} · {len(people)}" if inner else f"{base} · {len(people)} people"
        out.nodes[group] = {
            "id": group,
            "name": label,
            "label": label,
            "title": title,
            "shape": SCHEMA.node_types[PERSON].shape,
            "color": {"background": fill, "border": person_color},
            "borderWidth": 3,
            "size": round(14 + 4 * math.log2(1 + len(people)), 2),
            "kind": "Person group",
            "font": {"size": FONT_SIZE},
        }

    # Edges. Individual edges keep their identity (parallel ones are curved apart); edges that
    # touch a group are merged per (ends, type, state) with a count.
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
            dashes = _ENDED_DASHES
        elif state == "future":
            dashes = _FUTURE_DASHES
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
                "dashes": (
                    _ENDED_DASHES
                    if state == "ended"
                    else (_FUTURE_DASHES if state == "future" else False)
                ),
                "arrows": "" if espec is not None and espec.symmetric else "to",
                "relationship": etype,
                "state": state,
                "count": count,
            }
        )

    out.positions = separate(out.nodes, _positions(out, focus))
    return out


def label_box(item: Mapping[str, Any], x: float, y: float) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) a node takes on the canvas with its label, estimated
    from the font size and the label's length the way vis-network draws it: inside box-like
    shapes (plus a 5 px margin), below the others (3 px under a shape of radius ``size``)."""
    font = float(item.get("font", {}).get("size", FONT_SIZE))
    label = str(item.get("label", ""))
    bold = 1.1 if item.get("font", {}).get("bold") else 1.0
    width = len(label) * font * CHAR_WIDTH * bold
    height = font * LINE_HEIGHT if label else 0.0
    size = float(item.get("size", 25))
    if item.get("shape") in _INSIDE_LABEL:
        half_w = max(width, font) / 2 + 5
        half_h = max(height, font) / 2 + 5
        return (x - half_w, y - half_h, x + half_w, y + half_h)
    half_w = max(width / 2, size)
    return (x - half_w, y - size, x + half_w, y + size + (3 + height if label else 0))


def overlapping_labels(
    nodes: Mapping[str, Mapping[str, Any]], positions: Mapping[str, tuple[float, float]]
) -> list[tuple[str, str]]:
    """The pairs of labelled nodes whose label boxes (:func:`label_box`) overlap."""
    boxes = [
        (nid, label_box(item, *positions[nid]))
        for nid, item in nodes.items()
        if item.get("label") and nid in positions
    ]
    boxes.sort(key=lambda b: b[1][0])
    found = []
    for i, (a, (_, t1, r1, b1)) in enumerate(boxes):
        for b, (l2, t2, _, b2) in boxes[i + 1 :]:
            if l2 >= r1:
                break
            if t2 < b1 and t1 < b2:
                found.append((a, b))
    return found


def separate(
    nodes: Mapping[str, Mapping[str, Any]],
    positions: Mapping[str, tuple[float, float]],
    gap: float = 6.0,
    rounds: int = 300,
) -> dict[str, tuple[float, float]]:
    """Positions moved just enough that no two nodes' boxes (shape and label, plus ``gap``)
    overlap: overlapping pairs are pushed apart along the axis where they overlap least;
    if that has not settled after :data:`SPREAD_AFTER` rounds, the whole map is also spread out
    a little each round, which always ends it (boxes keep their size while centres move apart).
    """
    ids = [nid for nid in nodes if nid in positions]
    if len(ids) < 2 or len(ids) > SEPARATE_MAX:
        return {nid: positions[nid] for nid in ids}
    pos = np.array([positions[nid] for nid in ids], dtype=float)
    ext = np.array([label_box(nodes[nid], 0.0, 0.0) for nid in ids], dtype=float)
    ext[:, :2] -= gap / 2
    ext[:, 2:] += gap / 2
    order = np.arange(len(ids), dtype=float)
    for step in range(rounds):
        left = pos[:, 0] + ext[:, 0]
        top = pos[:, 1] + ext[:, 1]
        right = pos[:, 0] + ext[:, 2]
        bottom = pos[:, 1] + ext[:, 3]
        ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        # ties (same centre) are broken by index, so the push has a direction
        tie = order[:, None] - order[None, :]
        dx = np.where((dx == 0) & (dy == 0), tie, dx)
        dist = np.hypot(dx, dy)
        dist[dist == 0] = 1.0
        # each of a pair moves half the smaller overlap, away from the other along the line
        # between their centres (which keeps the picture's shape)
        push = np.where(hit, np.minimum(ox, oy) / 2 + 0.5, 0.0) / dist
        pos[:, 0] += (push * dx).sum(axis=1)
        pos[:, 1] += (push * dy).sum(axis=1)
        if step > SPREAD_AFTER:
            pos *= 1.05
    return {nid: (float(x), float(y)) for nid, (x, y) in zip(ids, pos, strict=True)}


def _positions(layout: MapLayout, focus: str | None) -> dict[str, tuple[float, float]]:
    """Where each node starts before :func:`separate`, computed here so the browser needs no
    physics (and the page shows the same picture every time).

    Maps up to :data:`SPRING_MAX` nodes get a seeded spring layout started from rings around
    the focus;
    bigger ones keep the rings, which is linear time (spring layout is quadratic and took 47 s
    on 5,000 nodes)."""
    g = nx.Graph()
    g.add_nodes_from(layout.nodes)
    g.add_edges_from((e["from"], e["to"]) for e in layout.edges)
    n = g.number_of_nodes()
    if n == 0:
        return {}
    radial = _radial(_rings(g, focus))
    if n <= SPRING_MAX:
        k = 1.5 / math.sqrt(n)
        pos = nx.spring_layout(g, pos=radial, k=k, iterations=60, seed=7)
        xs = [float(x) for x, _ in pos.values()]
        ys = [float(y) for _, y in pos.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        # Room for every node's box a few times over, so separating labels moves little.
        area = 0.0
        for nid in g:
            left, top, right, bottom = label_box(layout.nodes[nid], 0.0, 0.0)
            area += (right - left + 12) * (bottom - top + 12)
        scale = math.sqrt(SPREAD * area) / span
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
    """The legend as escaped HTML: what this map draws, and nothing else. The node types, the
    relationship types (each in its colour and width from the schema), the line states that
    occur (ended, not started, flagged), and the companies in their colours (with "other
    companies" beyond the palette). Without a layout: every type of the schema."""
    esc = html.escape
    if layout is None:
        kinds = set(SCHEMA.node_types)
        rels = set(SCHEMA.edge_types)
        states: set[str] = set()
        flagged = False
    else:
        kinds = {item["kind"] for item in layout.nodes.values()}
        if "Person group" in kinds:
            kinds.add(PERSON)
        rels = {e["relationship"] for e in layout.edges}
        states = {e["state"] for e in layout.edges}
        flagged = any(e.get("flagged") for e in layout.edges) or any(
            item["color"].get("border") == FLAG_COLOR for item in layout.nodes.values()
        )
    parts = ['<div class="legend" id="allymap-legend">']
    shown_types = [nt for nt in SCHEMA.node_types.values() if nt.name in kinds]
    if shown_types:
        parts.append('<div class="legend-title">Node types</div>')
    for nt in shown_types:
        glyph = _SHAPE_GLYPHS.get(nt.shape, "●")
        parts.append(
            f'<div class="legend-row" data-kind="{esc(nt.name)}" title="{esc(nt.description)}">'
            f'<span class="glyph" style="color:{esc(nt.color)}">{esc(glyph)}</span>'
            f"{esc(nt.name)}</div>"
        )
    shown_rels = [et for et in SCHEMA.edge_types.values() if et.name in rels]
    if shown_rels:
        parts.append('<div class="legend-title">Relationships</div>')
    for et in shown_rels:
        style = "dashed" if et.style.dashes else "solid"
        parts.append(
            f'<div class="legend-row" data-relationship="{esc(et.name)}" '
            f'title="{esc(et.description)}"><span class="line" '
            f'style="border-top:{max(2, et.style.width)}px {style} {esc(et.style.color)}"></span>'
            f"{esc(et.name)}</div>"
        )
    lines = []
    if "ended" in states:
        lines.append(("2px dashed #777", "ended before the as-of date"))
    if "future" in states:
        lines.append(("2px dotted #777", "starts after the as-of date"))
    if flagged:
        lines.append((f"5px solid {FLAG_COLOR}", "flagged firewall / conflict finding (red)"))
    if lines:
        parts.append('<div class="legend-title">Lines</div>')
    for border, words in lines:
        parts.append(
            f'<div class="legend-row"><span class="line" style="border-top:{border}"></span>'
            f"{esc(words)}</div>"
        )
    if layout is not None and layout.companies:
        parts.append('<div class="legend-title">Companies (people wear their employer)</div>')
        others = 0
        for cid, name in layout.companies.items():
            color = layout.colors.get(cid, OTHER_COLOR)
            if color == OTHER_COLOR:
                others += 1
                continue
            parts.append(
                f'<div class="legend-row" data-company="{esc(cid)}"><span class="glyph" '
                f'style="color:{esc(color)}">■</span>{esc(plain_text(name, 40))}</div>'
            )
        if others:
            parts.append(
                f'<div class="legend-row" data-company=""><span class="glyph" '
                f'style="color:{OTHER_COLOR}">■</span>{others} other companies</div>'
            )
    if layout is None or any(item["kind"] == PERSON for item in layout.nodes.values()):
        parts.append(
            '<div class="legend-row legend-note">Person size: influence. Names of the most '
            "influential people are shown; hover any node for its facts.</div>"
        )
    if layout is not None and layout.grouped:
        parts.append(
            '<div class="legend-row legend-note">Large view: people are grouped by employer '
            "(then function); expand a group below the map.</div>"
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
  window.allymapStable = true;  // positions come with the page: physics is off
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
    group_threshold: int = GROUP_THRESHOLD,
    height: str = "650px",
    focus: str | None = None,
    expanded: Collection[str] = (),
    cards: Mapping[str, PersonCard] | None = None,
) -> str:
    """The map page for a neighbourhood: one HTML string, safe to put in an iframe or a file.

    ``influence`` maps person ids to 0..1 (node size); ``flagged_paths`` are finding paths
    drawn in red; ``as_of`` (default today) decides which relationships are drawn dashed as
    ended; ``focus`` is emphasised and never grouped away; ``expanded`` and ``cards`` as in
    :func:`layout_map`. Positions are fixed here and physics is off: the page shows what the
    layout measured.
    """
    layout = layout_map(
        subgraph,
        influence=influence,
        flagged_paths=flagged_paths,
        as_of=as_of,
        group_threshold=group_threshold,
        focus=focus,
        expanded=expanded,
        cards=cards,
    )
    return layout_html(layout, height)


def layout_html(layout: MapLayout, height: str = "650px") -> str:
    """The page for a layout already made (:func:`layout_map`)."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    nodes = [dict(item) for item in layout.nodes.values()]
    for item in nodes:
        x, y = layout.positions.get(item["id"], (0.0, 0.0))
        item["x"], item["y"] = round(x, 1), round(y, 1)
        item["physics"] = False
        item.pop("name", None)
    # Assigned in one go: pyvis' add_node/add_edge scan every existing item per call.
    net.nodes = nodes
    net.edges = layout.edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    big = len(nodes) > 400
    net.options = {
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
        },
        "edges": {"smooth": False} if big else {"smooth": {"enabled": True, "type": "continuous"}},
        "nodes": {"font": {"size": FONT_SIZE, "face": "sans-serif"}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
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
