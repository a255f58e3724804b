"""Hostile text: names and properties written to attack whatever shows them. Each payload goes
through every function that takes data text out of allymap (Markdown for Streamlit, plain
text for pickers and tables, CSV cells, file names for downloads and uploads, the map's
labels, tooltips and legend, explanation sentences), and through the pages themselves
(AppTest) where that is cheap. The browser side, where Markdown is actually rendered, is
tests/test_browser_e2e.py.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adversarial.corpus import Case, cases
from adversarial.hostile import portfolio
from allymap.downloads import is_formula_like, safe_cell, safe_frame, to_safe_csv
from allymap.mapview import build_map_html, plain_text
from allymap.pages.common import LABEL_MAX, node_label
from allymap.pages.import_data import NAME_BYTES, upload_name
from allymap.text import md, plain, safe_filename
from graphmodel.model import Edge, Node
from graphmodel.store import Subgraph

pytestmark = pytest.mark.adversarial("hostile text")

# (id, text, what a spreadsheet would do with it unneutralised: True = a formula)
PAYLOADS: list[tuple[str, str, bool]] = [
    ("html-img", '<img src="http://127.0.0.1:9/x.png" onerror="alert(1)">', False),
    ("html-script", "<script>alert(1)</script>", False),
    ("html-iframe", '<iframe src="http://127.0.0.1:9/f"></iframe>', False),
    ("html-svg", '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">x</a></svg>', False),
    ("html-entity", "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;", False),
    ("html-comment", "<!-- hidden --> shown", False),
    ("md-image", "![b](http://127.0.0.1:9/b.png)", False),
    ("md-link", "[x](http://e/) [y](javascript:alert(1))", False),
    ("md-autolink", "<https://evil.example/a>", False),
    ("md-bare-url", "see https://evil.example/a and ftp://e/x", False),
    ("md-www", "www.evil.example WWW.EVIL.EXAMPLE", False),
    ("md-email", "boss@evil.example mailto:x@e.example", False),
    ("md-heading", "# Heading", False),
    ("md-list", "- item\n1. item", True),  # "- item" is a formula to Excel too (#NAME?)
    ("md-quote", "> quoted", False),
    ("md-table", "| a | b |\n|---|---|\n| 1 | 2 |", False),
    ("md-code", "`code` ```fence```", False),
    ("md-emphasis", "**bold** __b__ *i* _i_ ~~s~~", False),
    ("md-footnote", "x[^1]\n[^1]: http://e/", False),
    ("md-reference", "[a]: http://e/ 'title'", False),
    ("md-rule", "***", False),
    ("md-backslash", "trailing\\", False),
    ("md-pre-escaped", "\\*not\\* \\[a\\]", False),
    ("st-colour", ":red[X] :blue-background[Y] :rainbow[Z]", False),
    ("st-badge", ":green-badge[OK]", False),
    ("st-material-icon", ":material/home: :material/warning:", False),
    ("st-streamlit-logo", ":streamlit:", False),
    ("st-emoji", ":smile: :+1: :rocket:", False),
    ("st-nested", ":red[:material/home:]", False),
    ("latex-inline", "$\\sqrt{x}$", False),
    ("latex-display", "$$x^2$$", False),
    ("latex-href", "$\\href{http://127.0.0.1:9/k}{k}$", False),
    ("latex-parens", "\\(x\\) \\[y\\]", False),
    ("formula-equals", "=1+1", True),
    ("formula-plus", "+1+1", True),
    ("formula-minus", "-2+3", True),
    ("formula-at", "@SUM(1+1)", True),
    ("formula-hyperlink", '=HYPERLINK("http://evil.example","Click")', True),
    ("formula-dde", "=cmd|' /C calc'!A0", True),
    ("formula-dde-plus", "+cmd|' /C calc'!A0", True),
    ("formula-dde-at", "@SUM(1+1)*cmd|' /C calc'!A0", True),
    ("formula-fullwidth", "＝1+1", True),
    ("formula-small-form", "﹢1+1", True),
    ("formula-tab", "\t=1+1", True),
    ("formula-cr", "\r=1+1", True),
    ("formula-leading-space", "   =1+1", True),
    ("formula-zero-width-first", "\u200b=1+1", True),
    ("formula-bidi-first", "\u202e=1+1", True),
    ("number-negative", "-3", False),
    ("number-signed-decimal", "+1.5", False),
    ("control-nul", "a\x00b", False),
    ("control-bell-escape", "bell\x07 \x1b[31mred\x1b[0m", False),
    ("control-del-c1", "del\x7f c1\x85\x9b", False),
    ("control-newlines", "line1\nline2\r\nline3\u2028line4", False),
    ("bidi-override", "Eve \u202egnp.exe\u202c", False),
    ("bidi-embedding", "\u202bembedded\u202c \u202aleft\u202c", False),
    ("bidi-isolates", "\u2066iso\u2069 \u2067rtl\u2069 \u2068first\u2069", False),
    ("bidi-marks", "a\u200fb\u200ec", False),
    ("rtl-script", "שלום مرحبا", False),
    ("zero-width", "Zero\u200bWidth\u200cJoin\u200dWord\u2060BOM\ufeff", False),
    ("combining-marks", "Z\u0335\u0322\u031ba\u0338l\u0336g\u0335o\u0334" + "e\u0301" * 40, False),
    ("astral", "\U0001f600 \U0001f9ec \U0001d518 \U00010348", False),
    ("lone-surrogate", "half \ud800 of a pair \udfff", False),
    ("very-long", "A" * 100_000 + "<img src=x>", False),
    ("empty", "", False),
    ("only-spaces", "   \t  ", False),
]

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&^=\"'")
_PATTERNS_AFTER_PARSING = re.compile(r"https?://|ftp://|www\.|\w@|:\w[\w/+-]*:", re.IGNORECASE)


def _payload_cases(expect: str, formula_expect: str | None = None) -> list[Any]:
    return cases(
        Case(
            pid,
            formula_expect if formula and formula_expect else expect,
            text=text,
            formula=formula,
        )
        for pid, text, formula in PAYLOADS
    )


def _after_escapes(markdown: str) -> str:
    """The text Streamlit's post-parsing transforms see: backslash escapes resolved."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _reads_as(markdown: str) -> str:
    """What a reader sees of escaped Markdown: escapes resolved, word joiners invisible."""
    return _after_escapes(markdown).replace("\u2060", "")


