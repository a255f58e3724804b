"""Plain-English sentences for findings, written from the finding's path and the stored names.

An alliance manager should be able to act on a finding without opening the graph, so every
sentence names people, committees and programs, and says how each link in the path holds
("sits on Oncology JSC, which governs ONC-7"). Both stores share this code: a store only finds,
this module only words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from graphmodel.model import Edge, Finding, Node
from graphmodel.store import GraphStore
from queries.engine import firewall_rule_key

__all__ = ["explain_all", "route_phrase"]

Names = dict[str, Node]
Links = dict[tuple[str, str], list[Edge]]


def _name(names: Names, nid: str) -> str:
    node = names.get(nid)
    return node.name if node and node.name else nid


_PAST = {
    "works on": "worked on",
    "sits on": "sat on",
    "which governs": "which governed",
    "which includes": "which included",
    "which is part of": "which was part of",
}


def _step(a: str, b: str, names: Names, links: Links, first: bool, past: bool = False) -> str:
    text = _step_now(a, b, names, links, first)
    if past:
        for now, then in _PAST.items():
            if text.startswith(now + " "):
                return then + text[len(now) :]
    return text


def _step_now(a: str, b: str, names: Names, links: Links, first: bool) -> str:
    """How ``a`` is linked to ``b``, phrased from a's point of view."""
    ta = names[a].type if a in names else ""
    tb = names[b].type if b in names else ""
    nb = _name(names, b)
    edges = links.get((a, b), [])
    types = {(e.type, e.source == a) for e in edges}
    if ta == "Person" and tb == "Program":
        return f"works on {nb}" if ("WORKS_ON", True) in types else f"would join {nb}"
    if ta == "Person" and tb == "Committee":
        return f"sits on {nb}"
    if ta == "Committee":
        return f"which governs {nb}"
    if ta == "Alliance" and tb == "Program":
        return f"which includes {nb}"
    if ta == "Program" and tb == "Alliance":
        return f"part of {nb}" if first else f"which is part of {nb}"
    if ta == "Person" and tb == "Person":
        if ("REPORTS_TO", True) in types:
            return f"reports to {nb}"
        if ("REPORTS_TO", False) in types:
            return f"manages {nb}"
        if ("INFLUENCES", True) in types:
            return f"influences {nb}"
        if ("INFLUENCES", False) in types:
            return f"is influenced by {nb}"
        return f"is linked to {nb}"
    if ta == "Person" and tb == "Company":
        return f"has an interest in {nb}"
    if ta == "Company" and tb == "Company":
        if ("SUBSIDIARY_OF", True) in types:
            return f"a subsidiary of {nb}"
        if ("SUBSIDIARY_OF", False) in types:
            return f"the parent of {nb}"
        if any(t == "COMPETES_WITH" for t, _ in types):
            return f"a competitor of {nb}"
        return f"linked to {nb}"
    if ta == "Company" and tb == "Alliance":
        return f"a party to {nb}"
    return f"linked to {nb}"


def route_phrase(route: Sequence[str], names: Names, links: Links, past: bool = False) -> str:
    """'sits on Oncology JSC, which governs ONC alliance, which includes ONC-7'."""
    parts = [_step(a, b, names, links, i == 0, past) for i, (a, b) in enumerate(pairwise(route))]
    return ", ".join(parts)


def _hop_phrase(path: Sequence[str], names: Names, links: Links, end: int) -> str:
    """Person hops p0 -> ... -> path[end], committee hops worded 'sits on C with Q'."""
    parts: list[str] = []
    i = 0
    while i < end:
        a, b = path[i], path[i + 1]
        if names.get(b) and names[b].type == "Committee":
            parts.append(f"sits on {_name(names, b)} with {_name(names, path[i + 2])}")
            i += 2
        else:
            parts.append(_step(a, b, names, links, False))
            i += 1
    return ", who ".join(parts)


def _sentence(f: Finding, names: Names, links: Links) -> str:
    n = lambda nid: _name(names, nid)  # noqa: E731
    person = n(f.person)
    if f.kind == "firewall_breach":
        a, b = f.firewall or ["", ""]
        reach_a = route_phrase(f.details.get("access_path", [f.person, a]), names, links)
        reach_b = route_phrase(f.path, names, links)
        return (
            f"{person} {reach_a}, and also {reach_b}; {n(a)} is firewalled from {n(b)}"
            f"{_reason(f)}, so nobody may have access to both."
        )
    if f.kind == "cooling_off":
        a, b = f.firewall or ["", ""]
        d = f.details
        return (
            f"{person} had access to {n(b)} until {d.get('last_access')} "
            f"({route_phrase(f.path, names, links, past=True)}); {n(b)} is firewalled from {n(a)}"
            f"{_reason(f)} with a {d.get('cooling_off_days')}-day cooling-off, so {person} "
            f"may not have access to {n(a)} before {d.get('cooling_off_until')}."
        )
    if f.kind == "indirect_exposure":
        a, b = f.firewall or ["", ""]
        q = str(f.details.get("through"))
        qi = f.path.index(q)
        hops = _hop_phrase(f.path, names, links, qi)
        q_route = route_phrase(f.path[qi:], names, links)
        return (
            f"{person} (on the {n(a)} side) {hops}, who {q_route}; {n(a)} is firewalled from "
            f"{n(b)}{_reason(f)}, so information could cross the wall within "
            f"{f.details.get('hops')} hop(s)."
        )
    if f.kind == "conflict_of_interest":
        d = f.details
        kinds = " and ".join(d.get("interests", []))
        chain = route_phrase(f.path[1:], names, links)
        rel = (
            "is a former employee of"
            if kinds == "former employee"
            else f"holds an interest ({kinds}) in"
        )
        return (
            f"{person} {rel} {n(f.path[1])}, {chain}, so {person} has a conflict of interest "
            f"in {n(str(d.get('alliance')))}."
        )
    return f"{person}: {f.kind}"


def _reason(f: Finding) -> str:
    reason = f.details.get("reason")
    return f" ({reason})" if reason else ""


def explain_all(store: GraphStore, findings: Iterable[Finding], as_of: str) -> list[Finding]:
    """Fill in ``explanation`` (and the firewall reason) for every finding, in place."""
    findings = list(findings)
    ids: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for f in findings:
        paths = [f.path, f.details.get("access_path") or []]
        for p in paths:
            ids.update(p)
            pairs.update(pairwise(p))
        ids.update(f.firewall or [])
        ids.add(f.person)
        if f.details.get("alliance"):
            ids.add(str(f.details["alliance"]))
    names = dict(store.existing_nodes(ids))
    fw_pairs = {tuple(f.firewall) for f in findings if f.firewall}
    links = store.edges_between(pairs | {(a, b) for a, b in fw_pairs})
    for f in findings:
        if f.firewall and "reason" not in f.details:
            reason = _firewall_reason(links.get((f.firewall[0], f.firewall[1]), []), as_of)
            if reason:
                f.details["reason"] = reason
        f.explanation = _sentence(f, names, links)
    return findings


def _firewall_reason(edges: list[Edge], as_of: str) -> str:
    """The reason of the firewall edge that rules (docs/rules.md): largest cooling-off, then
    earliest since, among the active FIREWALL edges of the pair."""
    live = [e for e in edges if e.type == "FIREWALL" and e.active(as_of)]
    if not live:
        return ""
    rule = min(live, key=firewall_rule_key)
    return str(rule.props.get("reason") or "")
