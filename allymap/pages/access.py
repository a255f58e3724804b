"""Who is using the app, which pages their role lets them open, and the sign-in screen.

Every page is declared in :data:`PAGES` with the least role that may open it. The router
(``app.py``) registers in ``st.navigation`` only the pages the signed-in role may open, and
before running one checks again (:func:`may_open`), so a page reached by a forged URL or
a stale link is refused on the server; a page script that is not declared here is refused to
everybody (a new page must say who may see it).

Modes (:mod:`allymap.signin`): without a complete ``[auth]`` section in Streamlit's secrets the
app is single-user (the OS user, every role) and refuses to run when Streamlit listens beyond
the loopback unless ``allymap serve --no-auth`` said so; with one, people sign in through
``st.login`` and get their role from the roles file (``ALLYMAP_ROLES``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

from allymap.signin import (
    ADMIN,
    CHECKER,
    NO_AUTH_ENV,
    ROLES_ENV,
    VIEWER,
    RolesError,
    RolesFile,
    at_least,
    auth_problem,
    is_loopback,
    os_user,
)
from allymap.text import md, plain
from graphmodel.vocabulary import ALLIANCE, COMMITTEE

__all__ = [
    "HELPERS",
    "PAGES",
    "Identity",
    "PageSpec",
    "acting_user",
    "auth_configured",
    "identity",
    "may_open",
    "page_for",
    "pages_for",
    "role_caption",
    "sign_in_screen",
    "unsafe_address",
]


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page of the app: its script in ``allymap/pages/``, menu entry, and least role."""

    script: str
    title: str
    icon: str
    url_path: str
    section: str
    role: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "influence_map.py", "Influence map", ":material/hub:", "influence", "Explore", VIEWER, True
    ),
    PageSpec("partner.py", "Partner 360", ":material/handshake:", "partner", "Explore", VIEWER),
    PageSpec(
        "influence_rank.py",
        "Influence ranking",
        ":material/leaderboard:",
        "ranking",
        "Explore",
        VIEWER,
    ),
    PageSpec("alliance.py", ALLIANCE, ":material/diversity_3:", "alliance", "Explore", VIEWER),
    PageSpec("committee.py", COMMITTEE, ":material/groups:", "committee", "Explore", VIEWER),
    PageSpec("staffing.py", "Staffing check", ":material/group_add:", "staffing", "Check", CHECKER),
    PageSpec("conflicts.py", "Conflicts", ":material/gpp_maybe:", "conflicts", "Check", VIEWER),
    PageSpec(
        "agreements.py", "Agreements", ":material/description:", "agreements", "Check", VIEWER
    ),
    PageSpec("import_data.py", "Import", ":material/upload_file:", "import", "Data", ADMIN),
    PageSpec("audit.py", "Audit trail", ":material/policy:", "audit", "Data", ADMIN),
)
"""Every page and the least role that may open it (a viewer sees conflicts redacted:
:mod:`allymap.needtoknow`)."""
HELPERS = frozenset(
    {"__init__.py", "common.py", "access.py", "brief.py", "decide.py", "urlstate.py"}
)
"""Modules in ``allymap/pages/`` that pages use and that are not pages (never registered)."""


def page_for(url_path: str) -> PageSpec | None:
    """The declared page at ``url_path`` ("" is the default page), or None."""
    for spec in PAGES:
        if spec.url_path == url_path or (not url_path and spec.default):
            return spec
    return None


def may_open(spec: PageSpec | None, role: str | None) -> bool:
    """Whether ``role`` may open the page; an undeclared page (None) is refused to everyone."""
    return spec is not None and at_least(role, spec.role)


def pages_for(role: str | None) -> dict[str, list[PageSpec]]:
    """The menu for ``role``: only the pages it may open, by section, in declared order."""
    menu: dict[str, list[PageSpec]] = {}
    for spec in PAGES:
        if may_open(spec, role):
            menu.setdefault(spec.section, []).append(spec)
    return menu


