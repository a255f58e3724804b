"""What a rule reports: a :class:`Finding` of a declared :class:`Kind`.

Every rule module declares the kinds it reports and whether each blocks a staffing or asks for
review (``KINDS``); ``queries.rules.BLOCKING_KINDS`` is derived from those declarations and a
finding's severity comes from its kind, so "which findings block" is written in one place per
rule. Every finding also has its ``subject`` (the two ids DOMAIN.md names: firewall sides
sorted, alliance then company) and the ``decision`` that counts for it, if any
(:mod:`queries.rules.decisions`): together with kind and person the subject is the finding's
identity, which decisions name.

>>> kind = Kind("firewall_breach", blocks=True)
>>> kind.finding("p7", ["p7", "P2"], firewall=["P1", "P2"]).to_json()["severity"]
'blocks'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphmodel.decisions import Decision, Identity

__all__ = ["Finding", "Kind", "dedupe"]


@dataclass(slots=True)
class Finding:
    """One problem a rule found, with the path that proves it and a sentence that explains it.

    ``firewall`` is ``[A, B]``: A is the side the person is on (in a staffing check, the program
    or its alliance), B the side the path leads to. ``details`` holds rule-specific facts
    (alliance, company, interests, last_access, hops, the firewall's reason...) that are also
    emitted in JSON. ``blocks`` is the kind's severity (:class:`Kind`)."""

    kind: str
    person: str | None
    """None for the findings about agreements and programs (contract_conflict,
    missing_firewall), which are about no one."""
    path: list[str]
    firewall: list[str] | None = None
    explanation: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    blocks: bool = False
    subject: tuple[str, str] = ("", "")
    """The two ids of what the finding is about, in the order DOMAIN.md shows them."""
    decision: Decision | None = None
    """The active decision on t that matches this finding's identity (set by the check)."""
    starts: str | None = None
    """For ``conflicts --ahead``: the first day it holds."""

    @property
    def open(self) -> bool:
        """No decision counts for it: it counts toward status and exit code."""
        return self.decision is None

    @property
    def blocking(self) -> bool:
        """It blocks and no decision waives it: what makes a candidate blocked, and exit 1."""
        return self.blocks and self.decision is None

    def sort_key(self) -> tuple[Any, ...]:
        return (self.person or "", self.kind, self.firewall or [], self.path)

    def dedupe_key(self) -> tuple[Any, ...]:
        return (self.kind, self.person, tuple(self.firewall or ()), tuple(self.path))

    @property
    def identity(self) -> Identity:
        """(kind, person, subject ids sorted): what a decision names (DOMAIN.md)."""
        a, b = sorted(self.subject)
        return (self.kind, self.person or "", a, b)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "person": self.person}
        if self.firewall is not None:
            out["firewall"] = list(self.firewall)
        out["path"] = list(self.path)
        out["severity"] = "blocks" if self.blocks else "review"
        out["explanation"] = self.explanation
        out.update(self.details)
        out["subject"] = list(self.subject)
        out["decision"] = self.decision.to_json() if self.decision is not None else None
        if self.starts is not None:
            out["starts"] = self.starts
        return out


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of finding, as the rule module that reports it declares it."""

    name: str
    blocks: bool
    """True: the finding blocks a staffing (status ``blocked``, exit 1); False: review."""

    def finding(
        self,
        person: str | None,
        path: list[str],
        firewall: list[str] | None = None,
        details: dict[str, Any] | None = None,
        subject: tuple[str, str] | None = None,
    ) -> Finding:
        """A finding of this kind; its subject is the firewall's sides, sorted, unless given."""
        if subject is None:
            a, b = sorted(firewall or ("", ""))
            subject = (a, b)
        return Finding(self.name, person, path, firewall, "", details or {}, self.blocks, subject)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """The first finding of each :meth:`Finding.dedupe_key`, sorted as
    docs/rules.md orders them: by (person, kind, firewall, path)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        ident = f.dedupe_key()
        if ident not in seen:
            seen.add(ident)
            out.append(f)
    out.sort(key=Finding.sort_key)
    return out
