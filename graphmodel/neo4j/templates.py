"""The Cypher templates of ``graphmodel/neo4j/cypher/`` (package data), and how names from the
schema are put into them: labels and types only ever come from the schema, backtick-quoted.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from graphmodel.schema import SCHEMA

# ---- Cypher files --------------------------------------------------------------------------


@cache
def cypher(name: str) -> str:
    """The text of ``graphmodel/neo4j/cypher/<name>.cypher`` (package data)."""
    return (
        resources.files("graphmodel.neo4j").joinpath("cypher", f"{name}.cypher").read_text("utf-8")
    )


def _quote(name: str) -> str:
    """Backtick-quote a label or type name; only ever called with names from the schema."""
    return "`" + name.replace("`", "``") + "`"


@cache
def _for_label(name: str, label: str) -> str:
    if label not in SCHEMA.node_types:
        raise ValueError(f"{label!r} is not a node type of the schema")
    return cypher(name).replace("__LABEL__", _quote(label))


@cache
def _for_type(name: str, etype: str) -> str:
    if etype not in SCHEMA.edge_types:
        raise ValueError(f"{etype!r} is not an edge type of the schema")
    declared = "".join(
        f", {_quote(spec.name)}: r.d[{i}]"
        for i, spec in enumerate(SCHEMA.edge_types[etype].properties)
    )
    return cypher(name).replace("__TYPE__", _quote(etype)).replace("__PROPS__", declared)
