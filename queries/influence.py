"""Influence scores: who moves decisions, as a weighted PageRank over people.

Influence flows *to* a person from those who depend on them:
- REPORTS_TO P -> M: P confers weight 1.0 on M (managers carry their reports' work);
- INFLUENCES A -> B with weight w: B confers w on A (A shapes B's views);
- a committee chair receives 0.5 from every other active member (chairs set agendas), and
  every member receives 0.1 from each other member (a seat at the table is a voice).
Scores are scaled so that the most influential person has 1.0; people with no edges get the
PageRank floor. Only edges active on the as-of day count. Both stores feed the same function.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from graphmodel.model import Edge, today
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    INFLUENCES,
    INFLUENCES_WEIGHT,
    MEMBER_OF,
    MEMBER_OF_ROLE,
    REPORTS_TO,
)

__all__ = [
    "BROKER_SAMPLES",
    "TYPES",
    "Broker",
    "Ranked",
    "brokers",
    "influence_scores",
    "pagerank",
    "portfolio_influence",
    "scores_of",
]

TYPES = (REPORTS_TO, INFLUENCES, MEMBER_OF)
"""The edges influence flows along (active on the day)."""

REPORT_WEIGHT = 1.0
CHAIR_WEIGHT = 0.5
PEER_WEIGHT = 0.1


def influence_scores(store: GraphStore, as_of: str | None = None) -> dict[str, float]:
    """Person id -> influence in (0, 1], for every person with an active person edge."""
    day = as_of or today()
    return scores_of(store.read(lambda f: f.edges(TYPES, day), "reading influence"))


def scores_of(edges: list[Edge]) -> dict[str, float]:
    """:func:`influence_scores` from the active edges of :data:`TYPES`."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    edges = sorted(edges, key=attrgetter("key"))
    for e in edges:
        if e.type == REPORTS_TO:
            weights[(e.source, e.target)] += REPORT_WEIGHT
        elif e.type == INFLUENCES:
            weights[(e.target, e.source)] += float(e.props.get(INFLUENCES_WEIGHT, 0.5))
        elif e.type == MEMBER_OF:
            members[e.target].append((e.source, str(e.props.get(MEMBER_OF_ROLE) or "member")))
    for roster in members.values():
        chairs = [p for p, role in roster if role == "chair"]
        people = sorted({p for p, _ in roster})
        for p in people:
            for c in chairs:
                if c != p:
                    weights[(p, c)] += CHAIR_WEIGHT
        if len(people) <= 60:  # peers: quadratic, so only for committee-sized groups
            for p in people:
                for q in people:
                    if p != q:
                        weights[(p, q)] += PEER_WEIGHT
    rank = pagerank({k: w for k, w in weights.items() if k[0] != k[1]})
    if not rank:
        return {}
    top = max(rank.values())
    return {p: r / top for p, r in sorted(rank.items())}


def pagerank(
    weights: dict[tuple[str, str], float], alpha: float = 0.85, tol: float = 1e-10
) -> dict[str, float]:
    """Weighted PageRank by power iteration (what networkx does, without needing scipy): the
    weights as numpy arrays, one ``bincount`` per step. Pure-Python steps took 20 s for the
    500,000 weights of a 100k-person portfolio.

    A person with no outgoing weight spreads their rank evenly (the usual dangling rule).

    >>> r = pagerank({("a", "b"): 1.0, ("c", "b"): 1.0})
    >>> max(r, key=r.get)
    'b'
    """
    nodes = sorted({n for pair in weights for n in pair})
    if not nodes:
        return {}
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    src = np.fromiter((index[a] for a, _ in weights), dtype=np.intp, count=len(weights))
    dst = np.fromiter((index[b] for _, b in weights), dtype=np.intp, count=len(weights))
    w = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
    out_total = np.bincount(src, weights=w, minlength=n)
    share = w / out_total[src]  # the part of u's rank that goes along each weight
    dangling = out_total == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(200):
        spread = alpha * rank[dangling].sum() / n + (1 - alpha) / n
        new = spread + alpha * np.bincount(dst, weights=rank[src] * share, minlength=n)
        delta = np.abs(new - rank).sum()
        rank = new
        if delta < n * tol:
            break
    return dict(zip(nodes, rank.tolist(), strict=True))


