"""What every page shares: the store (one per process), cached questions, pickers by name,
tables, and the ways data text reaches the page.

Users are alliance managers: they pick people, companies and programs by name, never by id.
Names come from CSV files nobody vetted, so everything shown from data goes through one of
three doors (re-exported here from :mod:`allymap.text`): :func:`md` inside anything Streamlit
reads as Markdown (st.markdown, captions, alerts, headings, labels), :func:`plain` where it
shows text as text (picker options), and :func:`table` for tables, whose cells are also
formula-safe for the table's own CSV download.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

import streamlit as st

from allymap import needtoknow
from allymap.downloads import safe_frame
from allymap.pages.access import identity
from allymap.text import fold, md, plain, safe_filename
from graphmodel.errors import AllymapError
from graphmodel.model import Edge, Node, today
from graphmodel.store import GraphStore, Subgraph
from graphmodel.vocabulary import ALLIANCE, COMMITTEE, COMPANY, PERSON, PROGRAM, WORKS_ON
from queries.rules.finding import Finding

__all__ = [
    "NO_DATA",
    "cached_influence",
    "cached_neighbourhood",
    "cached_portfolio_influence",
    "cached_scan",
    "clear_cached_answers",
    "data_version",
    "date_picker",
    "default",
    "fold",
    "get_store",
    "home_company",
    "md",
    "name_links",
    "node_label",
    "node_picker",
    "nodes_picker",
    "path_subgraph",
    "plain",
    "record",
    "record_download",
    "safe_filename",
    "show_html",
    "store_key",
    "table",
]

# ---- the store -------------------------------------------------------------------------------


def store_key() -> tuple[str | None, str | None]:
    """(db path, neo4j URI) from the environment ``allymap serve`` sets up."""
    return (os.environ.get("ALLYMAP_DB") or None, os.environ.get("ALLYMAP_NEO4J") or None)


NO_DATA = (
    "There is no data yet: import your CSV files (HR export, contracts, committee rosters...) "
    "on the **Import** page, under Data in the menu."
)


@st.cache_resource(show_spinner=False)
def _open_store(db: str | None, neo4j: str | None) -> GraphStore:
    from allymap.config import open_store

    # create=True: a path with no database yet is an empty graph, and the first import made
    # on the Import page creates it (allymap serve on a new path).
    return open_store(db=db, neo4j=neo4j, create=True)


def _store() -> GraphStore:
    db, neo4j = store_key()
    try:
        return _open_store(db, neo4j)
    except AllymapError as exc:
        st.error(md(str(exc)))
        st.stop()
        raise  # unreachable: st.stop() raises


def get_store(*, need_data: bool = True) -> GraphStore:
    """The process-wide store for the configured database; stops the page with a readable
    message when it cannot be opened and, unless ``need_data`` is False (the Import page),
    with "no data yet" when nothing has been imported: on an empty graph a page would show
    "nothing found", a wrong all-clear."""
    store = _store()
    try:
        empty = need_data and not store.holds_data()
    except AllymapError as exc:  # e.g. the file went bad underneath the running app
        st.error(md(str(exc)))
        st.stop()
        raise
    if empty:
        st.info(NO_DATA)
        st.stop()
    return store


def acting_user() -> str:
    """Who is acting in the app: the name decisions are recorded by (the signed-in user, or
    the OS user of a single-user app; :func:`allymap.pages.access.acting_user`)."""
    from allymap.pages.access import acting_user as signed_in_user

    return signed_in_user()


def data_version() -> int:
    """The store's version (GraphStore.version): it changes with every import, from this app or
    from another process such as the CLI, so cached answers about the old data expire."""
    return _store().version()


def clear_cached_answers() -> None:
    """After an import from this app: free the answers about the old data at once."""
    st.cache_data.clear()


# ---- the audit trail -------------------------------------------------------------------------


def record(action: str, detail: Mapping[str, Any]) -> None:
    """Append to the audit trail as the session's user (graphmodel.audit). With sign-in, a
    page that cannot record what it shows does not show it; a single-user app goes on (its
    user holds the database file anyway, and the page says what is wrong with it). Nothing is
    recorded while there is no database yet: there is nothing to show."""
    who = identity()
    try:
        _open_store(*store_key()).append_audit(who.user or "(not signed in)", action, detail)
    except AllymapError as exc:
        if who.team:
            st.error(md(f"Cannot record this in the audit trail, so it is not shown: {exc}"))
            st.stop()


def record_download(page: str, file_name: str, rows: int | None = None) -> None:
    """on_click of every download button: who took which file away."""
    detail: dict[str, Any] = {"page": page, "file": file_name}
    if rows is not None:
        detail["rows"] = rows
    record("download", detail)


# ---- cached questions (keyed on the store and its data version) -----------------------------


@st.cache_data(show_spinner="Scoring influence…", max_entries=16)
def _influence(
    _store: GraphStore, key: tuple[str | None, str | None], version: int, as_of: str
) -> dict[str, float]:
    from queries.influence import influence_scores

    return influence_scores(_store, as_of)


def cached_influence(as_of: str) -> dict[str, float]:
    return _influence(_store(), store_key(), data_version(), as_of)


@st.cache_data(show_spinner="Ranking the portfolio and finding its brokers…", max_entries=8)
def _portfolio(
    _store: GraphStore, key: tuple[str | None, str | None], version: int, as_of: str, limit: int
) -> tuple[list[Any], list[Any]]:
    from queries.influence import portfolio_influence

    return portfolio_influence(_store, as_of, limit)


def cached_portfolio_influence(as_of: str, limit: int = 50) -> tuple[list[Any], list[Any]]:
    """(the most influential people with why, the brokers), for the whole portfolio."""
    return _portfolio(_store(), store_key(), data_version(), as_of, limit)


@st.cache_data(show_spinner="Scanning the portfolio…", max_entries=16)
def _scan(
    _store: GraphStore,
    key: tuple[str | None, str | None],
    version: int,
    as_of: str,
    hops: int | None,
) -> list[Finding]:
    from queries.conflicts import scan

    return scan(_store, as_of=as_of, hops=hops).findings


def cached_scan(as_of: str, hops: int | None = None) -> list[Finding]:
    """The portfolio's findings as the signed-in role may see them (allymap.needtoknow): the
    cache holds the full answer, what leaves this function is redacted for a viewer."""
    findings = _scan(_store(), store_key(), data_version(), as_of, hops)
    role = identity().role
    if needtoknow.sees_interests(role):
        return findings
    ids = {i for f in findings for i in (f.person, str(f.details.get("alliance") or "")) if i}
    names = {nid: node.name for nid, node in _store().existing_nodes(ids).items()}
    return needtoknow.for_role(findings, role, names)


@st.cache_data(show_spinner="Looking ahead and back…", max_entries=16)
def _timeline(
    _store: GraphStore,
    key: tuple[str | None, str | None],
    version: int,
    as_of: str,
    hops: int | None,
    ahead: int | None,
    since: str | None,
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    from queries.conflicts import scan

    report = scan(_store, as_of=as_of, hops=hops, ahead=ahead, changes_since=since)
    return report.upcoming or [], report.new or [], report.resolved or []


def cached_timeline(
    as_of: str, hops: int | None, ahead: int | None, since: str | None
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(upcoming in the next ``ahead`` days, new since ``since``, resolved since then)."""
    return _timeline(_store(), store_key(), data_version(), as_of, hops, ahead, since)


