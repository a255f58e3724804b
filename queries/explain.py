"""Plain-English sentences for findings, written from the finding's path and the stored names.

An alliance manager should be able to act on a finding without opening the graph, so every
sentence names people, committees and programs, and says how each link in the path holds
("sits on Oncology JSC, which governs ONC-7"). Both stores share this code: a store only finds,
this module only words.

A sentence must be true on the as-of day, so each step is worded from the stored edges that
join its two nodes *as they stand on that day*: an edge active on t in the present ("works on
ONC-7"), one that ended before t in the past with its end ("worked on ONC-7 until
2026-06-30"), one that starts after t in the future with its start ("will work on ONC-7 from
2026-10-12"). A staffing candidate's proposed assignment, which no stored edge makes yet, is
"would join". The stores return every edge between two nodes whatever its dates, so choosing
by date is this module's job.

>>> from graphmodel.model import Edge, Node
>>> names = {"p": Node("p", "Person", "Ann"), "x": Node("x", "Program", "ONC-7")}
>>> links = {("p", "x"): [Edge("WORKS_ON", "p", "x", since="2026-10-12")]}
>>> step_phrase("p", "x", names, links, "2026-11-01")
'works on ONC-7'
>>> step_phrase("p", "x", names, links, "2026-08-01")
'will work on ONC-7 from 2026-10-12'
>>> step_phrase("p", "x", names, links, "2026-08-01", proposed={("p", "x")})
'would join ONC-7 (assigned from 2026-10-12)'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import pairwise

from graphmodel.model import Edge, Node, add_days
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    AGREEMENT_KIND,
    COMMITTEE,
    COMPETES_WITH,
    EMPLOYED_BY,
    GOVERNS,
    HOLDS_INTEREST_IN,
    INFLUENCES,
    MEMBER_OF,
    PART_OF,
    PARTY_TO,
    PERSON,
    REPORTS_TO,
    SUBSIDIARY_OF,
    WORKS_ON,
)
from queries.rules.finding import Finding
from queries.rules.interest import window_start

__all__ = ["explain_all", "route_phrase", "step_phrase"]

Names = dict[str, Node]
Links = dict[tuple[str, str], list[Edge]]
Proposed = Collection[tuple[str, str]]

NOW, PAST, FUTURE = 0, 1, 2
"""Tenses, in the order a step prefers them: what holds on t, else what ended most recently,
else what starts soonest."""

# (edge type, the edge leaves the step's first node) -> (present, past, future) wording.
# ``{b}`` is the step's second node, ``{d}`` the day the edge ended (past) or starts (future).
# The order is the preference among edges of the same tense between the same two nodes.
_PHRASES: dict[tuple[str, bool], tuple[str, str, str]] = {
    (WORKS_ON, True): ("works on {b}", "worked on {b} until {d}", "will work on {b} from {d}"),
    (MEMBER_OF, True): ("sits on {b}", "sat on {b} until {d}", "will sit on {b} from {d}"),
    (GOVERNS, True): (
        "which governs {b}",
        "which governed {b} until {d}",
        "which will govern {b} from {d}",
    ),
    (PART_OF, False): (
        "which includes {b}",
        "which included {b} until {d}",
        "which will include {b} from {d}",
    ),
    (PART_OF, True): (
        "which is part of {b}",
        "which was part of {b} until {d}",
        "which will be part of {b} from {d}",
    ),
    (REPORTS_TO, True): (
        "reports to {b}",
        "reported to {b} until {d}",
        "will report to {b} from {d}",
    ),
    (REPORTS_TO, False): ("manages {b}", "managed {b} until {d}", "will manage {b} from {d}"),
    (INFLUENCES, True): (
        "influences {b}",
        "influenced {b} until {d}",
        "will influence {b} from {d}",
    ),
    (INFLUENCES, False): (
        "is influenced by {b}",
        "was influenced by {b} until {d}",
        "will be influenced by {b} from {d}",
    ),
    (HOLDS_INTEREST_IN, True): (
        "has an interest in {b}",
        "had an interest in {b} until {d}",
        "will have an interest in {b} from {d}",
    ),
    (EMPLOYED_BY, True): (
        "works for {b}",
        "worked for {b} until {d}",
        "will work for {b} from {d}",
    ),
    (SUBSIDIARY_OF, True): (
        "a subsidiary of {b}",
        "until {d} a subsidiary of {b}",
        "from {d} a subsidiary of {b}",
    ),
    (SUBSIDIARY_OF, False): (
        "the parent of {b}",
        "until {d} the parent of {b}",
        "from {d} the parent of {b}",
    ),
    (COMPETES_WITH, True): (
        "a competitor of {b}",
        "until {d} a competitor of {b}",
        "from {d} a competitor of {b}",
    ),
    (COMPETES_WITH, False): (
        "a competitor of {b}",
        "until {d} a competitor of {b}",
        "from {d} a competitor of {b}",
    ),
    (PARTY_TO, True): (
        "a party to {b}",
        "until {d} a party to {b}",
        "from {d} a party to {b}",
    ),
}
_ORDER = {key: i for i, key in enumerate(_PHRASES)}


def _name(names: Names, nid: str) -> str:
    node = names.get(nid)
    return node.name if node and node.name else nid


def tense_on(e: Edge, t: str) -> tuple[int, str]:
    """(tense, the day to say) of one edge on day t: active, ended (with its end) or not
    started (with its start)."""
    if e.until and e.until < t:
        return PAST, e.until
    if e.since and e.since > t:
        return FUTURE, e.since
    return NOW, ""


def _ruling(a: str, edges: Iterable[Edge], t: str) -> tuple[tuple[str, bool], int, str] | None:
    """(phrase key, tense, day) of the edge that words the step a -> b on day t: an active
    edge first, else the one that ended last, else the one that starts first; among equals
    the order of :data:`_PHRASES`. None when no edge of a known kind joins them."""
    found = [((e.type, e.source == a), *tense_on(e, t)) for e in edges]
    found = [x for x in found if x[0] in _PHRASES]
    if not found:
        return None
    tense = min(x[1] for x in found)
    days = [x[2] for x in found if x[1] == tense]
    day = max(days) if tense == PAST else min(days)
    key = min((x[0] for x in found if x[1:] == (tense, day)), key=_ORDER.__getitem__)
    return key, tense, day


def step_phrase(
    a: str, b: str, names: Names, links: Links, as_of: str, proposed: Proposed = ()
) -> str:
    """How ``a`` is linked to ``b`` on ``as_of``, phrased from a's point of view.

    ``proposed`` holds the (person, program) pairs a staffing check assumes: without a
    WORKS_ON active on the day, such a step "would join" (saying when a stored assignment
    starts or ended, so nothing true is hidden)."""
    nb = _name(names, b)
    edges = links.get((a, b), [])
    ruling = _ruling(a, edges, as_of)
    if (a, b) in proposed and ruling != ((WORKS_ON, True), NOW, ""):
        return f"would join {nb}{_assignment_note(edges, as_of)}"
    if ruling is None:
        return f"is linked to {nb}" if _type(names, a) == PERSON else f"linked to {nb}"
    key, tense, day = ruling
    return _PHRASES[key][tense].format(b=nb, d=day)


def _assignment_note(edges: Iterable[Edge], as_of: str) -> str:
    """For a proposed assignment, the stored WORKS_ON that is not active on the day: the next
    one to start, else the last one that ended."""
    spans = [tense_on(e, as_of) for e in edges if e.type == WORKS_ON]
    starts = [day for tense, day in spans if tense == FUTURE]
    if starts:
        return f" (assigned from {min(starts)})"
    ends = [day for tense, day in spans if tense == PAST]
    return f" (worked on it until {max(ends)})" if ends else ""


def _type(names: Names, nid: str) -> str:
    node = names.get(nid)
    return node.type if node else ""


def route_phrase(
    route: Sequence[str], names: Names, links: Links, as_of: str, proposed: Proposed = ()
) -> str:
    """'sits on Oncology JSC, which governs ONC alliance, which includes ONC-7'."""
    return ", ".join(step_phrase(a, b, names, links, as_of, proposed) for a, b in pairwise(route))


def _hop_phrase(path: Sequence[str], names: Names, links: Links, end: int, as_of: str) -> str:
    """Person hops p0 -> ... -> path[end], committee hops worded 'sits on C with Q'."""
    parts: list[str] = []
    i = 0
    while i < end:
        a, b = path[i], path[i + 1]
        if _type(names, b) == COMMITTEE:
            seat = step_phrase(a, b, names, links, as_of)
            parts.append(f"{seat} with {_name(names, path[i + 2])}")
            i += 2
        else:
            parts.append(step_phrase(a, b, names, links, as_of))
            i += 1
    return ", who ".join(parts)


def _sentence(f: Finding, names: Names, links: Links, as_of: str, proposed: Proposed) -> str:
    n = lambda nid: _name(names, nid)  # noqa: E731
    route = lambda r: route_phrase(r, names, links, as_of, proposed)  # noqa: E731
    person_id = f.person or ""
    person = n(person_id) if person_id else ""
    if f.kind == "firewall_breach":
        a, b = f.firewall or ["", ""]
        reach_a = route(f.details.get("access_path", [person_id, a]))
        reach_b = route(f.path)
        return (
            f"{person} {reach_a}, and also {reach_b}; {n(a)} is firewalled from {n(b)}"
            f"{_reason(f)}, so nobody may have access to both."
        )
    if f.kind == "cooling_off":
        a, b = f.firewall or ["", ""]
        d = f.details
        until = str(d.get("cooling_off_until") or "")
        clear = f", so {person} may not have access to {n(a)} before {add_days(until, 1)}"
        return (
            f"{person} had access to {n(b)} until {d.get('last_access')} "
            f"({route(f.path)}); {n(b)} is firewalled from {n(a)}{_reason(f)} with a "
            f"{d.get('cooling_off_days')}-day cooling-off that runs until {until}"
            f"{clear if until else ''}."
        )
    if f.kind == "indirect_exposure":
        a, b = f.firewall or ["", ""]
        q = str(f.details.get("through"))
        qi = f.path.index(q) if q in f.path else len(f.path) - 1
        hops = _hop_phrase(f.path, names, links, qi, as_of)
        q_route = route(f.path[qi:])
        return (
            f"{person} (on the {n(a)} side) {hops}, who {q_route}; {n(a)} is firewalled from "
            f"{n(b)}{_reason(f)}, so information could cross the wall within "
            f"{f.details.get('hops')} hop(s)."
        )
    if f.kind == "conflict_of_interest":
        d = f.details
        z = f.path[1] if len(f.path) > 1 else str(d.get("company"))
        held = [k for k in d.get("interests", []) if k != "former employee"]
        ties = []
        if held:
            ties.append(f"holds an interest ({' and '.join(held)}) in {n(z)}")
        if "former employee" in d.get("interests", []):
            left = _left_employer(links.get((person_id, z), []), as_of)
            it = "it" if held else n(z)
            ties.append(f"worked for {it} until {left}" if left else f"used to work for {it}")
        chain = route(f.path[1:])
        return (
            f"{person} {' and '.join(ties)}; {n(z)} is {chain}, so {person} has a conflict of "
            f"interest in {n(str(d.get('alliance')))}."
        )
    if f.kind == "contract_conflict":
        return _contract_sentence(f, names)
    if f.kind == "missing_firewall":
        x1, tg, x2 = f.path
        return (
            f"{n(x1)} and {n(x2)} both address {n(tg)} for different partners, and no firewall "
            f"separates them (or their alliances), so what one partner's program learns about "
            f"{n(tg)} can reach the other's."
        )
    return f"{person}: {f.kind}"


def _listing(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _contract_sentence(f: Finding, names: Names) -> str:
    """ONC-9 addresses KRAS G12D, which Halvorsen licence restricts (exclusive); Meridian signed
    that licence and is a party to ONC-9's alliance with Kestrel, which the licence does not
    cover."""
    n = lambda nid: _name(names, nid)  # noqa: E731
    d = f.details
    x, tg, g = f.path
    s, c, y = str(d["signatory"]), str(d["party"]), str(d["alliance"])
    agreement = names.get(g)
    noun = str(agreement.props.get(AGREEMENT_KIND) or "") if agreement else ""
    noun = noun if noun and noun.isprintable() and len(noun) <= 40 else "agreement"
    kinds = [k.replace("_", "-") for k in d.get("restriction", [])]
    how = f" ({' and '.join(kinds)})" if kinds else ""
    who = (
        f"{n(s)} signed that {noun} and is a party"
        if c == s
        else f"{n(s)} signed that {noun} and {n(c)}, of its group, is a party"
    )
    partners = [n(p) for p in d.get("partners", [])]
    alliance = f"{n(x)}'s alliance {n(y)}" + (f" with {_listing(partners)}" if partners else "")
    return (
        f"{n(x)} addresses {n(tg)}, which {n(g)} restricts{how}; {who} to {alliance}, which "
        f"the {noun} does not cover."
    )


def _left_employer(edges: Iterable[Edge], as_of: str) -> str:
    """The last day of the employment that makes someone a former employee on ``as_of``:
    the latest EMPLOYED_BY end within the year before it (docs/rules.md, rule 4)."""
    start = window_start(as_of)
    ends = [
        e.until for e in edges if e.type == EMPLOYED_BY and e.until and start <= e.until < as_of
    ]
    return max(ends, default="")


def _reason(f: Finding) -> str:
    reason = f.details.get("reason")
    return f" ({reason})" if reason else ""


def explain_all(
    store: GraphStore, findings: Iterable[Finding], as_of: str, proposed: Proposed = ()
) -> list[Finding]:
    """Fill in ``explanation`` for every finding, in place (a firewall's reason is the one the
    firewall rule put in the finding's details).

    ``proposed``: the (person, program) pairs a staffing check assumes (see
    :func:`step_phrase`)."""
    findings = list(findings)
    proposed = frozenset(proposed)
    ids: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for f in findings:
        paths = [f.path, f.details.get("access_path") or []]
        for p in paths:
            ids.update(p)
            pairs.update(pairwise(p))
        ids.update(f.firewall or [])
        if f.person is not None:
            ids.add(f.person)
        for key in ("alliance", "signatory", "party"):
            if f.details.get(key):
                ids.add(str(f.details[key]))
        ids.update(f.details.get("partners", []))
    names = dict(store.existing_nodes(ids))
    links = store.edges_between(pairs)
    for f in findings:
        f.explanation = _sentence(f, names, links, as_of, proposed)
    return findings
