"""Influence across the whole portfolio, with why, and its brokers: the people many paths
between others run through (losing one disconnects or lengthens the most pairs)."""

from __future__ import annotations

import streamlit as st

from allymap.pages.common import cached_portfolio_influence, date_picker, get_store, table
from allymap.pages.urlstate import date_param, remember, restore
from graphmodel.vocabulary import PERSON, PERSON_FUNCTION
from queries.influence import BROKER_SAMPLES


def render() -> None:
    st.title("Influence ranking")
    st.caption(
        "Who moves decisions across the portfolio, and why: reports, committee seats and "
        "influence links. Brokers are the people most paths between others run through."
    )
    store = get_store()
    params = [date_param("as_of", "rank_as_of")]
    restore("ranking", params)
    as_of = date_picker("As of", key="rank_as_of")
    remember("ranking", params)
    ranked, brokers = cached_portfolio_influence(as_of)
    if not ranked:
        st.info("Nobody has reports, seats or influence links on this day.")
        return
    ids = [r.person for r in ranked] + [b.person for b in brokers]
    people = store.existing_nodes(ids)
    jobs = store.employments(ids, as_of)
    employers = store.existing_nodes({e.target for es in jobs.values() for e in es})

    def employer(pid: str) -> str:
        edges = sorted(jobs.get(pid, []), key=lambda e: e.since)
        return employers[edges[-1].target].name if edges and edges[-1].target in employers else ""

    def name(pid: str) -> str:
        return people[pid].name if pid in people else pid

    left, right = st.columns([3, 2])
    with left:
        st.subheader("Most influential", anchor=False)
        table(
            [
                {
                    PERSON: name(r.person),
                    "Employer": employer(r.person),
                    "Influence": round(r.score, 3),
                    "Reports": r.reports,
                    "Seats": r.seats,
                    "Chairs": r.chairs,
                    "Influences": r.influences,
                    "Influenced by": r.influenced_by,
                }
                for r in ranked
            ]
        )
    with right:
        st.subheader("Brokers", anchor=False)
        table(
            [
                {
                    PERSON: name(b.person),
                    "Function": str(people[b.person].props.get(PERSON_FUNCTION, ""))
                    if b.person in people
                    else "",
                    "Betweenness": round(b.betweenness, 4),
                    "Links": b.degree,
                }
                for b in brokers
            ]
        )
        st.caption(
            "Betweenness on the person graph (reporting and influence links, committees as "
            f"meeting points), estimated from {BROKER_SAMPLES} sampled people with a fixed seed."
        )


if __name__ == "__main__":
    render()
