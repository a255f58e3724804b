"""Partner 360: every kind of relationship we have with one company's group, whether they
pull against each other (tension), and how they came and went over time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from allymap.brief import KIND_COLORS
from allymap.pages.common import (
    date_picker,
    get_store,
    home_company,
    md,
    node_picker,
    plain,
    table,
)
from allymap.pages.urlstate import bool_param, date_param, node_param, remember, restore
from graphmodel.errors import AllymapError
from graphmodel.model import Edge, add_days
from graphmodel.vocabulary import COMPANY, PARTY_TO_ROLE
from queries.rules.partner import Span

KIND_HELP = {
    "alliance": "both are parties to the same alliance",
    "supplier": "they supply us",
    "customer": "we supply them",
    "competitor": "we compete",
    "equity": "one holds a stake in the other",
    "agreement": "both signed the same agreement",
}
NAMED = ("alliance", "agreement")  # details that are node ids, shown by name
_SUFFIX = {"supplier": " (supplies)", "customer": " (supplies)", "equity": " (stake)"}


def _state(since: str, until: str, as_of: str) -> str:
    if until and until < as_of:
        return "ended"
    if since and since > as_of:
        return "not started"
    return "current"


def _detail(edges: Sequence[Edge]) -> str:
    if len(edges) == 2:  # an alliance or an agreement: the two parties' roles
        return "; ".join(x for e in edges if (x := str(e.props.get(PARTY_TO_ROLE, ""))))
    return "; ".join(f"{k}: {v}" for k, v in sorted(edges[0].props.items()) if v not in ("", None))


def timeline_rows(
    spans: Iterable[Span], names: Mapping[str, str], as_of: str
) -> list[dict[str, Any]]:
    """One row per relationship the partner rule found between the two groups (any date), with
    its start and end, for a Gantt-like chart: what to draw, worded with names."""
    n = lambda cid: names.get(cid, cid)  # noqa: E731
    rows: list[dict[str, Any]] = []
    for s in spans:
        if s.kind in ("alliance", "agreement"):
            label = f"{n(s.via[1])}: {n(s.via[0])} with {n(s.via[2])}"
        elif s.kind == "competitor":
            label = f"{n(s.via[0])} ↔ {n(s.via[1])}"
        else:
            label = f"{n(s.via[0])} → {n(s.via[1])}" + _SUFFIX.get(s.kind, f" ({s.edges[0].type})")
        rows.append(
            {
                "kind": s.kind,
                "relationship": label,
                "since": s.since,
                "until": s.until,
                "state": _state(s.since, s.until, as_of),
                "detail": _detail(s.edges),
            }
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
    # supplier and customer apart (both are SUPPLIES edges), as in the JSC brief
    colours = [KIND_COLORS.get(k, "#9e9e9e") for k in kinds]
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
    # every bar labelled with its kind, inside the bar's start
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", baseline="middle", dx=4, color="#ffffff", fontSize=10)
        .encode(x="start:T", y=alt.Y("relationship:N", sort=None), text="kind:N")
    )
    today_rule = (
        alt.Chart(pd.DataFrame({"as_of": [pd.to_datetime(as_of)]}))
        .mark_rule(color="#333333", strokeDash=[4, 3])
        .encode(x="as_of:T")
    )
    return alt.layer(bars, labels, today_rule).properties(height=max(120, 28 * len(frame)))


def render() -> None:
    st.title("Partner 360")
    st.caption(
        "Everything between us and one partner's corporate group: alliances, supply in both "
        "directions, competition and equity, today and over time."
    )
    store = get_store()
    params = [
        node_param("partner", "partner_company", store, [COMPANY]),
        node_param("us", "partner_us", store, [COMPANY]),
        date_param("as_of", "partner_as_of"),
        bool_param("others", "partner_others"),
    ]
    restore("partner", params)
    as_of = date_picker("As of", key="partner_as_of")
    home = home_company(store, as_of)
    left, right = st.columns(2)
    with left:
        partner = node_picker("Partner", store, types=[COMPANY], key="partner_company")
    with right:
        us = node_picker(
            "Us",
            store,
            types=[COMPANY],
            key="partner_us",
            default=home.id if home else None,
            help="Defaults to ALLYMAP_HOME_COMPANY, or the company with the most employees.",
        )
    remember("partner", params)
    if partner is None or us is None:
        st.info("There are no companies yet: import data on the Import page.")
        return
    from queries.partner import partner_view, timeline

    try:
        report = partner_view(store, partner.id, us.id, as_of=as_of)
    except AllymapError as exc:
        st.error(md(str(exc)))
        return
    ids = {i for r in report.relationships for i in r.via}
    ids |= {str(v) for r in report.relationships for k, v in r.details.items() if k in NAMED}
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
                        f"{k}: {names.get(str(v), v) if k in NAMED else v}"
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
    remember("partner", params)
    try:
        spans = timeline(store, us.id, partner.id, others=third_parties)
    except AllymapError as exc:
        st.error(md(str(exc)))
        return
    ends = {x for s in spans for x in s.via}
    names.update({nid: n.name for nid, n in store.existing_nodes(ends - set(names)).items()})
    rows = timeline_rows(spans, names, as_of)
    if not rows:
        st.caption("No relationships with dates to show.")
        return
    st.altair_chart(_chart(rows, as_of), key="partner_timeline")
    table(rows, columns=["kind", "relationship", "since", "until", "state", "detail"])


if __name__ == "__main__":
    render()
