"""Decisions on findings: what compliance decided about one finding (DOMAIN.md, "Decisions on
findings"), a stored record of its own next to nodes and edges.

A finding is identified by its kind, its person and its subject (two node ids, unordered); a
decision names one such identity and is itself identified by that identity and its ``since``.
What each kind's identity is made of is declared once, here, in :data:`FINDING_KINDS` (the
rule modules declare the same kinds and a test checks they agree): whether the kind blocks
(only blocking findings may be ``waived``, only review findings ``accepted``), whether it has a
person, and the node types of its subject. A new kind only adds its line.

Decisions are imported like everything else (``loaders/decisions.py``, or ``allymap decide``),
planned against the store with the nodes and edges of the same import, written in the same
transaction, and read back through :meth:`graphmodel.finders.Finders.decisions`.

>>> d = Decision("cooling_off", "p7", ("P2", "P1"), "waived", "legal", "ok", "", "2027-01-31")
>>> d.subject, d.key
(('P1', 'P2'), ('cooling_off', 'p7', 'P1', 'P2', ''))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from graphmodel.errors import shown
from graphmodel.model import active
from graphmodel.vocabulary import AGREEMENT, ALLIANCE, COMPANY, PERSON, PROGRAM

__all__ = [
    "ACCEPTED",
    "DECISIONS",
    "FINDING_KINDS",
    "WAIVED",
    "Decision",
    "DecisionKey",
    "FindingKind",
    "Identity",
    "latest",
    "problems",
]

WAIVED = "waived"
ACCEPTED = "accepted"
DECISIONS = (WAIVED, ACCEPTED)

Identity = tuple[str, str, str, str]
"""(kind, person, a, b) with a <= b: a finding's identity ("" for a kind without a person)."""
DecisionKey = tuple[str, str, str, str, str]
"""(kind, person, a, b, since): a decision's identity."""


class FindingKind(NamedTuple):
    """What identifies a finding of one kind: its severity, whether it has a person, and the
    node types each of its two subject ids may have (in the order its ``subject`` lists them)."""

    blocks: bool
    person: bool
    subject: tuple[tuple[str, ...], tuple[str, ...]]


_SIDES = (PROGRAM, ALLIANCE)
FINDING_KINDS: dict[str, FindingKind] = {
    "firewall_breach": FindingKind(True, True, (_SIDES, _SIDES)),
    "cooling_off": FindingKind(True, True, (_SIDES, _SIDES)),
    "indirect_exposure": FindingKind(False, True, (_SIDES, _SIDES)),
    "conflict_of_interest": FindingKind(False, True, ((ALLIANCE,), (COMPANY,))),
    "contract_conflict": FindingKind(False, False, ((AGREEMENT,), (PROGRAM,))),
    "missing_firewall": FindingKind(False, False, ((PROGRAM,), (PROGRAM,))),
}
"""Every kind of finding a decision may name."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision. ``subject`` is kept sorted; ``recorded_at`` (UTC, ISO seconds) and
    ``recorded_by`` say when and by whom it was stored (the OS user of the CLI, the signed-in
    user of the app), and change only when the decision does."""

    kind: str
    person: str
    subject: tuple[str, str]
    decision: str
    decided_by: str
    reason: str
    since: str
    until: str
    recorded_at: str = ""
    recorded_by: str = ""

    def __post_init__(self) -> None:
        a, b = self.subject
        if b < a:
            object.__setattr__(self, "subject", (b, a))

    @property
    def identity(self) -> Identity:
        return (self.kind, self.person, *self.subject)

    @property
    def key(self) -> DecisionKey:
        return (self.kind, self.person, *self.subject, self.since)

    def active(self, t: str) -> bool:
        return active(self.since, self.until, t)

    def same_content(self, other: Decision) -> bool:
        """Whether a re-import of ``other`` changes nothing of this stored decision."""
        return (other.decision, other.decided_by, other.reason, other.until) == (
            self.decision,
            self.decided_by,
            self.reason,
            self.until,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "decided_by": self.decided_by,
            "reason": self.reason,
            "since": self.since or None,
            "until": self.until or None,
            "recorded_at": self.recorded_at or None,
            "recorded_by": self.recorded_by or None,
        }

    def row(self) -> tuple[str, ...]:
        """The stored fields, in :data:`FIELDS` order (both stores keep exactly these)."""
        return (
            self.kind,
            self.person,
            self.subject[0],
            self.subject[1],
            self.since,
            self.decision,
            self.decided_by,
            self.reason,
            self.until,
            self.recorded_at,
            self.recorded_by,
        )

    @classmethod
    def from_row(cls, row: Iterable[Any]) -> Decision:
        kind, person, a, b, since, decision, by, reason, until, at, who = (
            str(x or "") for x in row
        )
        return cls(kind, person, (a, b), decision, by, reason, since, until, at, who)


