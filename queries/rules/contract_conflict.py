"""Rule 5, contract_conflict (review): work on one project that breaks another contract
(docs/rules.md, "5. contract_conflict"; DOMAIN.md, "Agreements, targets and obligations").

On day t an agreement G is in force through its active SIGNED edges. G restricts target T
(an active RESTRICTS, exclusive or non-compete: both restrict), a company S signed G, a program
X addresses T and is PART_OF alliance Y, a company of group(S) is PARTY_TO Y, and G COVERS
neither X nor Y: then the work on X may break G. Unless another agreement in force COVERS X or
Y and was signed, for each of G's signatories, by a company of that signatory's group (they all
agreed to that work). One finding per (G, X), with no person; subject G and X; path
[X, T, G] with T the smallest such target id (then the smallest alliance, signatory and party,
for the facts the explanation quotes).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphmodel.finders import Finders
from graphmodel.vocabulary import ADDRESSES, COVERS, RESTRICTS, RESTRICTS_KIND, SIGNED
from queries.rules.finding import Finding, Kind
from queries.rules.work import Work, by_end, work

__all__ = ["CONTRACT_CONFLICT", "KINDS", "TYPES", "findings"]

CONTRACT_CONFLICT = Kind("contract_conflict", blocks=False)
KINDS = (CONTRACT_CONFLICT,)
TYPES = (SIGNED, COVERS, RESTRICTS, ADDRESSES)
"""The agreement edge types the rule asks the store for (``Finders.edges``)."""


def findings(finders: Finders, t: str) -> Iterator[Finding]:
    """Every contract_conflict on t."""
    restricts: dict[str, dict[str, set[str]]] = {}  # agreement -> target -> kinds
    for e in finders.edges((RESTRICTS,), t):
        kind = str(e.props.get(RESTRICTS_KIND) or "")
        restricts.setdefault(e.source, {}).setdefault(e.target, set()).update(
            [kind] if kind else []
        )
    if not restricts:
        return
    signed = by_end(finders.edges((SIGNED,), t), forward=False)  # agreement -> signatories
    restricts = {g: ts for g, ts in restricts.items() if signed.get(g)}
    targets = {tg for ts in restricts.values() for tg in ts}
    if not targets:
        return
    addressing = by_end(finders.edges((ADDRESSES,), t, touching=targets), forward=False)
    programs = {x for tg in targets for x in addressing.get(tg, ())}
    if not programs:
        return
    signatories = {s for g in restricts for s in signed[g]}
    w = work(finders, programs, t, signatories | {s for ss in signed.values() for s in ss})
    covered = by_end(finders.edges((COVERS,), t))  # agreement -> work it covers
    covering: dict[str, set[str]] = {}  # work -> agreements in force covering it
    for g, works in covered.items():
        if signed.get(g):
            for x in works:
                covering.setdefault(x, set()).add(g)
    for g in sorted(restricts):
        for x in sorted({x for tg in restricts[g] for x in addressing.get(tg, ())}):
            hit = _first(g, x, restricts[g], addressing, signed, covered, covering, w)
            if hit is not None:
                tg, y, s, c = hit
                yield CONTRACT_CONFLICT.finding(
                    None,
                    [x, tg, g],
                    subject=(g, x),
                    details={
                        "agreement": g,
                        "program": x,
                        "target": tg,
                        "restriction": sorted(restricts[g][tg]),
                        "alliance": y,
                        "signatory": s,
                        "party": c,
                        "partners": sorted(w.parties.get(y, set()) - w.group_of(s)),
                    },
                )


def _first(
    g: str,
    x: str,
    targets: dict[str, set[str]],
    addressing: dict[str, set[str]],
    signed: dict[str, set[str]],
    covered: dict[str, set[str]],
    covering: dict[str, set[str]],
    w: Work,
) -> tuple[str, str, str, str] | None:
    """(T, Y, S, c) of the finding for (G, X), the smallest of each in that order, or None."""
    mine = covered.get(g, set())
    if x in mine:
        return None
    for tg in sorted(t for t in targets if x in addressing.get(t, ())):
        for y in sorted(w.alliances.get(x, ())):
            if y in mine:
                continue
            if _agreed(g, x, y, signed, covering, w):
                continue
            for s in sorted(signed[g]):
                party = sorted(w.parties.get(y, set()) & w.group_of(s))
                if party:
                    return tg, y, s, party[0]
    return None


def _agreed(
    g: str, x: str, y: str, signed: dict[str, set[str]], covering: dict[str, set[str]], w: Work
) -> bool:
    """Whether another agreement in force covering X or Y was signed, for each of G's
    signatories, by a company of that signatory's group."""
    others = (covering.get(x, set()) | covering.get(y, set())) - {g}
    return any(all(signed[h] & w.group_of(s) for s in signed[g]) for h in others)
