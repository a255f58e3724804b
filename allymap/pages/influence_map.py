"""Influence map: who and what surrounds a person, company, alliance, program or committee.

Node size is influence, colour the company, shape the node type; relationships that ended
are dashed, and the paths of current firewall and conflict findings are drawn in red.
"""

from __future__ import annotations

import streamlit as st

from allymap.mapview import layout_html, layout_map, subgraph_to_graphml
from allymap.needtoknow import edge_types_for
from allymap.pages.access import identity
from allymap.pages.common import (
    cached_influence,
    cached_neighbourhood,
    cached_scan,
    date_picker,
    default,
    get_store,
    node_picker,
    plain,
    record_download,
    safe_filename,
    show_html,
    table,
)
from allymap.pages.urlstate import (
    bool_param,
    choices_param,
    date_param,
    groups_param,
    int_param,
    node_param,
    remember,
    restore,
)
from graphmodel.schema import SCHEMA
from graphmodel.vocabulary import PERSON, PERSON_FUNCTION

# Most nodes a map collects; beyond it the view is cut and the user told so. (A comment, not
# a docstring: Streamlit's "magic" would print a bare string in a page script.)
MAP_LIMIT = 5000


def render() -> None:
    st.title("Influence map")
    st.caption(
        "Pick anyone or anything in the portfolio and see what surrounds it. Bigger people "
        "are more influential; red lines trace current firewall and conflict findings."
    )
    store = get_store()
    # what this user's role may see (cached_neighbourhood enforces the same on the server):
    # a link cannot offer more
    offered = edge_types_for(identity().role, list(SCHEMA.edge_types))
    params = [
        node_param("focus", "map_focus", store),
        int_param("depth", "map_depth", 1, 3),
        date_param("as_of", "map_as_of"),
        choices_param("types", "map_types", offered),
        bool_param("history", "map_history"),
        groups_param("expand", "map_expand"),
    ]
    restore("influence", params)
    default("map_depth", 1)
    default("map_types", offered)
    default("map_history", True)
    left, right = st.columns([3, 2])
    with right:
        depth = st.slider("Depth (steps from the focus)", 1, 3, key="map_depth")
        as_of = date_picker("As of", key="map_as_of")
    influence = cached_influence(as_of)
    # Start where influence is: the most influential person is a natural first focus.
    top = min(influence, key=lambda pid: (-influence[pid], pid)) if influence else None
    with left:
        focus = node_picker("Focus", store, key="map_focus", default=top)
    types = st.multiselect(
        "Relationship types",
        offered,
        key="map_types",
        help="; ".join(f"{k}: {v.description}" for k, v in SCHEMA.edge_types.items()),
    )
    show_history = st.checkbox(
        "Include relationships that ended or have not started (drawn dashed)",
        key="map_history",
    )
    remember("influence", params)
    if focus is None:
        st.info("Nothing to show yet: import CSV files on the Import page.")
        return
    if not types:
        st.warning("Pick at least one relationship type.")
        return

    sub = cached_neighbourhood(
        focus.id, depth, None if show_history else as_of, types, limit=MAP_LIMIT
    )
    findings = cached_scan(as_of)
    in_view = set(sub.nodes)
    flagged: list[list[str]] = []
    for f in findings:
        if in_view.intersection(f.path):
            flagged.append(list(f.path))
            access = f.details.get("access_path")
            if isinstance(access, list) and access:
                flagged.append([str(x) for x in access])
    from queries.people import person_cards

    expanded = [g for g in st.session_state.get("map_expand", []) if isinstance(g, str)]
    layout = layout_map(
        sub,
        influence=influence,
        flagged_paths=flagged,
        as_of=as_of,
        focus=focus.id,
        expanded=expanded,
        cards=person_cards(store, [n for n, v in sub.nodes.items() if v.type == PERSON], as_of),
    )
    page = layout_html(layout)

    shown_findings = sum(1 for f in findings if in_view.intersection(f.path))
    summary = f"{len(sub.nodes)} nodes and {len(sub.edges)} relationships"
    if layout.grouped:
        summary += f", drawn as {len(layout.nodes)} (people grouped by employer, then function)"
    if shown_findings:
        summary += f"; {shown_findings} current finding(s) touch this view (red)"
    st.caption(summary)
    if len(sub.nodes) >= MAP_LIMIT:
        st.warning(
            f"This view was cut at {MAP_LIMIT} nodes. Lower the depth or pick fewer "
            "relationship types to see all of it."
        )
    show_html(page, height=700)
    if layout.groups or expanded:
        labels = {g: str(layout.nodes[g]["label"]) for g in layout.groups if g in layout.nodes}
        options = list(dict.fromkeys([*expanded, *labels]))
        st.multiselect(
            "Expand groups (employer, then function)",
            options,
            format_func=lambda g: labels.get(g, _group_words(g)),
            key="map_expand",
            help="Open a group of people to see its functions, then its people.",
        )

    name = safe_filename(focus.name or focus.id)
    a, b = st.columns(2)
    a.download_button(
        "Download this map (HTML)",
        data=page,
        file_name=f"allymap-{name}-{as_of}.html",
        mime="text/html",
        key="map_dl_html",
        on_click=record_download,
        args=("influence", f"allymap-{name}-{as_of}.html", len(sub.nodes)),
    )
    b.download_button(
        "Download as GraphML (Gephi, yEd, Cytoscape)",
        data=subgraph_to_graphml(sub),
        file_name=f"allymap-{name}-{as_of}.graphml",
        mime="application/graphml+xml",
        key="map_dl_graphml",
        on_click=record_download,
        args=("influence", f"allymap-{name}-{as_of}.graphml", len(sub.nodes)),
    )

    people = [(influence.get(nid, 0.0), n) for nid, n in sub.nodes.items() if n.type == PERSON]
    if people:
        people.sort(key=lambda sn: (-sn[0], sn[1].name, sn[1].id))
        st.subheader("Most influential people in this view", anchor=False)
        table(
            [
                {
                    PERSON: n.name,
                    "Influence": round(score, 3),
                    "Function": str(n.props.get(PERSON_FUNCTION, "")),
                }
                for score, n in people[:15]
            ]
        )


def _group_words(group: str) -> str:
    """An expanded group's name for the picker (it is no longer drawn, so it has no label)."""
    company, _, function = group.removeprefix("group:").partition("|")
    return f"{plain(company) or 'no employer'}" + (f" · {plain(function)}" if function else "")


if __name__ == "__main__":
    render()
