"""The JSC brief's download on the alliance page: the same document as ``allymap report``."""

from __future__ import annotations

import streamlit as st

from allymap.needtoknow import for_role
from allymap.pages.access import identity
from allymap.pages.common import md, record_download, safe_filename
from graphmodel.errors import AllymapError
from graphmodel.store import GraphStore


def brief_download(store: GraphStore, alliance: str, as_of: str) -> None:
    """Buttons to download the brief as HTML, and as PDF when Chromium is there to print it."""
    from allymap.brief import brief_html, chromium, html_to_pdf
    from queries.brief import brief

    st.subheader("Brief for the JSC", anchor=False)
    if not st.button("Prepare the brief", key="alliance_brief"):
        st.caption("Parties and governance, relationships, findings, changes, timeline and map.")
        return
    try:
        facts = brief(store, alliance, as_of)
        # need-to-know: a viewer's brief words conflicts of interest without the interest
        facts.findings = for_role(facts.findings, identity().role, facts.names)
        page = brief_html(facts)
    except AllymapError as exc:
        st.error(md(str(exc)))
        return
    name = f"allymap-brief-{safe_filename(alliance)}-{as_of}"
    a, b = st.columns(2)
    a.download_button(
        "Download the brief (HTML)",
        data=page,
        file_name=f"{name}.html",
        mime="text/html",
        key="alliance_brief_html",
        on_click=record_download,
        args=("alliance", f"{name}.html"),
    )
    if chromium() is None:
        b.caption("PDF: Chromium is not installed here; print the HTML from your browser.")
        return
    try:
        pdf = html_to_pdf(page)
    except AllymapError as exc:
        b.caption(md(str(exc)))
        return
    b.download_button(
        "Download the brief (PDF)",
        data=pdf,
        file_name=f"{name}.pdf",
        mime="application/pdf",
        key="alliance_brief_pdf",
        on_click=record_download,
        args=("alliance", f"{name}.pdf"),
    )
