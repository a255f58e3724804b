"""Sign-in and roles: a viewer forging page URLs or query parameters, nobody signed in, a user
with no role, a bad, missing or vanished roles file, identities with odd claims, and hostile
user names. Every case ends with the least access: nothing shown that the role may not see.
(A forged or tampered identity cookie is tests/test_signin_browser.py: only a real server
checks the cookie's signature.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from adversarial.clikit import EDGES, NODES
from adversarial.corpus import Case, cases
from allymap.pages import access
from allymap.signin import RolesFile
from graphmodel.embedded import EmbeddedStore
from loaders import read_files

pytestmark = pytest.mark.adversarial("sign-in and roles")

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 40,
    "client_id": "allymap",
    "client_secret": "s",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ROLES = '[users]\n"vera@example.com" = "viewer"\n"ana@example.com" = "admin"\n'
# Interest rows on top of the CLI kit's portfolio: Vera may see the finding, not the company.
INTEREST = "\npx,Person,Paula Secret\nZcorp,Company,Zeta Hidden Corp\n"
INTEREST_EDGES = "\npx,P1,WORKS_ON,,,,\nZcorp,A1,PARTY_TO,,,,\n"
INTEREST_HOLDS = "source,target,type,kind\npx,Zcorp,HOLDS_INTEREST_IN,family\n"

FORGED = [
    Case("url-staffing", "not registered for a viewer: no such page", page="staffing.py"),
    Case("url-import", "not registered for a viewer: no such page", page="import_data.py"),
    Case("url-audit", "not registered for a viewer: no such page", page="audit.py"),
    Case("url-missing", "no such page", page="nowhere.py"),
]
QUERY = [
    Case("query-role", "still a viewer, interests hidden", params={"role": "admin"}),
    Case("query-page", "still a viewer, interests hidden", params={"page": "import"}),
    Case("query-user", "still a viewer, interests hidden", params={"user": "ana@example.com"}),
]
IDENTITIES = [
    Case("no-cookie", "only the sign-in button", claims=None, says=None),
    Case("no-role", "refused, says no role", claims={"email": "eve@example.com"}, says="no role"),
    Case("no-email-no-sub", "refused", claims={"name": "x"}, says="address or subject"),
    Case("email-case", "the role of that e-mail", claims={"email": "VERA@Example.COM"}, says=""),
    Case("groups-not-a-list", "no role", claims={"email": "x@y", "groups": 7}, says="no role"),
    Case(
        "hostile-email",
        "refused, the name shown as text",
        claims={"email": "**bold** <script>alert(1)</script>"},
        says="no role",
    ),
]
ROLES_FILES = [
    Case(
        "bad-role",
        "everyone refused, the file named",
        text='[users]\n"vera@example.com" = "root"\n',
    ),
    Case("not-toml", "everyone refused, the file named", text="[users\n"),
    Case("unset", "everyone refused: no roles file", text=None),
    Case("vanished", "everyone refused: cannot read it", text="gone"),
]


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    db = tmp_path / "a.sqlite"
    (tmp_path / "nodes.csv").write_text(NODES + INTEREST, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(EDGES + INTEREST_EDGES, encoding="utf-8")
    (tmp_path / "holds.csv").write_text(INTEREST_HOLDS, encoding="utf-8")
    with EmbeddedStore(db) as store:
        store.apply(read_files([tmp_path / n for n in ("nodes.csv", "edges.csv", "holds.csv")]))
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    monkeypatch.delenv("ALLYMAP_NEO4J", raising=False)
    monkeypatch.setenv("ALLYMAP_ROLES", str(roles))
    who: dict[str, Any] = {"claims": {"email": "vera@example.com"}, "roles": roles, "db": db}
    monkeypatch.setattr(access, "_auth_section", lambda: AUTH)
    monkeypatch.setattr(access, "_signed_in_claims", lambda: who["claims"])
    yield who


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for kind in (at.error, at.warning, at.success, at.info) for x in kind]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


def test_the_interest_is_found_and_a_checker_would_see_it(team: dict[str, Any]) -> None:
    """The premise of the viewer cases: the portfolio has a conflict of interest whose
    company an admin sees."""
    team["claims"] = {"email": "ana@example.com"}
    at = _run(AppTest.from_file(str(APP), default_timeout=120))
    at.switch_page("allymap/pages/conflicts.py")
    assert "Zeta Hidden Corp" in _shown(_run(at))


@pytest.mark.parametrize("case", cases(FORGED))
def test_a_viewer_forging_a_page_url_gets_nothing(case: Case, team: dict[str, Any]) -> None:
    at = _run(AppTest.from_file(str(APP), default_timeout=120))
    with pytest.raises(ValueError, match="Could not find"):
        at.switch_page(f"allymap/pages/{case['page']}").run()
    assert not at.file_uploader and "Zeta Hidden Corp" not in _shown(at)


@pytest.mark.parametrize("case", cases(QUERY))
def test_a_viewer_forging_query_parameters_stays_a_viewer(case: Case, team: dict[str, Any]) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in case["params"].items():
        at.query_params[key] = value
    _run(at)
    at.switch_page("allymap/pages/conflicts.py")
    shown = _shown(_run(at))
    assert "Paula Secret" in shown and "conflict of interest" in shown
    assert "Zeta Hidden Corp" not in shown and "family" not in shown
    assert "viewer" in shown and "admin" not in shown
    with EmbeddedStore(team["db"]) as store:
        views = [e.detail for e in store.audit_log()[0] if e.action == "view"]
    assert views[0]["role"] == "viewer" and views[0]["query"] == case["params"]  # as asked


@pytest.mark.parametrize("case", cases(IDENTITIES))
def test_odd_identities_get_the_least_access(case: Case, team: dict[str, Any]) -> None:
    team["claims"] = case["claims"]
    at = _run(AppTest.from_file(str(APP), default_timeout=120))
    if case["says"] is None:
        assert [b.label for b in at.button] == ["Sign in"] and not at.dataframe
        return
    if case["says"]:
        assert any(case["says"] in e.value for e in at.error), [e.value for e in at.error]
        assert [b.label for b in at.button] == ["Sign out"] and not at.dataframe
        assert "<script>" not in "".join(e.value for e in at.error)  # escaped for Markdown
        return
    at.switch_page("allymap/pages/conflicts.py")
    assert "Zeta Hidden Corp" not in _shown(_run(at))  # a viewer, whatever the case


@pytest.mark.parametrize("case", cases(ROLES_FILES))
def test_a_bad_roles_file_lets_nobody_in(
    case: Case, team: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team["claims"] = {"email": "ana@example.com"}
    roles: Path = team["roles"]
    if case["text"] is None:
        monkeypatch.delenv("ALLYMAP_ROLES")
    elif case["text"] == "gone":
        _run(AppTest.from_file(str(APP), default_timeout=120))  # admin while the file is there
        roles.unlink()
    else:
        roles.write_text(case["text"], encoding="utf-8")
    at = _run(AppTest.from_file(str(APP), default_timeout=120))
    assert at.error and not at.dataframe and not at.file_uploader
    with EmbeddedStore(team["db"]) as store:
        entries, _ = store.audit_log()
    assert entries[-1].action == "refused" and entries[-1].user == "ana@example.com"


def test_roles_parse_claims_defensively() -> None:
    roles = RolesFile({"a@x": "admin"}, {"g": "checker"})
    assert roles.role_for({"email": ["a@x"]}) is None
    assert roles.role_for({"groups": [None, 3, "g"]}) == "checker"
    assert roles.role_for({"groups": "g"}) == "checker"
