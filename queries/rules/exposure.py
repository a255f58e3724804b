"""Rule 3, indirect_exposure (review): people on the two sides of a firewall a few person hops
apart (docs/rules.md, "3. indirect_exposure").

A hop (:data:`HOPS`) is an active REPORTS_TO or INFLUENCES edge in either direction, or both
people being active MEMBER_OF the same committee (``[P1, C, P2]``). For a firewall [A, B]: P has
access to A and not to B, Q != P has access to B, and at most k hops join them; the reported
path minimises (hops, path), and the finding's path is that hop path followed by Q's access
route to B.

The stores walk hops (``Finders.hop_walks``: distances and the links that first reached each
person, i.e. every shortest path); :func:`smallest_path` is the one place that chooses among
those paths. A scan walks from the far side's people (everyone with access to B) and reads each
person's path back to them; a staffing check walks out from each candidate (few) instead of
from everyone with access to B (many) and reads the paths forward. Both give the same path:
the shortest paths between P and B's side are the same edges read either way.

>>> links = {"q1": [("", ("p",))], "q2": [("c9", ("p",))]}
>>> smallest_path("q1", 1, links.__getitem__)
['q1', 'p']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from graphmodel.finders import HopKinds, HopWalk
from graphmodel.vocabulary import INFLUENCES, MEMBER_OF, REPORTS_TO
from queries.rules.access import Access
from queries.rules.finding import Finding, Kind
from queries.rules.firewall import Firewall, reason

__all__ = ["HOPS", "INDIRECT_EXPOSURE", "KINDS", "from_people", "from_side", "smallest_path"]

INDIRECT_EXPOSURE = Kind("indirect_exposure", blocks=False)
KINDS = (INDIRECT_EXPOSURE,)
HOPS = HopKinds(lines=(REPORTS_TO, INFLUENCES), seats=(MEMBER_OF,))

Options = Callable[[str], Iterable[tuple[str, Sequence[str]]]]
"""node -> the hops onward from it, as ``HopWalk.links`` holds them: (via, people), via "" for
a line (each of ``people`` is an option) or the shared committee."""


def smallest_path(start: str, hops: int, options: Options) -> list[str]:
    """The lexicographically smallest path of ``hops`` hops from ``start`` through a graph in
    which every path of that many hops reaches the goal (the shortest paths of a walk): at
    each step the option whose next element is smallest (a committee hop's element is the
    committee, then the smallest person behind it), which is the smallest path because every
    option leads on to the goal in the hops left."""
    path = [start]
    u = start
    for _ in range(hops):
        best: tuple[str, str] | None = None
        for via, people in options(u):
            if via:
                choice = (via, min(people))
                if best is None or choice < best:
                    best = choice
            else:
                for q in people:
                    if best is None or (q, q) < best:
                        best = (q, q)
        assert best is not None, f"no hop onward from {u} on the way from {start}"
        element, u = best
        if element != u:
            path.append(element)
        path.append(u)
    return path


def _finding(
    fw: Firewall, sides: tuple[str, str], p: str, hops: list[str], h: int, acc_b: Access
) -> Finding:
    q = hops[-1]
    return INDIRECT_EXPOSURE.finding(
        p,
        hops + list(acc_b[q][1:]),
        firewall=[sides[0], sides[1]],
        details={"through": q, "hops": h, **reason(fw)},
    )


def from_side(
    fw: Firewall, sides: tuple[str, str], people: Iterable[str], acc_b: Access, walk: HopWalk
) -> Iterator[Finding]:
    """indirect_exposure for firewall [A, B] for ``people`` (who have access to A), from the
    walk out of everyone with access to B (``acc_b``: the walk's sources)."""
    for p in people:
        h = walk.dist.get(p)
        if h and p not in acc_b:
            yield _finding(fw, sides, p, smallest_path(p, h, walk.links.__getitem__), h, acc_b)


def from_people(
    fw: Firewall,
    sides: tuple[str, str],
    people: Iterable[str],
    acc_b: Access,
    walks: Mapping[str, HopWalk],
) -> Iterator[Finding]:
    """indirect_exposure for firewall [A, B] for candidates ``people``, from the walk out of
    each (``walks[p]``). The nearest ring holding someone with access to B gives the hops h;
    the people on shortest paths to those are found back along the walk's links, and the path
    is read forward through them."""
    for p in people:
        if p in acc_b:
            continue
        dist, links = walks[p]
        near = acc_b if len(acc_b) < len(dist) else dist
        h = min((dist[v] for v in near if v in dist and v in acc_b and dist[v] > 0), default=0)
        if not h:
            continue
        ahead: dict[str, list[tuple[str, tuple[str]]]] = {}
        ring = {v for v in near if v in acc_b and dist.get(v) == h}
        for _ in range(h):
            before: set[str] = set()
            for v in ring:
                for via, inside in links[v]:
                    for u in inside:
                        ahead.setdefault(u, []).append((via, (v,)))
                        before.add(u)
            ring = before
        yield _finding(fw, sides, p, smallest_path(p, h, ahead.__getitem__), h, acc_b)
