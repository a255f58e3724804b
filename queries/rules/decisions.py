"""Which decision counts for a finding (DOMAIN.md, "Decisions on findings").

A decision names a finding's identity (kind, person, subject pair); on day t the one that
counts is the active decision on that identity with the latest ``since``
(:func:`graphmodel.decisions.latest`). A decision never changes whether a finding holds: it is
attached to the finding, which then no longer counts toward a status or the exit code
(:attr:`~queries.rules.finding.Finding.blocking`), and comes back when the decision expires.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphmodel.decisions import Decision, latest
from graphmodel.finders import Finders
from queries.rules.finding import Finding

__all__ = ["apply", "decide"]


def apply(findings: Iterable[Finding], decisions: Iterable[Decision], t: str) -> None:
    """Attach to each finding the decision that counts for it on t (or None)."""
    counting = latest(decisions, t)
    for f in findings:
        f.decision = counting.get(f.identity)


def decide(finders: Finders, findings: list[Finding], t: str) -> list[Finding]:
    """``findings`` with the stored decisions of day t applied (one read of the decisions)."""
    if findings:
        apply(findings, finders.decisions(t), t)
    return findings
