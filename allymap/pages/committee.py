"""A committee as such: its seats by party and role, what it governs, the balance of seats per
party, and who left recently or joins soon."""

from __future__ import annotations

import streamlit as st

from allymap.pages.common import date_picker, get_store, md, name_links, node_picker, table
from allymap.pages.urlstate import date_param, node_param, remember, restore
from graphmodel.errors import AllymapError
from graphmodel.vocabulary import COMMITTEE
from queries.governance import SOON_DAYS, Seat, committee_view


def render() -> None:
    st.title(COMMITTEE)
    st.caption(
        "Who sits on a joint committee for which party, what it governs, and how the seats "
        "are balanced between the parties."
    )
    store = get_store()
    params = [node_param("committee", "committee_pick", store, [COMMITTEE])]
    params.append(date_param("as_of", "committee_as_of"))
    restore("committee", params)
    left, right = st.columns([3, 2])
    with left:
        committee = node_picker(COMMITTEE, store, types=[COMMITTEE], key="committee_pick")
    with right:
        as_of = date_picker("As of", key="committee_as_of")
    remember("committee", params)
    if committee is None:
        st.info("There are no committees yet: import a committee roster on the Import page.")
        return
    try:
        view = committee_view(store, committee.id, as_of)
    except AllymapError as exc:
        st.error(md(str(exc)))
        return
    ids = {s.person for s in [*view.seats, *view.left, *view.joining]}
    ids |= {s.party for s in [*view.seats, *view.left, *view.joining] if s.party}
    names = {nid: n.name for nid, n in store.existing_nodes(ids | set(view.governs)).items()}

    def rows(seats: list[Seat]) -> list[dict[str, str]]:
        return [
            {
                "Party": names.get(s.party, s.party) if s.party else "no employer",
                "Role": s.role,
                "Member": names.get(s.person, s.person),
                "Since": s.since,
                "Until": s.until,
            }
            for s in seats
        ]

    st.subheader("Governs", anchor=False)
    if view.governs:
        name_links(store, view.governs)
    else:
        st.caption("Nothing: this committee governs no alliance or program on this day.")
    st.subheader("Balance of seats", anchor=False)
    if view.balance:
        total = sum(view.balance.values())
        cols = st.columns(min(len(view.balance), 4))
        for i, (party, n) in enumerate(view.balance.items()):
            label = names.get(party, party) if party else "no employer"
            cols[i % len(cols)].metric(md(label), f"{n} of {total}")
    st.subheader(f"Seats on {as_of}", anchor=False)
    table(rows(view.seats))
    st.subheader(f"Changes within {SOON_DAYS} days", anchor=False)
    if view.left:
        st.markdown("**Left**")
        table(rows(view.left))
    if view.joining:
        st.markdown("**Joining**")
        table(rows(view.joining))
    if not view.left and not view.joining:
        st.caption("Nobody left or joins within this window.")


if __name__ == "__main__":
    render()
