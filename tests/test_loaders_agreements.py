"""Agreements and obligations exports: what contract databases list, imported as agreements,
targets and obligations with SIGNED, COVERS, RESTRICTS, UNDER and OWNED_BY edges (DOMAIN.md,
"Agreements, targets and obligations")."""

from __future__ import annotations

from graphmodel.model import Edge
from loaders import recognise

WORLD = """id,type,name
meri,Company,Meridian Therapeutics
halv,Company,Halvorsen Pharma
kest,Company,Kestrel Bio
A1,Alliance,Kestrel alliance
P1,Program,ONC-9
ann,Person,Ann Weber
"""

AGREEMENTS = """agreement_id,agreement_name,agreement_type,signatories,covers,exclusive_targets,\
non_compete_targets,effective_date,expiry_date,region
L1,Halvorsen licence,licence,meri;halv,,KRAS G12D,,2024-01-01,,EU
C1,Kestrel collaboration,collaboration,meri; kest ;,A1;P1,,kras-g12c,2025-03-01,2030-02-28,
"""

OBLIGATIONS = """obligation_id,agreement_id,obligation_name,due,done,owner_id
o1,L1,Notice of new program,2026-03-01,,ann
o2,C1,Annual report,2025-01-15,2025-01-10,
"""


def where(problem) -> tuple[str, int | None, str | None]:
    return (problem.file, problem.row, problem.column)


def test_agreements_export_gives_agreements_targets_and_their_edges(store, load) -> None:
    load(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS})
    nodes, edges = store.all_records()
    made = {n.id: (n.type, n.name, n.props) for n in nodes if n.type in ("Agreement", "Target")}
    assert made == {
        "L1": ("Agreement", "Halvorsen licence", {"kind": "licence", "region": "EU"}),
        "C1": ("Agreement", "Kestrel collaboration", {"kind": "collaboration"}),
        "KRAS G12D": ("Target", "KRAS G12D", {}),
        "kras-g12c": ("Target", "kras-g12c", {}),
    }
    mine = [e for e in edges if e.type in ("SIGNED", "COVERS", "RESTRICTS")]
    assert sorted(mine, key=lambda e: (e.type, e.source, e.target)) == [
        Edge("COVERS", "C1", "A1", "2025-03-01", "2030-02-28"),
        Edge("COVERS", "C1", "P1", "2025-03-01", "2030-02-28"),
        Edge("RESTRICTS", "C1", "kras-g12c", "2025-03-01", "2030-02-28", {"kind": "non_compete"}),
        Edge("RESTRICTS", "L1", "KRAS G12D", "2024-01-01", "", {"kind": "exclusive"}),
        Edge("SIGNED", "halv", "L1", "2024-01-01", ""),
        Edge("SIGNED", "kest", "C1", "2025-03-01", "2030-02-28"),
        Edge("SIGNED", "meri", "C1", "2025-03-01", "2030-02-28"),
        Edge("SIGNED", "meri", "L1", "2024-01-01", ""),
    ]


def test_obligations_export_gives_due_and_done_dates_agreement_and_owner(store, load) -> None:
    load(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "obl.csv": OBLIGATIONS})
    nodes, edges = store.all_records()
    made = {n.id: (n.name, n.props) for n in nodes if n.type == "Obligation"}
    assert made == {
        "o1": ("Notice of new program", {"due": "2026-03-01"}),
        "o2": ("Annual report", {"due": "2025-01-15", "done": "2025-01-10"}),
    }
    assert sorted((e.type, e.source, e.target) for e in edges if e.source in made) == [
        ("OWNED_BY", "o1", "ann"),
        ("UNDER", "o1", "L1"),
        ("UNDER", "o2", "C1"),
    ]


def test_both_exports_twice_change_nothing(store, load) -> None:
    files = {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "obl.csv": OBLIGATIONS}
    load(store, files)
    before = store.all_records()
    assert load(store, files).is_noop
    assert store.all_records() == before


def test_unknown_signing_company_is_refused_on_the_signatories_column(store, refused) -> None:
    bad = "agreement_id,signatories\nL1,meri;nobody\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert [where(p) for p in problems] == [("agreements.csv", 2, "signatories")]
    assert "'nobody'" in problems[0].reason
    assert store.all_records() == ([], [])


def test_signatory_that_is_not_a_company_is_refused(store, refused) -> None:
    bad = "agreement_id,signatories\nL1,meri;ann\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert [where(p) for p in problems] == [("agreements.csv", 2, "signatories")]


def test_target_that_is_also_a_program_id_is_refused(store, load, refused) -> None:
    load(store, {"world.csv": WORLD})
    bad = "agreement_id,signatories,exclusive_targets\nL1,meri,P1\n"
    problems = refused(store, {"agreements.csv": bad})
    assert {where(p) for p in problems} == {("agreements.csv", 2, "exclusive_targets")}
    assert "Program" in problems[0].reason


