"""The app in a real browser: Debian's Chromium, driven by Playwright, against the app served
the way ``allymap serve`` serves it, on 127.0.0.1, with the demo data.

It checks what only a browser can: that a blocked staffing check shows its explanation, that
the influence map really draws on its canvas, and that a portfolio whose every name and
property attacks the page (Markdown, HTML, LaTeX, shortcodes, formulas, control and bidi
characters: tests/adversarial/hostile.py), imported through the app, stays text on every page,
in every result and inside the map's iframe, makes no request to the host it names (a
listener there must hear nothing), and downloads as formula-safe CSV both from the app's
buttons and from the tables' own "Download as CSV". Screenshots go to docs/screenshots/.

Install the browser with ``scripts/install-browser``. Without it the tests skip on a laptop
and fail on CI (``CI=true``), where a skipped browser test would hide a broken app.
"""

from __future__ import annotations

import csv
import http.server
import io
import os
import re
import socket
import subprocess
import threading
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
# Chromium's File System Access picker never resolves headless; refusing it makes Streamlit's
# "Download as CSV" fall back to an ordinary download, which Playwright can catch.
NO_FILE_PICKER = (
    "window.showSaveFilePicker = () => Promise.reject(new Error('no file picker in tests'));"
)


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
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    context.add_init_script(NO_FILE_PICKER)
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

    requests: list[str] = []
    pg.on("dialog", on_dialog)
    pg.on("request", lambda r: requests.append(r.url))
    pg.dialogs = dialogs
    pg.outside = outside
    pg.requests = requests
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


def test_agreements_page_shows_the_contract_conflict_and_the_target_map(
    page: Any, server: dict[str, Any]
) -> None:
    """The demo README's contract-conflict storyline: ONC-7 took up KRAS G12D, which the
    Halvorsen licence makes exclusive. The Agreements page says so with its path, and the target
    view draws the programs on KRAS G12D and the licence, the finding in red."""
    from queries.conflicts import scan

    with EmbeddedStore(server["db"]) as store:
        (finding,) = [f for f in scan(store).findings if f.kind == "contract_conflict"]
        names = store.existing_nodes(finding.path)
    path = " → ".join(names[x].name for x in finding.path)
    assert path == "ONC-7 KRAS degrader → KRAS G12D → Halvorsen KRAS G12D licence"

    goto(page, server, "agreements", "Agreements")
    page.get_by_text(finding.explanation).first.wait_for(timeout=30_000)
    assert page.get_by_text(f"Path: {path}").first.is_visible()
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    frame.locator("body").evaluate(STABLE_JS)
    assert _canvas_stats(frame)["ink"] > 500
    labels = frame.locator("body").evaluate(
        "() => window.allymapNetwork.body.data.nodes.get().map(n => n.label)"
    )
    assert {"ONC-7 KRAS degrader", "ONC-1 KRAS G12D inhibitor", "KRAS G12D"} <= set(labels)
    assert "Halvorsen KRAS G12D licence" in labels
    red = frame.locator("body").evaluate(
        "() => window.allymapNetwork.body.data.edges.get({filter: e => e.flagged}).length"
    )
    assert red >= 2  # ONC-7 - KRAS G12D - the licence
    shot(page, "agreements.png")
    assert not page.dialogs and not page.outside


# ---- hostile text, imported through the app ------------------------------------------------


class Listener:
    """An HTTP server on 127.0.0.1 that records every connection: the host and port the hostile
    data links to. It must hear nothing."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def setup(self) -> None:
                hits.append(f"connection from {self.client_address}")
                super().setup()

            def do_GET(self) -> None:
                hits.append(f"GET {self.path}")
                self.send_error(404)

            do_POST = do_HEAD = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def hostile(server: dict[str, Any], browser: Any) -> Iterator[dict[str, Any]]:
    """The hostile portfolio, imported through the app's Import page into the served store."""
    from adversarial.hostile import portfolio

    listener = Listener()
    folder: Path = server["tmp"] / "hostile"
    folder.mkdir()
    files = []
    for name, text in portfolio(listener.port).items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(str(folder / name))
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    pg = context.new_page()
    try:
        goto(pg, server, "import", "Import")
        pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
        pg.get_by_text("Dry run: what this import would change").wait_for(timeout=30_000)
        wait_idle(pg)
        pg.get_by_role("button", name="Import", exact=True).click()
        pg.get_by_text("Imported 2 file(s)").wait_for(timeout=60_000)
        wait_idle(pg)
        shot(pg, "import.png")
    finally:
        context.close()
    try:
        yield {"listener": listener, "port": listener.port}
    finally:
        listener.close()


