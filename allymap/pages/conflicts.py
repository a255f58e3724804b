"""Conflicts: the whole portfolio scanned for firewall breaches, cooling-off periods and
conflicts of interest (and, on request, indirect exposure), as a filterable table; open and
decided findings apart, grouped by firewall and alliance, a page at a time, with a "decide"
action on each open finding, and views of what is coming up and what changed since a day.

The filters only ever hide what the user chose to hide. The kinds offered change with the
data, the date and the indirect-exposure box, so the kind filter remembers the kinds the user
*removed*, never a list of kinds to show: a kind that appears later is shown, and the caption
says how many findings the filters hide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from allymap.downloads import to_safe_csv
from allymap.pages.common import (
    cached_influence,
    cached_scan,
    cached_timeline,
    date_picker,
    default,
    fold,
    get_store,
    md,
    record_download,
    table,
)
from allymap.pages.decide import decide_form, decision_text
from allymap.pages.urlstate import (
    Param,
    bool_param,
    choices_param,
    date_param,
    int_param,
    remember,
    restore,
    split,
    text_param,
)
from graphmodel.vocabulary import PERSON
from queries.rules import BLOCKING_KINDS
from queries.rules.finding import Finding
from queries.triage import groups

COLUMNS = ["Severity", "Kind", PERSON, "Firewall", "Explanation", "Path", "Decision"]
PAGE_SIZE = 200  # findings per page of the table: a large portfolio finds far more than a page
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
            "Decision": decision_text(f),
            "Starts": f.starts or "",
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


def _remember_hidden(
    kinds: list[str], kinds_key: str = KINDS_KEY, hidden_key: str = HIDDEN_KEY
) -> None:
    """on_change of a kind filter: the kinds offered now and not picked are hidden; kinds
    hidden earlier that are not offered now stay hidden."""
    picked = set(st.session_state.get(kinds_key) or [])
    earlier = set(st.session_state.get(hidden_key) or [])
    st.session_state[hidden_key] = sorted((earlier - set(kinds)) | (set(kinds) - picked))


def _ranked(findings: list[Finding], influence: Mapping[str, float]) -> list[Finding]:
    """Blocking first, then by kind; exposures nearest first, then by the most influential
    person on the path (as ``conflicts --summary`` ranks them), then by person."""

    def key(f: Finding) -> tuple[Any, ...]:
        top = max((influence.get(x, 0.0) for x in f.path), default=0.0)
        return (not f.blocks, f.kind, int(f.details.get("hops", 0)), -top, f.person, f.path)

    return sorted(findings, key=key)


def render() -> None:
    st.title("Conflicts")
    st.caption(
        "Every current firewall breach, cooling-off period, conflict of interest, contract "
        "conflict and missing firewall in the portfolio. Blocking findings first; findings with a "
        "decision (waived, accepted) apart; contract conflicts and missing firewalls concern "
        "programs and agreements, not a person."
    )
    store = get_store()
    params = [
        date_param("as_of", "conf_as_of"),
        bool_param("indirect", "conf_indirect"),
        int_param("hops", "conf_hops", 1, 4),
        choices_param("severity", "conf_sev", SEVERITIES),
        text_param("who", "conf_who"),
        Param("hide", HIDDEN_KEY, split, lambda xs: ",".join(xs) if xs else None),
    ]
    restore("conflicts", params)
    default("conf_indirect", False)
    default("conf_hops", 2)
    left, right = st.columns(2)
    with left:
        as_of = date_picker("As of", key="conf_as_of")
    with right:
        indirect = st.checkbox("Also look for indirect exposure (slower)", key="conf_indirect")
        hops = (
            int(st.number_input("Steps between people", min_value=1, max_value=4, key="conf_hops"))
            if indirect
            else None
        )
    found = _ranked(cached_scan(as_of, hops), cached_influence(as_of) if hops else {})
    open_findings = [f for f in found if f.open]
    decided = [f for f in found if not f.open]
    blocking = sum(1 for f in open_findings if f.blocks)
    a, b, c, d = st.columns(4)
    a.metric("Findings", len(found))
    b.metric("Blocking", blocking, help="Open blocking findings (no active waiver).")
    c.metric("To review", len(open_findings) - blocking, help="Open review findings.")
    d.metric("Decided", len(decided))
    tab_open, tab_decided, tab_groups, tab_ahead = st.tabs(
        [
            f"Open ({len(open_findings)})",
            f"Decided ({len(decided)})",
            "By firewall and alliance",
            "Coming up and changed since",
        ]
    )
    with tab_open:
        if not open_findings:
            st.success(f"Nothing open on {as_of}.")
        else:
            _findings_table(store, open_findings, as_of, "open", decide=True)
    with tab_decided:
        if not decided:
            st.caption("No finding of the scan has an active decision on this day.")
        else:
            _findings_table(store, decided, as_of, "decided", decide=False)
        _decisions_in_force(store, as_of, {f.identity for f in found})
    with tab_groups:
        _groups(store, found)
    with tab_ahead:
        _ahead_and_back(store, as_of, hops)
    remember("conflicts", params)


def _names(store: Any, findings: Sequence[Finding]) -> dict[str, str]:
    ids = {i for f in findings for i in [f.person, *f.path, *(f.firewall or [])] if i}
    return {nid: node.name for nid, node in store.existing_nodes(ids).items()}


def _findings_table(
    store: Any, findings: list[Finding], as_of: str, key: str, *, decide: bool
) -> None:
    """The filters, one page of the table, its download, and (open findings) the decide form."""
    f1, f2, f3 = st.columns(3)
    kinds = sorted({f.kind.replace("_", " ") for f in findings})
    suffix = "" if decide else f"_{key}"  # the open table keeps the page's first keys
    hidden_key, kinds_key = f"{HIDDEN_KEY}{suffix}", f"{KINDS_KEY}{suffix}"
    hidden = set(st.session_state.get(hidden_key) or [])
    st.session_state[kinds_key] = [k for k in kinds if k not in hidden]
    with f1:
        st.multiselect(
            "Kind",
            kinds,
            key=kinds_key,
            on_change=_remember_hidden,
            args=(kinds, kinds_key, hidden_key),
        )
    with f2:
        default(f"conf_sev{suffix}", list(SEVERITIES))
        severity = st.multiselect("Severity", SEVERITIES, key=f"conf_sev{suffix}")
    with f3:
        who = st.text_input("Person name contains", key=f"conf_who{suffix}")
    names = _names(store, findings)
    pairs = list(zip(finding_rows(findings, names), findings, strict=True))
    kept = {id(r) for r in filter_rows([r for r, _ in pairs], hidden, severity, who)}
    shown = [(r, f) for r, f in pairs if id(r) in kept]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = int(
        st.number_input(
            f"Page (of {pages}, {PAGE_SIZE} findings each)",
            min_value=1,
            max_value=pages,
            value=1,
            key=f"conf_page_{key}",
        )
    )
    part = shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    paged = f" (page {page} of {pages}: {len(part)} here)" if pages > 1 else ""
    note = f"Showing {len(shown)} of {len(pairs)} findings{paged}."
    if len(shown) < len(pairs):
        why = [f"kind {', '.join(k for k in kinds if k in hidden)}" if hidden & set(kinds) else ""]
        why += ["severity" if set(severity) != set(SEVERITIES) else ""]
        why += [f"name contains “{md(who.strip())}”" if who.strip() else ""]
        note += (
            f" {len(pairs) - len(shown)} hidden by your filters ({'; '.join(w for w in why if w)})."
        )
    st.caption(note)
    columns = COLUMNS if not decide else COLUMNS[:-1]
    table(
        [r for r, _ in part],
        columns=columns,
        column_config={"Explanation": st.column_config.TextColumn(width="large")},
    )
    st.download_button(
        "Download these findings (CSV)",
        data=to_safe_csv([r for r, _ in shown], columns=COLUMNS),
        file_name=f"allymap-conflicts-{key}-{as_of}.csv",
        mime="text/csv",
        key=f"conf_dl_{key}",
        on_click=record_download,
        args=("conflicts", f"allymap-conflicts-{key}-{as_of}.csv", len(shown)),
    )
    if decide and part:
        labels = {
            i: f"{r['Severity']} · {r['Kind']} · {r[PERSON]} · {r['Firewall'] or r['Path']}"
            for i, (r, _) in enumerate(part)
        }
        pick = st.selectbox(
            "Decide on a finding of this page",
            list(labels),
            format_func=labels.__getitem__,
            key=f"conf_pick_{key}_{page}",
        )
        chosen = part[int(pick)][1]
        decide_form(chosen, as_of, f"conf_{key}_{page}_{pick}")


def _decisions_in_force(store: Any, as_of: str, holding: set[tuple[str, ...]]) -> None:
    """Every decision active on the day, with whether its finding holds in the scan (a
    waiver granted ahead of a move has no finding yet)."""
    from queries.decisions import decisions_on

    found = decisions_on(store, as_of)
    st.markdown(f"**Decisions in force on {as_of}** ({len(found)})")
    if not found:
        st.caption("No decision is active on this day.")
        return
    ids = {x for d in found for x in (d.person, *d.subject) if x}
    names = {nid: node.name for nid, node in store.existing_nodes(ids).items()}
    table(
        [
            {
                "Decision": f"{d.decision.capitalize()} by {d.decided_by}",
                "Kind": d.kind.replace("_", " "),
                PERSON: names.get(d.person, d.person),
                "Subject": " | ".join(names.get(x, x) for x in d.subject),
                "Reason": d.reason,
                "From": d.since,
                "Until": d.until,
                "Finding holds": "yes" if d.identity in holding else "not in this scan",
                "Recorded by": d.recorded_by,
                "Recorded at": d.recorded_at,
            }
            for d in found
        ],
        key="conf_decisions",
    )


def _groups(store: Any, findings: list[Finding]) -> None:
    """Counts per firewall and alliance, open and decided per kind."""
    found = groups(findings, BLOCKING_KINDS)
    if not found:
        st.caption("Nothing to group.")
        return
    ids = {x for g in found for x in g.subject}
    names = {nid: node.name for nid, node in store.existing_nodes(ids).items()}
    kinds = sorted({k for g in found for k in g.counts})
    rows = []
    for g in found:
        row: dict[str, Any] = {
            "About": g.by,
            "Subject": " | ".join(names.get(x, x) for x in g.subject),
            "Open": g.open,
            "Decided": g.decided,
        }
        for k in kinds:
            c = g.counts.get(k, {"open": 0, "decided": 0})
            row[k.replace("_", " ")] = f"{c['open']} open, {c['decided']} decided"
        rows.append(row)
    table(rows)


def _ahead_and_back(store: Any, as_of: str, hops: int | None) -> None:
    """What starts to hold in the next N days, and what is new or resolved since a day."""
    left, right = st.columns(2)
    with left:
        ahead = int(
            st.number_input(
                "Coming up in the next N days",
                min_value=1,
                max_value=3660,
                value=90,
                key="conf_ahead",
            )
        )
    with right:
        day = dt.date.fromisoformat(as_of)
        since_value = st.date_input(
            "Changed since",
            value=day - dt.timedelta(days=30),
            max_value=day - dt.timedelta(days=1),
            key="conf_since",
            format="YYYY-MM-DD",
        )
    since: str | None = None
    if isinstance(since_value, dt.date) and since_value.isoformat() < as_of:
        since = since_value.isoformat()
    upcoming, new, resolved = cached_timeline(as_of, hops, ahead, since)
    names = _names(store, [*upcoming, *new, *resolved])
    st.markdown(f"**Coming up in the next {ahead} days** ({len(upcoming)})")
    if upcoming:
        table(finding_rows(upcoming, names), columns=["Starts", *COLUMNS])
    else:
        st.caption("Nothing starts to hold in that window.")
    if since is not None:
        st.markdown(f"**New since {since}** ({len(new)})")
        if new:
            table(finding_rows(new, names), columns=COLUMNS)
        st.markdown(f"**Resolved since {since}** ({len(resolved)})")
        if resolved:
            table(finding_rows(resolved, names), columns=COLUMNS)


if __name__ == "__main__":
    render()
