"""The finder protocol (graphmodel/finders.py): every finder, on every store, with the exact raw
answers it must give. The rules trust these answers; the stores must agree on them to the id.

Each test builds a small graph named after the situation it pins down and asks through
``store.read``, as the rules do. Answers are compared in a normal form (sorted), since the
order of a finder's lists is not part of its contract.
"""

from __future__ import annotations

import pytest

from graphmodel.finders import HopKinds, HopWalk, Route
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    FIREWALL,
    INFLUENCES,
    MEMBER_OF,
    OWNS_STAKE_IN,
    PART_OF,
    REPORTS_TO,
    WORKS_ON,
)
from queries.rules.access import SHAPES

pytestmark = pytest.mark.conformance

T = "2026-11-22"
HOPS = HopKinds(lines=(REPORTS_TO, INFLUENCES), seats=(MEMBER_OF,))


def ask(store: GraphStore, question):  # type: ignore[no-untyped-def]
    return store.read(question)


def routes(found: dict[str, list[Route]]) -> dict[str, list[tuple[tuple[str, ...], ...]]]:
    return {x: sorted((r.nodes, r.sinces, r.untils) for r in rs) for x, rs in found.items()}


def walk(w: HopWalk) -> tuple[dict[str, int], dict[str, list[tuple[str, tuple[str, ...]]]]]:
    return w.dist, {
        v: sorted((via, tuple(sorted(ps))) for via, ps in hs) for v, hs in w.links.items()
    }


# Access: dana works on P1; eli sat on c1 (which governs A1) until a month ago; fay sits on c2,
# which governs P2 directly; gus sits on c3, which governs A2, and P3 is part of both A1 and
# A2; hal joins P1 next year.
ACCESS_NODES = """id,type,name
dana,Person,Dana
eli,Person,Eli
fay,Person,Fay
gus,Person,Gus
hal,Person,Hal
c1,Committee,C1
c2,Committee,C2
c3,Committee,C3
A1,Alliance,A1
A2,Alliance,A2
P1,Program,P1
P2,Program,P2
P3,Program,P3
"""
ACCESS_EDGES = """source,target,type,since,until
dana,P1,WORKS_ON,2024-01-01,
eli,c1,MEMBER_OF,2022-01-01,2026-10-31
fay,c2,MEMBER_OF,,
gus,c3,MEMBER_OF,,
hal,P1,WORKS_ON,2027-01-01,
c1,A1,GOVERNS,,
c2,P2,GOVERNS,,
c3,A2,GOVERNS,,
P1,A1,PART_OF,,
P2,A2,PART_OF,,
P3,A1,PART_OF,,
P3,A2,PART_OF,2025-01-01,
"""


@pytest.fixture
def access_graph(store: GraphStore, load) -> GraphStore:  # type: ignore[no-untyped-def]
    load(store, {"nodes.csv": ACCESS_NODES, "edges.csv": ACCESS_EDGES})
    return store


def test_routes_to_every_shape_active_on_the_day_and_ended_ones_where_asked(access_graph) -> None:
    found = ask(access_graph, lambda f: f.routes_to(SHAPES, ["P1", "A1", "A2", "P9"], T, ["A1"]))
    assert routes(found) == {
        "P1": [(("dana", "P1"), ("2024-01-01",), ("",))],  # eli's ended route: P1 is not in ended
        "A1": [
            (("dana", "P1", "A1"), ("2024-01-01", ""), ("", "")),
            (("eli", "c1", "A1"), ("2022-01-01", ""), ("2026-10-31", "")),  # ended: A1 asked
            (("gus", "c3", "A2", "P3", "A1"), ("", "", "2025-01-01", ""), ("", "", "", "")),
        ],
        "A2": [
            (("fay", "c2", "P2", "A2"), ("", "", ""), ("", "", "")),
            (("gus", "c3", "A2"), ("", ""), ("", "")),
        ],
        "P9": [],  # no such node: no routes
    }


def test_routes_from_people_are_the_same_routes_walked_forward(access_graph) -> None:
    everything = ask(access_graph, lambda f: f.routes_from(SHAPES, ["gus", "eli"], T))
    assert routes(everything) == {
        "A1": [(("gus", "c3", "A2", "P3", "A1"), ("", "", "2025-01-01", ""), ("", "", "", ""))],
        "A2": [(("gus", "c3", "A2"), ("", ""), ("", ""))],
        "P2": [(("gus", "c3", "A2", "P2"), ("", "", ""), ("", "", ""))],
        "P3": [(("gus", "c3", "A2", "P3"), ("", "", "2025-01-01"), ("", "", ""))],
    }
    some = ask(
        access_graph, lambda f: f.routes_from(SHAPES, ["eli", "hal"], T, ["A1", "P1"], ["A1"])
    )
    assert routes(some) == {
        "A1": [(("eli", "c1", "A1"), ("2022-01-01", ""), ("2026-10-31", ""))],
        "P1": [],  # hal's route starts next year; eli's ended, but P1 is not in ended
    }
    assert ask(access_graph, lambda f: f.routes_from(SHAPES, [], T, ["A1"])) == {"A1": []}


