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

from collections import defaultdict

import networkx as nx

from graphmodel.model import today
from graphmodel.store import GraphStore

__all__ = ["influence_scores"]

REPORT_WEIGHT = 1.0
CHAIR_WEIGHT = 0.5
PEER_WEIGHT = 0.1


def influence_scores(store: GraphStore, as_of: str | None = None) -> dict[str, float]:
    """Person id -> influence in (0, 1], for every person with an active person edge."""
    as_of = as_of or today()
    weights: dict[tuple[str, str], float] = defaultdict(float)
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in store.influence_edges(as_of):
        if e.type == "REPORTS_TO":
            weights[(e.source, e.target)] += REPORT_WEIGHT
        elif e.type == "INFLUENCES":
            weights[(e.target, e.source)] += float(e.props.get("weight", 0.5))
        elif e.type == "MEMBER_OF":
            members[e.target].append((e.source, str(e.props.get("role") or "member")))
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
    g = nx.DiGraph()
    g.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items() if a != b)
    if g.number_of_nodes() == 0:
        return {}
    rank = nx.pagerank(g, alpha=0.85, weight="weight", max_iter=200, tol=1e-08)
    top = max(rank.values())
    return {p: r / top for p, r in sorted(rank.items())}
