"""The store contract's reads (search, stats, maps, explanations' links, headcounts), on every
store with the same expectations: the map pages and the explanations must not depend on which
store is behind them. (The rules' reads, the finders, are tests/test_finders.py.)"""

from __future__ import annotations

import pytest

from graphmodel.errors import NotFound
from graphmodel.model import Edge
from graphmodel.schema import SCHEMA

pytestmark = pytest.mark.conformance

# Meridian and its holding, a partner group (Helix under Helix Holdings), a past supply deal,
# a reporting line that ended, and a scientist whose name only matches when casefolded.
NODES = """id,type,name
meri,Company,Meridian Therapeutics
merihold,Company,Meridian Holdings
helix,Company,Helix Bio
helixco,Company,Helix Holdings
A1,Alliance,Helix KRAS alliance
P1,Program,ONC-7
c1,Committee,Helix JSC
ann,Person,Ann Lee
bob,Person,Bob Stone
cy,Person,Cy Ortiz
gr,Person,Jo Großmann
"""
EDGES = """source,target,type,since,until,what,weight,note
meri,merihold,SUBSIDIARY_OF,,,,,
helix,helixco,SUBSIDIARY_OF,,,,,
meri,A1,PARTY_TO,2023-01-01,,,,
helix,A1,PARTY_TO,2023-01-01,,,,
helixco,merihold,SUPPLIES,2020-01-01,2022-12-31,reagents,,framework deal
P1,A1,PART_OF,,,,,
c1,A1,GOVERNS,,,,,
ann,meri,EMPLOYED_BY,2019-01-01,,,,
bob,ann,REPORTS_TO,2021-01-01,2021-12-31,,,
cy,bob,REPORTS_TO,,,,,
ann,c1,MEMBER_OF,,,,,
gr,cy,INFLUENCES,,,,0.7,
"""


@pytest.fixture
def portfolio(store, load):
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    return store


def test_search_casefolds_name_and_id_and_sorts_by_name(portfolio) -> None:
    assert [n.id for n in portfolio.search_nodes("HELIX")] == ["helix", "helixco", "c1", "A1"]
    assert [n.id for n in portfolio.search_nodes("helix", types=["company"])] == [
        "helix",
        "helixco",
    ]
    assert [n.id for n in portfolio.search_nodes("", types=["Person"], limit=2)] == ["ann", "bob"]
    assert [n.id for n in portfolio.search_nodes("GROSSMANN")] == ["gr"]  # ß casefolds to ss
    assert portfolio.search_nodes("helix", types=["nonsense"]) == []
    assert portfolio.search_nodes("helix", limit=0) == []


def test_search_where_matches_properties_exactly(portfolio, load) -> None:
    people = """id,type,name,function
ann,Person,Ann Lee,Chemistry
bob,Person,Bob Stone,chemistry
cy,Person,Cy Ortiz,Chemistry
"""
    load(portfolio, {"nodes.csv": people})
    chemists = {"function": "Chemistry"}
    assert [n.id for n in portfolio.search_nodes("", ["Person"], where=chemists)] == ["ann", "cy"]
    assert [n.id for n in portfolio.search_nodes("", where=chemists, limit=1)] == ["ann"]
    assert [n.id for n in portfolio.search_nodes("ORTIZ", where=chemists)] == ["cy"]
    assert portfolio.search_nodes("", where={"function": "Chem"}) == []
    assert portfolio.search_nodes("", where={"nonsense": "Chemistry"}) == []


def test_stats_count_every_schema_type(portfolio) -> None:
    stats = portfolio.stats()
    assert set(stats) == set(SCHEMA.node_types) | set(SCHEMA.edge_types)
    assert (stats["Company"], stats["Person"], stats["REPORTS_TO"], stats["FIREWALL"]) == (
        4,
        4,
        2,
        0,
    )


def test_records_keep_types_and_properties(portfolio) -> None:
    nodes, edges = portfolio.all_records()
    assert [n.id for n in nodes] == sorted(n.id for n in nodes)
    assert [e.key for e in edges] == sorted(e.key for e in edges)
    (influence,) = [e for e in edges if e.type == "INFLUENCES"]
    assert influence == Edge("INFLUENCES", "gr", "cy", "", "", {"weight": 0.7})
    (supply,) = [e for e in edges if e.type == "SUPPLIES"]
    assert (supply.since, supply.until, supply.props) == (
        "2020-01-01",
        "2022-12-31",
        {"what": "reagents", "note": "framework deal"},  # a column the schema does not declare
    )
    (member,) = [e for e in edges if e.type == "MEMBER_OF"]
    assert member.props == {"role": "member"}  # the schema's default


