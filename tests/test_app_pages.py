"""Every page of the app, driven through Streamlit's AppTest on the demo data.

The demo portfolio (``examples/demo``) is imported once into a temporary embedded store named
by ``ALLYMAP_DB``, exactly as ``allymap serve`` hands it to the app. The cases the pages must
show (a blocked candidate, a partner with tension) are looked up through the same query layer
the CLI uses, so the tests follow the data rather than repeat it. What AppTest cannot see
(inside the map's iframe) is covered by tests/test_mapview.py and the browser test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graphmodel.embedded import EmbeddedStore
from graphmodel.store import GraphStore
from loaders import read_files

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DEMO = ROOT / "examples" / "demo"
PAGES = {
    "influence_map.py": "Influence map",
    "staffing.py": "Staffing check",
    "partner.py": "Partner 360",
    "conflicts.py": "Conflicts",
    "import_data.py": "Import",
}
HOSTILE_NODES = (
    "id,type,name,notes\n"
    'x1,Person,"<img src=x onerror=window.__xss=1>","=HYPERLINK(""http://evil"")"\n'
    "x2,Company,<script>window.__xss=1</script>,[click](javascript:alert(1))\n"
)
HOSTILE_EDGES = "source,target,type,since\nx1,x2,EMPLOYED_BY,2020-01-01\n"


def demo_files() -> list[Path]:
    files = sorted(DEMO.glob("*.csv"))
    assert files, f"the demo data is missing: no CSV files in {DEMO}"
    return files


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh embedded store holding the demo portfolio, selected through ALLYMAP_DB."""
    db = tmp_path_factory.mktemp("app") / "demo.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(demo_files()))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALLYMAP_DB", str(db))
        mp.delenv("ALLYMAP_NEO4J", raising=False)
        mp.delenv("ALLYMAP_HOME_COMPANY", raising=False)
        yield db


@pytest.fixture
def store(demo_db: Path) -> Iterator[GraphStore]:
    with EmbeddedStore(demo_db) as s:
        yield s


def app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=120)


