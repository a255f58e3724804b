"""The "decide" action on a finding (conflicts page, staffing results): compliance records a
waiver (blocking findings, until a date) or an acceptance (review findings) with who decided,
why and from when, kept with the acting user and the time (DOMAIN.md, "Decisions on
findings"). The decision goes through the same checks and write as ``allymap decide``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from allymap.pages.access import identity
from allymap.pages.common import acting_user, clear_cached_answers, get_store, md, record
from allymap.signin import ADMIN, at_least
from graphmodel.decisions import ACCEPTED, WAIVED, Decision
from graphmodel.errors import AllymapError, ImportRejected
from queries.decisions import record_decision
from queries.rules.finding import Finding


def decision_text(f: Finding) -> str:
    """'Waived by Legal until 2026-12-31: approved transfer' (plain text; show through md)."""
    d = f.decision
    if d is None:
        return ""
    until = f" until {d.until}" if d.until else ""
    return f"{d.decision.capitalize()} by {d.decided_by} from {d.since}{until}: {d.reason}"


def decide_form(
    f: Finding, as_of: str, key: str, on_done: Callable[[], None] | None = None
) -> None:
    """A "Decide" expander with the form for one finding; on success the app's cached answers
    are dropped and ``on_done`` runs (the staffing page checks again)."""
    blocks = f.blocks
    label = "Waive" if blocks else "Accept"
    if not at_least(identity().role, ADMIN):  # decisions are an admin's (docs/deployment.md)
        return
    with st.expander(f"Decide: {label.lower()} this finding", expanded=False):
        with st.form(key=f"decide_{key}", clear_on_submit=False):
            by = st.text_input("Decided by", key=f"decide_{key}_by", placeholder="e.g. Legal")
            reason = st.text_area("Reason", key=f"decide_{key}_reason")
            start = dt.date.fromisoformat(as_of)
            since = st.date_input(
                "From", value=start, key=f"decide_{key}_since", format="YYYY-MM-DD"
            )
            until = st.date_input(
                "Until" + (" (required)" if blocks else " (optional)"),
                value=start + dt.timedelta(days=90) if blocks else None,
                key=f"decide_{key}_until",
                format="YYYY-MM-DD",
            )
            go = st.form_submit_button(label, type="primary")
        if not go:
            return
        decision = Decision(
            f.kind,
            f.person or "",
            f.subject,
            WAIVED if blocks else ACCEPTED,
            by.strip(),
            reason.strip(),
            since.isoformat() if isinstance(since, dt.date) else as_of,
            until.isoformat() if isinstance(until, dt.date) else "",
        )
        if not at_least(identity().role, ADMIN):  # the role may have been taken away meanwhile
            st.error("Only an admin may record decisions.")
            return
        try:
            record_decision(get_store(), decision, recorder=acting_user())
        except ImportRejected as err:
            st.error(md("; ".join(f"{p.column}: {p.reason}" for p in err.problems)))
            return
        except AllymapError as err:
            st.error(md(str(err)))
            return
        record(
            "decision",
            {
                "kind": decision.kind,
                "person": decision.person,
                "subject": list(decision.subject),
                "decision": decision.decision,
                "decided_by": decision.decided_by,
                "since": decision.since,
                "until": decision.until,
            },
        )
        clear_cached_answers()
        if on_done is not None:
            on_done()
        st.rerun()
