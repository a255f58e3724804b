"""Recording a decision on a finding (``allymap decide``, the app's "decide" action).

A decision made here goes through the same plan as an imported decisions file
(:func:`graphmodel.batch.plan_import`): the same checks (kind and decision compatible, a
waiver has an ``until``, the nodes named exist with the right types), the same identity (kind,
person, subject pair, since: deciding again on the same day updates the decision) and the
same all-or-nothing write. Without ``since`` the decision starts on the day it is made.
"""

from __future__ import annotations

from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.decisions import Decision
from graphmodel.model import today
from graphmodel.store import GraphStore

__all__ = ["ORIGIN", "decisions_on", "record_decision"]

ORIGIN = "decide"
"""What a refused decision's problems are reported as coming from (no file)."""


def record_decision(
    store: GraphStore, decision: Decision, recorder: str = "", day: str | None = None
) -> ImportPlan:
    """Store ``decision`` (``since`` empty: ``day``, default today), recorded by ``recorder``
    (the app's acting user; empty: the OS user); raises ImportRejected saying what is wrong."""
    if not decision.since:
        d = decision
        decision = Decision(
            d.kind,
            d.person,
            d.subject,
            d.decision,
            d.decided_by,
            d.reason,
            day or today(),
            d.until,
        )
    batch = ImportBatch(recorder=recorder)
    batch.decisions[decision.key] = decision
    batch.decision_origin[decision.key] = (ORIGIN, 0)
    return store.apply(batch)


def decisions_on(store: GraphStore, t: str) -> list[Decision]:
    """The decisions active on t (the conflicts page lists them, whether or not their finding
    holds: a waiver granted ahead of a move has no finding in the graph yet)."""
    return store.read(lambda f: f.decisions(t), "reading decisions")
