"""The Neo4j store's Cypher templates: "active on day t" is written once (``ACTIVE(r)``, expanded
by the template loader), every placeholder is one the loader fills, and the generated route
patterns keep a route from visiting a node twice."""

from __future__ import annotations

import itertools
import re
from importlib import resources

import pytest

from graphmodel.model import active
from graphmodel.neo4j import templates
from queries.rules.access import SHAPES

TEMPLATES = sorted(
    p.name.removesuffix(".cypher")
    for p in resources.files("graphmodel.neo4j").joinpath("cypher").iterdir()
    if p.name.endswith(".cypher")
)
FILLED = {"__LABEL__", "__TYPE__", "__PROPS__", "__TYPES__", "__LINES__", "__SEATS__", "__SHAPES__"}
BY_HAND = re.compile(r"\.since\s*=\s*''|since\s*<=\s*\$t\b|\$t\s*<=\s*\w+\.until")


def _raw(name: str) -> str:
    return resources.files("graphmodel.neo4j").joinpath("cypher", f"{name}.cypher").read_text()


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_spells_active_on_t_by_hand(name: str) -> None:
    code = "\n".join(line.split("//", 1)[0] for line in _raw(name).splitlines())
    assert not BY_HAND.search(code), f"{name}.cypher: write ACTIVE(r) instead"


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_placeholder_is_one_the_loader_fills(name: str) -> None:
    code = "\n".join(line.split("//", 1)[0] for line in _raw(name).splitlines())
    assert set(re.findall(r"__[A-Z]+__", code)) <= FILLED
    assert "ACTIVE(" not in templates.cypher(name), "ACTIVE(x) left unexpanded"


def test_active_expands_for_the_variable_it_names() -> None:
    text = templates.cypher("headcounts")
    assert "(e.since = '' OR e.since <= $t) AND (e.until = '' OR $t <= e.until)" in text


def test_the_five_node_access_shape_keeps_its_two_alliances_apart() -> None:
    text = templates.for_shapes("routes_to", SHAPES, "tgt")
    assert text.count("UNION ALL") == len(SHAPES) - 1
    assert re.findall(r"WHERE (\w+ <> \w+)", text) == ["n2 <> tgt"]
    with pytest.raises(ValueError):
        templates.for_types("edges_all", ("NOT_A_TYPE",))


@pytest.mark.neo4j
def test_active_in_cypher_is_active_in_python(neo4j_server) -> None:  # type: ignore[no-untyped-def]
    """The one Cypher spelling and graphmodel.model.active agree on every combination of open,
    earlier, same and later days."""
    import neo4j

    days = ["", "2026-01-01", "2026-06-30", "2026-12-31"]
    rows = [
        {"since": s, "until": u, "t": t}
        for s, u, t in itertools.product(days, days, days[1:])
        if not (s and u and u < s)
    ]
    query = "UNWIND $rows AS r WITH r, r.t AS t RETURN r.since AS since, r.until AS until, t, " + (
        templates.ACTIVE.replace("$t", "t") + " AS on"
    )
    with neo4j.GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    ) as driver:
        records, _, _ = driver.execute_query(query, rows=rows)
    assert len(records) == len(rows)
    for r in records:
        assert r["on"] == active(r["since"], r["until"], r["t"]), dict(r)
