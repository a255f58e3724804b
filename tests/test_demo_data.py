"""The demo portfolio in examples/demo: regenerable, well-formed, importable, and telling the
stories its README promises (examples/demo/README.md), on its fixed "today" and for years."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.model import parse_date
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore
from loaders import read_files
from queries.conflicts import scan
from queries.deadlines import deadlines
from queries.partner import partner_view
from queries.rules.finding import Finding
from queries.staffing import check_staffing

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
TODAY = "2026-11-22"

HEADERS = {
    "companies_alliances.csv": ["id", "type", "name"],
    "relationships.csv": ["source", "target", "type", "since", "until"],
    "hr_export.csv": [
        "employee_id", "name", "title", "company_id", "company_name", "manager_id",
        "function", "hire_date", "end_date",
    ],
    "committee_roster.csv": [
        "committee_id", "committee_name", "alliance_id", "member_id", "member_name",
        "role", "representing_company", "since", "until",
    ],
    "decisions.csv": [
        "kind", "person", "subject", "other", "decision", "decided_by", "reason", "since",
        "until",
    ],
    "agreements.csv": [
        "agreement_id", "agreement_name", "agreement_type", "signatories", "covers",
        "exclusive_targets", "non_compete_targets", "effective_date", "expiry_date",
    ],
    "obligations.csv": [
        "obligation_id", "agreement_id", "obligation_name", "due", "done", "owner_id",
    ],
}  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _files() -> list[Path]:
    return [DEMO / name for name in HEADERS]


# ---- the files ------------------------------------------------------------------------------
def test_committed_files_are_the_scripts_output(tmp_path: Path) -> None:
    """Run exactly as a maintainer would, in a fresh interpreter (hash seed included)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "make_demo.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONHASHSEED": "random"},
    )
    assert done.returncode == 0, done.stderr
    written = sorted(tmp_path.glob("*.csv"))
    assert sorted(p.name for p in written) == sorted(HEADERS)
    for path in written:
        assert path.read_bytes() == (DEMO / path.name).read_bytes(), (
            f"{path.name} differs from `python examples/make_demo.py`; regenerate and commit"
        )


def test_the_readme_lists_every_storyline_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's storyline table is the index of examples/demo_storylines.py: kept in sync."""
    monkeypatch.syspath_prepend(str(ROOT / "examples"))
    from demo_storylines import STORYLINES

    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n## The storylines\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]  # no header
    listed = [tuple(cell.strip() for cell in row.strip("| ").split(" | ")) for row in rows]
    assert listed == [(s.title, s.demonstrates) for s in STORYLINES]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers_are_as_documented(name: str) -> None:
    with (DEMO / name).open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    expected = HEADERS[name]
    if name in ("committee_roster.csv", "decisions.csv", "agreements.csv", "obligations.csv"):
        assert header == expected
    else:  # further columns are properties
        assert header[: len(expected)] == expected


