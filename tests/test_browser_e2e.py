"""The app in a real browser: Debian's Chromium, driven by Playwright, against the app served
the way ``allymap serve`` serves it, on 127.0.0.1, with the demo data.

It checks what only a browser can: that a blocked staffing check shows its explanation, that
the influence map really draws on its canvas, and that names written to attack the page
(``<img onerror>``, ``<script>``) stay text everywhere. Screenshots go to docs/screenshots/.

Install the browser with ``scripts/install-browser``. Without it the tests skip on a laptop
and fail on CI (``CI=true``), where a skipped browser test would hide a broken app.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from allymap.serve import serve_command
from graphmodel.embedded import EmbeddedStore
from loaders import read_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("ALLYMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_NODES = (
    "id,type,name,notes\n"
    'evil1,Person,"<img src=x onerror=window.__xss=1>","<script>window.__xss=1</script>"\n'
    "evil2,Company,<script>window.__xss=1</script>,<img src=x onerror=window.__xss=1>\n"
)
XSS_EDGES = "source,target,type,since,title\nevil1,evil2,EMPLOYED_BY,2020-01-01,<b>boss</b>\n"


def _require_browser() -> None:
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"Chromium not found at {CHROMIUM}: run scripts/install-browser"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the app did not become healthy within {timeout:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app on a free 127.0.0.1 port with a fresh store holding the demo portfolio."""
    _require_browser()
    tmp = tmp_path_factory.mktemp("e2e")
    db = tmp / "demo.sqlite"
    files = sorted(DEMO.glob("*.csv"))
    assert files, f"the demo data is missing: no CSV files in {DEMO}"
    with EmbeddedStore(db) as store:
        store.apply(read_files(files))
    port = _free_port()
    env = {**os.environ, "ALLYMAP_DB": str(db)}
    env.pop("ALLYMAP_NEO4J", None)
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(
        serve_command(port=port, address="127.0.0.1"), env=env, stdout=log, stderr=log, cwd=tmp
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield {"url": url, "db": db, "tmp": tmp}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    # Only the app itself may be reached: anything else would leak confidential names.
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(server["url"]) or route.request.url.startswith(
            ("data:", "blob:", "about:")
        ):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.dialogs = dialogs
    pg.outside = outside
    try:
        yield pg
    finally:
        context.close()


def wait_idle(page: Any, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the script run the last action started."""
    page.wait_for_timeout(400)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=timeout
    )
    page.wait_for_timeout(200)


def goto(page: Any, server: dict[str, Any], path: str, title: str) -> None:
    page.goto(f"{server['url']}/{path}")
    page.get_by_role("heading", name=title).wait_for(timeout=60_000)
    wait_idle(page)


def type_search(page: Any, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def choose(page: Any, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).first.click()
    page.keyboard.press("Escape")
    wait_idle(page)


def shot(page: Any, name: str) -> None:
    """A screenshot for the docs, once lazily loaded elements (tables, charts) have drawn."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_function(
        """() => !document.querySelector(
            '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')""",
        timeout=30_000,
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_blocked_staffing_check_shows_its_explanation(page: Any, server: dict[str, Any]) -> None:
    """The demo README's blocked candidate: Søren Kierkegård, ONC-1's lead chemist, proposed
    for ONC-7 (firewalled from ONC-1). Holds on any date from 2026-11-22 on."""
    from queries.staffing import check_staffing

    program, person = "prog-onc7", "p-soren-kierkegard"
    with EmbeddedStore(server["db"]) as store:
        report = check_staffing(store, program, [person])
        names = store.existing_nodes([program, person])
    assert report.candidates[0].status == "blocked"
    explanation = report.candidates[0].findings[0].explanation

    goto(page, server, "staffing", "Staffing check")
    type_search(page, "Search program", names[program].name)
    choose(page, "Program", f"{names[program].name} (Program)")
    type_search(page, "Search candidates", names[person].name)
    choose(page, "Candidates", f"{names[person].name} (Person)")
    page.get_by_role("button", name="Check candidates").click()
    wait_idle(page)
    page.get_by_text(f"{names[person].name} (Person): blocked").wait_for(timeout=30_000)
    assert page.get_by_text(explanation).first.is_visible()
    # The path on a small map, drawn in the browser.
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    frame.locator("#mynetwork canvas").wait_for(timeout=30_000)
    shot(page, "staffing-blocked.png")
    assert not page.dialogs and not page.outside


STABLE_JS = """() => new Promise(resolve => {
    const start = Date.now();
    (function poll() {
        if (window.allymapStable || Date.now() - start > 20000) resolve();
        else setTimeout(poll, 100);
    })();
})"""


def _canvas_stats(frame: Any) -> dict[str, float]:
    return frame.locator("#mynetwork canvas").evaluate(
        """c => {
            const ctx = c.getContext('2d');
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let ink = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
            }
            return {width: c.width, height: c.height, ink: ink};
        }"""
    )


def test_influence_map_draws_on_its_canvas(page: Any, server: dict[str, Any]) -> None:
    goto(page, server, "", "Influence map")
    # Dana Ruiz, who breaches the ONC-1 / ONC-7 firewall in the demo: her links are red.
    type_search(page, "Search focus", "Dana Ruiz")
    shown = page.get_by_label("Focus", exact=True)
    assert "Dana Ruiz (Person)" in (shown.input_value() or shown.inner_text())
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    canvas = frame.locator("#mynetwork canvas")
    canvas.wait_for(timeout=60_000)
    frame.locator("body").evaluate(STABLE_JS)
    stats = _canvas_stats(frame)
    assert stats["width"] > 100 and stats["height"] > 100
    assert stats["ink"] > 500, stats  # nodes and lines were drawn, not a blank canvas
    assert frame.locator("#allymap-legend").is_visible()
    nodes = frame.locator("body").evaluate("() => window.allymapNetwork.body.data.nodes.length")
    assert nodes > 1
    red = frame.locator("body").evaluate(
        "() => window.allymapNetwork.body.data.edges.get({filter: e => e.flagged}).length"
    )
    assert red > 0
    shot(page, "influence-map.png")
    assert not page.dialogs and not page.outside


def test_partner_360_and_conflicts_render(page: Any, server: dict[str, Any]) -> None:
    """Halvorsen is our alliance partner, supplier and competitor at once (demo README)."""
    from queries.conflicts import scan

    with EmbeddedStore(server["db"]) as store:
        findings = scan(store).findings

    goto(page, server, "partner", "Partner 360")
    type_search(page, "Search partner", "Halvorsen Pharma")
    choose(page, "Partner", "Halvorsen Pharma AG (Company)")
    page.get_by_text("Tension", exact=True).first.wait_for(timeout=30_000)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    shot(page, "partner-360.png")

    goto(page, server, "conflicts", "Conflicts")
    metric = page.locator('[data-testid="stMetricValue"]').first
    assert metric.inner_text().strip() == str(len(findings))
    shot(page, "conflicts.png")
    assert not page.dialogs and not page.outside


def test_hostile_names_imported_through_the_app_run_no_script(
    page: Any, server: dict[str, Any]
) -> None:
    tmp: Path = server["tmp"]
    (tmp / "evil-people.csv").write_text(XSS_NODES, encoding="utf-8")
    (tmp / "evil-jobs.csv").write_text(XSS_EDGES, encoding="utf-8")

    goto(page, server, "import", "Import")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(tmp / "evil-people.csv"), str(tmp / "evil-jobs.csv")]
    )
    page.get_by_text("Dry run: what this import would change").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 2 file(s)").wait_for(timeout=60_000)
    shot(page, "import.png")

    def assert_no_script_ran() -> None:
        for frame in page.frames:
            assert frame.evaluate("() => typeof window.__xss") == "undefined", frame.url
        assert not page.dialogs
        assert page.locator("img[src='x']").count() == 0

    assert_no_script_ran()
    # The names reach every page: as the map's focus, in pickers, tables and the legend.
    goto(page, server, "", "Influence map")
    type_search(page, "Search focus", "window.__xss")
    choose(page, "Focus", "<img src=x onerror=window.__xss=1> (Person)")
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    legend = frame.locator("#allymap-legend")
    assert "<script>window.__xss=1</script>" in legend.inner_text()  # shown as text
    # Hover the hostile person so vis-network shows its tooltip, then look for markup.
    box = frame.locator("#mynetwork").bounding_box()
    where = frame.locator("body").evaluate(
        "() => { const n = window.allymapNetwork; const p = n.getPositions(['evil1'])['evil1'];"
        " return n.canvasToDOM(p); }"
    )
    page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
    page.wait_for_timeout(800)
    tooltip = frame.locator("div.vis-tooltip")
    if tooltip.count():
        assert frame.locator("div.vis-tooltip img, div.vis-tooltip script").count() == 0
    shot(page, "influence-map-hostile-names.png")
    assert_no_script_ran()
    for path, title in (
        ("conflicts", "Conflicts"),
        ("partner", "Partner 360"),
        ("staffing", "Staffing check"),
    ):
        goto(page, server, path, title)
        assert_no_script_ran()
    assert not page.outside, page.outside
