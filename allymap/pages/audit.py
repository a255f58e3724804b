"""Audit trail (admins): every recorded view, check, import, decision, download and sign-in,
filterable, with the hash chain verified and the entries exported as CSV. Read-only: the app
has no way to change or remove an entry."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from allymap.audittrail import COLUMNS, to_csv, to_rows
from allymap.pages.common import get_store, md, record_download, table
from graphmodel.audit import select, verify


def render() -> None:
    st.title("Audit trail")
    st.caption(
        "Who looked at what, checked whom, imported which files and downloaded what, and when "
        "(UTC). Entries are chained by hash, so an edited or removed entry is detected below."
    )
    store = get_store(need_data=False)
    entries, head = store.audit_log()
    problem = verify(entries, head)
    if problem is None:
        st.success(f"The audit trail is intact: {len(entries)} entries.")
    else:
        st.error(md(f"The audit trail was tampered with: {problem}."))
    left, middle, right = st.columns(3)
    with left:
        since = st.date_input("Since", value=None, key="audit_since", format="YYYY-MM-DD")
    with middle:
        users = sorted({e.user for e in entries})
        user = st.selectbox("User", ["(everyone)", *users], key="audit_user")
    with right:
        actions = sorted({e.action for e in entries})
        chosen = st.multiselect("Actions", actions, default=actions, key="audit_actions")
    shown = select(
        entries,
        since.isoformat() if isinstance(since, dt.date) else None,
        None if user == "(everyone)" else user,
    )
    shown = [e for e in shown if e.action in chosen]
    st.caption(f"Showing {len(shown)} of {len(entries)} entries, newest first.")
    table(list(reversed(to_rows(shown))), columns=COLUMNS)
    name = f"allymap-audit-{dt.date.today().isoformat()}.csv"
    st.download_button(
        "Download these entries (CSV)",
        data=to_csv(shown),
        file_name=name,
        mime="text/csv",
        key="audit_dl",
        on_click=record_download,
        args=("audit", name, len(shown)),
    )


if __name__ == "__main__":
    render()
