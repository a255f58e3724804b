"""An alliance as such: its parties, programs, committees, firewalls and the people with
access, and the brief for its JSC."""

from __future__ import annotations

import streamlit as st

from allymap.pages.common import date_picker, get_store, md, name_links, node_picker, table
from allymap.pages.urlstate import date_param, node_param, remember, restore
from graphmodel.errors import AllymapError
from graphmodel.vocabulary import ALLIANCE, COMPANY, PERSON
from queries.governance import alliance_view


def render() -> None:
    st.title(ALLIANCE)
    st.caption(
        "An alliance and everything that hangs on it: parties, programs, committees, firewalls "
        "and who has access. Download its brief for the next JSC."
    )
    store = get_store()
    params = [node_param("alliance", "alliance_pick", store, [ALLIANCE])]
    params.append(date_param("as_of", "alliance_as_of"))
    restore("alliance", params)
    left, right = st.columns([3, 2])
    with left:
        alliance = node_picker(ALLIANCE, store, types=[ALLIANCE], key="alliance_pick")
    with right:
        as_of = date_picker("As of", key="alliance_as_of")
    remember("alliance", params)
    if alliance is None:
        st.info("There are no alliances yet: import data on the Import page.")
        return
    try:
        view = alliance_view(store, alliance.id, as_of)
    except AllymapError as exc:
        st.error(md(str(exc)))
        return
    ids = {c for c, _ in view.parties} | set(view.programs) | set(view.committees)
    ids |= {x for a, b, _, _ in view.firewalls for x in (a, b)} | set(view.access)
    ids |= {x for route in view.access.values() for x in route}
    names = {nid: n.name for nid, n in store.existing_nodes(ids).items()}

    def n(nid: str) -> str:
        return names.get(nid) or nid

    st.subheader("Parties", anchor=False)
    table([{COMPANY: n(c), "Role": role} for c, role in view.parties])
    a, b = st.columns(2)
    with a:
        st.subheader("Programs", anchor=False)
        name_links(store, view.programs)
    with b:
        st.subheader("Committees", anchor=False)
        name_links(store, view.committees)
    st.subheader("Firewalls", anchor=False)
    if view.firewalls:
        table(
            [
                {"This side": n(x), "Other side": n(y), "Reason": why, "Cooling-off days": d}
                for x, y, why, d in view.firewalls
            ]
        )
    else:
        st.caption("No firewall touches this alliance or its programs on this day.")
    st.subheader(f"People with access ({len(view.access)})", anchor=False)
    table(
        [
            {PERSON: n(p), "Through": " → ".join(map(n, route[1:]))}
            for p, route in view.access.items()
        ]
    )

    from allymap.pages.brief import brief_download

    brief_download(store, alliance.id, as_of)


if __name__ == "__main__":
    render()
