"""Records as the embedded store keeps them in SQLite: rows of ``nodes(id, type, name, props)``
and ``edges(type, source, target, since, until, props)``, properties as JSON."""

from __future__ import annotations

import json
from typing import Any

from graphmodel.model import Edge, Node

__all__ = ["edge_record", "node_record", "props_json"]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_loads = json.loads


_json_memo: dict[tuple[Any, ...], str] = {}


def props_json(props: dict[str, Any]) -> str:
    """Properties as stored JSON. Most edges share a few property sets ({"role": "member"},
    {"weight": 0.5}), so encodings are memoised: a million json encodes were 2.5 s."""
    if not props:
        return "{}"
    # The value types are part of the key: 1, 1.0 and True are equal dict keys but not JSON.
    key = (*props.items(), *map(type, props.values()))
    try:
        return _json_memo[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable value (a list read back from JSON)
        return _dumps(props)
    if len(_json_memo) > 100_000:  # free-text properties: do not grow without bound
        _json_memo.clear()
    text = _json_memo[key] = _dumps(props)
    return text


def node_record(nid: str, ntype: str, name: str, props: str) -> Node:
    """A ``nodes`` row as a :class:`Node`."""
    return Node(nid, ntype, name, _loads(props) if props != "{}" else {})


def edge_record(etype: str, source: str, target: str, since: str, until: str, props: str) -> Edge:
    """An ``edges`` row as an :class:`Edge`."""
    return Edge(etype, source, target, since, until, _loads(props) if props != "{}" else {})