# Everything a page could have made from data: an element whose address names the listener's
# paths or runs javascript:, and what Streamlit's Markdown would have built from the payloads
# (images, links, KaTeX, coloured text, icons, emphasis, headings, tables, footnotes).
INERT_JS = """(markers) => {
  const bad = [];
  const attrs = ['src', 'href', 'data', 'action', 'formaction', 'poster', 'srcset', 'xlink:href'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of attrs) {
      const v = el.getAttribute(a);
      if (v && (markers.some(m => v.includes(m)) || /^\\s*javascript:/i.test(v))) {
        bad.push(`${el.tagName} ${a}=${v}`);
      }
    }
  }
  const md = '[data-testid="stMarkdownContainer"]';
  const made = [
    `${md} img`, `${md} iframe`, `${md} script`, `${md} object`, `${md} table`, `${md} sup`,
    `${md} blockquote`, `${md} del`, `${md} code`, '.katex', '.stMarkdownColoredText',
    `${md} [data-testid="stIconMaterial"]`, 'body > img', '#vg-tooltip-element img',
    '#vg-tooltip-element a', 'div.vis-tooltip :not(br)',
  ];
  for (const el of document.querySelectorAll(made.join(','))) {
    bad.push(`made ${el.tagName}.${el.className}: ${el.textContent.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll(`${md} a`)) {
    // Streamlit's own heading anchors are empty links to "#..."; a link from data has text.
    if (!(el.getAttribute('href') || '').startsWith('#') || el.textContent.trim()) {
      bad.push(`link ${el.getAttribute('href')}: ${el.textContent.slice(0, 80)}`);
    }
  }
  for (const el of document.querySelectorAll(`${md} strong, ${md} em, ${md} h1, ${md} h2`)) {
    // ours: page titles and bold labels; from data: "# H1 **bold** _it_"
    const t = el.textContent.trim();
    if (['bold', 'it'].includes(t) || t.startsWith('H1')) bad.push(`markup: ${el.tagName} ${t}`);
  }
  for (const el of document.querySelectorAll(`${md} span`)) {
    if (!el.children.length && ['home', '😄'].includes(el.textContent.trim())) {
      bad.push(`icon or emoji: ${el.textContent}`);
    }
  }
  return bad;
}"""


def assert_inert(page: Any, hostile: dict[str, Any]) -> None:
    """Nothing from the data became an element or a request, in the page or its iframes."""
    from adversarial.hostile import MARKERS

    for frame in page.frames:
        assert frame.evaluate(INERT_JS, list(MARKERS)) == [], frame.url
        assert frame.evaluate("() => typeof window.__xss") == "undefined", frame.url
    port = f":{hostile['port']}"
    assert [u for u in page.requests if port in u] == []
    assert hostile["listener"].hits == []
    assert not page.dialogs and not page.outside, (page.dialogs, page.outside)


