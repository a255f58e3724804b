"""What a rule reports: a :class:`Finding` of a declared :class:`Kind`.

Every rule module declares the kinds it reports and whether each blocks a staffing or asks for
review (``KINDS``); ``queries.rules.BLOCKING_KINDS`` is derived from those declarations and a
finding's severity comes from its kind, so "which findings block" is written in one place per
rule. ``decision``/``subject`` and other keys a later rule needs go here too.

>>> kind = Kind("firewall_breach", blocks=True)
>>> kind.finding("p7", ["p7", "P2"], firewall=["P1", "P2"]).to_json()["severity"]
'blocks'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Finding", "Kind", "dedupe"]


@dataclass(slots=True)
class Finding:
    """One problem a rule found, with the path that proves it and a sentence that explains it.

    ``firewall`` is ``[A, B]``: A is the side the person is on (in a staffing check, the program
    or its alliance), B the side the path leads to. ``details`` holds rule-specific facts
    (alliance, company, interests, last_access, hops, the firewall's reason...) that are also
    emitted in JSON. ``blocks`` is the kind's severity (:class:`Kind`)."""

    kind: str
    person: str
    path: list[str]
    firewall: list[str] | None = None
    explanation: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    blocks: bool = False

    def sort_key(self) -> tuple[Any, ...]:
        return (self.person, self.kind, self.firewall or [], self.path)

    def identity(self) -> tuple[Any, ...]:
        return (self.kind, self.person, tuple(self.firewall or ()), tuple(self.path))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "person": self.person}
        if self.firewall is not None:
            out["firewall"] = list(self.firewall)
        out["path"] = list(self.path)
        out["severity"] = "blocks" if self.blocks else "review"
        out["explanation"] = self.explanation
        out.update(self.details)
        return out


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of finding, as the rule module that reports it declares it."""

    name: str
    blocks: bool
    """True: the finding blocks a staffing (status ``blocked``, exit 1); False: review."""

    def finding(
        self,
        person: str,
        path: list[str],
        firewall: list[str] | None = None,
        details: dict[str, Any] | None = None,
    ) -> Finding:
        return Finding(self.name, person, path, firewall, "", details or {}, self.blocks)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """The first finding of each identity (:meth:`Finding.identity`), sorted as
    docs/rules.md orders them: by (person, kind, firewall, path)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        ident = f.identity()
        if ident not in seen:
            seen.add(ident)
            out.append(f)
    out.sort(key=Finding.sort_key)
    return out
