"""Rules 5 and 6, contract_conflict and missing_firewall (DOMAIN.md, "Agreements, targets and
obligations"), in small portfolios named after the situation. Runs on every store.

The base portfolio (tests/portfolio.py): Meridian (us) is in A1 with Helix (a subsidiary of
Helix Holdings; programs P1, P3) and in A2 with Rival Bio (program P2); P1 and P2 are
firewalled. Here Halvorsen (halv) licenses Meridian a target T1 exclusively (agreement G1).
"""

from __future__ import annotations

from pathlib import Path

from portfolio import EXTRA_HEADER, T, build, row

from loaders import read_files
from queries.conflicts import scan

AGREEMENT_NODES = """id,type,name,kind
halv,Company,Halvorsen Pharma,
G1,Agreement,Halvorsen licence,licence
G2,Agreement,Rival side letter,letter
T0,Target,KRAS G12C,
T1,Target,KRAS G12D,
T2,Target,EGFR,
A3,Alliance,Holdings alliance,
P4,Program,ONC-4 in-house,
P5,Program,ONC-5 holdings,
P6,Program,ONC-6 in-house,
"""


def world(store, tmp_path: Path, edges: str, licence: bool = True) -> None:
    """The base portfolio, Halvorsen's exclusive licence on T1 signed by Meridian (when
    ``licence``), and ``edges`` (rows of portfolio.EXTRA_HEADER)."""
    build(store, tmp_path)
    g1 = (
        row("us", "G1", "SIGNED", "2024-01-01")
        + row("halv", "G1", "SIGNED", "2024-01-01")
        + row("G1", "T1", "RESTRICTS", "2024-01-01", kind="exclusive")
        if licence
        else ""
    )
    (tmp_path / "agreement_nodes.csv").write_text(AGREEMENT_NODES, encoding="utf-8")
    (tmp_path / "agreement_edges.csv").write_text(EXTRA_HEADER + g1 + edges, encoding="utf-8")
    store.apply(read_files([tmp_path / "agreement_nodes.csv", tmp_path / "agreement_edges.csv"]))


def found(store, kind: str, as_of: str = T) -> list[tuple[str | None, list[str]]]:
    return [(f.person, f.path) for f in scan(store, as_of).findings if f.kind == kind]


# ---- 5. contract_conflict -----------------------------------------------------------------


def test_new_program_on_a_target_another_licence_makes_exclusive_is_a_contract_conflict(
    store, tmp_path: Path
) -> None:
    world(store, tmp_path, row("P2", "T1", "ADDRESSES"))
    report = scan(store, T)
    (f,) = [f for f in report.findings if f.kind == "contract_conflict"]
    assert (f.person, f.path, f.firewall) == (None, ["P2", "T1", "G1"], None)
    assert not f.blocks and not report.blocked
    assert f.subject == ("G1", "P2")
    assert (f.details["alliance"], f.details["signatory"], f.details["party"]) == ("A2", "us", "us")
    assert f.explanation == (
        "ONC-12 KRAS inhibitor addresses KRAS G12D, which Halvorsen licence restricts "
        "(exclusive); Meridian Therapeutics signed that licence and is a party to ONC-12 KRAS "
        "inhibitor's alliance Rival KRAS alliance with Rival Bio, which the licence does not "
        "cover."
    )
    out = report.to_json()["findings"]
    mine = [x for x in out if x["kind"] == "contract_conflict"]
    assert mine[0]["person"] is None and mine[0]["severity"] == "review"
    assert mine[0]["path"] == ["P2", "T1", "G1"] and mine[0]["subject"] == ["G1", "P2"]


def test_work_covered_by_the_agreement_is_no_contract_conflict(store, tmp_path: Path) -> None:
    world(store, tmp_path, row("P2", "T1", "ADDRESSES") + row("G1", "A2", "COVERS"))
    assert found(store, "contract_conflict") == []


def test_program_covered_by_the_agreement_is_no_contract_conflict(store, tmp_path: Path) -> None:
    world(store, tmp_path, row("P2", "T1", "ADDRESSES") + row("G1", "P2", "COVERS"))
    assert found(store, "contract_conflict") == []


def test_cover_that_ended_no_longer_covers(store, tmp_path: Path) -> None:
    edges = row("P2", "T1", "ADDRESSES") + row("G1", "A2", "COVERS", "", "2026-01-01")
    world(store, tmp_path, edges)
    assert found(store, "contract_conflict") == [(None, ["P2", "T1", "G1"])]


def test_subsidiary_of_the_signatory_is_the_party_is_a_contract_conflict(
    store, tmp_path: Path
) -> None:
    # Helix Holdings signed; its subsidiary Helix is the party to A1, which P3 is part of.
    edges = (
        row("helixco", "G2", "SIGNED")
        + row("halv", "G2", "SIGNED")
        + row("G2", "T2", "RESTRICTS", kind="non_compete")
        + row("P3", "T2", "ADDRESSES")
    )
    world(store, tmp_path, edges, licence=False)
    (f,) = [f for f in scan(store, T).findings if f.kind == "contract_conflict"]
    assert f.path == ["P3", "T2", "G2"]
    assert (f.details["signatory"], f.details["party"]) == ("helixco", "helix")
    assert "(non-compete)" in f.explanation and "Helix Bio, of its group, is a party" in (
        f.explanation
    )


