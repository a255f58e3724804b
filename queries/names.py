"""Names to nodes: the one resolver behind every id argument of the CLI, and ``allymap search``.

People type names, not ids ("Søren Kierkegård", not ``p-soren-kierkegard``). An argument is
taken as an id when a node of the right type has exactly that id; otherwise as a name, compared
folded (:func:`graphmodel.folding.fold`: case and accents, the way the stores search and the
app's pickers filter). A name must name one node whole: a part of a name ("Dana") or a name two
nodes share is refused with the closest matches and their ids (exit 2 in the CLI), never
guessed. A guessed candidate checked "clear" is the worst answer allymap can give.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graphmodel.errors import NotFound
from graphmodel.folding import fold
from graphmodel.model import Node
from graphmodel.store import GraphStore

__all__ = ["CLOSEST", "Unresolved", "resolve", "resolve_all", "search"]

CLOSEST = 8
"""Matches an error lists."""
_FETCH = 1000
"""Matches fetched at first; all of them are fetched when there are more (so a second node of
the same name is never missed)."""
_WORD = re.compile(r"\w{3,}")


@dataclass(frozen=True, slots=True)
class _Ranked:
    rank: int
    score: float
    node: Node

    def key(self) -> tuple[int, float, str, str]:
        return (self.rank, -self.score, fold(self.node.name), self.node.id)


def _rank(node: Node, needle: str) -> _Ranked:
    """0 exact id, 1 exact name, 2 name starts with the text, 3 a word starts with it, 4 it is
    inside the name or id, 5 only similar; ties by similarity, then name and id."""
    name, nid = fold(node.name), fold(node.id)
    if nid == needle:
        rank = 0
    elif name == needle:
        rank = 1
    elif name.startswith(needle):
        rank = 2
    elif any(w.startswith(needle) for w in name.split()):
        rank = 3
    elif needle in name or needle in nid:
        rank = 4
    else:
        rank = 5
    score = difflib.SequenceMatcher(None, needle, name).ratio()
    return _Ranked(rank, score, node)


def _containing(store: GraphStore, text: str, types: Sequence[str]) -> list[Node]:
    found = store.search_nodes(text, types, limit=_FETCH)
    if len(found) == _FETCH:
        found = store.search_nodes(text, types, limit=10**9)
    return found


def search(store: GraphStore, text: str, types: Sequence[str] = (), limit: int = 20) -> list[Node]:
    """Nodes whose name or id contains ``text`` (folded), best first: the exact id, the exact
    name, names starting with it, names with a word starting with it, then the rest."""
    needle = fold(text.strip())
    found = _containing(store, text.strip(), types)
    return [r.node for r in sorted((_rank(n, needle) for n in found), key=_Ranked.key)][:limit]


def _closest(store: GraphStore, text: str, types: Sequence[str]) -> list[Node]:
    """What to offer for a name that names nothing (or too much): nodes containing it, else
    nodes containing one of its words, ranked by similarity."""
    needle = fold(text.strip())
    pool: dict[str, Node] = {n.id: n for n in _containing(store, text.strip(), types)}
    if not pool:
        for word in dict.fromkeys(_WORD.findall(needle)):
            pool.update((n.id, n) for n in store.search_nodes(word, types, limit=200))
    ranked = sorted((_rank(n, needle) for n in pool.values()), key=_Ranked.key)
    return [r.node for r in ranked[:CLOSEST]]


def _listed(nodes: Iterable[Node]) -> str:
    return "; ".join(f"{n.name} [{n.id}] ({n.type})" for n in nodes)


class Unresolved(NotFound):
    """An argument that names no node of the type, or more than one: bad input (exit 2),
    with the closest matches (``matches``) and their ids in the message."""

    def __init__(self, message: str, matches: Sequence[Node]) -> None:
        super().__init__(message)
        self.matches = list(matches)


def _what(types: Sequence[str]) -> str:
    return " or ".join(types) if types else "node"


def resolve(store: GraphStore, text: str, types: Sequence[str], option: str = "") -> Node:
    """The node ``text`` names: a node of one of ``types`` with that id, else the one node of
    those types whose whole name (or id) is ``text`` folded; Unresolved otherwise.
    ``option`` (e.g. ``--program``) starts the message."""
    where = f"{option} {text!r}" if option else repr(text)
    wanted = text.strip()
    if not wanted:
        raise Unresolved(f"{where}: give an id or a name.", [])
    node = store.existing_nodes([wanted]).get(wanted)
    if node is not None and (not types or node.type in types):
        return node
    needle = fold(wanted)
    found = [n for n in _containing(store, wanted, types) if needle in (fold(n.name), fold(n.id))]
    exact = [n for n in found if fold(n.id) == needle] or found
    if len(exact) == 1:
        return exact[0]
    if exact:
        exact.sort(key=lambda n: n.id)
        raise Unresolved(
            f"{where} is ambiguous: {len(exact)} of type {_what(types)} have that name. Give "
            f"the id of the one you mean: {_listed(exact[:CLOSEST])}"
            + (f"; and {len(exact) - CLOSEST} more" if len(exact) > CLOSEST else "")
            + ".",
            exact,
        )
    if node is not None:  # an id of another type
        raise Unresolved(f"{where} is a {node.type}, not a {_what(types)}.", [node])
    closest = _closest(store, wanted, types)
    hint = (
        f" Closest matches: {_listed(closest)}."
        if closest
        else f" Nothing of type {_what(types)} is similar; `allymap search` lists names."
    )
    raise Unresolved(f"{where}: no {_what(types)} has that id or name.{hint}", closest)


def resolve_all(
    store: GraphStore, texts: Sequence[str], types: Sequence[str], option: str = ""
) -> list[Node]:
    """:func:`resolve` for each of ``texts``, each node once (in the order given); every
    argument that does not resolve is reported, in one Unresolved."""
    nodes: dict[str, Node] = {}
    problems: list[Unresolved] = []
    for text in texts:
        try:
            node = resolve(store, text, types, option)
        except Unresolved as err:
            problems.append(err)
            continue
        nodes.setdefault(node.id, node)
    if problems:
        raise Unresolved(
            "\n".join(str(p) for p in problems), [m for p in problems for m in p.matches]
        )
    return list(nodes.values())