def test_neighbourhood_walks_both_directions_to_the_depth(portfolio) -> None:
    sub = portfolio.neighbourhood("bob", 1)
    assert list(sub.nodes) == ["bob", "ann", "cy"]
    assert [(e.type, e.source, e.target) for e in sub.edges] == [
        ("REPORTS_TO", "bob", "ann"),
        ("REPORTS_TO", "cy", "bob"),
    ]
    assert set(portfolio.neighbourhood("bob", 2).nodes) == {"bob", "ann", "cy", "meri", "c1", "gr"}


def test_neighbourhood_as_of_skips_ended_edges(portfolio) -> None:
    assert list(portfolio.neighbourhood("bob", 2, as_of="2026-01-01").nodes) == ["bob", "cy", "gr"]


def test_neighbourhood_edge_type_filter_and_limit(portfolio) -> None:
    sub = portfolio.neighbourhood("A1", 3, edge_types=["PARTY_TO", "subsidiary_of"])
    assert set(sub.nodes) == {"A1", "meri", "helix", "merihold", "helixco"}
    assert {e.type for e in sub.edges} == {"PARTY_TO", "SUBSIDIARY_OF"}
    limited = portfolio.neighbourhood("A1", 3, limit=3)
    assert list(limited.nodes) == ["A1", "P1", "c1"]  # the first ring, in id order, cut at 3
    assert all(e.source in limited.nodes and e.target in limited.nodes for e in limited.edges)
    assert list(portfolio.neighbourhood("A1", 3, edge_types=[]).nodes) == ["A1"]


def test_neighbourhood_of_an_unknown_id(portfolio) -> None:
    with pytest.raises(NotFound):
        portfolio.neighbourhood("nobody", 1)


def test_existing_nodes_and_edges(portfolio) -> None:
    assert set(portfolio.existing_nodes(["ann", "zed"])) == {"ann"}
    key = ("REPORTS_TO", "cy", "bob", "")
    assert portfolio.existing_edges([key, ("REPORTS_TO", "bob", "cy", "")]) == {
        key: Edge("REPORTS_TO", "cy", "bob")
    }


def test_edges_between_either_direction_any_date(portfolio) -> None:
    links = portfolio.edges_between([("ann", "bob"), ("helixco", "merihold"), ("ann", "zed")])
    assert [(e.type, e.source, e.target) for e in links[("ann", "bob")]] == [
        ("REPORTS_TO", "bob", "ann")
    ]
    assert [e.type for e in links[("helixco", "merihold")]] == ["SUPPLIES"]
    assert links[("ann", "zed")] == []


def test_headcounts_count_employment_active_that_day(portfolio, load) -> None:
    staff = """source,target,type,since,until
bob,meri,EMPLOYED_BY,2020-01-01,2025-12-31
cy,helix,EMPLOYED_BY,2027-01-01,
gr,meri,EMPLOYED_BY,,
"""
    load(portfolio, {"edges.csv": staff})
    assert portfolio.headcounts("2025-12-31") == {"meri": 3}  # bob's last day counts
    assert portfolio.headcounts("2026-01-01") == {"meri": 2}
    assert portfolio.headcounts("2027-01-01") == {"meri": 2, "helix": 1}  # cy has started
    assert portfolio.headcounts("2018-06-01") == {"meri": 1}


def test_version_changes_when_another_process_imports(portfolio, load, reopen) -> None:
    seen = portfolio.version()
    assert portfolio.version() == seen  # reading leaves it alone
    with reopen() as cli:
        load(cli, {"edges.csv": "source,target,type\nbob,meri,EMPLOYED_BY\n"})
    assert portfolio.version() != seen  # the app's caches must expire
    seen = portfolio.version()
    load(portfolio, {"edges.csv": "source,target,type\ncy,meri,EMPLOYED_BY\n"})
    assert portfolio.version() != seen
    assert portfolio.headcounts("2026-01-01") == {"meri": 3}


def test_reimport_changes_nothing(portfolio, load) -> None:
    before = portfolio.all_records()
    plan = load(portfolio, {"nodes.csv": NODES, "edges.csv": EDGES})
    assert plan.is_noop
    assert portfolio.all_records() == before


def test_reexport_that_closes_a_relationship_closes_it(portfolio, load) -> None:
    closed = "source,target,type,since,until\ncy,bob,REPORTS_TO,,2025-06-30\n"
    plan = load(portfolio, {"edges.csv": closed})
    assert (len(plan.edges_added), len(plan.edges_changed)) == (0, 1)
    (edge,) = portfolio.existing_edges([("REPORTS_TO", "cy", "bob", "")]).values()
    assert edge.until == "2025-06-30"
