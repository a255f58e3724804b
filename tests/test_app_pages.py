"""Every page of the app, driven through Streamlit's AppTest on the demo data.

The demo portfolio (``examples/demo``) is imported once into a temporary embedded store named
by ``ALLYMAP_DB``, exactly as ``allymap serve`` hands it to the app. The cases the pages must
show (a blocked candidate, a partner with tension) are looked up through the same query layer
the CLI uses, so the tests follow the data rather than repeat it. What AppTest cannot see
(inside the map's iframe) is covered by tests/test_mapview.py and the browser test.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    "agreements.py": "Agreements",
    "import_data.py": "Import",
    "alliance.py": "Alliance",
    "committee.py": "Committee",
}


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


# The storylines of examples/demo/README.md, as of its "now".
NOW = dt.date(2026, 11, 22)
PROGRAM = "prog-onc7"
BLOCKED, REVIEW, CLEAR = "p-soren-kierkegard", "p-siobhan-oneill", "p-zoe-angstrom"


def test_influence_map_renders_the_focus_neighbourhood_and_offers_downloads(
    demo_db: Path, store: GraphStore
) -> None:
    """Dana Ruiz's breach (demo README): her neighbourhood, with the breach path in red."""
    at = open_page("influence_map.py")
    at.text_input(key="map_focus__q").input("Dana Ruiz").run()
    at.selectbox(key="map_focus").select("p-dana-ruiz").run()
    at.date_input(key="map_as_of").set_value(NOW).run()
    at.slider(key="map_depth").set_value(2).run()
    assert not at.exception, [e.value for e in at.exception]
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert "vis.Network" in page and '"id": "p-dana-ruiz"' in page
    assert '"flagged": true' in page  # her JSC seat and ONC-7 work, in red
    assert any("current finding(s) touch this view" in c.value for c in at.caption)
    labels = [b.label for b in at.download_button]
    assert any("HTML" in x for x in labels) and any("GraphML" in x for x in labels)
    # Fewer relationship types give a smaller map.
    at.slider(key="map_depth").set_value(1).run()
    at.multiselect(key="map_types").set_value(["EMPLOYED_BY"]).run()
    smaller = at.get("iframe")[0].proto.srcdoc
    assert smaller.count('"relationship": ') < page.count('"relationship": ')


def test_influence_map_of_a_big_company_groups_people(demo_db: Path) -> None:
    """Meridian at depth 2 reaches hundreds of people: they are grouped by employer."""
    at = open_page("influence_map.py")
    at.text_input(key="map_focus__q").input("Meridian Therapeutics").run()
    at.selectbox(key="map_focus").select("meridian").run()
    at.slider(key="map_depth").set_value(2).run()
    assert not at.exception, [e.value for e in at.exception]
    page = at.get("iframe")[0].proto.srcdoc
    # Meridian's people, grouped by employer and then (room permitting) by function.
    assert '"id": "group:meridian|Biology"' in page and "people employed by" in page
    # Expanding a function group draws its people instead.
    expand = at.multiselect(key="map_expand")
    assert "group:meridian|Biology" in expand.options or any("Biology" in o for o in expand.options)
    expand.set_value(["group:meridian|Biology"]).run()
    assert not at.exception, [e.value for e in at.exception]
    opened = at.get("iframe")[0].proto.srcdoc
    assert '"id": "group:meridian|Biology"' not in opened
    assert opened.count('"kind": "Person"') > page.count('"kind": "Person"')


