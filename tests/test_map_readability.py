"""Is the influence map readable? Measured on the demo's views from Dana Ruiz (issue 12), on the
page the app ships: its node and edge arrays, with the positions it fixes (physics off).

- overlapping labels: label boxes estimated here, independently of the layout's own estimate,
  from each node's font size and label length, placed as vis-network draws them (inside
  box-like shapes, below the others): target 0 at depth 1 and depth 2;
- colour collisions: two companies drawn whose fills are the same or hard to tell apart
  (CIE76 delta E below 10): target 0;
- nodes drawn at depth 2: target <= 120 (the raw neighbourhood has 267);
- the legend lists what is drawn; red only for findings; every relationship type has a colour
  or dash of its own; labels where the issue asks for them, hover cards as plain text.

The browser test (tests/test_browser_e2e.py) measures the label boxes vis-network really draws.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from allymap.mapview import FLAG_COLOR, build_map_html
from graphmodel.embedded import EmbeddedStore
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore
from loaders import read_files
from queries.conflicts import scan
from queries.influence import influence_scores

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
FOCUS = "p-dana-ruiz"
T = "2026-11-22"
INSIDE = {"box", "ellipse", "circle", "database", "text"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("readable") / "demo.sqlite")
    store.apply(read_files(sorted(DEMO.glob("*.csv"))))
    yield store
    store.close()


def view(store: GraphStore, depth: int, **extra: Any) -> str:
    """The map page as the Influence map page builds it by default (every type, history
    included, flagged paths of the current findings in view)."""
    sub = store.neighbourhood(FOCUS, depth, None, list(SCHEMA.edge_types), 5000)
    in_view = set(sub.nodes)
    flagged: list[list[str]] = []
    for f in scan(store, T, None).findings:
        if in_view.intersection(f.path):
            flagged.append(list(f.path))
            access = f.details.get("access_path")
            if isinstance(access, list) and access:
                flagged.append([str(x) for x in access])
    return build_map_html(
        sub,
        influence=influence_scores(store, T),
        flagged_paths=flagged,
        as_of=T,
        focus=FOCUS,
        **extra,
    )


def shipped(page: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """The node and edge arrays the page hands to vis-network, and its legend."""
    nodes = re.search(r"var nodes = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    edges = re.search(r"var edges = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    legend = re.search(r'<div class="legend" id="allymap-legend">(.*?)</div>\s*</div>\n', page)
    assert nodes and edges and legend
    return json.loads(nodes.group(1)), json.loads(edges.group(1)), legend.group(1)


def box(node: dict[str, Any]) -> tuple[float, float, float, float]:
    """Where a node's label is drawn: 0.6 font sizes per character, 1.2 per line."""
    assert "x" in node and "y" in node, f"{node['id']}: no position shipped (physics decides)"
    font = float((node.get("font") or {}).get("size", 14))
    text = str(node.get("label", ""))
    w, h = 0.6 * font * len(text), 1.2 * font
    x, y = float(node["x"]), float(node["y"])
    if node.get("shape") in INSIDE:
        return (x - w / 2 - 5, y - h / 2 - 5, x + w / 2 + 5, y + h / 2 + 5)
    top = y + float(node.get("size", 25)) + 3
    return (x - w / 2, top, x + w / 2, top + h)


