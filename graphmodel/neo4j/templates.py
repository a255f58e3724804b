"""The Cypher templates of ``graphmodel/neo4j/cypher/`` (package data), and how they are filled.

Every query is a ``.cypher`` file; this module fills its placeholders, and nothing else ever
goes into query text: values are parameters, labels and relationship types come only from the
schema, backtick-quoted.

- ``ACTIVE(r)`` is "active on day t", written once here (:data:`ACTIVE`) and expanded in every
  template, so Cypher and :func:`graphmodel.model.active` say the same thing in one place
  each; ``tests/test_cypher.py`` checks that no template spells it out by hand.
- ``__LABEL__`` / ``__TYPE__`` / ``__TYPES__``: one node type, one edge type (``__PROPS__``: its
  declared properties, in schema order), or several edge types (``A|B``).
- ``__LINES__`` / ``__SEATS__``: the edge types of a person hop
  (:class:`~graphmodel.finders.HopKinds`).
- ``__SHAPES__``: one ``MATCH ... RETURN`` branch per path shape the rule asks for
  (:data:`~graphmodel.finders.Shape`), joined by ``UNION ALL``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from graphmodel.finders import HopKinds, Shape, distinct_pairs
from graphmodel.schema import SCHEMA

__all__ = [
    "ACTIVE",
    "cypher",
    "for_hops",
    "for_label",
    "for_shapes",
    "for_type",
    "for_types",
    "quote",
]

ACTIVE = "((r.since = '' OR r.since <= $t) AND (r.until = '' OR $t <= r.until))"
"""Relationship ``r`` is active on day ``$t`` (empty since/until = open): the only spelling of
the condition in Cypher; a template writes ``ACTIVE(x)`` for a relationship variable ``x``."""

_ACTIVE_CALL = re.compile(r"\bACTIVE\((\w+)\)")


@cache
def cypher(name: str) -> str:
    """The text of ``graphmodel/neo4j/cypher/<name>.cypher``, with ``ACTIVE(x)`` expanded."""
    text = (
        resources.files("graphmodel.neo4j").joinpath("cypher", f"{name}.cypher").read_text("utf-8")
    )
    return _ACTIVE_CALL.sub(lambda m: ACTIVE.replace("r.", f"{m.group(1)}."), text)


def quote(name: str) -> str:
    """Backtick-quote a label or type name; only ever called with names from the schema."""
    return "`" + name.replace("`", "``") + "`"


def _edge_types(types: Iterable[str]) -> str:
    names = list(dict.fromkeys(types))
    unknown = [t for t in names if t not in SCHEMA.edge_types]
    if unknown or not names:
        raise ValueError(f"not edge types of the schema: {unknown or names}")
    return "|".join(quote(t) for t in names)


@cache
def for_label(name: str, label: str) -> str:
    if label not in SCHEMA.node_types:
        raise ValueError(f"{label!r} is not a node type of the schema")
    return cypher(name).replace("__LABEL__", quote(label))


@cache
def for_type(name: str, etype: str) -> str:
    if etype not in SCHEMA.edge_types:
        raise ValueError(f"{etype!r} is not an edge type of the schema")
    declared = "".join(
        f", {quote(spec.name)}: r.d[{i}]"
        for i, spec in enumerate(SCHEMA.edge_types[etype].properties)
    )
    return cypher(name).replace("__TYPE__", quote(etype)).replace("__PROPS__", declared)


@cache
def for_types(name: str, types: tuple[str, ...]) -> str:
    return cypher(name).replace("__TYPES__", _edge_types(types))


@cache
def for_hops(name: str, hops: HopKinds) -> str:
    return (
        cypher(name)
        .replace("__LINES__", _edge_types(hops.lines))
        .replace("__SEATS__", _edge_types(hops.seats))
    )


def _branch(shape: Shape, bound: str) -> str:
    """One shape as ``MATCH (p)-[r0:T0]->(n1)...(tgt) [WHERE ...] RETURN ...``. ``bound`` is
    the end the outer query already holds (``p`` or ``tgt``); the branch returns the other, the
    inner nodes and the relationships."""
    names = ["p", *(f"n{i}" for i in range(1, len(shape))), "tgt"]
    text = "(p)"
    for i, (etype, forward) in enumerate(shape):
        rel = f"[r{i}:{_edge_types([etype])}]"
        text += f"-{rel}->" if forward else f"<-{rel}-"
        text += f"({names[i + 1]})"
    where = " AND ".join(f"{names[i]} <> {names[j]}" for i, j in distinct_pairs(shape))
    free = "tgt" if bound == "p" else "p"
    inner = ", ".join(names[1:-1])
    rels = ", ".join(f"r{i}" for i in range(len(shape)))
    return (
        f"  MATCH {text}\n"
        + (f"  WHERE {where}\n" if where else "")
        + f"  RETURN {free}, [{inner}] AS inner, [{rels}] AS rels"
    )


@cache
def for_shapes(name: str, shapes: tuple[Shape, ...], bound: str) -> str:
    if not shapes:
        raise ValueError("no path shapes given")
    for shape in shapes:
        _edge_types(etype for etype, _ in shape)
    branches = "\n  UNION ALL\n".join(_branch(shape, bound) for shape in shapes)
    return cypher(name).replace("__SHAPES__", branches)
