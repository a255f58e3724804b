"""The partner view (docs/rules.md, "Partner view"): every kind of relationship between two
corporate groups, and the same classification over time for the partner timeline.

For partner Z and us U, taken as G(U) = group(U) and G(Z) = group(Z): *alliance* (a company of
each group PARTY_TO the same alliance), *supplier* (G(Z) SUPPLIES G(U)), *customer* (G(U)
SUPPLIES G(Z)), *competitor* (COMPETES_WITH between them), *equity* (OWNS_STAKE_IN either
way) and *agreement* (a company of each group SIGNED the same agreement).
:func:`classify` is the one place that decides which kind an edge makes; the view
(:func:`relationships`, edges active on t) and the timeline (:func:`spans`, every date) both
use it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from typing import Any

from graphmodel.finders import Finders
from graphmodel.model import Edge
from graphmodel.schema import SCHEMA
from graphmodel.vocabulary import (
    COMPANY,
    COMPETES_WITH,
    COMPETES_WITH_MARKET,
    OWNS_STAKE_IN,
    OWNS_STAKE_IN_PERCENT,
    PARTY_TO,
    PERSON,
    SIGNED,
    SUBSIDIARY_OF,
    SUPPLIES,
    SUPPLIES_WHAT,
)

__all__ = [
    "KIND_EDGE",
    "KIND_ORDER",
    "TIMELINE_TYPES",
    "TYPES",
    "Relationship",
    "Span",
    "classify",
    "group_link",
    "refusal",
    "relationships",
    "spans",
    "tension",
]

KIND_ORDER = ("alliance", "supplier", "customer", "competitor", "equity", "agreement")
"""The kinds, in the order the view lists them."""
KIND_EDGE = {
    "alliance": PARTY_TO,
    "supplier": SUPPLIES,
    "customer": SUPPLIES,
    "competitor": COMPETES_WITH,
    "equity": OWNS_STAKE_IN,
    "agreement": SIGNED,
}
"""Which edge type each kind is made of (the app colours a kind as its type)."""
_DETAIL = {
    SUPPLIES: SUPPLIES_WHAT,
    COMPETES_WITH: COMPETES_WITH_MARKET,
    OWNS_STAKE_IN: OWNS_STAKE_IN_PERCENT,
}
TYPES = (PARTY_TO, SUPPLIES, COMPETES_WITH, OWNS_STAKE_IN, SIGNED)
"""The edge types the view asks the store for."""
TIMELINE_TYPES = tuple(
    name
    for name, et in SCHEMA.edge_types.items()
    if COMPANY in (*et.sources, *et.targets) and PERSON not in (*et.sources, *et.targets)
)
"""Company-to-company and company-to-alliance types: what the timeline shows, the partner's
other relationships included (derived from the schema)."""


@dataclass(slots=True)
class Relationship:
    """One active relationship between two companies' groups, in the partner view."""

    kind: str
    via: list[str]
    details: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[Any, ...]:
        return (KIND_ORDER.index(self.kind), self.via, str(self.details.get("since", "")))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "via": list(self.via), **self.details}


@dataclass(frozen=True, slots=True)
class Span:
    """A relationship as the timeline shows it: a ``kind`` (one of :data:`KIND_ORDER`, or
    ``group``/``other`` for the partner's own links to third parties), ``via`` as in the view,
    the edges it stands on (two PARTY_TO edges for an alliance) and when it held."""

    kind: str
    via: tuple[str, ...]
    edges: tuple[Edge, ...]
    since: str
    until: str


def classify(e: Edge, ours: Set[str], theirs: Set[str]) -> Iterator[tuple[str, list[str]]]:
    """The (kind, via) relationships one SUPPLIES, COMPETES_WITH or OWNS_STAKE_IN edge makes
    between the groups ``ours`` and ``theirs`` (none when it does not join them; a company in
    both groups can make two). Alliances take two edges: :func:`joint_pairs`."""
    s, c = e.source, e.target
    if e.type == SUPPLIES:
        if s in theirs and c in ours:
            yield "supplier", [s, c]
        if s in ours and c in theirs:
            yield "customer", [s, c]
    elif e.type == OWNS_STAKE_IN:
        if (s in ours and c in theirs) or (s in theirs and c in ours):
            yield "equity", [s, c]
    elif e.type == COMPETES_WITH:  # symmetric: stored once, read from our side
        if s in ours and c in theirs:
            yield "competitor", [s, c]
        if c in ours and s in theirs and s != c:
            yield "competitor", [c, s]


JOINT = {PARTY_TO: "alliance", SIGNED: "agreement"}
"""The edge types two companies share a node through (an alliance both are parties to, an
agreement both signed), and the kind each makes."""


def joint_pairs(
    edges: Iterable[Edge], ours: Set[str], theirs: Set[str], etype: str = PARTY_TO
) -> Iterator[tuple[Edge, Edge]]:
    """(ours, theirs) for every two ``etype`` edges (PARTY_TO, SIGNED) into the same node, one
    from a company of each group (two different companies)."""
    into: dict[str, list[Edge]] = {}
    for e in edges:
        if e.type == etype:
            into.setdefault(e.target, []).append(e)
    for _, parties in sorted(into.items()):
        for a in parties:
            if a.source in ours:
                for b in parties:
                    if b.source in theirs and b.source != a.source:
                        yield a, b


