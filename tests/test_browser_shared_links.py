# ruff: noqa: F811 - the fixtures of test_browser_e2e are imported by name
"""Views you can share, in a real browser (Chromium): a link to each page shows the view it
names, and so does a reload; the influence map's labels, as vis-network really draws them,
do not overlap on the demo's depth 1 and depth 2 views."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from test_browser_e2e import (  # noqa: F401 - fixtures
    STABLE_JS,
    browser,
    page,
    server,
    shot,
    wait_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

T = "2026-11-22"

LABEL_BOXES_JS = """() => {
    const net = window.allymapNetwork;
    net.redraw();
    const out = [];
    for (const id of net.body.nodeIndices) {
        const node = net.body.nodes[id];
        if (!node.options.label) continue;
        const s = node.labelModule.size;
        out.push([id, s.left, s.top, s.left + s.width, s.top + s.height]);
    }
    return out;
}"""


def open_link(page: Any, server: dict[str, Any], path: str, heading: str) -> None:
    page.goto(f"{server['url']}/{path}")
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    wait_idle(page)


def as_of(page: Any) -> str:
    return page.locator('[data-testid="stDateInput"] input').first.input_value()


def value_of(page: Any, label: str) -> str:
    box = page.get_by_label(label, exact=True).first
    return box.input_value() if box.evaluate("e => 'value' in e") else box.inner_text()


def both_ways(page: Any, server: dict[str, Any], path: str, heading: str) -> Iterator[None]:
    """Open the link, then reload it: the checks run after each."""
    open_link(page, server, path, heading)
    yield
    page.reload()
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    wait_idle(page)
    yield


def map_overlaps(page: Any) -> tuple[int, list[tuple[str, str]]]:
    frame = page.frame_locator('[data-testid="stIFrame"]').first
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    frame.locator("body").evaluate(STABLE_JS)
    boxes = frame.locator("body").evaluate(LABEL_BOXES_JS)
    hits = [
        (a[0], b[0])
        for a, b in itertools.combinations(boxes, 2)
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    return len(boxes), hits


@pytest.mark.parametrize("depth", [1, 2])
def test_a_link_to_the_influence_map_shows_its_view_and_labels_do_not_overlap(
    page: Any, server: dict[str, Any], depth: int
) -> None:
    path = f"influence?focus=p-dana-ruiz&depth={depth}&as_of={T}"
    for _ in both_ways(page, server, path, "Influence map"):
        assert "Dana Ruiz (Person)" in value_of(page, "Focus")
        assert as_of(page) == T
        thumb = page.locator('[data-testid="stSliderThumbValue"]').first
        assert thumb.inner_text().strip() == str(depth)
        labelled, hits = map_overlaps(page)
        assert labelled >= 5 and hits == [], hits
        assert f"depth={depth}" in page.url and "focus=p-dana-ruiz" in page.url
    shot(page, f"influence-map-depth{depth}.png")


def test_a_link_to_the_partner_page_shows_its_view(page: Any, server: dict[str, Any]) -> None:
    for _ in both_ways(
        page, server, f"partner?partner=halvorsen&us=meridian&as_of={T}", "Partner 360"
    ):
        assert "Halvorsen Pharma AG (Company)" in value_of(page, "Partner")
        assert "Meridian Therapeutics (Company)" in value_of(page, "Us")
        page.get_by_text("Tension", exact=True).first.wait_for(timeout=30_000)


def test_a_link_to_the_staffing_page_shows_its_view(page: Any, server: dict[str, Any]) -> None:
    path = f"staffing?program=prog-onc7&candidates=p-soren-kierkegard,p-dana-ruiz&as_of={T}"
    for _ in both_ways(page, server, path, "Staffing check"):
        assert "ONC-7 KRAS degrader (Program)" in value_of(page, "Program")
        chosen = page.locator('[data-testid="stMultiSelect"]').first.inner_text()
        assert "Søren Kierkegård" in chosen and "Dana Ruiz" in chosen
        assert as_of(page) == T


def test_a_link_to_the_conflicts_page_shows_its_view(page: Any, server: dict[str, Any]) -> None:
    for _ in both_ways(page, server, f"conflicts?as_of={T}&who=Dana&severity=blocks", "Conflicts"):
        who = page.get_by_label("Person name contains", exact=True)
        expect(who).to_have_value("Dana", timeout=30_000)
        assert as_of(page) == T
        assert "hidden by your filters" in page.get_by_text("Showing").first.inner_text()


def test_a_hostile_link_is_ignored_with_a_note_as_text(page: Any, server: dict[str, Any]) -> None:
    path = "influence?focus=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&depth=99&as_of=yesterday"
    open_link(page, server, path, "Influence map")
    note = page.get_by_text("The link's settings were ignored").first
    note.wait_for(timeout=30_000)
    words = note.inner_text()
    assert "focus" in words and "depth" in words and "as_of" in words
    assert page.locator("img[src=x]").count() == 0 and not page.dialogs
