"""Conflicts: the whole portfolio scanned for firewall breaches, cooling-off periods and
conflicts of interest (and, on request, indirect exposure), as a filterable table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from allymap.downloads import to_safe_csv
from allymap.pages.common import cached_scan, date_picker, get_store
from graphmodel.model import Finding

COLUMNS = ["Severity", "Kind", "Person", "Firewall", "Explanation", "Path"]


def finding_rows(findings: list[Finding], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Findings as table rows with names instead of ids (ids stay out of sight)."""
    n = lambda i: names.get(i, i)  # noqa: E731
    return [
        {
            "Severity": "blocks" if f.blocks else "review",
            "Kind": f.kind.replace("_", " "),
            "Person": n(f.person),
            "Firewall": " | ".join(n(x) for x in f.firewall) if f.firewall else "",
            "Explanation": f.explanation,
            "Path": " → ".join(n(x) for x in f.path),
        }
        for f in findings
    ]


def render() -> None:
    st.title("Conflicts")
    st.caption(
        "Every current firewall breach, cooling-off period and conflict of interest in the "
        "portfolio. Blocking findings first."
    )
    store = get_store()
    left, right = st.columns(2)
    with left:
        as_of = date_picker("As of", key="conf_as_of")
    with right:
        indirect = st.checkbox(
            "Also look for indirect exposure (slower)", key="conf_indirect", value=False
        )
        hops = (
            int(
                st.number_input(
                    "Steps between people", min_value=1, max_value=4, value=2, key="conf_hops"
                )
            )
            if indirect
            else None
        )
    findings = cached_scan(as_of, hops)
    ids = {i for f in findings for i in [f.person, *f.path, *(f.firewall or [])]}
    names = {nid: node.name for nid, node in store.existing_nodes(ids).items()}
    rows = finding_rows(findings, names)
    rows.sort(key=lambda r: (r["Severity"] != "blocks", r["Kind"], r["Person"]))

    blocking = sum(1 for r in rows if r["Severity"] == "blocks")
    a, b, c = st.columns(3)
    a.metric("Findings", len(rows))
    b.metric("Blocking", blocking)
    c.metric("To review", len(rows) - blocking)
    if not rows:
        st.success(f"Nothing found on {as_of}.")
        return

    f1, f2, f3 = st.columns(3)
    kinds = sorted({r["Kind"] for r in rows})
    with f1:
        pick_kinds = st.multiselect("Kind", kinds, default=kinds, key="conf_kinds")
    with f2:
        severity = st.multiselect(
            "Severity", ["blocks", "review"], default=["blocks", "review"], key="conf_sev"
        )
    with f3:
        who = st.text_input("Person name contains", key="conf_who")
    shown = [
        r
        for r in rows
        if r["Kind"] in pick_kinds
        and r["Severity"] in severity
        and who.strip().lower() in r["Person"].lower()
    ]
    st.caption(f"Showing {len(shown)} of {len(rows)} findings.")
    st.dataframe(
        shown,
        hide_index=True,
        column_order=COLUMNS,
        column_config={"Explanation": st.column_config.TextColumn(width="large")},
    )
    st.download_button(
        "Download these findings (CSV)",
        data=to_safe_csv(shown, columns=COLUMNS),
        file_name=f"allymap-conflicts-{as_of}.csv",
        mime="text/csv",
        key="conf_dl",
        on_click="ignore",
    )


if __name__ == "__main__":
    render()