def test_no_route_visits_a_node_twice(access_graph, load) -> None:
    # With c1 governing A1 itself, [eli, c1, A1, P1, A1] would be a route of the five-node
    # shape; it is not one. (eli's membership is extended so the route would be active.)
    load(access_graph, {"e.csv": "source,target,type,since,until\neli,c1,MEMBER_OF,2026-11-01,\n"})
    found = routes(ask(access_graph, lambda f: f.routes_to(SHAPES, ["A1"], T)))["A1"]
    assert [r[0] for r in found] == [
        ("dana", "P1", "A1"),
        ("eli", "c1", "A1"),
        ("gus", "c3", "A2", "P3", "A1"),
    ]


WALL_EDGES = """source,target,type,since,until,reason,cooling_off_days
P2,P1,FIREWALL,2024-01-01,,competing,90
P1,P2,FIREWALL,2025-01-01,,later,0
P1,A2,FIREWALL,2027-01-01,,from next year,
P3,A2,FIREWALL,,2025-12-31,expired,
"""


def test_edges_of_types_active_on_a_day_or_of_any_date(access_graph, load) -> None:
    load(access_graph, {"w.csv": WALL_EDGES})

    def keys(edges):  # type: ignore[no-untyped-def]
        return sorted((e.type, e.source, e.target, e.since, e.until) for e in edges)

    on_t = ask(access_graph, lambda f: f.edges([FIREWALL], T))
    assert keys(on_t) == [
        ("FIREWALL", "P1", "P2", "2024-01-01", ""),  # symmetric: stored with source <= target
        ("FIREWALL", "P1", "P2", "2025-01-01", ""),
    ]
    assert {e.props["reason"] for e in on_t} == {"competing", "later"}
    assert len(keys(ask(access_graph, lambda f: f.edges([FIREWALL], None)))) == 4
    touching = ask(access_graph, lambda f: f.edges([FIREWALL, PART_OF], T, touching=["P1", "P2"]))
    assert keys(touching) == [  # each once, though both ends are asked about
        ("FIREWALL", "P1", "P2", "2024-01-01", ""),
        ("FIREWALL", "P1", "P2", "2025-01-01", ""),
        ("PART_OF", "P1", "A1", "", ""),
        ("PART_OF", "P2", "A2", "", ""),
    ]
    assert keys(ask(access_graph, lambda f: f.edges([FIREWALL], None, touching=["A2"]))) == [
        ("FIREWALL", "A2", "P1", "2027-01-01", ""),
        ("FIREWALL", "A2", "P3", "", "2025-12-31"),
    ]
    assert ask(access_graph, lambda f: f.edges([OWNS_STAKE_IN], T, touching=[])) == []
    with pytest.raises(ValueError):
        ask(access_graph, lambda f: f.edges(["NOT_A_TYPE"], T))


# Hops: ann reports to bob, dan influences bob, ann and eve sit on s1 (gil only from next year),
# hal reports to both bob and eve; eve's line to fay ended.
HOP_NODES = """id,type,name
ann,Person,Ann
bob,Person,Bob
dan,Person,Dan
eve,Person,Eve
fay,Person,Fay
gil,Person,Gil
hal,Person,Hal
s1,Committee,S1
"""
HOP_EDGES = """source,target,type,since,until
ann,bob,REPORTS_TO,,
dan,bob,INFLUENCES,,
ann,s1,MEMBER_OF,,
eve,s1,MEMBER_OF,,
gil,s1,MEMBER_OF,2027-01-01,
hal,bob,REPORTS_TO,,
hal,eve,REPORTS_TO,,
eve,fay,REPORTS_TO,,2026-01-01
"""