def test_every_reference_is_defined_with_an_allowed_type() -> None:
    """Checked from the files alone, independently of the loaders."""
    types: dict[str, str] = {}

    def define(nid: str, ntype: str) -> None:
        assert types.setdefault(nid, ntype) == ntype, f"{nid} is both {types[nid]} and {ntype}"

    for r in _rows("companies_alliances.csv"):
        assert r["type"] in SCHEMA.node_types
        define(r["id"], r["type"])
    hr = _rows("hr_export.csv")
    for r in hr:
        define(r["employee_id"], "Person")
        define(r["company_id"], "Company")
    roster = _rows("committee_roster.csv")
    for r in roster:
        define(r["committee_id"], "Committee")
        if r["member_name"]:
            define(r["member_id"], "Person")

    agreements = _rows("agreements.csv")
    for r in agreements:
        define(r["agreement_id"], "Agreement")
    for r in _rows("obligations.csv"):
        define(r["obligation_id"], "Obligation")

    def allowed(etype: str, source: str, target: str) -> None:
        spec = SCHEMA.edge_types[etype]
        assert types.get(source) in spec.sources, (etype, source, types.get(source))
        assert types.get(target) in spec.targets, (etype, target, types.get(target))

    for r in hr:
        if r["manager_id"]:
            allowed("REPORTS_TO", r["employee_id"], r["manager_id"])
    for r in roster:
        allowed("MEMBER_OF", r["member_id"], r["committee_id"])
        allowed("GOVERNS", r["committee_id"], r["alliance_id"])
        assert r["role"] in {"chair", "member", "alternate", "observer"}
    for r in agreements:
        for company in r["signatories"].split(";"):
            allowed("SIGNED", company, r["agreement_id"])
        for work in filter(None, r["covers"].split(";")):
            allowed("COVERS", r["agreement_id"], work)
        for column in ("exclusive_targets", "non_compete_targets"):
            for target in filter(None, r[column].split(";")):
                allowed("RESTRICTS", r["agreement_id"], target)
    for r in _rows("obligations.csv"):
        allowed("UNDER", r["obligation_id"], r["agreement_id"])
        allowed("OWNED_BY", r["obligation_id"], r["owner_id"])
    for r in _rows("relationships.csv"):
        ref = SCHEMA.edge(r["type"])
        assert ref is not None, r["type"]
        source, target = (r["target"], r["source"]) if ref.reverse else (r["source"], r["target"])
        allowed(ref.name, source, target)


def test_dates_are_iso_and_not_reversed() -> None:
    pairs = [("relationships.csv", "since", "until"), ("hr_export.csv", "hire_date", "end_date"),
             ("committee_roster.csv", "since", "until"),
             ("agreements.csv", "effective_date", "expiry_date")]  # fmt: skip
    for name, start, end in pairs:
        for r in _rows(name):
            for col in (start, end):
                if r[col]:
                    assert parse_date(r[col]) == r[col], (name, r)
            if r[start] and r[end]:
                assert r[start] <= r[end], (name, r)


def test_names_are_diverse_and_exercise_unicode() -> None:
    names = {r["name"] for r in _rows("hr_export.csv")}
    for name in ("Zoë Ångström", "José Núñez", "Søren Kierkegård", "Siobhán O'Neill"):
        assert name in names
    assert len(names) == len(_rows("hr_export.csv")), "two employees share a name"
    delegates = {r["member_id"] for r in _rows("committee_roster.csv") if r["member_name"]}
    people = len(names) + len(delegates)
    assert 270 <= people <= 330


def test_time_windows_matter() -> None:
    edges = _rows("relationships.csv")
    assert any(e["until"] and e["until"] < TODAY for e in edges), "some relationships ended"
    assert any(e["since"] >= "2027-01-01" for e in edges), "some start in 2027"
    roster = _rows("committee_roster.csv")
    assert any(r["until"] and r["until"] < TODAY for r in roster)
    assert any(r["since"] >= "2027-01-01" for r in roster)


# ---- imported into a store --------------------------------------------------------------------
@pytest.fixture
def demo(store: GraphStore) -> Iterator[GraphStore]:
    """The whole demo imported (all four files at once, as the README says) into ``store``."""
    plan = store.apply(read_files(_files()))
    assert plan.counts()["nodes_added"] > 300
    yield store


def test_the_whole_demo_imports_and_reimporting_changes_nothing(demo: GraphStore) -> None:
    stats = demo.stats()
    assert stats["Company"] == 18 and stats["Alliance"] == 8 and stats["Program"] == 25
    assert stats["Committee"] == 10 and stats["Person"] == 290
    assert stats["Agreement"] == 2 and stats["Target"] == 3 and stats["Obligation"] == 4
    for etype in SCHEMA.edge_types:
        assert stats.get(etype, 0) > 0, f"no {etype} in the demo"
    again = demo.apply(read_files(_files()))
    assert again.is_noop


def _key(findings: list[Finding]) -> set[tuple[str, str | None, tuple[str, ...], str]]:
    """What a finding is about: kind, person, firewall and (for conflicts) alliance."""
    return {
        (f.kind, f.person, tuple(f.firewall or ()), f.details.get("alliance", "")) for f in findings
    }


