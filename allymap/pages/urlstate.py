"""Views you can share: every page keeps the values that define its view in the URL.

A page declares its parameters (:class:`Param`: the URL key, the widget's session key, how to
read and write the value) and calls :func:`restore` before drawing its widgets and
:func:`remember` after. Opening a link, or reloading, seeds the widgets from the URL; changing
a widget rewrites the URL. A link is input from anywhere: every value is checked (an unknown
or wrong-type id, a bad date, a depth out of range, text too long) and one that fails is
ignored with a note, never trusted, and its text is shown only through :func:`md`.

The checks are pure functions (:func:`parse_date`, :func:`parse_int`, :func:`parse_choices`,
...), so the adversarial corpus throws hostile links at them without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from allymap.text import md, plain
from graphmodel.model import parse_date as _iso_date
from graphmodel.store import GraphStore

__all__ = [
    "MAX_VALUE",
    "Param",
    "Rejected",
    "bool_param",
    "choices_param",
    "date_param",
    "groups_param",
    "int_param",
    "node_param",
    "nodes_param",
    "parse_bool",
    "parse_choices",
    "parse_date",
    "parse_groups",
    "parse_int",
    "remember",
    "restore",
    "split",
    "text_param",
]

MAX_VALUE = 2000
"""Longest URL value read (a list of ids); anything longer is refused unread."""
MAX_ITEMS = 50


class Rejected(ValueError):
    """A URL value that cannot be used, with the reason in words (no value quoted)."""


@dataclass(frozen=True, slots=True)
class Param:
    """One value of a page's view: ``key`` in the URL, ``widget`` in session state."""

    key: str
    widget: str
    read: Callable[[str], Any]
    """URL text -> the widget's value; raises Rejected."""
    write: Callable[[Any], str | None]
    """The widget's value -> URL text (None: leave it out)."""


# ---- the checks (pure) ------------------------------------------------------------------------


def _text(value: str) -> str:
    if len(value) > MAX_VALUE:
        raise Rejected(f"longer than {MAX_VALUE} characters")
    return value.strip()


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD day."""
    try:
        return dt.date.fromisoformat(_iso_date(_text(value)))
    except ValueError as err:
        raise Rejected("not a date in the form YYYY-MM-DD") from err


def parse_int(value: str, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi`` (ASCII digits only)."""
    text = _text(value)
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 6:
        raise Rejected(f"not a whole number from {lo} to {hi}")
    number = int(text)
    if not lo <= number <= hi:
        raise Rejected(f"not a whole number from {lo} to {hi}")
    return number