@st.cache_data(show_spinner="Collecting the neighbourhood…", max_entries=32)
def _neighbourhood(
    _store: GraphStore,
    key: tuple[str | None, str | None],
    version: int,
    focus: str,
    depth: int,
    as_of: str | None,
    edge_types: tuple[str, ...],
    limit: int,
) -> Subgraph:
    return _store.neighbourhood(focus, depth, as_of, list(edge_types), limit)


def cached_neighbourhood(
    focus: str, depth: int, as_of: str | None, edge_types: Sequence[str], limit: int = 5000
) -> Subgraph:
    """The map around ``focus``, walked only over the relationship types the signed-in role
    may see (a viewer's map neither draws nor reaches through personal interests)."""
    role = identity().role
    sub = _neighbourhood(
        _store(),
        store_key(),
        data_version(),
        focus,
        depth,
        as_of,
        tuple(sorted(needtoknow.edge_types_for(role, edge_types))),
        limit,
    )
    return needtoknow.subgraph_for(role, sub)


@st.cache_data(show_spinner=False, max_entries=16)
def _employee_counts(
    _store: GraphStore, key: tuple[Any, ...], version: int, as_of: str
) -> dict[str, int]:
    return _store.headcounts(as_of)


def home_company(store: GraphStore, as_of: str) -> Node | None:
    """ "Us": ``ALLYMAP_HOME_COMPANY`` (an id or an exact name), else the company with the most
    current employees."""
    wanted = (os.environ.get("ALLYMAP_HOME_COMPANY") or "").strip()
    if wanted:
        found = store.existing_nodes([wanted]).get(wanted)
        if found is not None and found.type == COMPANY:
            return found
        for match in store.search_nodes(wanted, [COMPANY], limit=50):
            if fold(match.name.strip()) == fold(wanted):
                return match
    # Keyed on the store object too: tests (and scripts) may call this with a store of their
    # own rather than the app's.
    counts = _employee_counts(store, (*store_key(), id(store)), data_version(), as_of)
    if counts:
        best = min(counts, key=lambda cid: (-counts[cid], cid))
        node = store.existing_nodes([best]).get(best)
        if node is not None:
            return node
    companies = store.search_nodes("", [COMPANY], limit=1)
    return companies[0] if companies else None