def pick_candidates(at: AppTest, store: GraphStore, people: list[str]) -> None:
    names = store.existing_nodes([PROGRAM, *people])
    at.text_input(key="staff_program__q").input(names[PROGRAM].name).run()
    at.selectbox(key="staff_program").select(PROGRAM).run()
    for person in people:  # earlier choices stay selected while the search changes
        at.text_input(key="staff_people__q").input(names[person].name).run()
        at.multiselect(key="staff_people").select(person).run()
    at.date_input(key="staff_as_of").set_value(NOW).run()
    at.button(key="staff_go").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_staffing_check_colours_each_candidate_and_explains_in_words(
    demo_db: Path, store: GraphStore
) -> None:
    names = store.existing_nodes([PROGRAM, BLOCKED, REVIEW, CLEAR])
    at = open_page("staffing.py")
    pick_candidates(at, store, [BLOCKED, REVIEW, CLEAR])

    def first_name(pid: str) -> str:
        return names[pid].name.split()[0]

    # Red, amber and green, in the order the candidates were given.
    assert [first_name(BLOCKED) in e.value and "blocked" in e.value for e in at.error] == [True]
    assert [first_name(REVIEW) in w.value and "needs review" in w.value for w in at.warning] == [
        True
    ]
    assert [first_name(CLEAR) in s.value and "clear" in s.value for s in at.success] == [True]
    text = _all_text(at)
    assert "Firewall breach (blocks)" in text and "Conflict of interest (review)" in text
    assert "firewalled from" in text and "family" in text  # the explanations, in words
    assert "ONC\\-1" in text  # names, Markdown-escaped ("ONC-1" is ONC\-1 in Markdown)
    # One small map per flagged candidate, with the path drawn in red.
    maps = [f.proto.srcdoc for f in at.get("iframe")]
    assert len(maps) == 2 and all('"flagged": true' in m for m in maps)
    assert f'"id": "{BLOCKED}"' in maps[0] and '"id": "prog-onc1"' in maps[0]
    # Clean alternatives for the flagged candidates: same function, and really clear.
    from queries.staffing import check_staffing

    alternatives = [d.value for d in at.dataframe if "Function" in d.value.columns]
    assert alternatives, "no alternatives offered"
    by_name = {n.name: n for n in store.search_nodes("", ["Person"], limit=10_000)}
    function = names[BLOCKED].props.get("function")
    offered = alternatives[0]
    jobs = store.employments([by_name[n].id for n in offered["Name"]], NOW.isoformat())
    for name, title in zip(offered["Name"], offered["Title"], strict=True):
        assert by_name[name].props.get("function") == function
        report = check_staffing(store, PROGRAM, [by_name[name].id], as_of=NOW.isoformat())
        assert report.candidates[0].status == "clear"
        # employed on the day, with the title of that employment (it lives on EMPLOYED_BY)
        assert title and title in {e.props.get("title") for e in jobs[by_name[name].id]}


def test_staffing_check_changes_with_the_as_of_date(demo_db: Path, store: GraphStore) -> None:
    at = open_page("staffing.py")
    pick_candidates(at, store, ["p-tomasz-wojcik", "p-ines-duarte"])
    assert len(at.error) == 1 and "Tomasz" in at.error[0].value  # cooling-off until 2027-03-29
    assert "Cooling-off period (blocks)" in _all_text(at)
    at.date_input(key="staff_as_of").set_value(dt.date(2027, 4, 1)).run()
    assert any("changed since this check" in c.value for c in at.caption)
    assert not at.error and not at.success  # the old answer is not shown for the new date
    at.button(key="staff_go").click().run()
    assert not at.error and len(at.success) == 2