FIELDS = (
    "kind",
    "person",
    "a",
    "b",
    "since",
    "decision",
    "decided_by",
    "reason",
    "until",
    "recorded_at",
    "recorded_by",
)
"""The stored fields of a decision (:meth:`Decision.row`)."""


def problems(d: Decision, type_of: Callable[[str], str | None]) -> list[tuple[str, str]]:
    """(field, what is wrong) for a decision that cannot be stored: an unknown kind, a decision
    the kind does not take (waived only for blocking kinds, with an ``until``; accepted only for
    review kinds), ``until`` before ``since``, empty ``decided_by`` or ``reason``, and ids that
    name no stored node, or one of the wrong type. ``type_of`` gives a node's type, or None."""
    out: list[tuple[str, str]] = []
    spec = FINDING_KINDS.get(d.kind)
    if spec is None:
        out.append(
            ("kind", f"{shown(d.kind)} is not a kind of finding ({', '.join(FINDING_KINDS)})")
        )
        return out
    if d.decision not in DECISIONS:
        out.append(("decision", f"{shown(d.decision)} is not a decision (waived or accepted)"))
    elif d.decision == WAIVED and not spec.blocks:
        out.append(("decision", f"{d.kind} does not block: it can be accepted, not waived"))
    elif d.decision == ACCEPTED and spec.blocks:
        out.append(("decision", f"{d.kind} blocks: it can be waived (until a date), not accepted"))
    if d.decision == WAIVED and not d.until:
        out.append(("until", "a waiver needs an until date"))
    if d.until and d.since and d.until < d.since:
        out.append(("until", f"until {d.until} is before since {d.since}"))
    for name, value in (("decided_by", d.decided_by), ("reason", d.reason)):
        if not value.strip():
            out.append((name, f"{name} is required"))
    if spec.person:
        kind = type_of(d.person) if d.person else None
        if not d.person:
            out.append(("person", f"{d.kind} is about a person: name them"))
        elif kind != PERSON:
            out.append(("person", _wrong(d.person, kind, (PERSON,))))
    elif d.person:
        out.append(("person", f"{d.kind} has no person: leave it empty"))
    a, b = d.subject
    if a == b:
        out.append(("other", "the subject needs two different ids"))
        return out
    first, second = spec.subject
    ta, tb = type_of(a), type_of(b)
    if not (ta in first and tb in second) and not (tb in first and ta in second):
        wanted = f"a {'/'.join(first)} and a {'/'.join(second)}"
        for nid, kind in ((a, ta), (b, tb)):
            if kind is None:
                out.append(("subject", f"{shown(nid)} is not a known node"))
        if ta is not None and tb is not None:
            out.append(("subject", f"{d.kind} is about {wanted}, not a {ta} and a {tb}"))
    return out


def _wrong(nid: str, kind: str | None, wanted: tuple[str, ...]) -> str:
    if kind is None:
        return f"{shown(nid)} is not a known node"
    return f"{shown(nid)} is a {kind}, not a {' or '.join(wanted)}"


def latest(decisions: Iterable[Decision], t: str) -> dict[Identity, Decision]:
    """identity -> the decision that counts on t: of those active on t, the latest ``since``."""
    out: dict[Identity, Decision] = {}
    for d in decisions:
        if d.active(t):
            have = out.get(d.identity)
            if have is None or d.since > have.since:
                out[d.identity] = d
    return out
