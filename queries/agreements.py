"""What the app's Agreements page shows: one agreement's parties, covered work, restricted
targets and obligations; one target's programs, the agreements restricting it and the
firewalls between those programs (DOMAIN.md, "Agreements, targets and obligations").

Every relationship is listed with its dates and its state on the day (in force, ended, not
started), because an alliance manager reads a contract's history, not only its present; the
findings come from the scan, so the page says exactly what ``conflicts`` says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphmodel.finders import Finders
from graphmodel.model import Edge, Node
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    ADDRESSES,
    AGREEMENT,
    COVERS,
    FIREWALL,
    OBLIGATION_DUE,
    OWNED_BY,
    PART_OF,
    RESTRICTS,
    SIGNED,
    TARGET,
    UNDER,
)
from queries.rules.finding import Finding
from queries.staffing import require

__all__ = ["AgreementView", "TargetView", "agreement_view", "state", "target_view"]

AGREEMENT_TYPES = (SIGNED, COVERS, RESTRICTS, UNDER)


def state(e: Edge, t: str) -> str:
    """An edge's state on day t, in words."""
    if e.until and e.until < t:
        return "ended"
    if e.since and e.since > t:
        return "not started"
    return "in force"


@dataclass(slots=True)
class AgreementView:
    """One agreement on day t: its SIGNED, COVERS and RESTRICTS edges (any date), its
    obligations (nodes, with the owner on t) and the nodes they name."""

    agreement: Node
    as_of: str
    signed: list[Edge] = field(default_factory=list)
    covers: list[Edge] = field(default_factory=list)
    restricts: list[Edge] = field(default_factory=list)
    obligations: list[tuple[Node, str | None]] = field(default_factory=list)
    names: dict[str, Node] = field(default_factory=dict)

    @property
    def in_force(self) -> bool:
        return any(state(e, self.as_of) == "in force" for e in self.signed)


def agreement_view(store: GraphStore, agreement: str, as_of: str) -> AgreementView:
    """The agreement ``agreement`` as of ``as_of`` (NotFound when it is not an agreement)."""
    require(store, [agreement], AGREEMENT, "agreement")
    edges = store.read(lambda f: f.edges(AGREEMENT_TYPES, None, touching={agreement}))
    obligation_ids = sorted({e.source for e in edges if e.type == UNDER})
    owners = (
        store.read(lambda f: f.edges((OWNED_BY,), as_of, touching=set(obligation_ids)))
        if obligation_ids
        else []
    )
    owner: dict[str, str] = {}
    for e in owners:
        if e.source not in owner or e.target < owner[e.source]:
            owner[e.source] = e.target
    ids = {agreement, *owner.values()} | {x for e in edges for x in (e.source, e.target)}
    names = dict(store.existing_nodes(ids))
    view = AgreementView(names[agreement], as_of, names=names)
    for e in sorted(edges, key=lambda e: (e.type, e.source, e.target, e.since)):
        if e.type == SIGNED:
            view.signed.append(e)
        elif e.type == COVERS:
            view.covers.append(e)
        elif e.type == RESTRICTS:
            view.restricts.append(e)
    obligations = [names[o] for o in obligation_ids if o in names]
    obligations.sort(key=lambda n: (str(n.props.get(OBLIGATION_DUE) or ""), n.id))
    view.obligations = [(n, owner.get(n.id)) for n in obligations]
    return view


@dataclass(slots=True)
class TargetView:
    """One target on day t: the programs ADDRESSING it and their alliances, the agreements
    RESTRICTING it, the firewalls among those programs and alliances (all active on t), and
    the findings of the scan that run through it."""

    target: Node
    as_of: str
    addresses: list[Edge] = field(default_factory=list)
    part_of: list[Edge] = field(default_factory=list)
    restricts: list[Edge] = field(default_factory=list)
    firewalls: list[Edge] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    names: dict[str, Node] = field(default_factory=dict)

    def paths(self) -> list[list[str]]:
        """The pieces of the target's small map: program - target, agreement - target,
        program - alliance, firewall ends."""
        pieces = [[e.source, e.target] for e in (*self.addresses, *self.restricts)]
        pieces += [[e.source, e.target] for e in (*self.part_of, *self.firewalls)]
        return pieces


def target_view(store: GraphStore, target: str, as_of: str, findings: list[Finding]) -> TargetView:
    """The target ``target`` as of ``as_of``; ``findings`` are the day's scan (those about the
    target are kept)."""
    require(store, [target], TARGET, "target")

    def read(f: Finders) -> tuple[list[Edge], list[Edge], list[Edge]]:
        around = f.edges((ADDRESSES, RESTRICTS), as_of, touching={target})
        programs = {e.source for e in around if e.type == ADDRESSES}
        parts = f.edges((PART_OF,), as_of, touching=programs) if programs else []
        parts = [e for e in parts if e.source in programs]
        sides = programs | {e.target for e in parts}
        walls = [
            e
            for e in f.edges((FIREWALL,), as_of)
            if e.source in sides and e.target in sides and e.source != e.target
        ]
        return around, parts, walls

    around, parts, walls = store.read(read)
    view = TargetView(store.existing_nodes([target])[target], as_of)
    view.addresses = sorted((e for e in around if e.type == ADDRESSES), key=lambda e: e.source)
    view.restricts = sorted((e for e in around if e.type == RESTRICTS), key=lambda e: e.source)
    view.part_of = sorted(parts, key=lambda e: (e.source, e.target))
    view.firewalls = sorted(walls, key=lambda e: (e.source, e.target))
    view.findings = [
        f for f in findings if f.person is None and len(f.path) == 3 and f.path[1] == target
    ]
    ids = {x for piece in view.paths() for x in piece} | {target}
    view.names = dict(store.existing_nodes(ids))
    return view