def test_target_that_is_a_program_in_the_same_import_is_refused(store, refused) -> None:
    bad = "agreement_id,signatories,non_compete_targets\nL1,meri,P1\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert {where(p) for p in problems} == {("agreements.csv", 2, "non_compete_targets")}


def test_agreement_without_signatories_is_refused(store, refused) -> None:
    bad = "agreement_id,signatories\nL1, ; \n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert [where(p) for p in problems] == [("agreements.csv", 2, "signatories")]


def test_target_both_exclusive_and_non_compete_is_refused(store, refused) -> None:
    bad = "agreement_id,signatories,exclusive_targets,non_compete_targets\nL1,meri,T1;T2,T2\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert [where(p) for p in problems] == [("agreements.csv", 2, "non_compete_targets")]
    assert "T2" in problems[0].reason


def test_malformed_effective_date_is_refused(store, refused) -> None:
    bad = "agreement_id,signatories,effective_date\nL1,meri,2024-13-01\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert [where(p) for p in problems] == [("agreements.csv", 2, "effective_date")]


def test_covered_work_must_be_an_alliance_or_program(store, refused) -> None:
    bad = "agreement_id,signatories,covers\nL1,meri,kest\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": bad})
    assert [where(p) for p in problems] == [("agreements.csv", 2, "covers")]


def test_due_date_before_the_agreements_effective_date_is_accepted(store, load) -> None:
    early = "obligation_id,agreement_id,due\no1,L1,2023-06-30\n"
    load(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "obl.csv": early})
    due = {n.id: n.props.get("due") for n in store.all_records()[0]}
    assert due["o1"] == "2023-06-30"


def test_malformed_due_date_is_refused_naming_the_due_column(store, refused) -> None:
    bad = "obligation_id,agreement_id,due\no1,L1,2026-02-30\no2,L1,1.3.2026\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "o.csv": bad})
    assert [where(p) for p in problems] == [("o.csv", 2, "due"), ("o.csv", 3, "due")]
    assert "YYYY-MM-DD" in problems[0].reason


def test_malformed_done_date_is_refused(store, refused) -> None:
    bad = "obligation_id,agreement_id,due,done\no1,L1,2026-03-01,soon\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "o.csv": bad})
    assert [where(p) for p in problems] == [("o.csv", 2, "done")]


def test_empty_due_date_is_refused(store, refused) -> None:
    bad = "obligation_id,agreement_id,due\no1,L1,\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "o.csv": bad})
    assert [where(p) for p in problems] == [("o.csv", 2, "due")]


def test_obligation_under_an_unknown_agreement_or_owner_is_refused(store, refused) -> None:
    bad = "obligation_id,agreement_id,due,owner_id\no1,L9,2026-03-01,ann\no2,L1,2026-03-01,meri\n"
    problems = refused(store, {"world.csv": WORLD, "agreements.csv": AGREEMENTS, "o.csv": bad})
    assert sorted(where(p) for p in problems) == [
        ("o.csv", 2, "agreement_id"),
        ("o.csv", 3, "owner_id"),
    ]


def test_obligation_due_date_in_a_generic_nodes_file_is_checked_too(store, refused) -> None:
    bad = "id,type,name,due\no1,Obligation,Notice,2026-02-30\n"
    problems = refused(store, {"nodes.csv": bad})
    assert [where(p) for p in problems] == [("nodes.csv", 2, "due")]


def test_each_export_is_recognised_by_its_own_header_and_near_misses_are_named() -> None:
    agreements = recognise(["Agreement_ID", "Agreement_Name", "Signatories", "Covers"])
    obligations = recognise(["obligation_id", "agreement_id", "due", "owner_id"])
    assert not isinstance(agreements, str) and agreements.name == "agreements export"
    assert not isinstance(obligations, str) and obligations.name == "obligations export"
    # an obligations export names its agreement, but is not an agreements export
    near = recognise(["agreement_id", "obligation_name", "due"])
    assert isinstance(near, str) and "obligations export" in near and "obligation_id" in near
    lacks = recognise(["agreement_id", "agreement_name", "covers"])
    assert isinstance(lacks, str) and "agreements export" in lacks and "signatories" in lacks
    both = recognise(["agreement_id", "signatories", "obligation_id", "due"])
    assert isinstance(both, str) and "more than one format" in both
    # with the generic signature it is generic, whatever else it has
    generic = recognise(["id", "type", "name", "agreement_id", "signatories"])
    assert not isinstance(generic, str) and generic.name == "nodes"
