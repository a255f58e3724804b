"""GraphStore.open_edges, the read a snapshot import needs, answer for answer on every store
(and, on the embedded store, the same from SQLite as from the loaded graph)."""

from __future__ import annotations

import pytest

from graphmodel.model import Edge

NODES = """id,type,name
ann,Person,Ann
bob,Person,Bob
cy,Person,Cy
acme,Company,Acme
beta,Company,Beta
c1,Committee,JSC
c2,Committee,JDC
"""
EDGES = """source,target,type,since,until,role
ann,acme,EMPLOYED_BY,2020-01-01,,
ann,beta,EMPLOYED_BY,2010-01-01,2019-12-31,
ann,beta,EMPLOYED_BY,2026-09-01,,
ann,bob,REPORTS_TO,,2026-06-30,
ann,cy,REPORTS_TO,,2026-07-01,
bob,acme,EMPLOYED_BY,,,
bob,c1,MEMBER_OF,2021-01-01,2030-01-01,chair
cy,c1,MEMBER_OF,,2020-01-01,
ann,c1,MEMBER_OF,,,
ann,c2,MEMBER_OF,,,
"""
DAY = "2026-07-01"
EXPECTED = [
    Edge("EMPLOYED_BY", "ann", "acme", "2020-01-01", ""),
    Edge("EMPLOYED_BY", "ann", "beta", "2026-09-01", ""),
    Edge("MEMBER_OF", "ann", "c1", "", "", {"role": "member"}),
    Edge("MEMBER_OF", "bob", "c1", "2021-01-01", "2030-01-01", {"role": "chair"}),
    Edge("REPORTS_TO", "ann", "cy", "", "2026-07-01"),
]


@pytest.fixture
def portfolio(store, load):
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    return store


def _ask(store):
    return store.open_edges(
        DAY,
        {"EMPLOYED_BY": ["ann", "nobody"], "REPORTS_TO": {"ann"}},
        {"MEMBER_OF": ["c1"]},
    )


def test_open_edges_out_of_and_into(portfolio) -> None:
    assert _ask(portfolio) == EXPECTED


def test_open_edges_read_by_another_process_and_after_loading(portfolio, reopen) -> None:
    with reopen() as other:
        assert _ask(other) == EXPECTED  # the embedded store asks SQLite: nothing loaded yet
        other.stats()  # loads the graph
        assert _ask(other) == EXPECTED


def test_open_edges_of_nothing(portfolio) -> None:
    assert portfolio.open_edges(DAY, {}, {}) == []
    assert portfolio.open_edges(DAY, {"EMPLOYED_BY": []}, {"MEMBER_OF": ["nobody"]}) == []


def test_open_edges_refuses_symmetric_and_unknown_types(portfolio) -> None:
    for scope in ({"FIREWALL": ["x"]}, {"MENTORS": ["x"]}):
        with pytest.raises(ValueError, match="asymmetric edge type"):
            portfolio.open_edges(DAY, scope, {})