_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def assert_formula_safe(data: bytes, what: str) -> list[list[str]]:
    """No cell of a downloaded CSV starts like a formula (a plain number may start with - or +):
    checked here by the rule itself, not by the app's function."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) > 1, f"{what}: no rows"
    for row in rows:
        for cell in row:
            head = cell.lstrip(" \u00a0\n\u200b\u2060\ufeff")[:1]
            unsafe = head in "=+-@\t\r＝＋－＠" and head != ""
            assert not unsafe or _NUMBER.fullmatch(cell.strip()), f"{what}: {cell!r}"
    return rows


def toolbar_csv(page: Any, table: Any, what: str) -> list[list[str]]:
    """The table's own "Download as CSV" (Streamlit's dataframe toolbar), checked."""
    table.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of the sticky header
    page.wait_for_timeout(300)
    table.hover()
    button = table.locator('[data-testid="stElementToolbar"] button[aria-label="Download as CSV"]')
    button.wait_for(state="visible", timeout=10_000)
    with page.expect_download(timeout=30_000) as info:
        # A real click can land on the toolbar while it fades in; the click event is the same.
        button.dispatch_event("click")
    return assert_formula_safe(Path(info.value.path()).read_bytes(), what)


def button_download(page: Any, label: str) -> bytes:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def pick_first(page: Any, search: str, label: str, word: str) -> None:
    """Search a multi-select picker for ``word`` and pick the first option that starts with it."""
    type_search(page, search, word)
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(word)} ")).first.click()
    page.keyboard.press("Escape")
    wait_idle(page)


def visible_text(page: Any) -> str:
    """The page's text as a reader sees it (word joiners are invisible)."""
    return page.locator("body").inner_text().replace("\u2060", "")


def test_hostile_staffing_check_results_stay_text(
    page: Any, server: dict[str, Any], hostile: dict[str, Any]
) -> None:
    from allymap.pages.common import plain
    from queries.staffing import check_staffing

    people = ["h-pat", "h-quinn", "h-toni", "h-robin", "h-uma"]
    with EmbeddedStore(server["db"]) as store:
        report = check_staffing(store, "h-x1", people)
    assert [c.status for c in report.candidates] == [
        "blocked",
        "blocked",
        "review",
        "review",
        "clear",
    ]
    goto(page, server, "staffing", "Staffing check")
    type_search(page, "Search program", "Progx")
    for word in ("Pat", "Quinn", "Toni", "Robin", "Uma"):
        pick_first(page, "Search candidates", "Candidates", word)
    page.get_by_role("button", name="Check candidates").click()
    wait_idle(page)
    page.locator('[data-testid="stIFrame"]').first.wait_for(timeout=60_000)
    maps = page.locator('[data-testid="stIFrame"]')
    for k in range(maps.count()):  # one small map per flagged candidate, drawn
        map_frame = page.frame_locator('[data-testid="stIFrame"]').nth(k)
        map_frame.locator("#mynetwork canvas").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    # Every explanation is on the page, character for character (as plain text).
    text = visible_text(page)
    for cand in report.candidates:
        for f in cand.findings:
            assert plain(f.explanation) in text, f.explanation
    alternatives = page.locator('[data-testid="stDataFrame"]')
    assert alternatives.count() >= 1
    rows = toolbar_csv(page, alternatives.first, "staffing alternatives")
    assert rows[0] == ["Name", "Function", "Title", "Employer"]
    assert {r[0].lstrip("'").split(" ")[0] for r in rows[1:]} == {"Uma", "Vic"}
    shot(page, "staffing-hostile-names.png")
    assert_inert(page, hostile)


def test_hostile_partner_view_and_timeline_stay_text(
    page: Any, server: dict[str, Any], hostile: dict[str, Any]
) -> None:
    goto(page, server, "partner", "Partner 360")
    type_search(page, "Search partner", "Parto")
    type_search(page, "Search us", "Usco")
    page.get_by_text("Tension", exact=True).first.wait_for(timeout=30_000)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    # Hover across the timeline until Vega shows a tooltip, then look inside it.
    box = chart.bounding_box()
    tooltip = page.locator("#vg-tooltip-element")
    for step in range(40):
        page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + 5 + step * box["height"] / 40)
        page.wait_for_timeout(60)
        if tooltip.count() and "visible" in (tooltip.get_attribute("class") or ""):
            break
    assert tooltip.count() and "visible" in (tooltip.get_attribute("class") or ""), "no tooltip"
    assert tooltip.locator("img, a, script, iframe").count() == 0
    tables = page.locator('[data-testid="stDataFrame"]')
    assert tables.count() == 2
    current = toolbar_csv(page, tables.nth(0), "partner relationships")
    assert {r[0] for r in current[1:]} == {"alliance", "supplier", "competitor", "agreement"}
    toolbar_csv(page, tables.nth(1), "partner timeline")
    shot(page, "partner-hostile-names.png")
    assert_inert(page, hostile)


