"""Signing in for real: a real OpenID Connect provider (oidc-provider-mock: discovery, the
authorization-code flow, signed ID tokens, userinfo) on 127.0.0.1, started by this module,
``allymap serve --address 0.0.0.0`` with sign-in configured (it serves, where without sign-in
it would exit 2), and Debian's Chromium signing in through Streamlit's ``st.login``.

What each role sees: a viewer gets the maps and conflicts without the personal interest behind
a conflict of interest (not on the page, not in the page's download) and cannot open Staffing
or Import, even by URL; a checker sees the interests and runs checks; signing out ends access.
An admin's session (sign-in, two checks, a download, an import) is then found entry by entry
with ``allymap audit``, and editing one entry in the database makes ``allymap audit --verify``
exit 1 naming it. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser_e2e import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NO_FILE_PICKER,
    _free_port,
    _require_browser,
    _wait_healthy,
    button_download,
    choose,
    toolbar_csv,
    type_search,
    wait_idle,
)

from graphmodel.embedded import EmbeddedStore
from loaders import read_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
ROLES = """
[users]
"vera@example.com" = "viewer"
"carl@example.com" = "checker"
"ana@example.com" = "admin"
"""
# The demo's conflicts of interest, as a checker sees them: the company and the interest kind.
HIDDEN_FROM_VIEWERS = ["Corvane Oncology", "Halvorsen Pharma AG", "(advisor)", "(equity)"]
SOMEONE_WITH_AN_INTEREST = "Amara Okafor"
SIGNED_OUT = "Sign in to see the alliance portfolio."
ALLYMAP = [sys.executable, "-c", "from allymap.cli import main; main()"]
"""The allymap command of the code under test."""


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OIDC provider on 127.0.0.1; any subject may sign in, its e-mail is the subject."""
    import oidc_provider_mock  # the dev extra (scripts/setup installs it)
    import werkzeug.serving

    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="module")
