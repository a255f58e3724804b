"""allymap's browser app: only the router. Each page is a script in ``allymap/pages/``.

Start it with ``allymap serve`` (or ``streamlit run app.py``); the store comes from
``ALLYMAP_DB`` (embedded file) or ``ALLYMAP_NEO4J`` (a Neo4j server), like the CLI's. Who may
open which page is declared in ``allymap/pages/access.py`` and enforced here, on the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

import allymap.pages
from allymap.pages import access
from allymap.pages.common import md, record
from graphmodel.errors import AllymapError

PAGES_DIR = Path(allymap.pages.__file__).resolve().parent
_SEEN = "access_seen"  # (user, url_path) this session last recorded a view of


def _sign_out() -> None:
    record("sign-out", {})
    st.session_state.pop(_SEEN, None)
    st.logout()


# In a function, as in Streamlit's own `hello`, so tests can build the app from it.
def run() -> None:
    # An emoji favicon is drawn locally; a Material-icon favicon (the pages' icons would be
    # used otherwise) is fetched from fonts.gstatic.com, and the app must work offline.
    st.set_page_config(page_title="allymap", page_icon="🕸️", layout="wide")
    who = access.identity()
    if not who.team and (address := access.unsafe_address()):
        st.error(
            md(
                f"allymap is listening on {address} without sign-in. Configure sign-in "
                "(docs/deployment.md) or serve on 127.0.0.1; allymap serve --no-auth overrides."
            )
        )
        st.stop()
    if who.role is None:
        if who.signed_in:
            record("refused", {"why": who.why})
        access.sign_in_screen(who)  # no page is registered: every URL comes here
        st.stop()
    if who.team:
        if st.session_state.get(_SEEN, ("",))[0] != who.user:
            record("sign-in", {"role": who.role})
            st.session_state[_SEEN] = (who.user, "")
        with st.sidebar:
            st.caption(access.role_caption(who))
            st.button("Sign out", key="signout", on_click=_sign_out)
    page = st.navigation(
        {
            section: [
                st.Page(
                    PAGES_DIR / spec.script,
                    title=spec.title,
                    icon=spec.icon,
                    url_path=spec.url_path,
                    default=spec.default,
                )
                for spec in specs
            ]
            for section, specs in access.pages_for(who.role).items()
        }
    )
    spec = access.page_for(page.url_path)
    if not access.may_open(spec, who.role):  # a forged URL or a page nobody declared
        record("refused", {"page": page.url_path})
        st.error("Your role does not let you open this page.")
        st.stop()
    assert spec is not None
    if st.session_state.get(_SEEN) != (who.user, spec.url_path):
        detail: dict[str, Any] = {"page": spec.url_path, "role": who.role}
        if st.query_params:  # what the page was asked to show (a shared link's focus...)
            detail["query"] = st.query_params.to_dict()
        record("view", detail)
        st.session_state[_SEEN] = (who.user, spec.url_path)
    try:
        page.run()
    except AllymapError as exc:  # e.g. the database went away: say so, no traceback
        st.error(md(str(exc)))


if __name__ == "__main__":
    run()