def _dated(e: Edge) -> dict[str, Any]:
    prop = _DETAIL[e.type]
    out: dict[str, Any] = {prop: e.props[prop]} if prop in e.props else {}
    out["since"], out["until"] = e.since, e.until
    return out


def relationships(finders: Finders, partner: str, us: str, t: str) -> list[Relationship]:
    """Every relationship active on t between group(``us``) and group(``partner``), sorted by
    kind (in :data:`KIND_ORDER`), then via; an alliance once, by its smallest via."""
    groups = finders.groups([us, partner], t)
    ours, theirs = groups[us], groups[partner]
    edges = finders.edges(TYPES, t, touching=ours | theirs)
    rels = []
    for etype, kind in JOINT.items():
        shared: dict[str, list[str]] = {}
        for a, b in joint_pairs(edges, ours, theirs, etype):
            via = [a.source, a.target, b.source]
            if a.target not in shared or via < shared[a.target]:
                shared[a.target] = via
        rels += [Relationship(kind, via, {kind: y}) for y, via in shared.items()]
    rels += [
        Relationship(kind, via, _dated(e)) for e in edges for kind, via in classify(e, ours, theirs)
    ]
    rels.sort(key=Relationship.sort_key)
    return rels


def spans(finders: Finders, us: str, partner: str, others: bool = False) -> list[Span]:
    """Every relationship between the groups of ``us`` and ``partner`` at any date (groups of
    any date too: a group that changed still counts), for the timeline; with ``others``, also
    the partner group's links to third parties (``group`` inside the partner's group, else
    ``other``). An alliance holds while both companies are parties, and is left out when
    they never were at the same time."""
    groups = finders.groups([us, partner], None)
    ours, theirs = groups[us], groups[partner]
    edges = finders.edges(TIMELINE_TYPES, None, touching=ours | theirs)
    out: list[Span] = []
    for etype, kind in JOINT.items():
        for a, b in joint_pairs(edges, ours, theirs, etype):
            since = max(a.since, b.since)
            ends = [u for u in (a.until, b.until) if u]
            until = min(ends) if ends else ""
            if not (until and since and until < since):
                out.append(Span(kind, (a.source, a.target, b.source), (a, b), since, until))
    for e in edges:
        if e.type in JOINT:
            continue
        kinds = list(classify(e, ours, theirs))
        out += [Span(kind, tuple(via), (e,), e.since, e.until) for kind, via in kinds]
        between = (e.source in ours and e.target in theirs) or (
            e.source in theirs and e.target in ours
        )
        if others and not between and (e.source in theirs or e.target in theirs):
            inside = e.type == SUBSIDIARY_OF and e.source in theirs and e.target in theirs
            out.append(
                Span("group" if inside else "other", (e.source, e.target), (e,), e.since, e.until)
            )
    return out


def group_link(finders: Finders, company: str, other: str, t: str) -> list[str] | None:
    """The SUBSIDIARY_OF chain joining ``company`` to ``other`` on t when they are one
    corporate group (then ``other`` is not a partner of ``company``), else None: found
    breadth-first from ``company``, neighbours in id order."""
    group = finders.groups([company], t)[company]
    if other not in group:
        return None
    adjacent: dict[str, list[str]] = {}
    for e in finders.edges((SUBSIDIARY_OF,), t, touching=group):
        adjacent.setdefault(e.source, []).append(e.target)
        adjacent.setdefault(e.target, []).append(e.source)
    came_from = {company: company}
    todo = deque([company])
    while todo:
        here = todo.popleft()
        if here == other:
            chain = [here]
            while chain[-1] != company:
                chain.append(came_from[chain[-1]])
            return chain[::-1]
        for nxt in sorted(adjacent.get(here, ())):
            if nxt not in came_from:
                came_from[nxt] = here
                todo.append(nxt)
    return None


def refusal(finders: Finders, partner: str, us: str, t: str) -> str | None:
    """Why ``partner`` is not a partner of ``us`` on t, in words, or None when it can be one.
    A company is not its own partner, nor is a company of our own corporate group: the view
    would list the group's internal dealings as if they were a partner's. Judged here so the
    CLI and the app's Partner page refuse alike."""
    if partner == us:
        return (
            f"{partner!r} is both the partner and us: a company is not its own partner. Give the "
            "partner first and our company second."
        )
    link = group_link(finders, partner, us, t)
    if link:
        return (
            f"{partner} and {us} are one corporate group on {t} ({' -> '.join(link)}, through "
            "SUBSIDIARY_OF): a company of our own group is not a partner. Give a company "
            "outside the group."
        )
    return None


def tension(kinds: Iterable[str]) -> bool:
    """Competing while also allied, trading or bound by an agreement."""
    found = set(kinds)
    return "competitor" in found and bool(found & {"alliance", "supplier", "customer", "agreement"})