def test_no_signatory_group_party_to_the_alliance_is_no_contract_conflict(
    store, tmp_path: Path
) -> None:
    # Halvorsen and Helix signed; P2's alliance is Meridian's with Rival: nobody of theirs.
    edges = (
        row("helix", "G2", "SIGNED")
        + row("halv", "G2", "SIGNED")
        + row("G2", "T2", "RESTRICTS", kind="exclusive")
        + row("P2", "T2", "ADDRESSES")
    )
    world(store, tmp_path, edges, licence=False)
    assert found(store, "contract_conflict") == []


def test_agreement_ended_is_no_contract_conflict(store, tmp_path: Path) -> None:
    edges = (
        row("us", "G1", "SIGNED", "2024-01-01", "2026-06-30")
        + row("halv", "G1", "SIGNED", "2024-01-01", "2026-06-30")
        + row("G1", "T1", "RESTRICTS", "2024-01-01", kind="exclusive")
        + row("P2", "T1", "ADDRESSES")
    )
    world(store, tmp_path, edges, licence=False)
    assert found(store, "contract_conflict") == []
    assert found(store, "contract_conflict", "2026-06-30") == [(None, ["P2", "T1", "G1"])]


def test_addresses_edge_ended_is_no_contract_conflict(store, tmp_path: Path) -> None:
    world(store, tmp_path, row("P2", "T1", "ADDRESSES", "2025-01-01", "2026-11-21"))
    assert found(store, "contract_conflict") == []
    assert found(store, "contract_conflict", "2026-11-21") == [(None, ["P2", "T1", "G1"])]


def test_restriction_ended_is_no_contract_conflict(store, tmp_path: Path) -> None:
    edges = (
        row("us", "G2", "SIGNED")
        + row("G2", "T2", "RESTRICTS", "", "2026-01-01", kind="exclusive")
        + row("P2", "T2", "ADDRESSES")
    )
    world(store, tmp_path, edges, licence=False)
    assert found(store, "contract_conflict") == []


def test_another_agreement_all_signatories_agreed_to_covers_the_work(store, tmp_path: Path) -> None:
    # G2 covers A2 and was signed by Meridian and by a subsidiary of Halvorsen: both groups agreed.
    nodes = "id,type,name\nhalvsub,Company,Halvorsen Nordic\n"
    edges = (
        row("P2", "T1", "ADDRESSES")
        + row("halvsub", "halv", "SUBSIDIARY_OF")
        + row("us", "G2", "SIGNED")
        + row("halvsub", "G2", "SIGNED")
        + row("G2", "A2", "COVERS")
    )
    build(store, tmp_path)
    (tmp_path / "more.csv").write_text(nodes, encoding="utf-8")
    store.apply(read_files([tmp_path / "more.csv"]))
    world(store, tmp_path, edges)
    assert found(store, "contract_conflict") == []


def test_another_agreement_not_every_signatory_agreed_to_leaves_the_conflict(
    store, tmp_path: Path
) -> None:
    # Only Meridian signed the side letter covering A2: Halvorsen never agreed to that work.
    edges = row("P2", "T1", "ADDRESSES") + row("us", "G2", "SIGNED") + row("G2", "A2", "COVERS")
    world(store, tmp_path, edges)
    assert found(store, "contract_conflict") == [(None, ["P2", "T1", "G1"])]


def test_covering_agreement_no_longer_in_force_leaves_the_conflict(store, tmp_path: Path) -> None:
    edges = (
        row("P2", "T1", "ADDRESSES")
        + row("us", "G2", "SIGNED", "", "2025-12-31")
        + row("halv", "G2", "SIGNED", "", "2025-12-31")
        + row("G2", "A2", "COVERS")
    )
    world(store, tmp_path, edges)
    assert found(store, "contract_conflict") == [(None, ["P2", "T1", "G1"])]


def test_one_finding_per_agreement_and_program_with_the_smallest_target(
    store, tmp_path: Path
) -> None:
    edges = (
        row("G1", "T0", "RESTRICTS", kind="non_compete")
        + row("P2", "T1", "ADDRESSES")
        + row("P2", "T0", "ADDRESSES")
    )
    world(store, tmp_path, edges)
    assert found(store, "contract_conflict") == [(None, ["P2", "T0", "G1"])]


# ---- 6. missing_firewall ------------------------------------------------------------------


def test_two_partners_programs_on_one_target_without_a_firewall(store, tmp_path: Path) -> None:
    world(store, tmp_path, row("P3", "T1", "ADDRESSES") + row("P2", "T1", "ADDRESSES"), False)
    report = scan(store, T)
    (f,) = [f for f in report.findings if f.kind == "missing_firewall"]
    assert (f.person, f.path) == (None, ["P2", "T1", "P3"])
    assert f.subject == ("P2", "P3") and not f.blocks and not report.blocked
    assert f.explanation.startswith(
        "ONC-12 KRAS inhibitor and ONC-3 imaging both address KRAS G12D for different partners"
    )