STORIES = {
    ("firewall_breach", "p-dana-ruiz", ("prog-onc1", "prog-onc7"), ""),
    ("firewall_breach", "p-hamid-karimi", ("all-imm1", "all-imm2"), ""),
    ("cooling_off", "p-tomasz-wojcik", ("prog-onc7", "prog-onc1"), ""),
    ("cooling_off", "p-priya-raman", ("all-imm1", "all-imm2"), ""),
    ("cooling_off", "p-oluwaseun-adeyemi", ("prog-cgt1", "prog-cgt3"), ""),
    ("conflict_of_interest", "p-jose-nunez", (), "all-onc1"),
    ("conflict_of_interest", "p-amara-okafor", (), "all-onc1"),
    ("conflict_of_interest", "p-lukas-brandt", (), "all-onc1"),
    ("conflict_of_interest", "p-beatriz-santos", (), "all-onc1"),
    ("contract_conflict", None, (), "all-onc2"),
    ("missing_firewall", None, (), ""),
}


def test_conflicts_today_are_exactly_the_storylines(demo: GraphStore) -> None:
    report = scan(demo, TODAY)
    assert _key(report.findings) == STORIES
    by_person = {f.person: f for f in report.findings}
    assert by_person["p-jose-nunez"].path == [
        "p-jose-nunez", "halvorsen", "halvorsen-biotech", "all-onc1"
    ]  # fmt: skip
    assert by_person["p-amara-okafor"].path == [
        "p-amara-okafor", "corvane", "halvorsen", "halvorsen-biotech", "all-onc1"
    ]  # fmt: skip
    assert by_person["p-lukas-brandt"].details["interests"] == ["former employee"]
    assert by_person["p-tomasz-wojcik"].details["cooling_off_until"] == "2027-03-29"
    assert by_person["p-priya-raman"].details["cooling_off_until"] == "2031-10-30"
    (contract,) = [f for f in report.findings if f.kind == "contract_conflict"]
    assert contract.path == ["prog-onc7", "tgt-kras-g12d", "agr-halvorsen-kras"]
    (missing,) = [f for f in report.findings if f.kind == "missing_firewall"]
    assert missing.path == ["prog-onc3", "tgt-sos1", "prog-onc8"]


def test_contract_stories_start_when_the_programs_take_up_the_targets(demo: GraphStore) -> None:
    kinds = {f.kind for f in scan(demo, "2026-09-13").findings}
    assert not kinds & {"contract_conflict", "missing_firewall"}
    kinds = {f.kind for f in scan(demo, "2026-09-14").findings}
    assert "contract_conflict" in kinds and "missing_firewall" not in kinds


def test_deadlines_story(demo: GraphStore) -> None:
    report = deadlines(demo, TODAY)
    assert [(d.obligation, d.status, d.owner) for d in report.obligations] == [
        ("obl-halvorsen-notice", "overdue", "p-nora-aldridge"),
        ("obl-kestrel-report", "due", "p-jamal-wright"),
    ]


def test_indirect_exposure_stories(demo: GraphStore) -> None:
    findings = [f for f in scan(demo, TODAY, hops=2).findings if f.kind == "indirect_exposure"]
    paths = {f.person: f.path for f in findings}
    assert paths["p-elif-yildiz"] == ["p-elif-yildiz", "p-rafael-costa", "prog-onc1"]
    assert paths["p-nadia-haddad"] == [
        "p-nadia-haddad", "p-grace-liu", "p-marco-bellini", "prog-onc3"
    ]  # fmt: skip
    # the rest is the ripple of Dana's and Hamid's breaches, not background noise
    assert len(findings) <= 40
    assert {"p-zoe-angstrom", "p-siobhan-oneill"}.isdisjoint(paths)