# ---- across the portfolio ---------------------------------------------------------------------

BROKER_SAMPLES = 64
"""Source people sampled for the brokers' betweenness (fixed seed): see :func:`brokers`. Each
sample is one breadth-first search over the person graph (about 0.1 s at 100k people on an
idle core); tests/test_portfolio_influence.py checks the estimate within 10% of exact."""


@dataclass(frozen=True, slots=True)
class Ranked:
    """One person's influence across the portfolio, with why: how many report to them, their
    committee seats (and chairs), and their influence links in and out."""

    person: str
    score: float
    reports: int
    seats: int
    chairs: int
    influences: int
    """INFLUENCES edges out of them (they shape someone's views)"""
    influenced_by: int


@dataclass(frozen=True, slots=True)
class Broker:
    """A person many shortest paths between others run through: their removal would
    disconnect or lengthen the most pairs."""

    person: str
    betweenness: float
    """estimated share of pairs of people whose shortest paths pass through them, 0..1"""
    degree: int


def portfolio_influence(
    store: GraphStore, as_of: str | None = None, limit: int = 50
) -> tuple[list[Ranked], list[Broker]]:
    """The ``limit`` most influential people of the whole portfolio on ``as_of`` (with why),
    and the ``limit`` strongest brokers, from one read of the person edges."""
    day = as_of or today()
    edges = store.read(lambda f: f.edges(TYPES, day), "reading influence")
    scores = scores_of(edges)
    reports = Counter(e.target for e in edges if e.type == REPORTS_TO)
    seats = Counter(e.source for e in edges if e.type == MEMBER_OF)
    chairs = Counter(
        e.source for e in edges if e.type == MEMBER_OF and e.props.get(MEMBER_OF_ROLE) == "chair"
    )
    out_links = Counter(e.source for e in edges if e.type == INFLUENCES)
    in_links = Counter(e.target for e in edges if e.type == INFLUENCES)
    top = sorted(scores, key=lambda p: (-scores[p], p))[:limit]
    ranked = [
        Ranked(p, scores[p], reports[p], seats[p], chairs[p], out_links[p], in_links[p])
        for p in top
    ]
    return ranked, brokers(edges, limit)


def brokers(edges: list[Edge], limit: int = 50, samples: int = BROKER_SAMPLES) -> list[Broker]:
    """The people with the highest betweenness on the person graph: REPORTS_TO and INFLUENCES
    as undirected links, and each committee as a node joining its members (so a shared seat
    is a path of two steps; committees are never listed).

    Exact betweenness is O(VE), hours at 100k people, so this is the Brandes-Pich estimate:
    shortest paths from ``samples`` source people drawn with a fixed seed (all people when
    there are fewer), each person's count scaled by people/samples and divided by the number
    of ordered pairs. python-igraph computes the paths (its betweenness with ``sources``)."""
    import igraph as ig

    names: dict[str, int] = {}

    def vid(key: str) -> int:
        return names.setdefault(key, len(names))

    pairs = set()
    for e in edges:
        if e.type == MEMBER_OF:
            a, b = vid(e.source), vid("\0committee:" + e.target)
        else:
            a, b = vid(e.source), vid(e.target)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    people = [k for k in names if not k.startswith("\0committee:")]
    if len(people) < 3:
        return []
    graph = ig.Graph(n=len(names), edges=sorted(pairs))
    person_ids = [names[p] for p in people]
    rng = np.random.default_rng(7)
    if len(person_ids) > samples:
        sources = sorted(rng.choice(person_ids, size=samples, replace=False).tolist())
    else:
        sources = person_ids
    between = np.array(
        graph.betweenness(vertices=person_ids, directed=False, sources=sources, targets=person_ids)
    )
    n = len(person_ids)
    # undirected: each pair's paths were counted from one end (a sampled source) only
    scaled = between * (n / len(sources)) * 2 / max((n - 1) * (n - 2), 1)
    degree = graph.degree(person_ids)
    order = np.lexsort((np.array(people, dtype=object).astype(str), -scaled))[:limit]
    return [
        Broker(people[i], float(min(scaled[i], 1.0)), int(degree[i]))
        for i in order
        if scaled[i] > 0
    ]