def app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``allymap serve --address 0.0.0.0`` with sign-in (secrets file + roles file) on the
    demo portfolio."""
    _require_browser()
    tmp = tmp_path_factory.mktemp("signin")
    db = tmp / "demo.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(sorted(DEMO.glob("*.csv"))))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        f'cookie_secret = "{os.urandom(24).hex()}"\n'
        'client_id = "allymap"\n'
        'client_secret = "allymap-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    roles = tmp / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp)}  # no secrets of the developer's own
    env.pop("ALLYMAP_NEO4J", None)
    cmd = [*ALLYMAP, "serve", "--db", str(db), "--port", str(port)]
    cmd += ["--address", "0.0.0.0", "--secrets", str(secrets), "--roles", str(roles)]
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, cwd=tmp)
    try:
        _wait_healthy(url, proc)
        yield {"url": url, "db": db, "tmp": tmp, "provider": provider}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(app: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, app: dict[str, Any]) -> Iterator[Any]:
    """A fresh browser (no cookies) that may reach the app and the provider, nothing else."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    context.add_init_script(NO_FILE_PICKER)
    outside: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith((app["url"], app["provider"], "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.outside = outside
    try:
        yield pg
    finally:
        context.close()


def sign_in(page: Any, app: dict[str, Any], email: str) -> None:
    page.goto(app["url"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{app['provider']}/**", timeout=30_000)  # the provider's own form
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app['url']}/**", timeout=30_000)
    page.get_by_role("button", name="Sign out").wait_for(timeout=60_000)
    wait_idle(page)
    assert f"{email} ·" in body(page)  # the sidebar: who, and which role


def open_page(page: Any, app: dict[str, Any], path: str) -> None:
    page.goto(f"{app['url']}/{path}")
    page.locator('[data-testid="stApp"]').wait_for(timeout=60_000)
    wait_idle(page)


def body(page: Any) -> str:
    """The page's text as a reader sees it (word joiners, which keep an e-mail address from
    becoming a link, are invisible)."""
    return str(page.locator("body").inner_text()).replace("\u2060", "")


def sign_out(page: Any, app: dict[str, Any]) -> None:
    open_page(page, app, "")  # clear of Streamlit's "page not found" dialog after a forged URL
    page.get_by_role("button", name="Sign out").click()
    # Streamlit drops its identity cookie and sends the browser to the provider's end-session
    # page, which asks to confirm and then returns to the app.
    page.wait_for_url(f"{app['provider']}/**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app['url']}/**", timeout=30_000)
    page.wait_for_load_state()


def check(page: Any, program: str, person: str) -> None:
    """A staffing check of one candidate for one program, both picked by name."""
    type_search(page, "Search program", program)
    choose(page, "Program", f"{program} (Program)")
    type_search(page, "Search candidates", person)
    choose(page, "Candidates", f"{person} (Person)")
    page.get_by_role("button", name="Check candidates").click()
    wait_idle(page)
    page.get_by_text(f"{person} (Person):").first.wait_for(timeout=60_000)


def _names(db: Path, *ids: str) -> list[str]:
    with EmbeddedStore(db) as store:
        found = store.existing_nodes(ids)
    return [found[i].name for i in ids]


def test_a_viewer_sees_no_interests_and_cannot_open_staffing_or_import(
    page: Any, app: dict[str, Any]
) -> None:
    sign_in(page, app, "vera@example.com")
    assert "vera@example.com · viewer" in body(page)
    open_page(page, app, "conflicts")
    page.get_by_role("heading", name="Conflicts").wait_for(timeout=60_000)
    wait_idle(page)
    text, html = body(page), page.content()
    for secret in HIDDEN_FROM_VIEWERS:
        assert secret not in text and secret not in html, secret
    # The table's cells, exactly as the browser holds them (its own "Download as CSV"), and
    # the page's download button.
    held = toolbar_csv(page, page.locator('[data-testid="stDataFrame"]').first, "viewer table")
    data = button_download(page, "Download these findings (CSV)").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert any(r["Person"] == SOMEONE_WITH_AN_INTEREST for r in rows)  # the finding stays
    assert any("shown to checkers only" in r["Explanation"] for r in rows)
    for secret in HIDDEN_FROM_VIEWERS:
        assert secret not in data and all(secret not in cell for r in held for cell in r), secret
    for path, title in (("staffing", "Staffing check"), ("import", "Import")):
        open_page(page, app, path)  # a URL typed by hand: not this viewer's page
        assert not page.get_by_role("heading", name=title).count(), path
        assert not page.locator('[data-testid="stFileUploaderDropzoneInput"]').count()
    # (The mock provider's own form asks for a stylesheet on a CDN; it is refused like anything
    # else not on 127.0.0.1. The app asks for nothing outside.)
    assert [u for u in page.outside if "/@picocss/" not in u] == []
    sign_out(page, app)
    open_page(page, app, "conflicts")
    page.get_by_text(SIGNED_OUT).wait_for(timeout=60_000)
    assert SOMEONE_WITH_AN_INTEREST not in body(page)  # signed out: nothing any more


def test_a_checker_sees_interests_and_runs_checks(page: Any, app: dict[str, Any]) -> None:
    sign_in(page, app, "carl@example.com")
    open_page(page, app, "conflicts")
    page.get_by_role("heading", name="Conflicts").wait_for(timeout=60_000)
    wait_idle(page)
    data = button_download(page, "Download these findings (CSV)").decode("utf-8-sig")
    assert "Corvane Oncology" in data and "(advisor)" in data
    open_page(page, app, "staffing")
    page.get_by_role("heading", name="Staffing check").wait_for(timeout=60_000)
    program, person = _names(app["db"], "prog-onc7", "p-soren-kierkegard")
    check(page, program, person)
    assert f"{person} (Person): blocked" in body(page)
    open_page(page, app, "import")
    assert not page.get_by_role("heading", name="Import").count()  # admins only
    sign_out(page, app)
    open_page(page, app, "staffing")
    page.get_by_text(SIGNED_OUT).wait_for(timeout=60_000)


def test_an_admin_session_is_in_the_audit_trail_and_tampering_is_found(
    page: Any, app: dict[str, Any], tmp_path: Path
) -> None:
    sign_in(page, app, "ana@example.com")
    open_page(page, app, "staffing")
    page.get_by_role("heading", name="Staffing check").wait_for(timeout=60_000)
    program, soren, other = _names(app["db"], "prog-onc7", "p-soren-kierkegard", "p-jose-nunez")
    check(page, program, soren)
    check(page, program, other)  # a second check: the picker keeps Søren, adds José
    open_page(page, app, "conflicts")
    page.get_by_role("heading", name="Conflicts").wait_for(timeout=60_000)
    wait_idle(page)
    button_download(page, "Download these findings (CSV)")
    wait_idle(page)
    open_page(page, app, "import")
    page.get_by_role("heading", name="Import").wait_for(timeout=60_000)
    upload = tmp_path / "nodes.csv"
    upload.write_text("id,type,name\nc-new,Company,Newco\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(upload)])
    wait_idle(page)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 1 file(s)").wait_for(timeout=60_000)

    def audit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*ALLYMAP, "audit", "--db", str(app["db"]), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    listed = audit("--user", "ana@example.com", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)["entries"]
    actions = [e["action"] for e in entries]
    assert actions[0] == "sign-in" and entries[0]["detail"]["role"] == "admin"
    checks = [e["detail"] for e in entries if e["action"] == "check"]
    assert [c["statuses"] for c in checks][:2] == [
        {"p-soren-kierkegard": "blocked"},
        {"p-soren-kierkegard": "blocked", "p-jose-nunez": checks[1]["statuses"]["p-jose-nunez"]},
    ]
    assert all(c["program"] == "prog-onc7" for c in checks)
    downloads = [e["detail"] for e in entries if e["action"] == "download"]
    assert downloads and downloads[0]["page"] == "conflicts" and downloads[0]["rows"] > 0
    (imported,) = [e["detail"] for e in entries if e["action"] == "import"]
    assert imported["files"][0]["name"] == "nodes.csv"
    assert imported["files"][0]["sha256"] and imported["counts"]["nodes_added"] == 1
    assert {"influence", "staffing", "conflicts", "import"} <= {
        e["detail"]["page"] for e in entries if e["action"] == "view"
    }
    assert audit("--verify").returncode == 0

    victim = entries[1]
    conn = sqlite3.connect(app["db"])
    with conn:
        conn.execute("UPDATE audit SET user = 'someone-else' WHERE seq = ?", (victim["seq"],))
    conn.close()
    broken = audit("--verify")
    assert broken.returncode == 1, broken.stderr
    assert f"audit entry {victim['seq']} " in broken.stderr and victim["at"] in broken.stderr


def test_a_tampered_or_forged_identity_cookie_signs_nobody_in(
    page: Any, app: dict[str, Any]
) -> None:
    """Streamlit signs its identity cookie: one changed by a single character, or one made up
    with an admin's e-mail, is no identity at all."""
    sign_in(page, app, "vera@example.com")
    cookies = page.context.cookies()
    (real,) = [c for c in cookies if c["name"] == "_streamlit_user"]
    value = str(real["value"])
    middle = len(value) // 2
    flipped = value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1 :]
    forged = json.dumps({"email": "ana@example.com", "is_logged_in": True})
    for bad in (flipped, forged):
        page.context.clear_cookies()
        page.context.add_cookies([{**real, "value": bad}])
        open_page(page, app, "conflicts")
        page.get_by_text(SIGNED_OUT).wait_for(timeout=60_000)
        assert SOMEONE_WITH_AN_INTEREST not in body(page)