def test_firewall_between_the_alliances_is_no_missing_firewall(store, tmp_path: Path) -> None:
    edges = (
        row("P3", "T1", "ADDRESSES") + row("P2", "T1", "ADDRESSES") + row("A1", "A2", "FIREWALL")
    )
    world(store, tmp_path, edges, False)
    assert found(store, "missing_firewall") == []


def test_firewall_between_a_program_and_the_other_alliance_counts(store, tmp_path: Path) -> None:
    edges = (
        row("P3", "T1", "ADDRESSES") + row("P2", "T1", "ADDRESSES") + row("P3", "A2", "FIREWALL")
    )
    world(store, tmp_path, edges, False)
    assert found(store, "missing_firewall") == []


def test_firewalled_programs_are_no_missing_firewall(store, tmp_path: Path) -> None:
    world(store, tmp_path, row("P1", "T1", "ADDRESSES") + row("P2", "T1", "ADDRESSES"), False)
    assert found(store, "missing_firewall") == []


def test_ended_firewall_between_the_alliances_leaves_it_missing(store, tmp_path: Path) -> None:
    edges = (
        row("P3", "T1", "ADDRESSES")
        + row("P2", "T1", "ADDRESSES")
        + row("A1", "A2", "FIREWALL", "", "2026-01-01")
    )
    world(store, tmp_path, edges, False)
    assert found(store, "missing_firewall") == [(None, ["P2", "T1", "P3"])]


def test_programs_of_one_alliance_need_no_firewall(store, tmp_path: Path) -> None:
    world(store, tmp_path, row("P1", "T1", "ADDRESSES") + row("P3", "T1", "ADDRESSES"), False)
    assert found(store, "missing_firewall") == []


def test_alliances_with_the_same_party_groups_need_no_firewall(store, tmp_path: Path) -> None:
    # A3 is Meridian with Helix Holdings, the group of Helix: the same partners as A1.
    edges = (
        row("us", "A3", "PARTY_TO")
        + row("helixco", "A3", "PARTY_TO")
        + row("P5", "A3", "PART_OF")
        + row("P5", "T1", "ADDRESSES")
        + row("P3", "T1", "ADDRESSES")
    )
    world(store, tmp_path, edges, False)
    assert found(store, "missing_firewall") == []


def test_in_house_program_and_a_partners_program_on_one_target(store, tmp_path: Path) -> None:
    edges = (
        row("P4", "T1", "ADDRESSES") + row("P2", "T1", "ADDRESSES") + row("P6", "T1", "ADDRESSES")
    )
    world(store, tmp_path, edges, False)
    # P4 and P6 are both in-house (no parties): the same, so only each with P2
    assert found(store, "missing_firewall") == [
        (None, ["P2", "T1", "P4"]),
        (None, ["P2", "T1", "P6"]),
    ]


def test_addresses_edge_ended_is_no_missing_firewall(store, tmp_path: Path) -> None:
    edges = row("P3", "T1", "ADDRESSES", "", "2026-11-21") + row("P2", "T1", "ADDRESSES")
    world(store, tmp_path, edges, False)
    assert found(store, "missing_firewall") == []


def test_one_missing_firewall_per_pair_with_the_smallest_shared_target(
    store, tmp_path: Path
) -> None:
    edges = "".join(row(x, tg, "ADDRESSES") for x in ("P2", "P3") for tg in ("T2", "T1", "T0"))
    world(store, tmp_path, edges, False)
    assert found(store, "missing_firewall") == [(None, ["P2", "T0", "P3"])]


def test_portfolio_without_agreements_or_targets_gives_neither_kind(store, tmp_path: Path) -> None:
    build(store, tmp_path, row("dana", "P1", "WORKS_ON"))
    kinds = {f.kind for f in scan(store, T).findings}
    assert not kinds & {"contract_conflict", "missing_firewall"}


def test_conflicts_command_lists_the_new_kinds_and_exits_0_on_review_only(tmp_path: Path) -> None:
    """Both kinds are review kinds (DOMAIN.md): listed, with person null and their subject,
    but no exit 1."""
    import json

    from typer.testing import CliRunner

    from allymap.cli import app
    from graphmodel.embedded import EmbeddedStore

    db = tmp_path / "c.sqlite"
    with EmbeddedStore(db) as store:
        world(store, tmp_path / "csv", row("P2", "T1", "ADDRESSES") + row("P3", "T1", "ADDRESSES"))
    result = CliRunner().invoke(
        app, ["conflicts", "--as-of", T, "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {f["kind"] for f in findings} == {"contract_conflict", "missing_firewall"}
    contract = [f for f in findings if f["kind"] == "contract_conflict"]
    assert [(f["person"], f["path"], f["subject"]) for f in contract] == [
        (None, ["P2", "T1", "G1"], ["G1", "P2"]),
        (None, ["P3", "T1", "G1"], ["G1", "P3"]),
    ]
    (missing,) = [f for f in findings if f["kind"] == "missing_firewall"]
    assert (missing["subject"], missing["severity"]) == (["P2", "P3"], "review")