def test_hop_walks_ring_by_ring_with_the_links_that_first_reached_each_person(
    store: GraphStore, load
) -> None:  # type: ignore[no-untyped-def]
    load(store, {"nodes.csv": HOP_NODES, "edges.csv": HOP_EDGES})
    walks = ask(store, lambda f: f.hop_walks({"x": ["ann"], "y": ["dan", "eve"]}, 2, T, HOPS))
    assert walk(walks["x"]) == (
        {"ann": 0, "bob": 1, "eve": 1, "dan": 2, "hal": 2},
        {
            "bob": [("", ("ann",))],
            "eve": [("s1", ("ann",))],
            "dan": [("", ("bob",))],
            "hal": [("", ("bob",)), ("", ("eve",))],  # reached twice in the same ring
        },
    )
    assert walk(walks["y"]) == (
        {"dan": 0, "eve": 0, "bob": 1, "ann": 1, "hal": 1},
        {
            "bob": [("", ("dan",))],
            "ann": [("s1", ("eve",))],
            "hal": [("", ("eve",))],
        },
    )
    one = ask(store, lambda f: f.hop_walks({"x": ["ann"]}, 1, T, HOPS))["x"]
    assert one.dist == {"ann": 0, "bob": 1, "eve": 1}
    later = ask(store, lambda f: f.hop_walks({"g": ["gil"]}, 2, "2027-06-01", HOPS))["g"]
    assert walk(later)[0] == {"gil": 0, "ann": 1, "eve": 1, "bob": 2, "hal": 2}
    assert ask(store, lambda f: f.hop_walks({"z": ["fay"]}, 3, T, HOPS))["z"].dist == {"fay": 0}


# Interests: pia holds equity in zed; quin's advisory role starts next year; rae left zac ten
# days ago; sam left zoe 400 days ago; tom works for zoe until today.
INTEREST_NODES = """id,type,name
pia,Person,Pia
quin,Person,Quin
rae,Person,Rae
sam,Person,Sam
tom,Person,Tom
zed,Company,Zed
zac,Company,Zac
zoe,Company,Zoe
"""
INTEREST_EDGES = """source,target,type,since,until,kind
pia,zed,HOLDS_INTEREST_IN,,,equity
quin,zed,HOLDS_INTEREST_IN,2027-01-01,,advisor
rae,zac,EMPLOYED_BY,2020-01-01,2026-11-12,
sam,zoe,EMPLOYED_BY,2020-01-01,2025-10-18,
tom,zoe,EMPLOYED_BY,2021-01-01,2026-11-22,
"""


def test_interest_holders_and_their_interests_within_the_window(store, load) -> None:  # type: ignore[no-untyped-def]
    load(store, {"nodes.csv": INTEREST_NODES, "edges.csv": INTEREST_EDGES})
    start = "2025-11-22"
    assert ask(store, lambda f: f.interest_holders(T, start)) == ["pia", "rae"]
    assert ask(store, lambda f: f.interest_holders(T, "2025-10-18")) == ["pia", "rae", "sam"]
    found = ask(
        store, lambda f: f.interests(["pia", "quin", "rae", "sam", "tom", "nobody"], T, start)
    )
    assert {
        p: sorted((e.type, e.target, e.until, e.props.get("kind", "")) for e in es)
        for p, es in found.items()
    } == {
        "pia": [("HOLDS_INTEREST_IN", "zed", "", "equity")],
        "rae": [("EMPLOYED_BY", "zac", "2026-11-12", "")],
        "tom": [("EMPLOYED_BY", "zoe", "2026-11-22", "")],  # employed today: the rule's employer
    }


# Companies: helix under helixco under holdco; a unit sold last year; rival competes with
# helixco, and upstart with rival; alliance Y has parties helix and twin; mid sits under both.
COMPANY_NODES = """id,type,name
holdco,Company,Holdco
helixco,Company,Helix Holdings
helix,Company,Helix
sold,Company,Sold unit
rival,Company,Rival
upstart,Company,Upstart
twin,Company,Twin
mid,Company,Mid
loner,Company,Loner
Y,Alliance,Y
"""
COMPANY_EDGES = """source,target,type,since,until
helixco,holdco,SUBSIDIARY_OF,,
helix,helixco,SUBSIDIARY_OF,,
sold,holdco,SUBSIDIARY_OF,,2025-06-30
rival,helixco,COMPETES_WITH,,
upstart,rival,COMPETES_WITH,,
helix,Y,PARTY_TO,,
twin,Y,PARTY_TO,,
mid,helix,SUBSIDIARY_OF,,
mid,twin,SUBSIDIARY_OF,,
"""


@pytest.fixture
def companies(store: GraphStore, load) -> GraphStore:  # type: ignore[no-untyped-def]
    load(store, {"nodes.csv": COMPANY_NODES, "edges.csv": COMPANY_EDGES})
    return store


def test_groups_follow_subsidiary_links_either_way_on_a_day_or_at_any_date(companies) -> None:
    now = ask(companies, lambda f: f.groups(["helix", "sold", "loner", "nobody"], T))
    group = frozenset({"holdco", "helixco", "helix", "mid", "twin"})
    assert now == {"helix": group, "sold": {"sold"}, "loner": {"loner"}, "nobody": {"nobody"}}
    ever = ask(companies, lambda f: f.groups(["sold"], None))
    assert ever == {"sold": group | {"sold"}}


