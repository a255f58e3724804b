"""Hostile URLs: a shared link is input from anywhere. Every value a page reads from its URL
is checked (allymap/pages/urlstate.py); one that fails is ignored with a note shown as text,
never trusted (an id must exist with the right type), never rendered as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from adversarial.corpus import Case, cases
from allymap.pages.urlstate import (
    Rejected,
    parse_bool,
    parse_choices,
    parse_date,
    parse_groups,
    parse_int,
)
from graphmodel.embedded import EmbeddedStore
from loaders import read_files

pytestmark = pytest.mark.adversarial("hostile URLs")

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"

READERS: dict[str, Any] = {
    "date": parse_date,
    "depth": lambda v: parse_int(v, 1, 3),
    "bool": parse_bool,
    "types": lambda v: parse_choices(v, ["EMPLOYED_BY", "REPORTS_TO"]),
    "groups": parse_groups,
}

REFUSED = [
    Case("date-words", "ignored: not a date", reader="date", value="yesterday"),
    Case("date-month-13", "ignored: not a date", reader="date", value="2026-13-01"),
    Case("date-arabic-digits", "ignored: ASCII digits only", reader="date", value="٢٠٢٦-١١-٢٢"),
    Case("date-huge", "ignored unread: too long", reader="date", value="2" * 100_000),
    Case("depth-huge", "ignored: out of range", reader="depth", value="9" * 40),
    Case("depth-negative", "ignored: out of range", reader="depth", value="-1"),
    Case("depth-float", "ignored: not a whole number", reader="depth", value="2.5"),
    Case("depth-fullwidth", "ignored: ASCII digits only", reader="depth", value="２"),
    Case("bool-words", "ignored: not 1 or 0", reader="bool", value="maybe"),
    Case(
        "types-injection", "ignored: unknown type", reader="types", value="EMPLOYED_BY,) RETURN n//"
    ),
    Case("types-markdown", "ignored: unknown type", reader="types", value="![x](http://e/x.png)"),
    Case("types-too-many", "ignored: too many items", reader="types", value=",".join(["a"] * 51)),
    Case(
        "groups-foreign",
        "ignored: not a group id",
        reader="groups",
        value="<script>alert(1)</script>",
    ),
]


@pytest.mark.parametrize("case", cases(REFUSED))
def test_a_bad_value_is_refused_with_words_that_do_not_quote_it(case: Case) -> None:
    with pytest.raises(Rejected) as err:
        READERS[case["reader"]](case["value"])
    assert case["value"][:20] not in str(err.value) or len(case["value"]) < 3


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("urls") / "demo.sqlite"
    with EmbeddedStore(db) as store:
        store.apply(read_files(sorted(DEMO.glob("*.csv"))))
    return db


LINKS = [
    Case(
        "influence-all-hostile",
        "the default view, one note listing focus, depth, as_of, types; no markup",
        page="allymap/pages/influence_map.py",
        params={
            "focus": "[x](javascript:alert(1))",
            "depth": "1e9",
            "as_of": "2026-02-30",
            "types": "FIREWALL,:red[x]",
            "evil": "**bold**",
        },
        ignored=["focus", "depth", "as_of", "types", "evil"],
        widget=("map_depth", 1),
    ),
    Case(
        "influence-stale-id",
        "an id that is not in the data (or not of the type) is ignored",
        page="allymap/pages/influence_map.py",
        params={"focus": "p-nobody-left"},
        ignored=["focus"],
        widget=("map_depth", 1),
    ),
    Case(
        "staffing-person-as-program",
        "a person's id as the program is ignored; the valid candidates are kept",
        page="allymap/pages/staffing.py",
        params={"program": "p-dana-ruiz", "candidates": "p-dana-ruiz"},
        ignored=["program"],
        widget=("staff_people", ["p-dana-ruiz"]),
    ),
    Case(
        "partner-program-as-company",
        "a program's id as the partner is ignored",
        page="allymap/pages/partner.py",
        params={"partner": "prog-onc7", "as_of": "2026-11-22"},
        ignored=["partner"],
        widget=("partner_as_of", None),
    ),
    Case(
        "conflicts-long-filter",
        "a 10,000-character name filter is ignored",
        page="allymap/pages/conflicts.py",
        params={"who": "x" * 10_000, "severity": "blocks,<b>"},
        ignored=["who", "severity"],
        widget=("conf_sev", ["blocks", "review"]),
    ),
]


@pytest.mark.parametrize("case", cases(LINKS))
def test_a_hostile_link_shows_the_default_view_with_a_note_as_text(
    case: Case, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLYMAP_DB", str(demo_db))
    monkeypatch.delenv("ALLYMAP_NEO4J", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if case["page"] != "allymap/pages/influence_map.py":
        at.switch_page(case["page"])
    for k, v in case["params"].items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [c.value for c in at.caption if "settings were ignored" in c.value]
    assert len(notes) == 1, [c.value for c in at.caption]
    for key in case["ignored"]:
        assert key.replace("_", "\\_") in notes[0] or key in notes[0]
    for value in case["params"].values():
        assert value[:12] not in notes[0]  # the note never quotes the link's text
    key, expected = case["widget"]
    if expected is not None:
        assert at.session_state[key] == expected
    for bad in case["ignored"]:
        assert bad not in at.query_params or at.query_params[bad] != case["params"][bad]