def test_a_staffing_result_is_not_shown_for_data_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eli is clear; then an import (from the CLI, say) puts him on the Rival JSC. The page
    must not keep showing "clear" from before."""
    from portfolio import T, build, row

    db = tmp_path / "changing.sqlite"
    with EmbeddedStore(db) as s:
        build(s, tmp_path / "csv")
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    at = open_page("staffing.py")
    at.text_input(key="staff_program__q").input("ONC-7").run()
    at.text_input(key="staff_people__q").input("Eli").run()
    at.multiselect(key="staff_people").select("eli").run()
    at.date_input(key="staff_as_of").set_value(dt.date.fromisoformat(T)).run()
    at.button(key="staff_go").click().run()
    assert [x.value.startswith("**Eli Okafor") for x in at.success] == [True]
    with EmbeddedStore(db) as s:
        build(s, tmp_path / "csv2", row("eli", "c2", "MEMBER_OF"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success and any("data changed since this check" in c.value for c in at.caption)
    at.button(key="staff_go").click().run()
    assert [x.value.startswith("**Eli Okafor") for x in at.error] == [True]


def test_pickers_drop_choices_whose_nodes_are_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program and candidates are picked; the database is then rebuilt without them. The
    pickers must not keep ghost choices (nor fail on them)."""
    from portfolio import build

    db = tmp_path / "rebuilt.sqlite"
    with EmbeddedStore(db) as s:
        build(s, tmp_path / "csv")
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    at = open_page("staffing.py")
    at.text_input(key="staff_program__q").input("ONC").run()
    at.selectbox(key="staff_program").select("P2").run()
    at.text_input(key="staff_people__q").input("Eli").run()
    at.multiselect(key="staff_people").select("eli").run()
    at.text_input(key="staff_people__q").input("Fay").run()
    at.multiselect(key="staff_people").select("fay").run()
    assert at.selectbox(key="staff_program").value == "P2"
    with EmbeddedStore(db) as s:
        s.wipe()
        s.apply(
            read_files(
                [
                    _write(
                        tmp_path / "other.csv",
                        "id,type,name\nP1,Program,ONC-7 KRAS degrader\nfay,Person,Fay Lindqvist\n",
                    )
                ]
            )
        )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="staff_program").value == "P1"
    assert at.multiselect(key="staff_people").value == ["fay"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_partner_360_shows_tension_relationships_and_timeline(
    demo_db: Path, store: GraphStore
) -> None:
    at = open_page("partner.py")
    at.date_input(key="partner_as_of").set_value(NOW).run()
    # "Us" defaults to the company with the most current employees: Meridian.
    assert at.selectbox(key="partner_us").value == "meridian"
    at.text_input(key="partner_company__q").input("Halvorsen").run()
    at.selectbox(key="partner_company").set_value("halvorsen").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Tension" in e.value for e in at.error)
    table = at.dataframe[0].value
    assert sorted(table["Kind"]) == ["agreement", "alliance", "competitor", "supplier", "supplier"]
    (licence,) = table[table["Kind"] == "agreement"]["Details"]
    assert "Halvorsen KRAS G12D licence" in licence
    assert any("Halvorsen KRAS Alliance" in d for d in table["Details"])  # names, not ids
    assert at.get("vega_lite_chart"), "no timeline chart"
    timeline = at.dataframe[1].value
    assert set(timeline["kind"]) >= {"alliance", "competitor", "supplier", "customer"}
    # The ended cell-line services (Meridian Biologics to Halvorsen Biotech) are in the
    # timeline even though they no longer count today: ups and downs stay visible.
    assert "ended" in set(timeline[timeline["kind"] == "customer"]["state"])
    # Third parties widen the timeline, never narrow it.
    at.checkbox(key="partner_others").check().run()
    assert len(at.dataframe[1].value) > len(timeline)
    # Kestrel: allied only, so no tension.
    at.text_input(key="partner_company__q").input("Kestrel").run()
    at.selectbox(key="partner_company").set_value("kestrel").run()
    assert not at.error and any("No tension" in s.value for s in at.success)


def test_partner_360_refuses_us_and_our_own_group_as_the_cli_does(demo_db: Path) -> None:
    """The partner rule judges (queries/rules/partner.py: refusal): the page shows its words."""
    at = open_page("partner.py")
    at.date_input(key="partner_as_of").set_value(NOW).run()
    at.text_input(key="partner_company__q").input("Meridian Biologics").run()
    at.selectbox(key="partner_company").set_value("meridian-biologics").run()
    assert not at.exception, [e.value for e in at.exception]
    words = " ".join(e.value for e in at.error)
    assert "one corporate group" in words and "through SUBSIDIARY" in words
    assert not at.dataframe, "the group's internal dealings were listed as a partner's"
    at.text_input(key="partner_company__q").input("Meridian Therapeutics").run()
    at.selectbox(key="partner_company").set_value("meridian").run()
    assert "not its own partner" in " ".join(e.value for e in at.error)
    assert not at.dataframe


def test_conflicts_page_lists_the_scan_and_filters_it(demo_db: Path, store: GraphStore) -> None:
    from queries.conflicts import scan

    findings = scan(store, as_of=NOW.isoformat()).findings
    assert len(findings) == 11  # the eleven storylines of the demo README
    at = open_page("conflicts.py")
    at.date_input(key="conf_as_of").set_value(NOW).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Findings"] == str(len(findings))
    assert metrics["Blocking"] == str(sum(f.blocks for f in findings))
    table = at.dataframe[0].value
    assert len(table) == len(findings)
    contract = table[table["Kind"] == "contract conflict"]
    assert list(contract["Path"]) == [
        "ONC-7 KRAS degrader → KRAS G12D → Halvorsen KRAS G12D licence"
    ]
    assert list(contract[PERSON_COLUMN]) == [""]
    missing = table[table["Kind"] == "missing firewall"]
    assert list(missing["Path"]) == ["ONC-3 SHP2 combination → SOS1 → ONC-8 SOS1 degrader"]
    at.multiselect(key="conf_sev").set_value(["blocks"]).run()
    only_blocking = at.dataframe[0].value
    assert set(only_blocking["Severity"]) <= {"blocks"}
    assert len(only_blocking) == sum(f.blocks for f in findings)
    assert [b.label for b in at.download_button] == ["Download these findings (CSV)"]
    at.checkbox(key="conf_indirect").check().run()
    assert not at.exception


PERSON_COLUMN = "Person"


def test_agreements_page_shows_deadlines_contract_findings_and_an_agreement(
    demo_db: Path,
) -> None:
    at = open_page("agreements.py")
    at.date_input(key="agr_as_of").set_value(NOW).run()
    assert not at.exception, [e.value for e in at.exception]
    deadlines = at.dataframe[0].value
    assert list(deadlines["Status"]) == ["overdue", "due"]
    assert list(deadlines["Owner"]) == ["Nora Aldridge", "Jamal Wright"]  # names, not ids
    assert deadlines["Agreement"][0] == "Halvorsen KRAS G12D licence"
    findings = at.dataframe[1].value
    assert list(findings["Kind"]) == ["contract conflict", "missing firewall"]
    assert findings["Path"][0] == "ONC-7 KRAS degrader → KRAS G12D → Halvorsen KRAS G12D licence"
    assert "which the licence does not cover" in findings["Explanation"][0]
    at.number_input(key="agr_ahead").set_value(120).run()
    assert len(at.dataframe[0].value) == 3
    at.text_input(key="agr_pick__q").input("Halvorsen").run()
    at.selectbox(key="agr_pick").set_value("agr-halvorsen-kras").run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [d.value for d in at.dataframe]
    parties = next(t for t in tables if "Company" in t.columns)
    assert sorted(parties["Company"]) == ["Halvorsen Pharma AG", "Meridian Therapeutics"]
    restricted = next(t for t in tables if "Target" in t.columns and "Restriction" in t.columns)
    assert list(restricted["Restriction"]) == ["exclusive"]
    obligations = next(t for t in tables if "Obligation" in t.columns and "Done" in t.columns)
    assert list(obligations["Done"]) == ["—", "2026-10-28"]


def test_agreements_target_view_lists_programs_agreements_and_firewalls(demo_db: Path) -> None:
    at = open_page("agreements.py")
    at.date_input(key="agr_as_of").set_value(NOW).run()
    # the target of the first contract finding is shown first: KRAS G12D
    assert at.selectbox(key="agr_target").value == "tgt-kras-g12d"
    tables = [d.value for d in at.dataframe]
    programs = next(t for t in tables if "Program" in t.columns)
    assert sorted(programs["Program"]) == ["ONC-1 KRAS G12D inhibitor", "ONC-7 KRAS degrader"]
    agreements = next(t for t in tables if "Agreement" in t.columns and "Restriction" in t.columns)
    assert list(agreements["Agreement"]) == ["Halvorsen KRAS G12D licence"]
    walls = next(t for t in tables if "Between" in t.columns)
    assert list(walls["Between"]) == ["ONC-1 KRAS G12D inhibitor | ONC-7 KRAS degrader"]
    at.text_input(key="agr_target__q").input("SOS1").run()
    at.selectbox(key="agr_target").set_value("tgt-sos1").run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [d.value for d in at.dataframe]
    assert any("missing firewall" in list(t.get("Kind", [])) for t in tables)


def test_conflicts_filters_never_hide_what_the_user_did_not_hide(demo_db: Path) -> None:
    """The issue: ticking "indirect exposure" showed "9 of 44 findings", because the kind
    filter kept its old selection. New kinds are shown; a kind the user removed stays hidden
    whatever else changes, and the caption says what the filters hide."""
    at = open_page("conflicts.py")
    at.date_input(key="conf_as_of").set_value(NOW).run()
    at.checkbox(key="conf_indirect").check().run()
    assert not at.exception, [e.value for e in at.exception]
    total = int({m.label: m.value for m in at.metric}["Findings"])
    assert total > 9  # the indirect exposures came in
    assert len(at.dataframe[0].value) == total
    assert "indirect exposure" in at.multiselect(key="conf_kinds").value
    assert any(c.value == f"Showing {total} of {total} findings." for c in at.caption)
    # The user hides cooling-off; then unticks and ticks indirect exposure again.
    kinds = at.multiselect(key="conf_kinds")
    kinds.set_value([k for k in kinds.value if k != "cooling off"]).run()
    cooling = sum(1 for k in at.dataframe[0].value["Kind"] if k == "cooling off")
    assert cooling == 0
    at.checkbox(key="conf_indirect").uncheck().run()
    at.checkbox(key="conf_indirect").check().run()
    shown = at.dataframe[0].value
    assert "cooling off" not in set(shown["Kind"]) and "indirect exposure" in set(shown["Kind"])
    hidden = total - len(shown)
    assert hidden > 0
    assert any(f"{hidden} hidden by your filters (kind cooling off)" in c.value for c in at.caption)
    # Another date, where other kinds exist: still only cooling-off is hidden.
    at.date_input(key="conf_as_of").set_value(dt.date(2027, 2, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    later = at.dataframe[0].value
    assert "cooling off" not in set(later["Kind"])
    all_kinds = set(at.multiselect(key="conf_kinds").options)
    assert set(at.multiselect(key="conf_kinds").value) == all_kinds - {"cooling off"}


def test_conflicts_name_filter_ignores_case_and_accents(demo_db: Path) -> None:
    """One folding for every text filter: "wojcik" finds Tomasz Wójcik."""
    at = open_page("conflicts.py")
    at.date_input(key="conf_as_of").set_value(NOW).run()
    for typed, person in [("wojcik", "Tomasz Wójcik"), ("JOSE NUNEZ", "José Núñez")]:
        at.text_input(key="conf_who").input(typed).run()
        assert set(at.dataframe[0].value["Person"]) == {person}, typed


def test_conflicts_page_sees_an_import_the_cli_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app keeps running while somebody imports with the CLI: its next rerun answers from
    the new data, not from its caches (GraphStore.version)."""
    db = tmp_path / "live.sqlite"
    later = DEMO / "relationships.csv"  # the firewalls, among others
    with EmbeddedStore(db) as s:
        s.apply(read_files([f for f in demo_files() if f != later]))
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    at = open_page("conflicts.py")
    at.date_input(key="conf_as_of").set_value(NOW).run()
    before = {m.label: m.value for m in at.metric}.get("Findings")
    cli = [sys.executable, "-c", "from allymap.cli import main; main()", "import", str(later)]
    done = subprocess.run([*cli, "--db", str(db)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Findings"] == "11" != before


def test_import_refuses_bad_files_with_file_row_and_column(demo_db: Path) -> None:
    at = open_page("import_data.py")
    bad = "source,target,type\nnobody,nothing,EMPLOYED_BY\nx,y,NOT_A_TYPE\n"
    at.file_uploader[0].set_value([("broken.csv", bad.encode(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be imported" in e.value for e in at.error)
    problems = at.dataframe[-1].value
    assert list(problems.columns) == ["Row", "Column", "Problem"]
    assert any(m.value.startswith("**broken\\.csv**:") for m in at.markdown)
    assert not at.button  # nothing to import


def test_import_lists_every_problem_of_every_file_grouped_by_file(demo_db: Path) -> None:
    """Two bad files: each gets its own heading with its count and its own table, and the
    summary counts all problems (the issue: "1 problem(s)" with a second bad file beside it)."""
    at = open_page("import_data.py")
    first = "source,target,type\na,b,NOT_A_TYPE\nc,d,ALSO_NOT\n"
    many = "id,type,name\n" + "".join(f"x{i},Spaceship,Ship {i}\n" for i in range(60))
    at.file_uploader[0].set_value(
        [("first.csv", first.encode(), "text/csv"), ("many.csv", many.encode(), "text/csv")]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    (summary,) = [e.value for e in at.error]
    assert "62 problem(s) in 2 of 2 file(s)" in summary, summary
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert headings == ["**first\\.csv**: 2 problem(s)", "**many\\.csv**: 60 problem(s)"]
    tables = [d.value for d in at.dataframe][-2:]
    assert [len(t) for t in tables] == [2, 50]  # capped per file ...
    assert list(tables[1]["Row"]) == list(range(2, 52))  # ... in row order
    assert any("10 more of these" in c.value for c in at.caption)  # ... counted
    kinds = [c.value for c in at.caption if c.value.endswith(")")]
    assert len(kinds) == 2, kinds  # one kind of problem per file, with its own count


@pytest.mark.slow  # a 70 MB upload: about 1 GB of memory under AppTest
def test_a_field_too_big_for_csv_is_refused_in_words(demo_db: Path) -> None:
    """A 70 MB cell (the CSV reader stops at 64 MB): the page lists it as the file's problem,
    row 2, and stores nothing; no traceback."""
    at = open_page("import_data.py")
    big = b"id,type,name,notes\nn1,Person,Ann," + b"x" * (70 * 1024 * 1024) + b"\n"
    at.file_uploader[0].set_value([("huge.csv", big, "text/csv")]).run()
    del big
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be imported" in e.value for e in at.error)
    assert [m.value for m in at.markdown if m.value.startswith("**")] == [
        "**huge\\.csv**: 1 problem(s)"
    ]
    problems = at.dataframe[-1].value
    assert list(problems["Row"]) == [2] and list(problems["Column"]) == ["notes"]
    assert "characters long" in problems["Problem"][0]


HOSTILE_FILE_NAMES = [
    "x" * 300 + ".csv",  # over 255 bytes: the OSError of the issue
    "é" * 200 + ".csv",  # 400 bytes in UTF-8
    "../../etc/passwd.csv",
    "dir/sub/name.csv",
    "..\\..\\win.csv",
    "....csv",
    ".csv",
    " .csv",
    "bell\x07\x1b[31mred.csv",
    "rtl\u202elmth.csv",
    "zero\u200bwidth.csv",
    "CON.csv",
    "lpt1.csv",
    'a:b*c?<>|".csv',
    "\U0001f600 astral.csv",
]


def test_hostile_upload_names_never_break_the_page(demo_db: Path) -> None:
    """Every name is turned into one the server can write, close to the original: a problem
    is reported against it, with no traceback and no server path."""
    at = open_page("import_data.py")
    bad = b"source,target,type\na,b,NOT_A_TYPE\n"
    at.file_uploader[0].set_value([(n, bad, "text/csv") for n in HOSTILE_FILE_NAMES]).run()
    assert not at.exception, [e.value for e in at.exception]
    (summary,) = [e.value for e in at.error]
    n = len(HOSTILE_FILE_NAMES)
    assert f"{n} problem(s) in {n} of {n} file(s)" in summary, summary
    text = _all_text(at)
    assert "allymap-upload-" not in text and "/tmp" not in text and "Traceback" not in text
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert len(headings) == n  # one per file: names stayed apart
    for heading in headings:
        assert not any(ch in heading for ch in "\x00\x07\x1b\u202e/"), heading
    assert "**rtllmth\\.csv**" in headings[9]  # the same name, less the override
    assert "**CON\\.csv**" not in headings and "**upload\\-CON\\.csv**" in headings[11]


# What Markdown would make into an element if a name reached it unescaped (a backslash
# before the first character escapes it; a word joiner inside breaks the pattern).
RAW_MARKUP = re.compile(r"(?<!\\)(<(img|script|iframe)|\]\(|:red\[|:material/|\$)|https?://|@\w")


def test_import_dry_run_then_import_with_hostile_names_stays_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adversarial.hostile import NODES, portfolio

    from allymap.downloads import is_formula_like

    db = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    at = app().run()
    at.switch_page("allymap/pages/import_data.py").run()
    files = portfolio(9)
    at.file_uploader[0].set_value(
        [(name, text.encode(), "text/csv") for name, text in files.items()]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    counts = at.dataframe[-1].value
    added = dict(zip(counts["What"], counts["Count"], strict=True))
    assert added["New people, companies, ..."] == len(NODES)
    with EmbeddedStore(db) as store:
        assert store.stats().get("Person", 0) == 0  # a dry run stores nothing
    at.button(key="import_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Imported 2 file(s)" in s.value for s in at.success)
    with EmbeddedStore(db) as store:
        assert store.stats().get("Person", 0) == sum(t == "Person" for _, _, t in NODES)
    # The hostile names now flow through every page: Markdown only ever holds them escaped,
    # and every table holds formula-safe text.
    for page in PAGES:
        at.switch_page(f"allymap/pages/{page}").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        for element in [*at.markdown, *at.caption, *at.error, *at.warning, *at.success, *at.info]:
            assert not RAW_MARKUP.search(element.value), (page, element.value)
        for frame in at.dataframe:
            for column in frame.value.columns:
                cells = [str(v) for v in frame.value[column] if v is not None]
                assert not [c for c in cells if is_formula_like(c)], (page, column)


@pytest.mark.neo4j
def test_pages_work_the_same_on_neo4j(neo4j_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app on the Neo4j store (``allymap serve --neo4j``): same pickers, same outcomes."""
    from graphmodel.neo4j import Neo4jStore

    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as graph:
        graph.wipe()
        graph.apply(read_files(demo_files()))
        monkeypatch.delenv("ALLYMAP_DB", raising=False)
        monkeypatch.setenv("ALLYMAP_NEO4J", neo4j_server.uri)
        monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
        for page, title in PAGES.items():
            at = open_page(page)
            assert [t.value for t in at.title] == [title]
            assert not at.error, (page, [e.value for e in at.error])
        at = open_page("staffing.py")
        pick_candidates(at, graph, [BLOCKED, REVIEW, CLEAR])
        assert (len(at.error), len(at.warning), len(at.success)) == (1, 1, 1)
        at = open_page("influence_map.py")
        at.text_input(key="map_focus__q").input("Dana Ruiz").run()
        assert '"flagged": true' in at.get("iframe")[0].proto.srcdoc


def test_an_unreachable_database_is_reported_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    monkeypatch.delenv("ALLYMAP_DB", raising=False)
    monkeypatch.setenv("ALLYMAP_NEO4J", f"bolt://127.0.0.1:{port}")
    for page in PAGES:
        at = app().run()
        if page != "influence_map.py":
            at.switch_page(f"allymap/pages/{page}").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if page != "import_data.py":  # the import page needs the store only for an upload
            assert any("Neo4j" in e.value for e in at.error), (page, at.error)


def test_import_dry_run_lists_what_an_hr_export_closes_on_its_effective_date(
    demo_db: Path,
) -> None:
    """Henrik Dahl's re-exported HR row names a new manager: the dry run shows, as of the
    effective date picked on the page, that his REPORTS_TO Margaret Okonkwo is closed the day
    before, and nothing is stored until Import is pressed."""
    at = open_page("import_data.py")
    hr = (
        "employee_id,name,title,company_id,manager_id\n"
        "p-henrik-dahl,Henrik Dahl,Chief Scientific Officer,meridian,p-margaret-okonkwo-2\n"
        "p-margaret-okonkwo-2,Margaret Okonkwo II,Chief Executive Officer,meridian,\n"
    )
    at.file_uploader[0].set_value([("hr.csv", hr.encode(), "text/csv")]).run()
    at.date_input(key="import_effective").set_value(dt.date(2026, 12, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("As of 2026-12-01" in c.value for c in at.caption), [c.value for c in at.caption]
    closed = at.dataframe[-1].value
    row = closed[(closed["From"] == "p-henrik-dahl") & (closed["Relationship"] == "REPORTS_TO")]
    assert list(row["To"]) == ["p-margaret-okonkwo"] and list(row["Until"]) == ["2026-11-30"]
    assert list(row["What"]) == ["closed"]
    with EmbeddedStore(demo_db) as s:  # a dry run: nothing stored yet
        assert "p-margaret-okonkwo-2" not in s.existing_nodes(["p-margaret-okonkwo-2"])


def check_dana_for_the_helix_jsc(day: dt.date) -> AppTest:
    at = open_page("staffing.py")
    at.radio(key="staff_seat").set_value("A committee seat").run()
    at.text_input(key="staff_committee__q").input("Helix JSC").run()
    assert at.selectbox(key="staff_committee").value == "c1"
    at.text_input(key="staff_people__q").input("Dana").run()
    at.multiselect(key="staff_people").select("dana").run()
    at.date_input(key="staff_as_of").set_value(day).run()
    at.number_input(key="staff_hops").set_value(0).run()
    at.button(key="staff_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_seat_check_waiver_from_the_results_then_conflicts_page_then_expiry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check Dana for a seat on the Helix JSC (blocked: she works on the firewalled ONC-12),
    waive the breach from the results: she turns clear; the conflicts page lists the waiver
    apart from the open findings, until the as-of date passes its until."""
    from portfolio import T, build, row

    db = tmp_path / "seat.sqlite"
    with EmbeddedStore(db) as s:
        build(s, tmp_path / "csv", row("dana", "P2", "WORKS_ON"))
    monkeypatch.setenv("ALLYMAP_DB", str(db))
    at = check_dana_for_the_helix_jsc(dt.date.fromisoformat(T))
    assert [x.value.startswith("**Dana Ruiz") for x in at.error] == [True]
    assert "a seat on Helix JSC" in at.subheader[0].value
    # a form's fields are sent with its submit button
    at.text_input(key="decide_staff_dana_0_by").input("Legal")
    at.text_area(key="decide_staff_dana_0_reason").input("approved by legal")
    at.date_input(key="decide_staff_dana_0_until").set_value(dt.date(2026, 12, 31))
    (waive,) = [b for b in at.button if b.label == "Waive"]
    waive.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error and [x.value.startswith("**Dana Ruiz") for x in at.success] == [True]
    assert "every finding has an active decision" in at.success[0].value
    assert "Waived by Legal from 2026\\-11\\-22 until 2026\\-12\\-31" in _all_text(at)
    with EmbeddedStore(db) as s:  # kept with the acting user and the time
        (d,) = s.read(lambda f: f.decisions(None))
        assert d.recorded_by and d.recorded_at and d.decided_by == "Legal"

    at.switch_page("allymap/pages/conflicts.py").run()
    at.date_input(key="conf_as_of").set_value(dt.date.fromisoformat(T)).run()
    (force,) = [t.value for t in at.dataframe if "Finding holds" in t.value.columns]
    assert list(force["Decision"]) == ["Waived by Legal"]
    assert list(force["Until"]) == ["2026-12-31"] and force["Recorded by"].iloc[0]
    at.date_input(key="conf_as_of").set_value(dt.date(2027, 1, 1)).run()
    assert not [t for t in at.dataframe if "Finding holds" in t.value.columns]
    assert any("No decision is active" in c.value for c in at.caption)
    # the same staffing check after the until: blocked again
    at = check_dana_for_the_helix_jsc(dt.date(2027, 1, 1))
    assert [x.value.startswith("**Dana Ruiz") for x in at.error] == [True]


def test_partner_timeline_labels_every_bar_and_colours_supplier_and_customer_apart(
    demo_db: Path,
) -> None:
    from allymap.pages.partner import _chart

    rows = [
        {
            "kind": k,
            "relationship": f"{k} row",
            "since": "2024-01-01",
            "until": "",
            "state": "current",
            "detail": "",
        }
        for k in ("supplier", "customer", "alliance")
    ]
    spec = _chart(rows, "2026-11-22").to_dict()
    layers = spec["layer"]
    texts = [layer for layer in layers if (layer.get("mark") or {}).get("type") == "text"]
    assert texts and texts[0]["encoding"]["text"]["field"] == "kind"  # a label on every bar
    scale = layers[0]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["supplier"] != colours["customer"]
