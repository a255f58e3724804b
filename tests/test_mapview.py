"""The map is a pure function of a subgraph: these tests read its HTML and its layout dicts,
because Streamlit's AppTest cannot look inside the component iframe."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from allymap.mapview import (
    FLAG_COLOR,
    _vis_js,
    build_map_html,
    layout_map,
    legend_html,
    subgraph_to_graphml,
)
from graphmodel.model import Edge, Node
from graphmodel.schema import SCHEMA
from graphmodel.store import Subgraph

AS_OF = "2026-06-30"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"


def _data_blocks(page: str) -> tuple[list[dict], list[dict]]:
    """The node and edge arrays the page hands to vis-network."""
    nodes = re.search(r"new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    edges = re.search(r"var edges = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL)
    assert nodes and edges
    return json.loads(nodes.group(1)), json.loads(edges.group(1))


def hostile_names_graph() -> Subgraph:
    """A person and a company imported from a CSV written by an attacker."""
    return Subgraph(
        nodes={
            "p1": Node(
                "p1", "Person", IMG, {"notes": SCRIPT, "site": "<a href='javascript:x'>me</a>"}
            ),
            "c1": Node("c1", "Company", SCRIPT, {"href": "HREF"}),
        },
        edges=[Edge("EMPLOYED_BY", "p1", "c1", props={"title": IMG})],
    )


def test_hostile_names_never_reach_the_page_as_markup() -> None:
    page = build_map_html(hostile_names_graph(), influence={}, flagged_paths=[], as_of=AS_OF)
    assert "<img" not in page
    # Only the page's own two script elements exist: the inlined library and the drawing code.
    assert page.replace(_vis_js(), "").count("<script") == 2
    assert "alert(1)</script>" not in page
    assert "href" not in page.lower()
    nodes, edges = _data_blocks(page)
    by_id = {n["id"]: n for n in nodes}
    # Shown as text: the label and tooltip still say what the CSV said (vis uses innerText).
    assert by_id["p1"]["label"] == IMG
    assert SCRIPT in by_id["p1"]["title"]
    assert IMG in edges[0]["title"]


def test_page_only_runs_its_own_scripts() -> None:
    page = build_map_html(hostile_names_graph(), influence={}, flagged_paths=[], as_of=AS_OF)
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    assert "script-src 'sha256-" in csp.group(1)
    assert "unsafe-inline" not in csp.group(1).split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in csp.group(1)


def test_legend_escapes_company_names_and_lists_only_what_is_drawn() -> None:
    layout = layout_map(hostile_names_graph(), as_of=AS_OF)
    legend = legend_html(layout)
    assert "<script>" not in legend and "&lt;script&gt;" in legend
    for name in ("Person", "Company", "EMPLOYED_BY"):
        assert f">{name}</div>" in legend
    for name in ("Committee", "Program", "FIREWALL", "WORKS_ON"):
        assert f">{name}</div>" not in legend
    assert "flagged" not in legend and "ended before" not in legend
    # Without a layout (documentation), every type of the schema.
    everything = legend_html()
    for name in [*SCHEMA.node_types, *SCHEMA.edge_types]:
        assert f">{name}</div>" in everything


def test_shapes_and_colours_come_from_the_schema_and_people_wear_their_employer_colour() -> None:
    sub = Subgraph(
        nodes={
            "ann": Node("ann", "Person", "Ann"),
            "bob": Node("bob", "Person", "Bob"),
            "acme": Node("acme", "Company", "Acme"),
            "jsc": Node("jsc", "Committee", "JSC"),
        },
        edges=[
            Edge("EMPLOYED_BY", "ann", "acme", since="2020-01-01"),
            Edge("MEMBER_OF", "bob", "jsc"),
        ],
    )
    layout = layout_map(sub, influence={"ann": 1.0, "bob": 0.0}, as_of=AS_OF)
    ann, bob, acme, jsc = (layout.nodes[k] for k in ("ann", "bob", "acme", "jsc"))
    assert ann["shape"] == SCHEMA.node_types["Person"].shape
    assert acme["shape"] == SCHEMA.node_types["Company"].shape
    assert jsc["shape"] == SCHEMA.node_types["Committee"].shape
    assert ann["color"]["background"] == acme["color"]["background"] == layout.colors["acme"]
    assert bob["color"]["background"] == SCHEMA.node_types["Person"].color  # no employer in view
    assert jsc["color"]["background"] == SCHEMA.node_types["Committee"].color
    assert ann["size"] > bob["size"]  # influence drives size
    member = next(e for e in layout.edges if e["relationship"] == "MEMBER_OF")
    assert member["color"]["color"] == SCHEMA.edge_types["MEMBER_OF"].style.color
    assert member["width"] == SCHEMA.edge_types["MEMBER_OF"].style.width


def test_company_colours_are_given_in_order_unique_then_other() -> None:
    from allymap.mapview import COMPANY_PALETTE, OTHER_COLOR, company_colors

    ids = [f"c{i}" for i in range(25)]
    colors = company_colors(ids)
    assert [colors[c] for c in ids[:20]] == list(COMPANY_PALETTE)
    assert {colors[c] for c in ids[20:]} == {OTHER_COLOR}
    assert FLAG_COLOR not in colors.values()


def former_employee_graph() -> Subgraph:
    """Ann left Beta in 2025 and joined Acme; she starts at Gamma next year."""
    return Subgraph(
        nodes={
            "ann": Node("ann", "Person", "Ann"),
            "acme": Node("acme", "Company", "Acme"),
            "beta": Node("beta", "Company", "Beta"),
            "gamma": Node("gamma", "Company", "Gamma"),
        },
        edges=[
            Edge("EMPLOYED_BY", "ann", "beta", since="2019-01-01", until="2025-03-31"),
            Edge("EMPLOYED_BY", "ann", "acme", since="2025-04-01"),
            Edge("EMPLOYED_BY", "ann", "gamma", since="2027-01-01"),
        ],
    )


def test_ended_relationships_are_dashed_and_current_ones_solid() -> None:
    layout = layout_map(former_employee_graph(), as_of=AS_OF)
    by_target = {e["to"]: e for e in layout.edges}
    assert by_target["beta"]["state"] == "ended" and by_target["beta"]["dashes"]
    assert by_target["acme"]["state"] == "active" and by_target["acme"]["dashes"] is False
    assert by_target["gamma"]["state"] == "future" and by_target["gamma"]["dashes"]
    assert "ended 2025-03-31" in by_target["beta"]["title"]
    # Colour follows the current employer, not the former or future one.
    assert layout.nodes["ann"]["color"]["background"] == layout.colors["acme"]


def partner_of_many_kinds_graph() -> Subgraph:
    """Acme supplies, competes with and holds a stake in Beta: three edges, one pair."""
    return Subgraph(
        nodes={"acme": Node("acme", "Company", "Acme"), "beta": Node("beta", "Company", "Beta")},
        edges=[
            Edge("SUPPLIES", "acme", "beta", props={"what": "API"}),
            Edge("COMPETES_WITH", "acme", "beta", props={"market": "oncology"}),
            Edge("OWNS_STAKE_IN", "beta", "acme", props={"percent": 5}),
        ],
    )


def test_parallel_relationships_stay_separate_edges() -> None:
    page = build_map_html(
        partner_of_many_kinds_graph(), influence={}, flagged_paths=[], as_of=AS_OF
    )
    _, edges = _data_blocks(page)
    assert len(edges) == 3
    assert {e["relationship"] for e in edges} == {"SUPPLIES", "COMPETES_WITH", "OWNS_STAKE_IN"}
    curves = {(e["smooth"]["type"], e["smooth"]["roundness"]) for e in edges}
    assert len(curves) == 3  # each one bends differently, so none hides another
    competes = next(e for e in edges if e["relationship"] == "COMPETES_WITH")
    assert competes["arrows"] == ""  # symmetric in the schema
    assert next(e for e in edges if e["relationship"] == "SUPPLIES")["arrows"] == "to"


def firewall_breach_graph() -> Subgraph:
    """Pat sits on the JSC governing alliance A2 while working on P1, firewalled from P2."""
    nodes = {
        "pat": Node("pat", "Person", "Pat"),
        "jsc": Node("jsc", "Committee", "JSC"),
        "A2": Node("A2", "Alliance", "Alliance Two"),
        "P1": Node("P1", "Program", "Program One"),
        "P2": Node("P2", "Program", "Program Two"),
    }
    edges = [
        Edge("WORKS_ON", "pat", "P1"),
        Edge("MEMBER_OF", "pat", "jsc"),
        Edge("GOVERNS", "jsc", "A2"),
        Edge("PART_OF", "P2", "A2"),
        Edge("FIREWALL", "P1", "P2"),
    ]
    return Subgraph(nodes, edges)


def test_flagged_path_is_red_and_thicker_and_others_are_not() -> None:
    page = build_map_html(
        firewall_breach_graph(),
        influence={},
        flagged_paths=[["pat", "jsc", "A2", "P2"]],
        as_of=AS_OF,
    )
    nodes, edges = _data_blocks(page)
    flagged = {e["relationship"] for e in edges if e["color"]["color"] == FLAG_COLOR}
    assert flagged == {"MEMBER_OF", "GOVERNS", "PART_OF"}
    part_of = next(e for e in edges if e["relationship"] == "PART_OF")
    assert part_of["width"] > SCHEMA.edge_types["PART_OF"].style.width
    works_on = next(e for e in edges if e["relationship"] == "WORKS_ON")
    assert works_on["color"]["color"] != FLAG_COLOR
    assert {n["id"] for n in nodes if n["color"]["border"] == FLAG_COLOR} == {
        "pat",
        "jsc",
        "A2",
        "P2",
    }


def big_company_graph(people: int, companies: int = 4) -> Subgraph:
    """A partner with hundreds of employees who report to each other in chains."""
    nodes = {f"c{i}": Node(f"c{i}", "Company", f"Company {i}") for i in range(companies)}
    edges = []
    for i in range(people):
        pid = f"p{i:05d}"
        nodes[pid] = Node(pid, "Person", f"Person {i}")
        edges.append(Edge("EMPLOYED_BY", pid, f"c{i % companies}"))
        if i >= companies:
            edges.append(Edge("REPORTS_TO", pid, f"p{i - companies:05d}"))
    edges.append(Edge("SUPPLIES", "c0", "c1"))
    return Subgraph(nodes, edges)


def test_above_threshold_people_are_grouped_by_employer_with_counts() -> None:
    sub = big_company_graph(400)
    layout = layout_map(
        sub, as_of=AS_OF, group_threshold=300, focus="p00007", flagged_paths=[["p00010", "c2"]]
    )
    assert layout.grouped
    clusters = {k: v for k, v in layout.nodes.items() if k.startswith("group:")}
    assert set(clusters) == {"group:c0", "group:c1", "group:c2", "group:c3"}
    assert "99 people" in clusters["group:c2"]["label"]  # 100 minus p00010, on a flagged path
    # The focus and people on a flagged path stay visible on their own.
    assert "p00007" in layout.nodes and "p00010" in layout.nodes
    assert sum(1 for k in layout.nodes if k.startswith("p")) == 2
    # People-to-company edges are merged into one counted edge per cluster.
    merged = [e for e in layout.edges if e["from"] == "group:c0" and e["to"] == "c0"]
    assert len(merged) == 1 and merged[0]["count"] == 100
    # Every node has a position and physics is off for it.
    assert set(layout.positions) == set(layout.nodes)
    page = build_map_html(sub, influence={}, flagged_paths=[], as_of=AS_OF, group_threshold=300)
    nodes, _ = _data_blocks(page)
    assert all(n["physics"] is False and "x" in n for n in nodes)
    assert '"enabled": false' in page


def test_below_threshold_nothing_is_grouped_and_positions_ship_with_the_page() -> None:
    sub = big_company_graph(50)
    layout = layout_map(sub, as_of=AS_OF, group_threshold=300)
    assert not layout.grouped
    assert len(layout.nodes) == len(sub.nodes)
    page = build_map_html(sub, influence={}, flagged_paths=[], as_of=AS_OF)
    # Positions ship with the page, physics off: the browser shows the measured layout.
    nodes, _ = _data_blocks(page)
    assert all(n["physics"] is False and "x" in n and "y" in n for n in nodes)
    assert '"physics": {"enabled": false}' in page.replace(_vis_js(), "")


def test_page_is_self_contained() -> None:
    page = build_map_html(firewall_breach_graph(), influence={}, flagged_paths=[], as_of=AS_OF)
    assert "vis.Network" in page and "https://" not in page.split("<script>")[0]
    assert "cdn" not in page.split("<script>")[0].lower()
    assert "<script src" not in page and "<link" not in page


def test_graphml_keeps_parallel_edges_and_flattens_properties() -> None:
    sub = partner_of_many_kinds_graph()
    sub.nodes["acme"].props["tags"] = ["a", "b"]
    sub.nodes["beta"].props["type"] = "biotech"  # clashes with the reserved attribute
    sub.nodes["beta"].name = "Beta \x01 <Bio>"
    data = subgraph_to_graphml(sub)
    root = ET.fromstring(data)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:edge", ns)) == 3
    keys = {k.get("attr.name"): k.get("id") for k in root.findall("g:key", ns)}
    assert "prop_type" in keys and "tags" in keys
    texts = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert '["a", "b"]' in texts and "Beta  <Bio>" in texts and "biotech" in texts


@pytest.mark.parametrize("threshold", [0, 1])
def test_tiny_threshold_still_draws_something(threshold: int) -> None:
    page = build_map_html(
        former_employee_graph(),
        influence={},
        flagged_paths=[],
        as_of=AS_OF,
        group_threshold=threshold,
    )
    nodes, _ = _data_blocks(page)
    assert {n["id"] for n in nodes} >= {"acme", "beta", "gamma"}