def parse_bool(value: str) -> bool:
    text = _text(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise Rejected("not 1 or 0")


def parse_groups(value: str) -> list[str]:
    """Map group ids (``group:company|function``), as the map names them."""
    items = split(value)
    if any(not x.startswith("group:") or len(x) > 500 for x in items):
        raise Rejected("not the map's group ids")
    return items


def split(value: str) -> list[str]:
    """A comma-separated list, blanks dropped, each once."""
    items = list(dict.fromkeys(x.strip() for x in _text(value).split(",") if x.strip()))
    if len(items) > MAX_ITEMS:
        raise Rejected(f"more than {MAX_ITEMS} items")
    return items


def parse_choices(value: str, options: Sequence[str]) -> list[str]:
    """Items among ``options`` (case-insensitive); an unknown item refuses the whole value,
    which would otherwise show a different view than the link's sender saw."""
    by_fold = {o.casefold(): o for o in options}
    items = split(value)
    unknown = [x for x in items if x.casefold() not in by_fold]
    if unknown:
        raise Rejected(f"{len(unknown)} unknown item(s)")
    return [by_fold[x.casefold()] for x in items]


def _nodes(store: GraphStore, ids: Sequence[str], types: Sequence[str]) -> list[str]:
    found = store.existing_nodes(list(ids))
    bad = [i for i in ids if i not in found or (types and found[i].type not in types)]
    if bad:
        what = " or ".join(types) if types else "node"
        raise Rejected(f"{len(bad)} id(s) name no {what} in the data")
    return list(ids)


# ---- parameters -------------------------------------------------------------------------------


def groups_param(key: str, widget: str) -> Param:
    return Param(key, widget, parse_groups, lambda xs: ",".join(xs) if xs else None)


def text_param(key: str, widget: str, limit: int = 200) -> Param:
    """Free text (a filter): one plain line, at most ``limit`` characters."""

    def read(value: str) -> str:
        text = plain(_text(value))
        if len(text) > limit:
            raise Rejected(f"longer than {limit} characters")
        return text

    return Param(key, widget, read, lambda t: t or None)


def date_param(key: str, widget: str) -> Param:
    return Param(key, widget, parse_date, lambda d: d.isoformat() if d else None)


def int_param(key: str, widget: str, lo: int, hi: int) -> Param:
    return Param(key, widget, lambda v: parse_int(v, lo, hi), lambda n: str(int(n)))


def bool_param(key: str, widget: str) -> Param:
    return Param(key, widget, parse_bool, lambda b: "1" if b else "0")


def choices_param(key: str, widget: str, options: Sequence[str]) -> Param:
    return Param(
        key, widget, lambda v: parse_choices(v, options), lambda xs: ",".join(xs) if xs else ""
    )


def node_param(key: str, widget: str, store: GraphStore, types: Sequence[str] = ()) -> Param:
    """One node id of ``types`` that exists in the data (a picker's value)."""

    def read(value: str) -> str:
        items = split(value)
        if len(items) != 1:
            raise Rejected("not one id")
        return _nodes(store, items, types)[0]

    return Param(key, widget, read, lambda nid: nid or None)


def nodes_param(key: str, widget: str, store: GraphStore, types: Sequence[str] = ()) -> Param:
    """Several node ids (a multi-picker's value)."""
    return Param(
        key,
        widget,
        lambda v: _nodes(store, split(v), types),
        lambda ids: ",".join(ids) if ids else None,
    )


# ---- Streamlit glue ---------------------------------------------------------------------------


def _url() -> dict[str, str]:
    return {k: st.query_params.get(k, "") for k in st.query_params}


def restore(page: str, params: Sequence[Param]) -> None:
    """Before the page's widgets: when the URL holds what this page did not write itself (a
    shared link, a reload, a new tab), put its checked values into the widgets. Values that
    fail their check are left out and listed in one note."""
    url = _url()
    mine = {p.key for p in params}
    relevant = {k: v for k, v in url.items() if k in mine}
    if st.session_state.get(f"_url_written:{page}") == relevant:
        return
    ignored: list[str] = []
    for p in params:
        if p.key not in relevant:
            continue
        try:
            st.session_state[p.widget] = p.read(relevant[p.key])
        except Rejected as why:
            ignored.append(f"{plain(p.key, 20)} ({why})")
    unknown = [k for k in url if k not in mine]
    if ignored or unknown:
        extra = [f"{plain(k, 20)} (not a setting of this page)" for k in unknown[:5]]
        words = "; ".join(ignored + extra)
        st.session_state[f"_url_note:{page}"] = f"The link's settings were ignored: {words}."
    st.session_state[f"_url_written:{page}"] = relevant


def remember(page: str, params: Sequence[Param], values: Mapping[str, Any] | None = None) -> None:
    """After the page's widgets: write the view into the URL (values from ``values`` when
    given, else from session state), and show the note about a link's ignored settings."""
    note = st.session_state.pop(f"_url_note:{page}", None)
    if note:
        st.caption(md(note))
    out: dict[str, str] = {}
    for p in params:
        if values is not None and p.key in values:
            value = values[p.key]
        else:
            value = st.session_state.get(p.widget)
        if value is None:
            continue
        text = p.write(value)
        if text:
            out[p.key] = text
    if _url() != out:
        st.query_params.from_dict(out)
    st.session_state[f"_url_written:{page}"] = out