# ---- pickers by name -------------------------------------------------------------------------


LABEL_MAX = 120
"""Longest name a picker shows (a 10,000-character name would fill the page)."""


def node_label(node: Node, duplicate: bool = False) -> str:
    """How a node is offered in a picker: "Name (Type)", plus the id only when two share a
    name (the one place an id helps). Plain text (:func:`plain`): inside Markdown, pass it
    through :func:`md`."""
    name = plain(node.name or node.id, LABEL_MAX)
    return (
        f"{name} ({node.type}, {plain(node.id, LABEL_MAX)})"
        if duplicate
        else f"{name} ({node.type})"
    )


def _labels(nodes: Iterable[Node]) -> dict[str, str]:
    nodes = list(nodes)
    counts = Counter((n.name, n.type) for n in nodes)
    return {n.id: node_label(n, counts[(n.name, n.type)] > 1) for n in nodes}


def node_picker(
    label: str,
    store: GraphStore,
    *,
    types: Sequence[str] = (),
    key: str,
    default: str | None = None,
    limit: int = 200,
    help: str | None = None,
) -> Node | None:
    """A search box plus a select box of matching names; returns the chosen node."""
    what = " or ".join(t.lower() for t in types) if types else "name"
    query = st.text_input(
        f"Search {label.lower()}",
        key=f"{key}__q",
        placeholder=f"Type part of a {what}",
        help=help,
    )
    results = store.search_nodes(query.strip(), list(types), limit=limit)
    last_key = f"{key}__last_q"
    if query and query != st.session_state.get(last_key, "") and results:
        st.session_state[key] = results[0].id  # a new search jumps to its best match
    st.session_state[last_key] = query
    extra: list[Node] = []
    chosen_before = st.session_state.get(key)
    for wanted in (chosen_before, default):
        if wanted and all(n.id != wanted for n in results):
            found = store.existing_nodes([wanted]).get(wanted)
            if found is not None and (not types or found.type in types):
                extra.append(found)
    options = extra + results
    if not options:
        st.caption("Nothing matches." if query else "Nothing to pick yet: import data first.")
        return None
    labels = _labels(options)
    ids = list(labels)
    index = ids.index(default) if default in ids and chosen_before is None else 0
    picked = st.selectbox(label, ids, index=index, format_func=labels.__getitem__, key=key)
    return next((n for n in options if n.id == picked), None)


def nodes_picker(
    label: str,
    store: GraphStore,
    *,
    types: Sequence[str] = (),
    key: str,
    limit: int = 200,
) -> list[Node]:
    """A search box plus a multi-select by name; earlier choices stay selected while the
    search changes."""
    query = st.text_input(
        f"Search {label.lower()}", key=f"{key}__q", placeholder="Type part of a name"
    )
    results = store.search_nodes(query.strip(), list(types), limit=limit)
    kept_ids = [i for i in st.session_state.get(key, []) if i]
    kept = store.existing_nodes(kept_ids) if kept_ids else {}
    options = [kept[i] for i in kept_ids if i in kept] + [n for n in results if n.id not in kept]
    labels = _labels(options)
    picked = st.multiselect(label, list(labels), format_func=labels.__getitem__, key=key)
    by_id = {n.id: n for n in options}
    return [by_id[i] for i in picked if i in by_id]