def test_staffing_one_blocked_one_review_one_clear(demo: GraphStore) -> None:
    people = ["p-soren-kierkegard", "p-siobhan-oneill", "p-zoe-angstrom"]
    report = check_staffing(demo, "prog-onc7", people, TODAY)
    status = {c.person: c.status for c in report.candidates}
    assert status == {
        "p-soren-kierkegard": "blocked",
        "p-siobhan-oneill": "review",
        "p-zoe-angstrom": "clear",
    }
    kinds = {c.person: [f.kind for f in c.findings] for c in report.candidates}
    assert kinds["p-soren-kierkegard"] == ["firewall_breach"]
    assert kinds["p-siobhan-oneill"] == ["conflict_of_interest"]


def test_staffing_time_windows(demo: GraphStore) -> None:
    def status(as_of: str) -> dict[str, str]:
        report = check_staffing(demo, "prog-onc7", ["p-tomasz-wojcik", "p-ines-duarte"], as_of)
        return {c.person: c.status for c in report.candidates}

    assert status("2026-08-01")["p-ines-duarte"] == "blocked"
    assert status(TODAY) == {"p-tomasz-wojcik": "blocked", "p-ines-duarte": "clear"}
    assert status("2027-04-01") == {"p-tomasz-wojcik": "clear", "p-ines-duarte": "clear"}
    hyejin = check_staffing(demo, "prog-neu3", ["p-hye-jin-park"], TODAY).candidates[0]
    assert hyejin.status == "review"


@pytest.mark.parametrize(
    ("partner", "kinds", "tension"),
    [
        ("halvorsen", ["alliance", "supplier", "competitor", "agreement"], True),
        ("riviere", ["alliance", "competitor"], True),
        ("kestrel", ["alliance", "agreement"], False),
        ("takamura", ["alliance", "customer", "equity"], False),
        ("verdance", ["alliance", "supplier"], False),
        ("zhenhua", ["competitor"], False),
        ("pellucid", [], False),
    ],
)
def test_partner_views(demo: GraphStore, partner: str, kinds: list[str], tension: bool) -> None:
    view = partner_view(demo, partner, "meridian", TODAY)
    assert sorted(set(view.kinds)) == sorted(kinds)
    assert view.tension is tension


def test_future_and_past_dates(demo: GraphStore) -> None:
    assert partner_view(demo, "zhenhua", "meridian", "2027-04-01").tension is True
    assert partner_view(demo, "pellucid", "meridian", "2025-06-01").kinds == ["alliance"]
    later = _key(scan(demo, "2027-02-01").findings)
    assert ("firewall_breach", "p-yusuf-demir", ("prog-imm3", "prog-met1"), "") in later
    assert not any(f.person == "p-yusuf-demir" for f in scan(demo, TODAY).findings)


def test_every_rule_still_fires_years_later(demo: GraphStore) -> None:
    """The demo must keep demonstrating every rule after its fixed today (README promise)."""
    for as_of in ("2028-06-01", "2031-06-01"):
        kinds = {f.kind for f in scan(demo, as_of, hops=2).findings}
        assert kinds == {
            "firewall_breach",
            "cooling_off",
            "indirect_exposure",
            "conflict_of_interest",
            "contract_conflict",
            "missing_firewall",
        }
        report = check_staffing(
            demo, "prog-onc7", ["p-soren-kierkegard", "p-siobhan-oneill", "p-zoe-angstrom"], as_of
        )
        assert [c.status for c in report.candidates] == ["blocked", "review", "clear"]


def test_the_interim_waiver_counted_while_active_and_expired_since(demo: GraphStore) -> None:
    """Dana's breach was waived from June to October 2026: then it is listed with its decision
    and does not block; on the demo's today the waiver has expired and it blocks again."""

    def dana(day: str) -> Finding:
        (f,) = [f for f in scan(demo, day).findings if f.person == "p-dana-ruiz"]
        return f

    during = dana("2026-10-15")
    assert during.kind == "firewall_breach" and during.decision is not None
    assert during.decision.decided_by == "Legal" and not during.blocking
    today = dana(TODAY)
    assert today.decision is None and today.blocking
