"""Records as the Neo4j store writes and reads them: nodes with their search keys, edges with
their declared properties in schema order, and the way back to :class:`~graphmodel.model.Node`
and :class:`~graphmodel.model.Edge`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from graphmodel.decisions import FIELDS, Decision, DecisionKey
from graphmodel.folding import fold
from graphmodel.model import EDGE_FIELDS, NODE_FIELDS, Edge, Node, reserved_property
from graphmodel.schema import SCHEMA

T = TypeVar("T")

ENTITY = "Entity"
"""The label every allymap node carries besides its type."""
RECEIPT = "AllymapImport"
"""The label of import receipts (see :meth:`Neo4jStore.write`)."""
STATE = "AllymapState"
"""The label of the one node holding the graph's version and the writer lock."""
AUDIT = "AllymapAudit"
"""The label of audit trail entries (graphmodel.audit): not a schema type, so no rule sees them."""
AUDIT_HEAD = "AllymapAuditHead"
"""The label of the one node holding the audit trail's head (seq, hash) and its append lock."""
DECISION = "AllymapDecision"
"""The label of decisions on findings (not :Entity: they are not nodes of the graph)."""
_NODE_RESERVED = frozenset({"id", "name", "~id", "~name", "~sort"})
_EDGE_RESERVED = frozenset({"since", "until"})
if not all(reserved_property(k, NODE_FIELDS) for k in _NODE_RESERVED) or not all(
    reserved_property(k, EDGE_FIELDS) for k in _EDGE_RESERVED
):  # pragma: no cover - a property with one of these names would be lost on Neo4j
    raise RuntimeError("the loaders must refuse every property name the Neo4j store keeps")
if {
    ENTITY,
    RECEIPT,
    STATE,
    AUDIT,
    AUDIT_HEAD,
    DECISION,
} & SCHEMA.node_types.keys():  # pragma: no cover
    raise RuntimeError(
        f"schema.yaml may not define node types named {ENTITY}, {RECEIPT}, {STATE}, {AUDIT}, "
        f"{AUDIT_HEAD}, {DECISION}"
    )


def decision_id(key: DecisionKey) -> str:
    """The one property a decision is looked up and kept unique by: its key, as JSON."""
    return json.dumps(list(key), ensure_ascii=False)


def decision_row(d: Decision) -> dict[str, Any]:
    """A decision as write_decisions.cypher takes it."""
    ident = decision_id(d.key)
    return {"id": ident, "props": {"id": ident, **dict(zip(FIELDS, d.row(), strict=True))}}


# ---- records -------------------------------------------------------------------------------


def node_record(nid: str, labels: Sequence[str], props: Mapping[str, Any]) -> Node:
    ntype = next((lb for lb in labels if lb in SCHEMA.node_types), "")
    user = {k: v for k, v in props.items() if k not in _NODE_RESERVED}
    return Node(nid, ntype, str(props.get("name") or ""), user)


def edge_record(etype: str, source: str, target: str, props: Mapping[str, Any]) -> Edge:
    user = {k: v for k, v in props.items() if k not in _EDGE_RESERVED}
    return Edge(
        etype, source, target, str(props.get("since") or ""), str(props.get("until") or ""), user
    )


def sort_key(name: str, nid: str) -> str:
    """A string whose order in Neo4j equals Python's order of ``(name, nid)``.

    Neo4j compares strings by UTF-16 code units, Python by code points; they disagree when an
    astral character (a surrogate pair) meets one in U+E000..U+FFFF. Each code point becomes
    three characters below U+0100 (7 bits each, offset 0x20), so both orders are plain
    numeric order; a U+0001 between name and id sorts a name before its extensions.

    >>> names = ["\U0001f600 Lab", "\uff21 Lab", "A Lab"]
    >>> sorted(names, key=lambda s: s.encode("utf-16-be")) == sorted(names)  # Neo4j's order
    False
    >>> sorted(names, key=lambda s: sort_key(s, "x")) == sorted(names)
    True
    """
    return "\x01".join(
        "".join(
            chr(0x20 + (cp >> 14)) + chr(0x20 + ((cp >> 7) & 0x7F)) + chr(0x20 + (cp & 0x7F))
            for cp in map(ord, part)
        )
        for part in (name, nid)
    )


def search_keys(nid: str, name: str) -> dict[str, str]:
    """The folded copies of id and name that search matches against (:func:`fold`)."""
    return {"~id": fold(nid), "~name": fold(name)}


def node_row(n: Node) -> dict[str, Any]:
    props = {k: v for k, v in n.props.items() if k not in _NODE_RESERVED}
    props.update(
        {
            "id": n.id,
            "name": n.name,
            **search_keys(n.id, n.name),
            "~sort": sort_key(n.name, n.id),
        }
    )
    return {"id": n.id, "props": props}


def edge_row(e: Edge) -> dict[str, Any]:
    props = {k: v for k, v in e.props.items() if k not in _EDGE_RESERVED}
    props.update({"since": e.since, "until": e.until})
    return {"source": e.source, "target": e.target, "since": e.since, "props": props}


@cache
def declared(etype: str) -> tuple[str, ...]:
    return tuple(spec.name for spec in SCHEMA.edge_types[etype].properties)


def undeclared(e: Edge) -> dict[str, Any]:
    """An edge's properties that the schema does not declare for its type."""
    names = declared(e.type)
    return {k: v for k, v in e.props.items() if k not in names and k not in _EDGE_RESERVED}


def element_row(e: Edge, element: Mapping[str, str]) -> dict[str, Any]:
    """An edge row for create_edges(undeclared).cypher: ends by element id, declared properties
    in schema order (None when absent), undeclared ones in ``extra``."""
    return {
        "a": element[e.source],
        "b": element[e.target],
        "since": e.since,
        "until": e.until,
        "d": [e.props.get(name) for name in declared(e.type)],
        "extra": undeclared(e),
    }


def chunks(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
