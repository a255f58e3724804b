"""What a JSC brief says about one alliance on a day: the facts, gathered in one place so the
CLI (``allymap report``) and the alliance page's download print the same brief.

Sections: the alliance (parties, programs, committees, firewalls, people with access), each
committee's seats and balance, every relationship kind with each partner and the tension, the
findings that touch the alliance with their decisions, the changes coming within
:data:`queries.governance.SOON_DAYS` days, and the partner timelines. Decisions are read from
each finding's ``decision`` (null when none, or when this allymap records none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphmodel.model import Node, add_days, today
from graphmodel.store import GraphStore, Subgraph
from graphmodel.vocabulary import (
    COMMITTEE,
    FIREWALL,
    GOVERNS,
    MEMBER_OF,
    PART_OF,
    PARTY_TO,
    PERSON,
)
from queries.conflicts import scan
from queries.governance import SOON_DAYS, AllianceView, CommitteeView, alliance_view, committee_view
from queries.partner import PartnerReport, partner_view, timeline
from queries.rules.finding import Finding
from queries.rules.partner import Span

__all__ = ["MAP_TYPES", "Brief", "Change", "brief"]

MAP_TYPES = (PARTY_TO, PART_OF, GOVERNS, MEMBER_OF, FIREWALL)
"""What the brief's map draws around the alliance (two steps): its governance."""


@dataclass(frozen=True, slots=True)
class Change:
    day: str
    what: str
    """words, with names"""


@dataclass(slots=True)
class Brief:
    alliance: Node
    as_of: str
    us: str
    view: AllianceView
    committees: list[CommitteeView]
    partners: list[PartnerReport]
    findings: list[Finding]
    changes: list[Change]
    timelines: dict[str, list[Span]]
    names: dict[str, str] = field(default_factory=dict)
    map: Subgraph = field(default_factory=lambda: Subgraph({}, []))
    influence: dict[str, float] = field(default_factory=dict)

    def name(self, nid: str) -> str:
        return self.names.get(nid, nid)

    def decision(self, f: Finding) -> dict[str, Any] | None:
        found = f.to_json().get("decision")
        return found if isinstance(found, dict) else None

    @property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if self.decision(f) is None]


def _us(store: GraphStore, parties: list[str], day: str, us: str | None) -> str:
    """Our company: ``us`` when given, else the party with the most employees on the day."""
    if us:
        return us
    counts = store.headcounts(day)
    return min(parties, key=lambda c: (-counts.get(c, 0), c)) if parties else ""


def brief(
    store: GraphStore, alliance: str, as_of: str | None = None, us: str | None = None
) -> Brief:
    """Everything the brief prints about ``alliance`` on ``as_of`` (default today); ``us``: our
    company (default: the alliance's party with the most employees)."""
    from queries.influence import influence_scores

    day = as_of or today()
    view = alliance_view(store, alliance, day)
    committees = [committee_view(store, c, day) for c in view.committees]
    parties = [c for c, _ in view.parties]
    ours = _us(store, parties, day, us)
    partners = [partner_view(store, p, ours, day) for p in parties if p != ours] if ours else []
    timelines = {p.company: timeline(store, ours, p.company) for p in partners}
    sides = {alliance, *view.programs}
    findings = [f for f in scan(store, day, None).findings if _touches(f, sides)]
    changes = _changes(committees, day)
    ids: set[str] = {alliance, ours, *parties, *view.programs, *view.committees}
    ids |= {x for a, b, _, _ in view.firewalls for x in (a, b)} | set(view.access)
    ids |= {s.person for c in committees for s in [*c.seats, *c.left, *c.joining]}
    ids |= {s.party for c in committees for s in c.seats if s.party}
    ids |= {x for p in partners for r in p.relationships for x in r.via}
    ids |= {x for spans in timelines.values() for s in spans for x in s.via}
    ids |= {x for f in findings for x in f.path}
    nodes = store.existing_nodes(ids)
    names = {nid: n.name or nid for nid, n in nodes.items()}
    node = nodes.get(alliance) or store.existing_nodes([alliance])[alliance]
    governance = store.neighbourhood(alliance, 2, day, list(MAP_TYPES), 400)
    out = Brief(node, day, ours, view, committees, partners, findings, [], timelines, names)
    out.changes = [Change(c.day, _named(c.what, out)) for c in changes]
    out.map = _governance_map(governance)
    out.influence = influence_scores(store, day)
    return out


def _touches(f: Finding, sides: set[str]) -> bool:
    subject = set(f.firewall or ()) | set(f.to_json().get("subject") or ())
    alliance = f.details.get("alliance")
    return bool(subject & sides) or alliance in sides


def _changes(committees: list[CommitteeView], day: str) -> list[Change]:
    """Seats that start, or end, within the window (``{id}`` placeholders for the names)."""
    horizon = add_days(day, SOON_DAYS)
    out = []
    for c in committees:
        for s in c.joining:
            out.append(Change(s.since, f"{{{s.person}}} joins {{{c.committee}}} as {s.role}"))
        for s in c.seats:
            if s.until and s.until <= horizon:
                out.append(Change(s.until, f"{{{s.person}}} leaves {{{c.committee}}} (last day)"))
    return sorted(out, key=lambda ch: (ch.day, ch.what))


def _named(words: str, b: Brief) -> str:
    """``{id}`` placeholders replaced by names (ids come from the data: no format strings)."""
    out, rest = [], words
    while "{" in rest and "}" in rest:
        head, _, tail = rest.partition("{")
        nid, _, rest = tail.partition("}")
        out += [head, b.name(nid)]
    return "".join(out) + rest


def _governance_map(sub: Subgraph) -> Subgraph:
    """The alliance's governance without the crowd: its companies, programs, committees and
    the people who sit on its committees (the map picture of the brief)."""
    seated = {
        e.source
        for e in sub.edges
        if e.type == MEMBER_OF and e.target in sub.nodes and sub.nodes[e.target].type == COMMITTEE
    }
    keep = {nid for nid, n in sub.nodes.items() if n.type != PERSON or nid in seated}
    return Subgraph(
        {nid: n for nid, n in sub.nodes.items() if nid in keep},
        [e for e in sub.edges if e.source in keep and e.target in keep],
    )
