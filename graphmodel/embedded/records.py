"""Records as the embedded store keeps them in SQLite: properties as JSON."""

from __future__ import annotations

import json
from typing import Any

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_loads = json.loads


_json_memo: dict[tuple[Any, ...], str] = {}


def _props_json(props: dict[str, Any]) -> str:
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
