"""The adversarial corpus: hostile and careless inputs, each with the outcome allymap owes.

Every module of ``tests/adversarial/`` is one category (``pytestmark =
pytest.mark.adversarial("...")`` with a name from :data:`CATEGORIES`) and lists its cases as
data: a :class:`Case` names the input and states, in words, what must happen ("refused:
edges.csv, row 2, column 'weight'", "exit 2, nothing written"). The test functions check that
outcome. ``python -m pytest tests/adversarial`` ends with a table of cases tried and handled
per category (``adversarial/tally.py``; docs/reliability.md quotes it), and
``--adversarial-list FILE`` writes every case run, with its expected outcome, as a Markdown
table.

>>> c = Case("weight-underscore", "refused: row 2, column 'weight'", cell="0_1")
>>> c.id, c.data["cell"]
('weight-underscore', '0_1')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

__all__ = ["CATEGORIES", "Case", "cases"]

CATEGORIES = (
    "malformed CSV",
    "hostile values",
    "re-imports and snapshots",
    "hostile text",
    "broken or foreign databases",
    "kill -9 during import",
    "concurrent import and read",
    "CLI misuse",
    "sign-in and roles",
    "audit log tampering",
    "hostile URLs",
)
"""The categories of docs/reliability.md, in its order."""


@dataclass(frozen=True)
class Case:
    """One hostile input: ``id`` (short, unique in its module), the ``expect``-ed outcome in
    words, and whatever the module's test needs to build the input (``data``)."""

    id: str
    expect: str
    data: dict[str, Any] = field(default_factory=dict)

    def __init__(self, id: str, expect: str, **data: Any) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "expect", expect)
        object.__setattr__(self, "data", data)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def cases(items: Iterable[Case]) -> list[Any]:
    """``pytest.param`` per case, with its id, for ``@pytest.mark.parametrize("case", ...)``."""
    items = list(items)
    ids = [c.id for c in items]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"case ids used twice: {', '.join(twice)}")
    return [pytest.param(c, id=c.id) for c in items]
