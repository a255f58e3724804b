"""Committees and alliances as such (queries.governance), and the JSC brief built on them
(queries.brief, allymap.brief, ``allymap report``), on both stores where a store is involved."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from portfolio import T, build, row
from typer.testing import CliRunner

from allymap.brief import SECTIONS, brief_html, html_to_pdf
from allymap.cli import app
from graphmodel.embedded import EmbeddedStore
from graphmodel.store import GraphStore
from loaders import read_files
from queries.brief import brief
from queries.governance import alliance_view, committee_view

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"

EXTRA = (
    row("dana", "c1", "MEMBER_OF", role="chair")
    + row("eli", "c1", "MEMBER_OF", "2026-12-01", role="member")
    + row("fay", "c1", "MEMBER_OF", "2024-01-01", "2026-10-31", role="member")
    + row("ivy", "c1", "MEMBER_OF", role="observer")
    + row("ivy", "helix", "EMPLOYED_BY", "2025-01-01")
    + row("gus", "P1", "WORKS_ON")
    + row("gus", "P2", "WORKS_ON")
    + row("helix", "us", "SUPPLIES", what="API")
    + row("helixco", "us", "COMPETES_WITH", market="KRAS")
)


@pytest.fixture
def portfolio(store: GraphStore, tmp_path: Path) -> GraphStore:
    build(store, tmp_path, EXTRA, extra_nodes=f"A9,Alliance,{HOSTILE.replace(',', ' ')}\n")
    return store


def test_a_committee_by_party_and_role_with_who_left_and_who_joins(portfolio: GraphStore) -> None:
    view = committee_view(portfolio, "c1", T)
    assert view.governs == ["A1"]
    seats = [(s.party, s.role, s.person) for s in view.seats]
    # Ivy works for Helix Bio, a party (licensor) of the alliance c1 governs.
    assert seats == [("helix", "observer", "ivy"), ("us", "chair", "dana")]
    assert view.balance == {"helix": 1, "us": 1}
    assert [s.person for s in view.left] == ["fay"]  # left 2026-10-31, within 90 days
    assert [(s.person, s.since) for s in view.joining] == [("eli", "2026-12-01")]


def test_an_alliance_with_parties_programs_committees_firewalls_and_access(
    portfolio: GraphStore,
) -> None:
    view = alliance_view(portfolio, "A1", T)
    assert view.parties == [("helix", "licensor"), ("us", "licensee")]
    assert view.programs == ["P1", "P3"]
    assert view.committees == ["c1"]
    assert [(a, b, d) for a, b, _, d in view.firewalls] == [("P1", "P2", 90)]
    assert set(view.access) == {"dana", "ivy", "gus"}
    assert view.access["gus"] == ["gus", "P1", "A1"]


def test_the_brief_has_every_section_and_keeps_data_as_text(portfolio: GraphStore) -> None:
    b = brief(portfolio, "A1", T)
    assert b.us == "us"  # the party with the most employees
    assert [p.company for p in b.partners] == ["helix"]
    assert b.partners[0].tension  # Helix Holdings competes with us; Helix Bio supplies us
    kinds = {f.kind for f in b.findings}
    assert "firewall_breach" in kinds  # Gus works on both sides of P1 / P2
    assert b.open_findings == b.findings  # no decisions recorded
    assert [c.what for c in b.changes] == ["Eli Okafor joins Helix JSC as member"]
    page = brief_html(b)
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in page
    assert page.count("<svg") >= 2  # the partner timeline and the map
    assert "<script" not in page.lower()
    hostile = brief_html(brief(portfolio, "A9", T))
    assert "<script" not in hostile.lower() and "<img" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile


def test_report_writes_html_without_a_browser_and_takes_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite"
    with EmbeddedStore(db) as store:
        build(store, tmp_path / "csv", EXTRA)
    monkeypatch.setenv("ALLYMAP_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "brief.html"
    args = ["report", "--alliance", "helix kras alliance", "--as-of", T, "--db", str(db)]
    result = runner.invoke(app, [*args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Helix KRAS alliance [A1]" in result.stderr
    assert "<h2>Findings and decisions</h2>" in out.read_text(encoding="utf-8")
    pdf = runner.invoke(app, [*args, "--output", str(tmp_path / "brief.pdf")])
    assert pdf.exit_code == 2 and "needs Chromium" in pdf.stderr
    assert not (tmp_path / "brief.pdf").exists()
    bad = runner.invoke(app, [*args, "--output", str(tmp_path / "brief.docx")])
    assert bad.exit_code == 2 and ".html or .pdf" in bad.stderr
    unknown = runner.invoke(
        app, ["report", "--alliance", "Helix", "--output", str(out), "--db", str(db)]
    )
    assert unknown.exit_code == 2 and "Helix KRAS alliance [A1]" in unknown.stderr


@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_brief_as_pdf_has_its_sections_and_pictures(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    chromium = os.environ.get("ALLYMAP_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.skip("no Chromium")
    db = tmp_path / "demo.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(sorted(DEMO.glob("*.csv"))))
    out = tmp_path / "brief.pdf"
    args = ["report", "--alliance", "all-onc1", "--as-of", "2026-11-22", "--output", str(out)]
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    positions = [text.find(s) for s in SECTIONS]
    assert all(p >= 0 for p in positions), dict(zip(SECTIONS, positions, strict=True))
    assert positions == sorted(positions)
    timeline = text[positions[4] : positions[5]]
    assert "supplier: Halvorsen" in timeline and "competitor:" in timeline  # labelled bars
    picture = text[positions[5] :]
    assert "Halvorsen KRAS JSC" in picture and "ONC-1 KRAS G12D" in picture  # the map's labels
    drawn = b"".join(page["/Contents"].get_object().get_data() for page in reader.pages)
    assert drawn.count(b"/Figure") >= 2  # the pictures, tagged as figures
    assert drawn.count(b" re\n") + drawn.count(b" l\n") > 50  # bars and lines: vector paths
    assert "Tension" in text and "open" in text


def test_html_to_pdf_says_when_chromium_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    from allymap.brief import BriefError

    monkeypatch.setenv("ALLYMAP_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(BriefError, match="needs Chromium"):
        html_to_pdf("<html></html>")