# ---- who is it? ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """The person using this session. ``team``: sign-in is configured; ``signed_in``: they
    have signed in; ``role``: None when they may open nothing; ``why``: why not, in words."""

    user: str
    role: str | None
    team: bool
    signed_in: bool
    why: str = ""
    claims: Mapping[str, Any] = field(default_factory=dict)


def _auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the secrets Streamlit loaded, or None."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section = st.secrets.get("auth")
    except (FileNotFoundError, KeyError):
        return None
    return section if isinstance(section, Mapping) else None


def auth_configured() -> bool:
    """Whether this app signs people in (a complete ``[auth]`` section)."""
    section = _auth_section()
    return section is not None and auth_problem(section) is None


def _signed_in_claims() -> dict[str, Any] | None:
    """The signed-in user's ID-token claims (Streamlit's identity cookie), or None."""
    user = st.user
    if not user.is_logged_in:
        return None
    return {k: v for k, v in user.to_dict().items() if k != "is_logged_in"}


@lru_cache(maxsize=8)
def _roles(path: str, mtime_ns: int) -> RolesFile:
    return RolesFile.load(path)


def _roles_file() -> RolesFile:
    path = os.environ.get(ROLES_ENV) or ""
    if not path:
        raise RolesError(
            "No roles file is configured (ALLYMAP_ROLES; allymap serve --roles), so nobody has "
            "a role yet."
        )
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError as err:
        raise RolesError(f"Cannot read the roles file {path}: {err.strerror or err}") from err
    return _roles(path, mtime)


def identity() -> Identity:
    """Who this session is, worked out again on every run (from Streamlit's signed identity
    cookie and the roles file as it is now: a role taken away counts at the next click)."""
    section = _auth_section()
    if section is None or auth_problem(section) is not None:
        why = auth_problem(section) if section is not None else ""
        # An [auth] section that cannot sign anybody in lets nobody in (never single-user).
        if section is not None:
            return Identity("", None, True, False, f"Sign-in is misconfigured: {why}.")
        return Identity(os_user(), ADMIN, False, False)
    claims = _signed_in_claims()
    if claims is None:
        return Identity("", None, True, False, "Not signed in.")
    user = str(claims.get("email") or claims.get("sub") or "")
    if not user:
        return Identity("", None, True, True, "The sign-in gave no e-mail address or subject.")
    try:
        role = _roles_file().role_for(claims)
    except RolesError as err:
        return Identity(user, None, True, True, str(err), claims)
    why = "" if role else f"{user} has no role in allymap: ask an admin to add you."
    return Identity(user, role, True, True, why, claims)


def acting_user() -> str:
    """The name recorded as who acted (a decision's ``decided_by``, the audit trail): the
    signed-in user, or the OS user of a single-user app."""
    return identity().user or os_user()


def unsafe_address() -> str | None:
    """In single-user mode: the non-loopback address Streamlit was told to listen on without
    ``--no-auth`` (started by hand, not by allymap serve), else None."""
    address = str(st.get_option("server.address") or "")
    if not address or is_loopback(address) or os.environ.get(NO_AUTH_ENV) == "1":
        return None
    return address


def sign_in_screen(who: Identity) -> None:
    """What somebody who may open nothing sees: a sign-in button, or why they are refused and
    a sign-out button."""
    st.title("allymap")
    if not who.signed_in and who.why == "Not signed in.":
        st.write("Sign in to see the alliance portfolio.")
        st.button("Sign in", key="signin_go", on_click=st.login, type="primary")
        return
    st.error(md(who.why))
    if who.signed_in:
        st.button("Sign out", key="signin_out", on_click=st.logout)


def role_caption(who: Identity) -> str:
    """The sidebar's line about who is signed in, as Markdown-safe text (a user name from
    the provider is data)."""
    if not who.team:
        return "Single user (no sign-in)"
    return f"{md(plain(who.user, 120))} · {who.role or 'no role'}"
