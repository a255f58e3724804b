"""Partner 360: every kind of relationship we have with one company's group, whether they
pull against each other (tension), and how they came and went over time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from allymap.pages.common import (
    date_picker,
    get_store,
    home_company,
    md,
    node_picker,
    plain,
    table,
)
from graphmodel.errors import AllymapError
from graphmodel.model import Edge, add_days
from graphmodel.schema import SCHEMA

# Which relationship type each partner-view kind is made of (colours come from its style).
KIND_EDGE = {
    "alliance": "PARTY_TO",
    "supplier": "SUPPLIES",
    "customer": "SUPPLIES",
    "competitor": "COMPETES_WITH",
    "equity": "OWNS_STAKE_IN",
}
KIND_HELP = {
    "alliance": "both are parties to the same alliance",
    "supplier": "they supply us",
    "customer": "we supply them",
    "competitor": "we compete",
    "equity": "one holds a stake in the other",
}


def corporate_group(company: str, edges: Iterable[Edge]) -> set[str]:
    """The company and everything joined to it by SUBSIDIARY_OF in either direction, at any
    date (the timeline shows history, so a group that changed still counts)."""
    links: dict[str, set[str]] = {}
    for e in edges:
        if e.type == "SUBSIDIARY_OF":
            links.setdefault(e.source, set()).add(e.target)
            links.setdefault(e.target, set()).add(e.source)
    group, todo = {company}, [company]
    while todo:
        for other in links.get(todo.pop(), ()):
            if other not in group:
                group.add(other)
                todo.append(other)
    return group


def _state(since: str, until: str, as_of: str) -> str:
    if until and until < as_of:
        return "ended"
    if since and since > as_of:
        return "not started"
    return "current"


def timeline_rows(
    us: str,
    partner: str,
    edges: Iterable[Edge],
    names: Mapping[str, str],
    as_of: str,
    include_others: bool = False,
) -> list[dict[str, Any]]:
    """One row per relationship between the two groups (any date), with its start and end,
    for a Gantt-like chart. Open starts and ends are marked so the chart can draw them to the
    edge of the window. With ``include_others``, the partner's relationships with third
    parties are added (kind "other")."""
    edges = list({e.key: e for e in edges}.values())
    g_us, g_z = corporate_group(us, edges), corporate_group(partner, edges)
    n = lambda cid: names.get(cid, cid)  # noqa: E731
    rows: list[dict[str, Any]] = []

    def add(kind: str, label: str, since: str, until: str, detail: str) -> None:
        rows.append(
            {
                "kind": kind,
                "relationship": label,
                "since": since,
                "until": until,
                "state": _state(since, until, as_of),
                "detail": detail,
            }
        )

    party: dict[str, list[Edge]] = {}
    for e in edges:
        if e.type == "PARTY_TO":
            party.setdefault(e.target, []).append(e)
            continue
        detail = "; ".join(f"{k}: {v}" for k, v in sorted(e.props.items()) if v not in ("", None))
        s_in_u, s_in_z = e.source in g_us, e.source in g_z
        t_in_u, t_in_z = e.target in g_us, e.target in g_z
        between = (s_in_u and t_in_z) or (s_in_z and t_in_u)
        label = f"{n(e.source)} → {n(e.target)}"
        if between and e.type == "SUPPLIES":
            add(
                "supplier" if s_in_z else "customer",
                f"{label} (supplies)",
                e.since,
                e.until,
                detail,
            )
        elif between and e.type == "COMPETES_WITH":
            add("competitor", f"{n(e.source)} ↔ {n(e.target)}", e.since, e.until, detail)
        elif between and e.type == "OWNS_STAKE_IN":
            add("equity", f"{label} (stake)", e.since, e.until, detail)
        elif include_others and (s_in_z or t_in_z) and not between:
            inside = e.type == "SUBSIDIARY_OF" and s_in_z and t_in_z
            kind_label = "group" if inside else "other"
            add(kind_label, f"{label} ({e.type})", e.since, e.until, detail)
    for alliance, members in sorted(party.items()):
        ours = [e for e in members if e.source in g_us]
        theirs = [e for e in members if e.source in g_z]
        for a in ours:
            for b in theirs:
                since = max(a.since, b.since)
                ends = [u for u in (a.until, b.until) if u]
                until = min(ends) if ends else ""
                if until and since and until < since:
                    continue  # never both parties at the same time
                add(
                    "alliance",
                    f"{n(alliance)}: {n(a.source)} with {n(b.source)}",
                    since,
                    until,
                    "; ".join(x for x in (a.props.get("role", ""), b.props.get("role", "")) if x),
                )
    rows.sort(key=lambda r: (r["since"] or "0000", r["kind"], r["relationship"]))
    return rows


def _chart(rows: list[dict[str, Any]], as_of: str) -> alt.LayerChart | alt.FacetChart:
    dates = [d for r in rows for d in (r["since"], r["until"]) if d] + [as_of]
    start = add_days(min(dates), -180)
    end = add_days(max(dates), 180)
    frame = pd.DataFrame(
        [
            {
                **r,
                # the chart's labels and tooltips are text too: one plain line each
                "relationship": plain(r["relationship"]),
                "detail": plain(r["detail"]),
                "start": r["since"] or start,
                "end": r["until"] or end,
                "since": r["since"] or "(open)",
                "until": r["until"] or "(open)",
            }
            for r in rows
        ]
    )
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    kinds = list(dict.fromkeys(frame["kind"]))
    colours = [
        SCHEMA.edge_types[KIND_EDGE[k]].style.color if k in KIND_EDGE else "#9e9e9e" for k in kinds
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=3, height=14)
        .encode(
            x=alt.X(
                "start:T",
                title="",
                scale=alt.Scale(domain=[start, end]),
                axis=alt.Axis(format="%b %Y", labelOverlap=True),
            ),
            x2="end:T",
            y=alt.Y("relationship:N", title="", sort=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=colours), title="Kind"),
            opacity=alt.condition(alt.datum.state == "current", alt.value(1.0), alt.value(0.45)),
            tooltip=["kind", "relationship", "since", "until", "state", "detail"],
        )
    )
    today_rule = (
        alt.Chart(pd.DataFrame({"as_of": [pd.to_datetime(as_of)]}))
        .mark_rule(color="#333333", strokeDash=[4, 3])
        .encode(x="as_of:T")
    )
    return alt.layer(bars, today_rule).properties(height=max(120, 28 * len(frame)))


def render() -> None:
    st.title("Partner 360")
    st.caption(
        "Everything between us and one partner's corporate group: alliances, supply in both "
        "directions, competition and equity, today and over time."
    )
    store = get_store()
    as_of = date_picker("As of", key="partner_as_of")
    home = home_company(store, as_of)
    left, right = st.columns(2)
    with left:
        partner = node_picker("Partner", store, types=["Company"], key="partner_company")
    with right:
        us = node_picker(
            "Us",
            store,
            types=["Company"],
            key="partner_us",
            default=home.id if home else None,
            help="Defaults to ALLYMAP_HOME_COMPANY, or the company with the most employees.",
        )
    if partner is None or us is None:
        st.info("There are no companies yet: import data on the Import page.")
        return
    if partner.id == us.id:
        st.warning("Pick a partner other than us.")
        return

    from queries.partner import partner_view

    try:
        report = partner_view(store, partner.id, us.id, as_of=as_of)
    except AllymapError as exc:
        st.error(md(str(exc)))
        return
    ids = {i for r in report.relationships for i in r.via}
    ids |= {str(r.details["alliance"]) for r in report.relationships if r.details.get("alliance")}
    names = {
        nid: node.name for nid, node in store.existing_nodes(ids | {us.id, partner.id}).items()
    }

    if report.tension:
        others = ", ".join(k for k in report.kinds if k != "competitor")
        st.error(
            f"**Tension**: {md(partner.name)} competes with us while also being our {others} "
            "partner. Check the firewalls and who sees what.",
            icon=":material/warning:",
        )
    elif report.relationships:
        st.success(f"No tension: {md(partner.name)} is our {', '.join(report.kinds)}.")
    else:
        st.info(md(f"No current relationship between {us.name} and {partner.name} on {as_of}."))

    if report.relationships:
        st.subheader("Current relationships")
        table(
            [
                {
                    "Kind": r.kind,
                    "Meaning": KIND_HELP.get(r.kind, ""),
                    "Between": " → ".join(names.get(i, i) for i in r.via),
                    "Details": "; ".join(
                        f"{k}: {names.get(str(v), v) if k == 'alliance' else v}"
                        for k, v in sorted(r.details.items())
                        if v not in ("", None)
                    ),
                }
                for r in report.relationships
            ]
        )

    st.subheader("Timeline")
    third_parties = st.checkbox(
        "Also show the partner's relationships with other companies", key="partner_others"
    )
    edges = store.company_edges(partner.id) + store.company_edges(us.id)
    ends = {x for e in edges for x in (e.source, e.target)}
    names.update({nid: n.name for nid, n in store.existing_nodes(ends - set(names)).items()})
    rows = timeline_rows(us.id, partner.id, edges, names, as_of, include_others=third_parties)
    if not rows:
        st.caption("No relationships with dates to show.")
        return
    st.altair_chart(_chart(rows, as_of), key="partner_timeline")
    table(rows, columns=["kind", "relationship", "since", "until", "state", "detail"])


if __name__ == "__main__":
    render()