def default(key: str, value: Any) -> None:
    """A widget's starting value, set in session state rather than passed to the widget, so a
    value restored from the URL (allymap.pages.urlstate) is not fought over."""
    if key not in st.session_state:
        st.session_state[key] = value


def date_picker(label: str, key: str, help: str | None = None) -> str:
    """An as-of date as an ISO string (default today)."""
    default(key, dt.date.fromisoformat(today()))
    value = st.date_input(label, key=key, format="YYYY-MM-DD", help=help)
    if isinstance(value, dt.date):
        return value.isoformat()
    return today()


def table(
    rows: Iterable[Mapping[str, Any]], columns: list[str] | None = None, **kwargs: Any
) -> None:
    """Every table the app shows: cells as plain values (never Markdown), and formula-safe, so
    the table's own "Download as CSV" is as safe as the app's download buttons
    (:func:`allymap.downloads.safe_frame`). ``kwargs`` go to ``st.dataframe``."""
    kwargs.setdefault("hide_index", True)
    st.dataframe(safe_frame(list(rows), columns), **kwargs)


# ---- paths on small maps ---------------------------------------------------------------------


def path_subgraph(
    store: GraphStore, paths: Sequence[Sequence[str]], proposed: Sequence[tuple[str, str]] = ()
) -> Subgraph:
    """The nodes of some finding paths and the stored relationships that join consecutive
    ones, for a small explanatory map. ``proposed`` adds (person, program) WORKS_ON edges that
    a staffing check assumes but that do not exist yet."""
    ids = list(dict.fromkeys(i for path in paths for i in path))
    nodes = dict(store.existing_nodes(ids))
    pairs = {(a, b) for path in paths for a, b in pairwise(path) if a != b}
    edges: list[Edge] = []
    seen: set[tuple[str, str, str, str]] = set()
    for found in store.edges_between(pairs).values():
        for e in found:
            if e.key not in seen and e.source in nodes and e.target in nodes:
                seen.add(e.key)
                edges.append(e)
    for person, program in proposed:
        if person in nodes and program in nodes:
            already = any(
                e.type == WORKS_ON and e.source == person and e.target == program for e in edges
            )
            if not already:
                edges.append(Edge(WORKS_ON, person, program, props={"note": "proposed"}))
    return Subgraph(nodes, edges)


# ---- links between pages ----------------------------------------------------------------------

_PAGES = os.path.join(os.path.dirname(os.path.abspath(__file__)))
LINKED: dict[str, tuple[str, str]] = {
    ALLIANCE: ("alliance.py", "alliance"),
    COMMITTEE: ("committee.py", "committee"),
    COMPANY: ("partner.py", "partner"),
    PERSON: ("influence_map.py", "focus"),
    PROGRAM: ("influence_map.py", "focus"),
}
"""Node type -> (the page that shows one, its URL parameter)."""


def name_links(store: GraphStore, ids: Sequence[str]) -> None:
    """One link per node, by name, to the page that shows it (the alliance and committee
    pages, the partner page, the map); the name is plain text (a link's label)."""
    for nid, node in store.existing_nodes(list(ids)).items():
        page, param = LINKED.get(node.type, ("influence_map.py", "focus"))
        st.page_link(
            os.path.join(_PAGES, page),
            label=plain(node.name or nid, LABEL_MAX),
            query_params={param: nid},
        )


# ---- embedding HTML --------------------------------------------------------------------------


def show_html(page: str, height: int) -> None:
    """Show a self-contained HTML page (our map) in an iframe. Only ever called with HTML we
    built, where every string from data was escaped."""
    iframe = getattr(st, "iframe", None)
    if iframe is not None:
        iframe(page, height=height)
    else:  # Streamlit before st.iframe
        import streamlit.components.v1 as components

        components.html(page, height=height, scrolling=False)
