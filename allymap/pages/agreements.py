"""Agreements: what each contract binds (parties, covered work, restricted targets, the
deadlines it sets), the findings that work on one project breaks another contract, and a
target's view: every program on it, the agreements restricting it and the firewalls between
those programs, on a small map with the findings in red."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from allymap.mapview import build_map_html
from allymap.pages.common import (
    cached_scan,
    date_picker,
    get_store,
    md,
    node_picker,
    path_subgraph,
    show_html,
    table,
)
from graphmodel.model import Edge, Node
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    AGREEMENT,
    AGREEMENT_KIND,
    ALLIANCE,
    COMPANY,
    OBLIGATION,
    OBLIGATION_DONE,
    OBLIGATION_DUE,
    PROGRAM,
    RESTRICTS_KIND,
    SIGNED_ROLE,
    TARGET,
)
from queries.agreements import agreement_view, state, target_view
from queries.deadlines import DEFAULT_AHEAD, deadlines
from queries.rules.contract_conflict import CONTRACT_CONFLICT
from queries.rules.finding import Finding
from queries.rules.missing_firewall import MISSING_FIREWALL

CONTRACT_KINDS = (CONTRACT_CONFLICT.name, MISSING_FIREWALL.name)
# Contract findings written out in words above their table (a large portfolio has more). A
# comment, not a docstring: Streamlit's magic would show a bare string on the page.
SPELLED_OUT = 20


def _namer(names: Mapping[str, Node]) -> Any:
    return lambda nid: (names[nid].name or nid) if nid in names else (nid or "")


def finding_rows(findings: list[Finding], names: Mapping[str, Node]) -> list[dict[str, Any]]:
    """The contract findings as table rows, worded with names."""
    n = _namer(names)
    return [
        {
            "Kind": f.kind.replace("_", " "),
            "Explanation": f.explanation,
            "Path": " → ".join(n(x) for x in f.path),
        }
        for f in findings
    ]


def _deadlines(store: GraphStore, as_of: str) -> None:
    st.subheader("Deadlines")
    ahead = int(
        st.number_input(
            "Due within (days)", min_value=0, max_value=3650, value=DEFAULT_AHEAD, key="agr_ahead"
        )
    )
    report = deadlines(store, as_of, ahead)
    if not report.obligations:
        st.success(f"Nothing overdue and nothing due by the {ahead} days after {as_of}.")
        return
    ids = {x for d in report.obligations for x in (d.agreement, d.owner) if x}
    n = _namer(store.existing_nodes(ids))
    overdue = sum(d.status == "overdue" for d in report.obligations)
    st.caption(f"{overdue} overdue, {len(report.obligations) - overdue} due; by due date.")
    table(
        [
            {
                "Status": d.status,
                "Due": d.due,
                OBLIGATION: d.name or d.obligation,
                AGREEMENT: n(d.agreement) if d.agreement else "—",
                "Owner": n(d.owner) if d.owner else "—",
            }
            for d in report.obligations
        ]
    )


def _dates(e: Edge, as_of: str) -> dict[str, str]:
    return {"Since": e.since or "—", "Until": e.until or "—", "On the day": state(e, as_of)}


def _agreement(store: GraphStore, agreement: Node, as_of: str) -> None:
    view = agreement_view(store, agreement.id, as_of)
    n = _namer(view.names)
    kind = str(agreement.props.get(AGREEMENT_KIND) or "agreement")
    st.markdown(
        f"**{md(agreement.name or agreement.id)}** ({md(kind)}): "
        + ("in force" if view.in_force else "**not in force**")
        + f" on {as_of}."
    )
    st.markdown("Parties")
    table(
        [
            {
                COMPANY: n(e.source),
                "Role": str(e.props.get(SIGNED_ROLE) or ""),
                **_dates(e, as_of),
            }
            for e in view.signed
        ]
    )
    st.markdown("Covered work")
    if view.covers:
        table([{"Alliance or program": n(e.target), **_dates(e, as_of)} for e in view.covers])
    else:
        st.caption("It covers no alliance or program.")
    st.markdown("Restricted targets")
    if view.restricts:
        table(
            [
                {
                    TARGET: n(e.target),
                    "Restriction": str(e.props.get(RESTRICTS_KIND) or "").replace("_", "-"),
                    **_dates(e, as_of),
                }
                for e in view.restricts
            ]
        )
    else:
        st.caption("It restricts no target.")
    st.markdown("Obligations")
    if view.obligations:
        table(
            [
                {
                    OBLIGATION: o.name or o.id,
                    "Due": str(o.props.get(OBLIGATION_DUE) or ""),
                    "Done": str(o.props.get(OBLIGATION_DONE) or "") or "—",
                    "Owner": n(owner) if owner else "—",
                }
                for o, owner in view.obligations
            ]
        )
    else:
        st.caption("No obligations recorded under it.")


def _target(store: GraphStore, target: Node, as_of: str, findings: list[Finding]) -> None:
    view = target_view(store, target.id, as_of, findings)
    n = _namer(view.names)
    flagged = [list(f.path) for f in view.findings]
    sub = path_subgraph(store, view.paths() + flagged)
    show_html(
        build_map_html(sub, influence={}, flagged_paths=flagged, as_of=as_of, height="420px"), 440
    )
    left, right = st.columns(2)
    with left:
        st.markdown("Programs on it")
        alliances: dict[str, list[str]] = {}
        for e in view.part_of:
            alliances.setdefault(e.source, []).append(n(e.target))
        table(
            [
                {
                    PROGRAM: n(e.source),
                    ALLIANCE: ", ".join(alliances.get(e.source, [])) or "in-house",
                    "Since": e.since or "—",
                }
                for e in view.addresses
            ]
        )
    with right:
        st.markdown("Agreements restricting it")
        table(
            [
                {
                    AGREEMENT: n(e.source),
                    "Restriction": str(e.props.get(RESTRICTS_KIND) or "").replace("_", "-"),
                }
                for e in view.restricts
            ]
        )
        st.markdown("Firewalls between them")
        table([{"Between": f"{n(e.source)} | {n(e.target)}"} for e in view.firewalls])
    if view.findings:
        table(
            finding_rows(view.findings, view.names),
            column_config={"Explanation": st.column_config.TextColumn(width="large")},
        )
    else:
        st.caption(f"No contract conflict or missing firewall on it on {as_of}.")


def render() -> None:
    st.title("Agreements")
    st.caption(
        "What our contracts bind, and where work on one project may break another contract: "
        "contract conflicts, missing firewalls between partners' programs on one target, and "
        "the notices they oblige us to send."
    )
    store = get_store()
    as_of = date_picker("As of", key="agr_as_of")
    _deadlines(store, as_of)

    st.subheader("Contract findings")
    findings = [f for f in cached_scan(as_of) if f.kind in CONTRACT_KINDS]
    if findings:
        ids = {x for f in findings for x in f.path}
        rows = finding_rows(findings, store.existing_nodes(ids))
        for r in rows[:SPELLED_OUT]:
            st.markdown(f"**{md(r['Kind'])}**: {md(r['Explanation'])}  \nPath: {md(r['Path'])}")
        if len(rows) > SPELLED_OUT:
            st.caption(f"The first {SPELLED_OUT} of {len(rows)}; all of them in the table.")
        table(rows, column_config={"Explanation": st.column_config.TextColumn(width="large")})
    else:
        st.success(f"No contract conflict and no missing firewall on {as_of}.")

    st.subheader(AGREEMENT)
    agreement = node_picker(AGREEMENT, store, types=[AGREEMENT], key="agr_pick")
    if agreement is not None:
        _agreement(store, agreement, as_of)

    st.subheader(TARGET)
    default = next((f.path[1] for f in findings), None)
    target = node_picker(TARGET, store, types=[TARGET], key="agr_target", default=default)
    if target is not None:
        _target(store, target, as_of, findings)


if __name__ == "__main__":
    render()
