"""Roles in the app, enforced on the server (AppTest on the demo data): which pages each role
gets, that a page reached anyway is refused, that a viewer's conflicts, map data and
downloads carry no personal interest, that a page nobody declared is refused to everyone, and
that the session's sign-in, views and refusals land in the audit trail (checks, a download and
an import in a real browser session: tests/test_signin_browser.py).

Signing in itself (the OIDC flow, Streamlit's identity cookie) is tests/test_signin_browser.py;
here the identity Streamlit would read from its cookie is given to allymap.pages.access."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from allymap.pages import access
from allymap.signin import ADMIN, CHECKER, VIEWER
from graphmodel.embedded import EmbeddedStore
from loaders import read_files

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DEMO = ROOT / "examples" / "demo"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 40,
    "client_id": "allymap",
    "client_secret": "s",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ROLES = """
[users]
"vera@example.com" = "viewer"
"carl@example.com" = "checker"
"ana@example.com" = "admin"
"""
# The demo's conflicts of interest: who, the company of the interest, and its kind.
INTERESTS = [("Amara Okafor", "Corvane", "advisor"), ("José Núñez", "Halvorsen Pharma", "equity")]


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The demo portfolio behind sign-in; ``who["claims"]`` is the signed-in identity."""
    db = tmp_path / "demo.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(sorted(DEMO.glob("*.csv"))))
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    monkeypatch.delenv("ALLYMAP_NEO4J", raising=False)
    monkeypatch.setenv("ALLYMAP_ROLES", str(roles))
    who: dict[str, Any] = {"claims": None, "db": db}
    monkeypatch.setattr(access, "_auth_section", lambda: AUTH)
    monkeypatch.setattr(access, "_signed_in_claims", lambda: who["claims"])
    yield who


def _as(team: dict[str, Any], email: str | None) -> AppTest:
    team["claims"] = {"email": email, "sub": f"sub-{email}"} if email else None
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"allymap/pages/{page}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for kind in (at.error, at.warning, at.success, at.info) for x in kind]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


def _trail(team: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    with EmbeddedStore(team["db"]) as store:
        entries, _ = store.audit_log()
    return [(e.user, e.action, e.detail) for e in entries]


def test_every_page_script_is_declared_with_a_role() -> None:
    """A new page must say who may open it: an undeclared one would be refused to all."""
    scripts = {p.name for p in (ROOT / "allymap" / "pages").glob("*.py")}
    scripts -= access.HELPERS
    assert scripts == {spec.script for spec in access.PAGES}
    assert all(spec.role in (VIEWER, CHECKER, ADMIN) for spec in access.PAGES)


def test_no_page_script_has_a_bare_string_that_streamlit_would_print() -> None:
    """Streamlit's "magic" writes any bare string of a page script onto the page (a constant's
    docstring appeared above the Conflicts title): only the module docstring may be one."""
    import ast

    for spec in access.PAGES:
        tree = ast.parse((ROOT / "allymap" / "pages" / spec.script).read_text(encoding="utf-8"))
        stray = [
            node.lineno
            for node in tree.body[1:]
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ]
        assert not stray, (spec.script, stray)


def test_a_page_with_no_declared_role_is_refused_by_default() -> None:
    assert not access.may_open(None, ADMIN)
    assert access.page_for("no-such-page") is None


def test_each_role_gets_its_pages() -> None:
    def menu(role: str | None) -> set[str]:
        return {s.url_path for specs in access.pages_for(role).values() for s in specs}

    viewer = {"influence", "partner", "ranking", "alliance", "committee", "conflicts", "agreements"}
    assert menu(VIEWER) == viewer
    assert menu(CHECKER) == viewer | {"staffing"}
    assert menu(ADMIN) == viewer | {"staffing", "import", "audit"}
    assert menu(None) == set()


def test_not_signed_in_sees_only_the_sign_in_button(team: dict[str, Any]) -> None:
    at = _as(team, None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.dataframe and "Influence map" not in [t.value for t in at.title]
    assert _trail(team) == []  # nobody, nothing shown


def test_a_user_with_no_role_is_refused_and_recorded(team: dict[str, Any]) -> None:
    at = _as(team, "eve@example.com")
    assert any("has no role" in e.value for e in at.error)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.dataframe
    assert _trail(team)[-1][:2] == ("eve@example.com", "refused")


def test_a_viewer_cannot_reach_staffing_or_import(team: dict[str, Any]) -> None:
    for page in ("staffing.py", "import_data.py", "audit.py"):
        at = _as(team, "vera@example.com")
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"allymap/pages/{page}").run()
        assert not at.file_uploader
        assert "Staffing check" not in [t.value for t in at.title]


def test_the_router_refuses_a_registered_page_the_role_may_not_open(
    team: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if a page were in the menu (a bug, a page another engineer added without a role),
    the router refuses to run it."""
    monkeypatch.setattr(access, "page_for", lambda url_path: None)
    at = _as(team, "ana@example.com")
    assert any("does not let you open this page" in e.value for e in at.error)
    assert not at.dataframe and not at.title
    assert _trail(team)[-1][1] == "refused"


def test_a_viewer_sees_conflicts_without_the_interests(team: dict[str, Any]) -> None:
    at = _open(_as(team, "vera@example.com"), "conflicts.py")
    shown = _text(at)
    for person, company, kind in INTERESTS:
        assert person in shown  # the finding stays
        assert company not in shown and f"({kind})" not in shown, (company, kind)
    assert "shown to checkers only" in shown
    rows = at.dataframe[0].value
    assert (rows["Kind"] == "conflict of interest").sum() == 4
    # nor in the page's session data
    state = json.dumps({k: str(at.session_state[k]) for k in at.session_state}, default=str)
    assert all(company not in state for _, company, _ in INTERESTS)


def test_a_checker_sees_conflicts_in_full(team: dict[str, Any]) -> None:
    at = _open(_as(team, "carl@example.com"), "conflicts.py")
    shown = _text(at)
    for person, company, kind in INTERESTS:
        assert person in shown and company in shown and f"({kind})" in shown


def test_a_viewer_map_offers_and_walks_no_interests(team: dict[str, Any]) -> None:
    at = _as(team, "vera@example.com")
    assert "HOLDS_INTEREST_IN" not in at.multiselect(key="map_types").options
    checker = _as(team, "carl@example.com")
    assert "HOLDS_INTEREST_IN" in checker.multiselect(key="map_types").options


def test_the_session_is_in_the_audit_trail(team: dict[str, Any]) -> None:
    at = _as(team, "carl@example.com")
    _open(at, "conflicts.py")
    trail = _trail(team)
    assert trail[0] == ("carl@example.com", "sign-in", {"role": "checker"})
    views = [d["page"] for u, a, d in trail if a == "view"]
    assert views[:2] == ["influence", "conflicts"]
    assert all(u == "carl@example.com" for u, _, _ in trail)


def test_the_admin_audit_page_shows_verifies_and_exports(team: dict[str, Any]) -> None:
    at = _open(_as(team, "ana@example.com"), "audit.py")
    assert [t.value for t in at.title] == ["Audit trail"]
    assert any("intact" in s.value for s in at.success)
    rows = at.dataframe[0].value
    assert set(rows["action"]) >= {"sign-in", "view"} and "ana@example.com" in set(rows["user"])
    import sqlite3

    with sqlite3.connect(team["db"]) as conn:
        conn.execute("UPDATE audit SET action = 'nothing' WHERE seq = 1")
    at.run()
    assert any("tampered with" in e.value and "entry 1" in e.value for e in at.error)
    assert not any(b.label.lower().startswith(("delete", "edit")) for b in at.button)
