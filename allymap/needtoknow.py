"""Need-to-know: what a role may be shown of the answers, applied where the app produces them.

The app's pages get their findings and maps through :mod:`allymap.pages.common`, which passes
them through here for the signed-in role *before* anything reaches a table, a map, a download
or the page's session data; hiding a widget is never the protection.

A viewer sees that a conflict of interest exists (the person, the alliance, the finding's
severity) but not the personal interest behind it: its kind (equity, board seat, family...),
the company it is in, and that company on the path or in the explanation are left out. Maps
for a viewer do not walk or draw HOLDS_INTEREST_IN, the edges that record those interests.
Checkers and admins see everything.

>>> f = Finding("conflict_of_interest", "p1", ["p1", "acme", "A1"], explanation="p1 holds ...",
...             details={"alliance": "A1", "company": "acme", "interests": ["family"]})
>>> r = for_role([f], "viewer", {"p1": "Ana", "A1": "Alliance One"})[0]
>>> r.path, r.details, "acme" in r.explanation
(['p1', 'A1'], {'alliance': 'A1', 'redacted': True}, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from allymap.signin import CHECKER, at_least
from graphmodel.store import Subgraph
from graphmodel.vocabulary import HOLDS_INTEREST_IN
from queries.rules.finding import Finding

__all__ = ["PERSONAL_EDGE_TYPES", "edge_types_for", "for_role", "sees_interests", "subgraph_for"]

PERSONAL_EDGE_TYPES = frozenset({HOLDS_INTEREST_IN})
"""Edge types that record a person's private interests: checkers and admins only."""
_INTEREST_KINDS = frozenset({"conflict_of_interest"})


def sees_interests(role: str | None) -> bool:
    """Whether ``role`` may see personal interests (checker and admin)."""
    return at_least(role, CHECKER)


def for_role(
    findings: Iterable[Finding], role: str | None, names: Mapping[str, str]
) -> list[Finding]:
    """The findings as ``role`` may see them. For a viewer each conflict of interest keeps
    its kind, person, alliance and severity, with the path [person, alliance] and a sentence
    that says where the details are; every other detail (company, interests, the subject's
    company, a decision's reason naming it...) is dropped, since only the alliance is kept,
    not the rest. ``names`` words the sentence (ids where a name is missing)."""
    if sees_interests(role):
        return list(findings)
    out = []
    for f in findings:
        if f.kind not in _INTEREST_KINDS:
            out.append(f)
            continue
        alliance = str(f.details.get("alliance") or (f.path[-1] if f.path else ""))
        who = f.person or ""  # conflicts of interest always have a person
        person = names.get(who, who)
        out.append(
            Finding(
                kind=f.kind,
                person=f.person,
                path=[who, alliance],
                firewall=None,
                explanation=(
                    f"{person} has a conflict of interest in {names.get(alliance, alliance)}. "
                    "What the interest is, and in which company, is shown to checkers only."
                ),
                details={"alliance": alliance, "redacted": True},
                blocks=f.blocks,
            )
        )
    return out


def edge_types_for(role: str | None, edge_types: Sequence[str]) -> list[str]:
    """The relationship types a map for ``role`` may walk and draw."""
    if sees_interests(role):
        return list(edge_types)
    return [t for t in edge_types if t not in PERSONAL_EDGE_TYPES]


def subgraph_for(role: str | None, sub: Subgraph) -> Subgraph:
    """A subgraph without the edges ``role`` may not see (a second line behind
    :func:`edge_types_for`, for subgraphs not walked by type)."""
    if sees_interests(role):
        return sub
    return Subgraph(sub.nodes, [e for e in sub.edges if e.type not in PERSONAL_EDGE_TYPES])