def open_page(name: str) -> AppTest:
    at = app().run()
    if name != "influence_map.py":
        at.switch_page(f"allymap/pages/{name}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for kind in (at.error, at.warning, at.success, at.info) for x in kind]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_the_demo_data(demo_db: Path, page: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [PAGES[page]]
    assert not at.error, [e.value for e in at.error]


def test_app_honours_allymap_db(demo_db: Path, store: GraphStore) -> None:
    at = open_page("influence_map.py")
    options = at.selectbox(key="map_focus").options
    assert options, "the focus picker offers nothing: the app did not open the demo store"
    assert all(o.endswith(")") and "(" in o for o in options)  # "Name (Type)", never a bare id


def test_influence_map_renders_the_focus_neighbourhood_and_offers_downloads(
    demo_db: Path, store: GraphStore
) -> None:
    at = open_page("influence_map.py")
    person = store.search_nodes("", ["Person"], limit=1)[0]
    at.text_input(key="map_focus__q").input(person.name).run()
    at.selectbox(key="map_focus").select(person.id).run()
    assert not at.exception, [e.value for e in at.exception]
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert "vis.Network" in page and f'"id": "{person.id}"' in page
    assert any("nodes and" in c.value for c in at.caption)
    labels = [b.label for b in at.download_button]
    assert any("HTML" in x for x in labels) and any("GraphML" in x for x in labels)
    # Fewer relationship types give a smaller map.
    at.slider(key="map_depth").set_value(1).run()
    at.multiselect(key="map_types").set_value(["EMPLOYED_BY"]).run()
    smaller = at.get("iframe")[0].proto.srcdoc
    assert smaller.count('"relationship": ') < page.count('"relationship": ')


def blocked_case(store: GraphStore) -> tuple[str, str]:
    """A (program, person) the demo must block: someone already on both sides of a firewall."""
    from queries.conflicts import scan

    for f in scan(store).findings:
        if f.kind == "firewall_breach" and f.firewall:
            nodes = store.existing_nodes(f.firewall)
            for side in f.firewall:
                if nodes[side].type == "Program":
                    return side, f.person
    pytest.fail("the demo data has no firewall breach on a program to show")


def test_staffing_check_shows_blocked_candidate_with_explanation_map_and_alternatives(
    demo_db: Path, store: GraphStore
) -> None:
    from queries.staffing import check_staffing

    program, person = blocked_case(store)
    report = check_staffing(store, program, [person])
    assert report.candidates[0].status == "blocked"
    names = store.existing_nodes([program, person])

    at = open_page("staffing.py")
    at.text_input(key="staff_program__q").input(names[program].name).run()
    at.selectbox(key="staff_program").select(program).run()
    at.text_input(key="staff_people__q").input(names[person].name).run()
    at.multiselect(key="staff_people").select(person).run()
    at.button(key="staff_go").click().run()
    assert not at.exception, [e.value for e in at.exception]

    errors = [e.value for e in at.error]
    assert any("blocked" in e and names[person].name.split()[0] in e for e in errors), errors
    text = _all_text(at)
    assert "Firewall breach" in text or "Cooling-off" in text
    # The explanation names the program (Markdown-escaped, so compare word by word).
    first_word = names[program].name.split()[0].replace("-", "\\-")
    assert first_word in text
    assert len(at.get("iframe")) >= 1  # the path on a small map
    maps = [f.proto.srcdoc for f in at.get("iframe")]
    assert any('"flagged": true' in m for m in maps)


def test_staffing_check_clear_candidate_is_green(demo_db: Path, store: GraphStore) -> None:
    from queries.staffing import check_staffing

    program, _ = blocked_case(store)
    clear = next(
        (
            p.id
            for p in store.search_nodes("", ["Person"], limit=500)
            if check_staffing(store, program, [p.id]).candidates[0].status == "clear"
        ),
        None,
    )
    assert clear is not None, "nobody in the demo data could join the program cleanly"
    name = store.existing_nodes([clear])[clear].name
    at = open_page("staffing.py")
    at.selectbox(key="staff_program").set_value(program).run()
    at.text_input(key="staff_people__q").input(name).run()
    at.multiselect(key="staff_people").select(clear).run()
    at.button(key="staff_go").click().run()
    assert any("clear" in s.value for s in at.success)
    assert not at.error


def tension_case(store: GraphStore) -> tuple[str, str]:
    """(us, partner) with tension in the demo, us being the default home company."""
    from allymap.pages.common import home_company
    from graphmodel.model import today
    from queries.partner import partner_view

    companies = store.search_nodes("", ["Company"], limit=1000)
    homes = [c.id for c in companies]
    first = home_company(store, today())
    if first is not None:
        homes.insert(0, first.id)
    for us in homes:
        for partner in companies:
            if partner.id != us and partner_view(store, partner.id, us).tension:
                return us, partner.id
    pytest.fail("the demo data has no partner with tension to show")


def test_partner_360_shows_tension_relationships_and_timeline(
    demo_db: Path, store: GraphStore
) -> None:
    from queries.partner import partner_view

    us, partner = tension_case(store)
    report = partner_view(store, partner, us)
    at = open_page("partner.py")
    at.selectbox(key="partner_us").set_value(us).run()
    at.selectbox(key="partner_company").set_value(partner).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Tension" in e.value for e in at.error)
    table = at.dataframe[0].value
    assert sorted(table["Kind"]) == sorted(r.kind for r in report.relationships)
    assert at.get("vega_lite_chart"), "no timeline chart"
    timeline = at.dataframe[1].value
    assert set(timeline["kind"]) >= {r.kind for r in report.relationships}
    # Third parties widen the timeline, never narrow it.
    at.checkbox(key="partner_others").check().run()
    assert len(at.dataframe[1].value) >= len(timeline)


def test_conflicts_page_lists_the_scan_and_filters_it(demo_db: Path, store: GraphStore) -> None:
    from queries.conflicts import scan

    findings = scan(store).findings
    at = open_page("conflicts.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Findings"] == str(len(findings))
    assert metrics["Blocking"] == str(sum(f.blocks for f in findings))
    assert findings, "the demo data should have findings to show"
    table = at.dataframe[0].value
    assert len(table) == len(findings)
    at.multiselect(key="conf_sev").set_value(["blocks"]).run()
    only_blocking = at.dataframe[0].value
    assert set(only_blocking["Severity"]) <= {"blocks"}
    assert len(only_blocking) == sum(f.blocks for f in findings)
    assert [b.label for b in at.download_button] == ["Download these findings (CSV)"]
    at.checkbox(key="conf_indirect").check().run()
    assert not at.exception


def test_import_refuses_bad_files_with_file_row_and_column(demo_db: Path) -> None:
    at = open_page("import_data.py")
    bad = "source,target,type\nnobody,nothing,EMPLOYED_BY\nx,y,NOT_A_TYPE\n"
    at.file_uploader[0].set_value([("broken.csv", bad.encode(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be imported" in e.value for e in at.error)
    problems = at.dataframe[-1].value
    assert list(problems.columns) == ["File", "Row", "Column", "Problem"]
    assert set(problems["File"]) == {"broken.csv"}
    assert not at.button  # nothing to import


def test_import_dry_run_then_import_with_hostile_names_stays_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    at = app().run()
    at.switch_page("allymap/pages/import_data.py").run()
    at.file_uploader[0].set_value(
        [
            ("people.csv", HOSTILE_NODES.encode(), "text/csv"),
            ("jobs.csv", HOSTILE_EDGES.encode(), "text/csv"),
        ]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    counts = at.dataframe[-1].value
    assert dict(zip(counts["What"], counts["Count"], strict=True))["New relationships"] == 1
    with EmbeddedStore(db) as store:
        assert store.stats().get("Person", 0) == 0  # a dry run stores nothing
    at.button(key="import_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Imported 2 file(s)" in s.value for s in at.success)
    with EmbeddedStore(db) as store:
        assert store.stats().get("Person", 0) == 1
    # The hostile names now flow through every page; Markdown only ever holds them escaped.
    for page in PAGES:
        at.switch_page(f"allymap/pages/{page}").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        for element in [*at.markdown, *at.error, *at.warning, *at.success, *at.info]:
            assert "<img" not in element.value and "<script" not in element.value, element.value
    assert os.environ["ALLYMAP_DB"] == str(db)