def overlaps(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    labelled = [(n["id"], box(n)) for n in nodes if n.get("label")]
    return [
        (a, b)
        for (a, (l1, t1, r1, b1)), (b, (l2, t2, r2, b2)) in itertools.combinations(labelled, 2)
        if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1
    ]


def lab(color: str) -> tuple[float, float, float]:
    """sRGB hex to CIE L*a*b* (D65)."""
    rgb = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(a: str, b: str) -> float:
    return math.dist(lab(a), lab(b))


def colour_collisions(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    companies = {n["id"]: n["color"]["background"] for n in nodes if n.get("kind") == "Company"}
    return [
        (a, b)
        for (a, ca), (b, cb) in itertools.combinations(sorted(companies.items()), 2)
        if delta_e(ca, cb) < 10
    ]


@pytest.mark.parametrize("depth", [1, 2])
def test_no_label_overlaps_another(demo: GraphStore, depth: int) -> None:
    nodes, _, _ = shipped(view(demo, depth))
    assert overlaps(nodes) == []


@pytest.mark.parametrize("depth", [1, 2])
def test_no_two_companies_drawn_share_a_colour(demo: GraphStore, depth: int) -> None:
    nodes, _, _ = shipped(view(demo, depth))
    assert colour_collisions(nodes) == []


def test_depth_2_draws_at_most_120_nodes(demo: GraphStore) -> None:
    nodes, _, _ = shipped(view(demo, 2))
    assert len(nodes) <= 120
    assert {n["id"] for n in nodes} >= {FOCUS}
    people = sum(1 for n in nodes if n["kind"] == "Person")
    assert people + sum(1 for n in nodes if n["kind"] == "Person group") < len(nodes)


@pytest.mark.parametrize("depth", [1, 2])
def test_the_legend_lists_what_is_drawn_and_nothing_else(demo: GraphStore, depth: int) -> None:
    nodes, edges, legend = shipped(view(demo, depth))
    listed = {t for t in SCHEMA.edge_types if f">{t}</div>" in legend}
    assert listed == {e["relationship"] for e in edges}
    kinds = {t for t in SCHEMA.node_types if f">{t}</div>" in legend}
    assert kinds == {n["kind"] for n in nodes if n["kind"] in SCHEMA.node_types}


@pytest.mark.parametrize("depth", [1, 2])
def test_red_means_a_finding_and_each_relationship_type_looks_its_own(
    demo: GraphStore, depth: int
) -> None:
    nodes, edges, _ = shipped(view(demo, depth))
    for e in edges:
        if delta_e(e["color"]["color"], FLAG_COLOR) < 30:
            assert e.get("flagged"), f"{e['relationship']} drawn red without a finding"
    for n in nodes:
        assert delta_e(n["color"]["background"], FLAG_COLOR) >= 30, n["id"]
    looks = {
        e["relationship"]: (e["color"]["color"], json.dumps(e["dashes"]))
        for e in edges
        if not e.get("flagged") and e["state"] == "active"
    }
    for (a, (ca, da)), (b, (cb, db)) in itertools.combinations(looks.items(), 2):
        assert delta_e(ca, cb) >= 20 or da != db, f"{a} and {b} look alike"
    assert any(e.get("flagged") for e in edges), "the demo view has findings to flag"


@pytest.mark.parametrize("depth", [1, 2])
def test_labels_for_the_focus_companies_committees_programs_and_the_most_influential(
    demo: GraphStore, depth: int
) -> None:
    nodes, _, _ = shipped(view(demo, depth))
    for n in nodes:
        if n["id"] == FOCUS or n["kind"] in {"Company", "Committee", "Program"}:
            assert n.get("label"), n["id"]
        assert n.get("title"), f"{n['id']} has no hover card"
    labelled_people = [n for n in nodes if n["kind"] == "Person" and n.get("label")]
    assert len(labelled_people) <= 9  # the focus and the eight most influential


def test_every_schema_relationship_type_has_a_colour_of_its_own() -> None:
    """Beyond the demo: no two relationship types of the schema look alike, none is red."""
    styles = {name: et.style for name, et in SCHEMA.edge_types.items()}
    for (a, sa), (b, sb) in itertools.combinations(styles.items(), 2):
        assert delta_e(sa.color, sb.color) >= 20 or sa.dashes != sb.dashes, (a, b)
    for name, style in styles.items():
        assert delta_e(style.color, FLAG_COLOR) >= 30, name
    for name, nt in SCHEMA.node_types.items():
        assert delta_e(nt.color, FLAG_COLOR) >= 30, name


def test_hover_cards_give_the_facts_as_text(demo: GraphStore) -> None:
    from queries.people import person_cards

    sub = demo.neighbourhood(FOCUS, 1, None, list(SCHEMA.edge_types), 5000)
    cards = person_cards(demo, sub.nodes, T)
    nodes, _, _ = shipped(view(demo, 1, cards=cards))
    dana = next(n for n in nodes if n["id"] == FOCUS)
    card = dana["title"]
    assert isinstance(card, str) and "<" not in card
    lines = card.split("\n")
    assert lines[0] == "Dana Ruiz"
    assert "Employer: Meridian Therapeutics" in lines
    assert any(x.startswith("Title: ") and len(x) > len("Title: ") for x in lines)
    assert any(x.startswith("Seats: ") and "JSC" in x for x in lines)
    assert any(x.startswith("Programs: ") and "ONC-7" in x for x in lines)
