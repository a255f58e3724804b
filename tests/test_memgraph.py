"""MemGraph's adjacency readers: what the embedded store's finders walk."""

from __future__ import annotations

from graphmodel.embedded.memgraph import MemGraph
from graphmodel.model import Edge, Node


def _team() -> MemGraph:
    """Ann reports to Bo, Cy influences Ann, Ann sits on a committee, Bo works for a company."""
    g = MemGraph()
    for nid, ntype in (("ann", "Person"), ("bo", "Person"), ("cy", "Person")):
        g.add_node(Node(nid, ntype, nid))
    g.add_node(Node("jsc", "Committee", "JSC"))
    g.add_node(Node("co", "Company", "Co"))
    g.add_edge(Edge("REPORTS_TO", "ann", "bo"))
    g.add_edge(Edge("REPORTS_TO", "ann", "bo", "2020-01-01", "2021-01-01"))  # an earlier spell
    g.add_edge(Edge("INFLUENCES", "cy", "ann"))
    g.add_edge(Edge("MEMBER_OF", "ann", "jsc"))
    g.add_edge(Edge("EMPLOYED_BY", "bo", "co"))
    return g


def test_incident_walks_both_directions_for_the_types_asked() -> None:
    g = _team()
    found = sorted(
        (other, e.type, e.since)
        for other, e in g.incident("ann", frozenset({"REPORTS_TO", "INFLUENCES"}))
    )
    assert found == [
        ("bo", "REPORTS_TO", ""),
        ("bo", "REPORTS_TO", "2020-01-01"),
        ("cy", "INFLUENCES", ""),
    ]
    assert [(o, e.type) for o, e in g.incident("bo", frozenset({"EMPLOYED_BY"}))] == [
        ("co", "EMPLOYED_BY")
    ]
    assert list(g.incident("co", frozenset({"REPORTS_TO"}))) == []


def test_incident_gives_a_self_loop_once() -> None:
    g = MemGraph()
    g.add_node(Node("p1", "Program", "P1"))
    g.add_edge(Edge("FIREWALL", "p1", "p1"))
    assert [o for o, _ in g.incident("p1", frozenset({"FIREWALL"}))] == ["p1"]


def test_readers_see_replaced_edges() -> None:
    g = _team()
    g.load([], [Edge("REPORTS_TO", "ann", "bo", "", "2026-01-31")])  # same identity, now closed
    assert {e.until for e in g.out_edges("ann", "REPORTS_TO")} == {"2026-01-31", "2021-01-01"}
    assert len(list(g.all_edges())) == 5
    assert g.node("jsc") is not None and g.node("nobody") is None
