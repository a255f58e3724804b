"""Conflicts: the whole portfolio scanned for firewall breaches, cooling-off periods and
conflicts of interest (and, on request, indirect exposure), as a filterable table.

The filters only ever hide what the user chose to hide. The kinds offered change with the
data, the date and the indirect-exposure box, so the kind filter remembers the kinds the user
*removed*, never a list of kinds to show: a kind that appears later is shown, and the caption
says how many findings the filters hide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from allymap.downloads import to_safe_csv
from allymap.pages.common import (
    cached_scan,
    date_picker,
    fold,
    get_store,
    md,
    record_download,
    table,
)
from graphmodel.vocabulary import PERSON
from queries.rules.finding import Finding

COLUMNS = ["Severity", "Kind", PERSON, "Firewall", "Explanation", "Path"]
SEVERITIES = ["blocks", "review"]
KINDS_KEY, HIDDEN_KEY = "conf_kinds", "conf_kinds_hidden"


def finding_rows(findings: list[Finding], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Findings as table rows with names instead of ids (ids stay out of sight)."""
    n = lambda i: names.get(i, i) if i else ""  # noqa: E731
    return [
        {
            "Severity": "blocks" if f.blocks else "review",
            "Kind": f.kind.replace("_", " "),
            PERSON: n(f.person),
            "Firewall": " | ".join(n(x) for x in f.firewall) if f.firewall else "",
            "Explanation": f.explanation,
            "Path": " → ".join(n(x) for x in f.path),
        }
        for f in findings
    ]


def filter_rows(
    rows: Sequence[Mapping[str, Any]],
    hidden_kinds: set[str],
    severities: Sequence[str],
    who: str,
) -> list[Mapping[str, Any]]:
    """The rows the filters let through: kinds not hidden, a chosen severity, and a person
    name containing ``who`` as :func:`~allymap.pages.common.fold` compares (case and accents
    ignored, as in the pickers)."""
    needle = fold(who.strip())
    return [
        r
        for r in rows
        if r["Kind"] not in hidden_kinds
        and r["Severity"] in severities
        and needle in fold(str(r[PERSON]))
    ]


def _remember_hidden(kinds: list[str]) -> None:
    """on_change of the kind filter: the kinds offered now and not picked are hidden; kinds
    hidden earlier that are not offered now stay hidden."""
    picked = set(st.session_state.get(KINDS_KEY) or [])
    earlier = set(st.session_state.get(HIDDEN_KEY) or [])
    st.session_state[HIDDEN_KEY] = sorted((earlier - set(kinds)) | (set(kinds) - picked))


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
    ids = {i for f in findings for i in [f.person, *f.path, *(f.firewall or [])] if i}
    names = {nid: node.name for nid, node in store.existing_nodes(ids).items()}
    rows = finding_rows(findings, names)
    rows.sort(key=lambda r: (r["Severity"] != "blocks", r["Kind"], fold(str(r[PERSON]))))

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
    hidden = set(st.session_state.get(HIDDEN_KEY) or [])
    # The widget shows what the remembered exclusions leave, whatever it held before.
    st.session_state[KINDS_KEY] = [k for k in kinds if k not in hidden]
    with f1:
        st.multiselect("Kind", kinds, key=KINDS_KEY, on_change=_remember_hidden, args=(kinds,))
    with f2:
        severity = st.multiselect("Severity", SEVERITIES, default=SEVERITIES, key="conf_sev")
    with f3:
        who = st.text_input("Person name contains", key="conf_who")
    shown = filter_rows(rows, hidden, severity, who)
    note = f"Showing {len(shown)} of {len(rows)} findings."
    if len(shown) < len(rows):
        why = [f"kind {', '.join(k for k in kinds if k in hidden)}" if hidden & set(kinds) else ""]
        why += ["severity" if set(severity) != set(SEVERITIES) else ""]
        why += [f"name contains “{md(who.strip())}”" if who.strip() else ""]
        note += (
            f" {len(rows) - len(shown)} hidden by your filters ({'; '.join(w for w in why if w)})."
        )
    st.caption(note)
    table(
        shown,
        columns=COLUMNS,
        column_config={"Explanation": st.column_config.TextColumn(width="large")},
    )
    st.download_button(
        "Download these findings (CSV)",
        data=to_safe_csv(shown, columns=COLUMNS),
        file_name=f"allymap-conflicts-{as_of}.csv",
        mime="text/csv",
        key="conf_dl",
        on_click=record_download,
        args=("conflicts", f"allymap-conflicts-{as_of}.csv", len(shown)),
    )


if __name__ == "__main__":
    render()