def test_hostile_agreements_page_stays_text(
    page: Any, server: dict[str, Any], hostile: dict[str, Any]
) -> None:
    """The hostile agreement, target and obligation: deadlines, the contract finding, the
    agreement's tables and the target's map show them as text and fetch nothing."""
    goto(page, server, "agreements", "Agreements")
    type_search(page, "Search agreement", "Contracto")
    type_search(page, "Search target", "Targo")
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    assert "Contracto" in visible_text(page) and "Oblig" in visible_text(page)
    tables = page.locator('[data-testid="stDataFrame"]')
    toolbar_csv(page, tables.nth(0), "deadlines")
    shot(page, "agreements-hostile-names.png")
    assert_inert(page, hostile)


def test_hostile_conflicts_table_and_downloads_stay_text(
    page: Any, server: dict[str, Any], hostile: dict[str, Any]
) -> None:
    from queries.conflicts import scan

    with EmbeddedStore(server["db"]) as store:
        findings = scan(store, hops=2).findings
    ours = [f for f in findings if (f.person or "").startswith("h-")]
    assert {f.kind for f in ours} == {
        "firewall_breach",
        "cooling_off",
        "indirect_exposure",
        "conflict_of_interest",
    }
    goto(page, server, "conflicts", "Conflicts")
    page.get_by_text("Also look for indirect exposure (slower)").click()
    wait_idle(page)
    metric = page.locator('[data-testid="stMetricValue"]').first
    assert metric.inner_text().strip() == str(len(findings))
    assert f"Showing {len(findings)} of {len(findings)} findings." in visible_text(page)
    rows = assert_formula_safe(button_download(page, "Download these findings (CSV)"), "app CSV")
    assert len(rows) == len(findings) + 1
    grid = toolbar_csv(page, page.locator('[data-testid="stDataFrame"]').first, "findings table")
    assert len(grid) == len(findings) + 1
    assert_inert(page, hostile)


def test_hostile_names_on_the_map_stay_text(
    page: Any, server: dict[str, Any], hostile: dict[str, Any]
) -> None:
    from adversarial.hostile import payloads

    goto(page, server, "", "Influence map")
    type_search(page, "Search focus", "Parto")
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    frame.locator("body").evaluate(STABLE_JS)
    legend = frame.locator("#allymap-legend").inner_text()
    assert "Parto <img src=" in legend  # the company legend, as text (cut at 40 characters)
    # Hover the partner so vis-network shows its tooltip: text only, no elements.
    box = frame.locator("#mynetwork").bounding_box()
    where = frame.locator("body").evaluate(
        "() => { const n = window.allymapNetwork; const p = n.getPositions(['h-partner'])"
        "['h-partner']; return n.canvasToDOM(p); }"
    )
    page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
    tip = frame.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert payloads(hostile["port"])["html-img"] in tip.inner_text()  # as text ...
    # ... and nothing else: innerText turns its line breaks into <br>, the only elements
    assert tip.locator("*").count() == tip.locator("br").count() > 0
    shot(page, "influence-map-hostile-names.png")
    page_html = button_download(page, "Download this map (HTML)").decode("utf-8")
    assert "Content-Security-Policy" in page_html
    for raw in ("<img", "<script src", "<iframe", "<object", "<style>@import", "<b onmouseover"):
        assert raw not in page_html, raw  # data stays inside escaped JSON and text
    people = page.locator('[data-testid="stDataFrame"]')
    if people.count():
        toolbar_csv(page, people.first, "influential people")
    assert_inert(page, hostile)
