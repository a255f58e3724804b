"""allymap's browser app: only the router. Each page is a script in ``allymap/pages/``.

Start it with ``allymap serve`` (or ``streamlit run app.py``); the store comes from
``ALLYMAP_DB`` (embedded file) or ``ALLYMAP_NEO4J`` (a Neo4j server), like the CLI's.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import allymap.pages
from allymap.pages.common import md
from graphmodel.errors import AllymapError

PAGES_DIR = Path(allymap.pages.__file__).resolve().parent


# In a function, as in Streamlit's own `hello`, so tests can build the app from it.
def run() -> None:
    # An emoji favicon is drawn locally; a Material-icon favicon (the pages' icons would be
    # used otherwise) is fetched from fonts.gstatic.com, and the app must work offline.
    st.set_page_config(page_title="allymap", page_icon="🕸️", layout="wide")
    page = st.navigation(
        {
            "Explore": [
                st.Page(
                    PAGES_DIR / "influence_map.py",
                    title="Influence map",
                    icon=":material/hub:",
                    url_path="influence",
                    default=True,
                ),
                st.Page(
                    PAGES_DIR / "partner.py",
                    title="Partner 360",
                    icon=":material/handshake:",
                    url_path="partner",
                ),
            ],
            "Check": [
                st.Page(
                    PAGES_DIR / "staffing.py",
                    title="Staffing check",
                    icon=":material/group_add:",
                    url_path="staffing",
                ),
                st.Page(
                    PAGES_DIR / "conflicts.py",
                    title="Conflicts",
                    icon=":material/gpp_maybe:",
                    url_path="conflicts",
                ),
            ],
            "Data": [
                st.Page(
                    PAGES_DIR / "import_data.py",
                    title="Import",
                    icon=":material/upload_file:",
                    url_path="import",
                ),
            ],
        }
    )
    try:
        page.run()
    except AllymapError as exc:  # e.g. the database went away: say so, no traceback
        st.error(md(str(exc)))


if __name__ == "__main__":
    run()