def test_counterparty_paths_are_every_shortest_path_with_one_competitor_at_most(companies) -> None:
    pairs = [("helix", "Y"), ("holdco", "Y"), ("rival", "Y"), ("upstart", "Y"), ("mid", "Y")]
    found = ask(companies, lambda f: f.counterparty_paths(pairs, T))
    assert found == {
        ("helix", "Y"): [["helix", "Y"]],
        ("holdco", "Y"): [["holdco", "helixco", "helix", "Y"]],
        ("rival", "Y"): [["rival", "helixco", "helix", "Y"]],
        ("mid", "Y"): [["mid", "helix", "Y"], ["mid", "twin", "Y"]],  # both, for the rule to choose
        # upstart is two competitors away: not a counterparty
    }
    assert ask(companies, lambda f: f.counterparty_paths([("sold", "Y")], "2025-01-01")) == {
        ("sold", "Y"): [["sold", "holdco", "helixco", "helix", "Y"]]
    }


DECISION_NODES = "id,type,name\ndana,Person,Dana\nP1,Program,P1\nP2,Program,P2\n"
DECISION_ROWS = """kind,person,subject,other,decision,decided_by,reason,since,until
firewall_breach,dana,P2,P1,waived,Legal,ok,2026-11-01,2026-11-30
firewall_breach,dana,P1,P2,waived,CFO,later,2026-11-23,2026-12-31
indirect_exposure,dana,P1,P2,accepted,Compliance,reviewed,,
"""


def test_decisions_active_on_a_day_or_of_any_date(store, load) -> None:  # type: ignore[no-untyped-def]
    load(store, {"nodes.csv": DECISION_NODES, "decisions.csv": DECISION_ROWS})
    on_t = ask(store, lambda f: f.decisions(T))
    assert [(d.kind, d.subject, d.decided_by, d.since, d.until) for d in on_t] == [
        ("firewall_breach", ("P1", "P2"), "Legal", "2026-11-01", "2026-11-30"),
        ("indirect_exposure", ("P1", "P2"), "Compliance", "", ""),
    ]
    every = ask(store, lambda f: f.decisions(None))
    assert [d.key for d in every] == sorted(d.key for d in every)
    assert [d.decided_by for d in every] == ["Legal", "CFO", "Compliance"]
    assert all(d.recorded_at and d.recorded_by for d in every)


def test_change_dates_are_the_starts_and_ends_inside_the_window(access_graph) -> None:  # type: ignore[no-untyped-def]
    def dates(start: str, end: str):  # type: ignore[no-untyped-def]
        return ask(access_graph, lambda f: f.change_dates((WORKS_ON, MEMBER_OF), start, end))

    assert dates("2021-12-31", "2027-12-31") == (
        {"2022-01-01", "2024-01-01", "2027-01-01"},
        {"2026-10-31"},
    )
    # since in (start, end], until in [start, end): the bounds are exact
    assert dates("2022-01-01", "2026-10-31") == ({"2024-01-01"}, set())
    assert dates("2026-10-31", "2027-01-01") == ({"2027-01-01"}, {"2026-10-31"})


def test_node_types_of_stored_ids(access_graph) -> None:  # type: ignore[no-untyped-def]
    found = ask(access_graph, lambda f: f.node_types(["dana", "c1", "A1", "P1", "nobody"]))
    assert found == {"dana": "Person", "c1": "Committee", "A1": "Alliance", "P1": "Program"}


def test_nodes_of_a_type_with_their_properties_and_nothing_else(store, load) -> None:  # type: ignore[no-untyped-def]
    load(
        store,
        {
            "nodes.csv": "id,type,name,due,done,note\n"
            "o1,Obligation,Notice,2026-12-01,,urgent\n"
            "o2,Obligation,Report,2026-01-31,2026-01-20,\n"
            "G1,Agreement,Licence,,,\n",
        },
    )
    found = ask(
        store, lambda f: sorted((n.id, n.type, n.name, n.props) for n in f.nodes("Obligation"))
    )
    assert found == [
        ("o1", "Obligation", "Notice", {"due": "2026-12-01", "note": "urgent"}),
        ("o2", "Obligation", "Report", {"due": "2026-01-31", "done": "2026-01-20"}),
    ]
    assert ask(store, lambda f: f.nodes("Target")) == []
    with pytest.raises(ValueError):
        ask(store, lambda f: f.nodes("Planet"))