def _is_one_clean_line(text: str) -> bool:
    return not any(
        unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u202a\u202b\u202c\u202d\u202e"
        or "\u2066" <= ch <= "\u2069" or ch in "\u2028\u2029"
        for ch in text
    )  # fmt: skip


# ---- Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", _payload_cases("Markdown reads as the same text (plain) and can make no element")
)
def test_md_keeps_the_text_and_makes_no_markup(case: Case) -> None:
    out = md(case["text"])
    # the reader sees the text, nothing else (word joiners are invisible, ours and the data's)
    assert _reads_as(out) == plain(case["text"]).replace("\u2060", "")
    assert _unescaped_specials(out) == [], out
    # Streamlit finds URLs, e-mail addresses and :shortcodes: in the text *after* Markdown
    # has resolved the escapes, so that is where none may be left.
    assert not _PATTERNS_AFTER_PARSING.search(_after_escapes(out)), out
    assert _is_one_clean_line(out)


def _unescaped_specials(text: str) -> list[str]:
    """Markdown punctuation in ``text`` that no backslash escapes."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2  # the escape and what it escapes
            continue
        if text[i] in _MD_SPECIAL:
            found.append(text[i])
        i += 1
    return found


# ---- plain text: picker labels, tables ------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    _payload_cases(
        f"a picker label of one clean line (no controls, no bidi overrides), at most "
        f"{LABEL_MAX} characters of name"
    ),
)
def test_picker_labels_are_one_clean_line(case: Case) -> None:
    label = node_label(Node("n1", "Person", case["text"]))
    assert label.endswith(" (Person)")
    name = label.removesuffix(" (Person)")
    assert len(name) <= LABEL_MAX and _is_one_clean_line(label)
    assert name == plain(case["text"] or "n1", LABEL_MAX)


# ---- CSV: the app's downloads and the tables' own --------------------------------------------


@pytest.mark.parametrize(
    "case",
    _payload_cases(
        "the CSV cell is the text as one clean line, unchanged",
        formula_expect="the CSV cell gets a leading apostrophe: no formula, no DDE",
    ),
)
def test_csv_cells_never_start_a_formula(case: Case) -> None:
    cell = safe_cell(case["text"])
    assert isinstance(cell, str)
    assert cell == ("'" if case["formula"] else "") + plain(case["text"])
    assert not is_formula_like(cell)
    data = to_safe_csv([{"value": case["text"]}]).decode("utf-8-sig")
    assert not is_formula_like(data.splitlines()[1] if len(data.splitlines()) > 1 else "")


@pytest.mark.parametrize(
    "case",
    _payload_cases(
        "the table cell Streamlit exports is the same safe text as the download's",
        formula_expect="the table cell Streamlit exports starts with an apostrophe",
    ),
)
def test_table_cells_match_the_downloads(case: Case) -> None:
    frame = safe_frame([{"v": case["text"], "n": 1}])
    assert frame["v"][0] == safe_cell(case["text"])
    assert str(frame["n"].dtype) == "Int64"  # numbers stay numbers beside it


# ---- file names ------------------------------------------------------------------------------

FILE_NAMES: list[tuple[str, str]] = [
    ("long-ascii", "x" * 300 + ".csv"),
    ("long-utf8", "é" * 200 + ".csv"),
    ("long-astral", "\U0001f600" * 100 + ".csv"),
    ("traversal", "../../etc/passwd.csv"),
    ("windows-traversal", "..\\..\\boot.csv"),
    ("folders", "a/b/c.csv"),
    ("absolute", "/etc/shadow.csv"),
    ("dotdot", ".."),
    ("dot", "."),
    ("only-dots", "....."),
    ("empty", ""),
    ("spaces", "   "),
    ("nul", "a\x00b.csv"),
    ("controls", "bell\x07\x1b[31m.csv"),
    ("rtl-override", "invoice\u202ecsv.exe"),
    ("zero-width", "zero\u200bwidth.csv"),
    ("windows-device", "CON.csv"),
    ("windows-device-bare", "nul"),
    ("windows-device-com", "COM1.tar.gz"),
    ("windows-forbidden", 'a<b>c:d"e|f?g*h.csv'),
    ("trailing-dot-space", "name.csv. "),
    ("lone-surrogate", "half\ud800.csv"),
]


@pytest.mark.parametrize(
    "case",
    cases(
        Case(fid, f"a writable upload name of at most {NAME_BYTES} bytes, no folder", name=n)
        for fid, n in FILE_NAMES
    ),
)
def test_upload_names_can_always_be_written(case: Case, tmp_path: Path) -> None:
    taken: set[str] = set()
    name = upload_name(case["name"], taken)
    assert name and name not in (".", "..") and "/" not in name and "\\" not in name
    assert len(name.encode("utf-8")) <= NAME_BYTES
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in name)
    assert not re.match(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\.|$)", name)
    (tmp_path / name).write_bytes(b"x")  # the OSError of the issue, for names over 255 bytes
    assert upload_name(case["name"], taken) != name  # a second file of that name stays apart


@pytest.mark.parametrize(
    "case",
    cases(
        Case(f"download-{fid}", "a download name of [A-Za-z0-9_-], 1 to 60 characters", name=n)
        for fid, n in [*FILE_NAMES, *[(pid, t) for pid, t, _ in PAYLOADS[:12]]]
    ),
)
def test_download_names_are_tame(case: Case) -> None:
    name = safe_filename(case["name"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,60}", name), name
    assert not re.fullmatch(r"(?i)(con|prn|aux|nul|com\d|lpt\d)", name)


# ---- the map ---------------------------------------------------------------------------------


def _dataset(page: str, which: str) -> list[dict[str, Any]]:
    match = re.search(rf"var {which} = new vis\.DataSet\((.*?)\);\n", page)
    assert match, which
    return list(json.loads(match.group(1)))


@pytest.mark.parametrize(
    "case",
    _payload_cases(
        "the map holds it only as escaped JSON text: labels and tooltips plain, legend "
        "HTML-escaped, no tag or script of its own"
    ),
)
def test_map_labels_tooltips_and_legend_are_text(case: Case) -> None:
    text = case["text"]
    sub = Subgraph(
        {
            "p": Node("p", "Person", text, {"notes": text, text[:50] or "k": "v"}),
            "c": Node("c", "Company", text),
        },
        [Edge("EMPLOYED_BY", "p", "c", "2020-01-01", props={"title": text})],
    )
    page = build_map_html(sub, influence={"p": 1.0}, flagged_paths=[["p", "c"]], as_of="2026-01-01")
    nodes = {n["id"]: n for n in _dataset(page, "nodes")}
    assert nodes["p"]["label"] == plain_text(text or "p", 40)
    assert plain_text(text, 200) in nodes["p"]["title"]
    assert all("href" not in n["title"].lower() for n in nodes.values())
    edges = _dataset(page, "edges")
    assert plain_text(text, 200) in edges[0]["title"]
    # Outside the escaped JSON and the escaped legend, the page is ours: the payload's own
    # markup never appears raw, and only our two script blocks run (by CSP hash).
    legend = re.search(r'<div class="legend" id="allymap-legend">.*?</div></div>', page, re.S)
    assert legend and html.escape(plain_text(text, 40)) in legend.group(0)
    ours = _without_vis_network(page)  # (an attribute without its tag is only text)
    for raw in ("<img", "<iframe", "<svg", "<!--", "<a "):
        assert raw not in ours, raw
    # one script block of ours besides vis-network's: the CSP lets only these two run
    assert ours.count("<script") == ours.count("</script") == 1


def _without_vis_network(page: str) -> str:
    """The page less the inlined vis-network library (whose code has its own "onerror=")."""
    start = page.index("<script>/**")
    end = page.index("</script>", start) + len("</script>")
    return page[:start] + page[end:]


# ---- explanation sentences -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from graphmodel.embedded import EmbeddedStore
    from loaders import read_files

    folder = tmp_path_factory.mktemp("hostile-text")
    paths = []
    for name, text in portfolio(9).items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    with EmbeddedStore(folder / "hostile.sqlite") as store:
        store.apply(read_files(paths))
        yield store


@pytest.mark.parametrize(
    "case",
    cases(
        Case(
            f"explain-{kind}",
            "the sentence names every node of the path by its name as stored, and md() of "
            "it reads the same and makes no element",
            kind=kind,
        )
        for kind in (
            "firewall_breach",
            "cooling_off",
            "indirect_exposure",
            "conflict_of_interest",
            "contract_conflict",
        )
    ),
)
def test_explanations_carry_names_as_text(case: Case, hostile_store: Any) -> None:
    from queries.conflicts import scan

    (f, *_) = [f for f in scan(hostile_store, hops=2).findings if f.kind == case["kind"]]
    names = hostile_store.existing_nodes(f.path)
    for nid in f.path:
        assert names[nid].name in f.explanation, (nid, f.explanation)
    shown = md(f.explanation)
    assert _reads_as(shown) == plain(f.explanation).replace("\u2060", "")
    assert not _PATTERNS_AFTER_PARSING.search(_after_escapes(shown))


# ---- decisions: decided_by and reason are typed by people ------------------------------------


@pytest.mark.parametrize(
    "case",
    _payload_cases(
        "a decision's decided_by and reason read as the same text in Markdown (no element), "
        "as one escaped line in the CLI's text, and as a non-formula CSV cell"
    ),
)
def test_decided_by_and_reason_are_data(case: Case) -> None:
    from allymap.cli import _findings_text
    from allymap.pages.decide import decision_text
    from graphmodel.decisions import Decision
    from graphmodel.errors import printable
    from queries.rules.firewall import FIREWALL_BREACH

    text = case["text"]
    f = FIREWALL_BREACH.finding("eli", ["eli", "P2"], ["P1", "P2"])
    f.decision = Decision(
        "firewall_breach", "eli", ("P1", "P2"), "waived", text, text, "2026-01-01", "2027-01-01"
    )
    shown = md(decision_text(f))
    assert _unescaped_specials(shown) == [], shown
    assert not _PATTERNS_AFTER_PARSING.search(_after_escapes(shown)), shown
    assert _is_one_clean_line(shown)
    for line in _findings_text([f]):
        assert _is_one_clean_line(printable(line))
    cell = safe_cell(decision_text(f))
    assert isinstance(cell, str) and not is_formula_like(cell)


# ---- the pages (AppTest) ---------------------------------------------------------------------

RAW_MARKUP = re.compile(r"(?<!\\)(<(img|script|iframe)|\]\(|:red\[|:material/|\$)|https?://|\w@\w")


@pytest.fixture(scope="module")
def hostile_app(hostile_store: Any) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALLYMAP_DB", str(hostile_store.path))
        mp.delenv("ALLYMAP_NEO4J", raising=False)
        mp.delenv("ALLYMAP_HOME_COMPANY", raising=False)
        yield


def _page(name: str) -> Any:
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[2]
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120).run()
    at.switch_page(f"allymap/pages/{name}").run()
    return at


def _assert_page_inert(at: Any) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = [*at.markdown, *at.caption, *at.error, *at.warning, *at.success, *at.info]
    texts += [*at.subheader, *at.title]
    for element in texts:
        assert not RAW_MARKUP.search(element.value), element.value
    for frame in at.dataframe:
        for column in frame.value.columns:
            assert not is_formula_like(str(column))
            assert not [v for v in frame.value[column] if v is not None and is_formula_like(str(v))]
    for frame in at.get("iframe"):
        page = _without_vis_network(frame.proto.srcdoc)
        for raw in ("<img", "<iframe", "<object", "<style>@import", "<b "):
            assert raw not in page, raw


def _staffing(at: Any) -> None:
    at.text_input(key="staff_program__q").input("Progx").run()
    for word, pid in (("Pat", "h-pat"), ("Quinn", "h-quinn"), ("Toni", "h-toni")):
        at.text_input(key="staff_people__q").input(word).run()
        at.multiselect(key="staff_people").select(pid).run()
    at.button(key="staff_go").click().run()
    assert len(at.error) == 2 and len(at.warning) == 1, "the check did not run"
    assert at.get("iframe"), "no candidate maps"


def _partner(at: Any) -> None:
    at.text_input(key="partner_company__q").input("Parto").run()
    at.text_input(key="partner_us__q").input("Usco").run()
    assert any("Tension" in e.value for e in at.error)


def _conflicts(at: Any) -> None:
    at.checkbox(key="conf_indirect").check().run()
    kinds = set(at.dataframe[0].value["Kind"])
    assert "indirect exposure" in kinds and "cooling off" in kinds
    at.text_input(key="conf_who").input("quinn").run()
    assert len(at.dataframe[0].value) == 2


def _agreements(at: Any) -> None:
    assert at.dataframe[0].value["Status"][0] == "overdue"  # the hostile notice
    assert any("contract conflict" in m.value for m in at.markdown)
    at.text_input(key="agr_pick__q").input("Contracto").run()
    assert any("Company" in d.value.columns for d in at.dataframe), "no agreement shown"
    assert at.selectbox(key="agr_target").value == "h-t1"
    assert at.get("iframe"), "no target map"


def _map(at: Any) -> None:
    at.text_input(key="map_focus__q").input("Parto").run()
    assert at.get("iframe")


def _import(at: Any) -> None:
    hostile = "id,type,name\n" + "".join(
        f'"{pid}",{text!r},"{pid}"\n' for pid, text, _ in PAYLOADS[:20] if '"' not in text
    )
    at.file_uploader[0].set_value(
        [("=HYPERLINK(x) ![a](http://e/).csv", hostile.encode(), "text/csv")]
    ).run()
    assert any("cannot be imported" in e.value for e in at.error)


PAGES = [
    (
        "staffing",
        "staffing.py",
        _staffing,
        "a staffing check of hostile candidates: results, explanations, maps, alternatives inert",
    ),
    ("partner", "partner.py", _partner, "the partner view with tension: alerts, tables inert"),
    (
        "conflicts",
        "conflicts.py",
        _conflicts,
        "the scan with indirect exposure and a name filter: captions and table inert",
    ),
    (
        "agreements",
        "agreements.py",
        _agreements,
        "deadlines, contract findings, an agreement and a target map of hostile names inert",
    ),
    ("map", "influence_map.py", _map, "the map of a hostile company: captions and map HTML inert"),
    ("import", "import_data.py", _import, "a refused hostile upload: problems by file inert"),
]


@pytest.mark.parametrize(
    "case", cases(Case(pid, expect, page=page, act=act) for pid, page, act, expect in PAGES)
)
def test_pages_show_hostile_portfolio_as_text(case: Case, hostile_app: None) -> None:
    at = _page(case["page"])
    case["act"](at)
    _assert_page_inert(at)
