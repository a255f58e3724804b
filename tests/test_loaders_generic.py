"""The generic nodes.csv / edges.csv format: what is refused (with file, row and column, and
nothing stored), and what an alliance manager can rely on when re-importing exports."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.model import Edge

# A small portfolio the bad imports are tried against, so "nothing stored" means something.
NODES = """id,type,name
acme,Company,Acme Pharma
beta,Company,Beta Bio
ann,Person,Ann Lee
bob,Person,Bob Stone
c1,Committee,Acme-Beta JSC
A1,Alliance,Acme-Beta alliance
P1,Program,ONC-1
P2,Program,ONC-2
"""
EDGES = """source,target,type,since,until
ann,acme,EMPLOYED_BY,2020-01-01,
P1,A1,PART_OF,,
"""
EDGE_HEADER = "source,target,type,since,until,weight,role,percent,cooling_off_days,kind\n"


@pytest.fixture
def portfolio(store, load):
    load(store, {"nodes.csv": NODES, "edges.csv": EDGES})
    return store


def where(problem) -> tuple[str, int | None, str | None]:
    return (problem.file, problem.row, problem.column)


def edge_rows(*rows: str) -> str:
    """An edges file whose first rows are valid, so the bad row is never the only one."""
    return EDGE_HEADER + "bob,acme,EMPLOYED_BY,,,,,,,\nbob,ann,REPORTS_TO,,,,,,,\n" + "".join(rows)


# ---- one test per kind of bad input --------------------------------------------------------

BAD_EDGE_ROWS = {
    "unknown_edge_type": ("ann,bob,MENTORS,,,,,,,\n", "type", "unknown relationship type"),
    "empty_type": ("ann,bob,,,,,,,,\n", "type", "empty"),
    "empty_source": (",bob,INFLUENCES,,,,,,,\n", "source", "source id is empty"),
    "empty_target": ("ann, ,INFLUENCES,,,,,,,\n", "target", "target id is empty"),
    "bad_date_day": ("ann,bob,INFLUENCES,2024-02-30,,,,,,\n", "since", "not a date"),
    "bad_date_format": ("ann,bob,INFLUENCES,,01/02/2024,,,,,\n", "until", "YYYY-MM-DD"),
    "bad_date_unpadded": ("ann,bob,INFLUENCES,2024-1-5,,,,,,\n", "since", "not a date"),
    "since_after_until": ("ann,bob,INFLUENCES,2025-01-01,2024-12-31,,,,,\n", "until", "before"),
    "self_loop_reports_to": ("ann,ann,REPORTS_TO,,,,,,,\n", "target", "itself"),
    "self_loop_firewall": ("P1,P1,FIREWALL,,,,,,,\n", "target", "itself"),
    "self_loop_subsidiary": ("acme,acme,SUBSIDIARY_OF,,,,,,,\n", "target", "itself"),
    "bad_enum": ("ann,c1,MEMBER_OF,,,,boss,,,\n", "role", "one of chair, member"),
    "weight_zero": ("ann,bob,INFLUENCES,,,0,,,,\n", "weight", "more than 0"),
    "weight_above_one": ("ann,bob,INFLUENCES,,,1.5,,,,\n", "weight", "at most 1"),
    "weight_not_a_number": ("ann,bob,INFLUENCES,,,high,,,,\n", "weight", "a number"),
    "weight_nan": ("ann,bob,INFLUENCES,,,nan,,,,\n", "weight", "written in digits"),
    "percent_above_100": ("acme,beta,OWNS_STAKE_IN,,,,,101,,\n", "percent", "at most 100"),
    "cooling_negative": ("P1,P2,FIREWALL,,,,,,-1,\n", "cooling_off_days", "at least 0"),
    "cooling_fraction": ("P1,P2,FIREWALL,,,,,,2.5,\n", "cooling_off_days", "whole number"),
}


@pytest.mark.parametrize("case", BAD_EDGE_ROWS, ids=list(BAD_EDGE_ROWS))
def test_bad_edge_row_is_refused_with_its_place(portfolio, refused, case) -> None:
    bad, column, reason = BAD_EDGE_ROWS[case]
    problems = refused(portfolio, {"edges.csv": edge_rows(bad)})
    assert [where(p) for p in problems] == [("edges.csv", 4, column)]
    assert reason in problems[0].reason


def test_unknown_node_type(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name\nx1,Company,X\nx2,Widget,X\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 3, "type")]
    assert "unknown node type 'Widget'" in problems[0].reason
    assert "Company, Person" in problems[0].reason  # the accepted types, from the schema


def test_empty_node_id(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name\n  ,Company,Nameless\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 2, "id")]


def test_edge_to_a_missing_node(portfolio, refused) -> None:
    problems = refused(portfolio, {"edges.csv": edge_rows("ann,zed,INFLUENCES,,,,,,,\n")})
    assert [where(p) for p in problems] == [("edges.csv", 4, "target")]
    assert "'zed'" in problems[0].reason and "not a known node" in problems[0].reason


def test_wrong_endpoint_type(portfolio, refused) -> None:
    problems = refused(portfolio, {"edges.csv": edge_rows("acme,beta,EMPLOYED_BY,,,,,,,\n")})
    assert [where(p) for p in problems] == [("edges.csv", 4, "source")]
    assert "a Company" in problems[0].reason and "needs a Person" in problems[0].reason


def test_duplicate_id_with_another_type_in_one_import(portfolio, refused) -> None:
    files = {
        "a.csv": "id,type,name\nnova,Company,Nova\n",
        "b.csv": "id,type,name\nx,Person,X\nnova,Person,Nova Smith\n",
    }
    problems = refused(portfolio, files)
    assert [where(p) for p in problems] == [("b.csv", 3, "id")]
    assert "Company on row 2 of a.csv" in problems[0].reason


def test_duplicate_id_with_another_type_than_stored(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name\nnew,Person,N\nacme,Person,A\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 3, "id")]
    assert "already exists as a Company" in problems[0].reason


def test_missing_required_column(portfolio, refused) -> None:
    problems = refused(portfolio, {"edges.csv": "source,target,since\nann,bob,\n"})
    assert [where(p) for p in problems] == [("edges.csv", 1, "type")]


def test_unrecognised_header(portfolio, refused) -> None:
    problems = refused(portfolio, {"people.csv": "who,what\nann,x\n"})
    assert [where(p) for p in problems] == [("people.csv", 1, None)]
    assert "source,target,type" in problems[0].reason  # lists the accepted formats


def test_empty_file(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "", "edges.csv": "\ufeff\n\n"})
    assert [(p.file, p.reason) for p in problems] == [
        ("nodes.csv", "the file is empty"),
        ("edges.csv", "the file is empty"),
    ]


def test_header_naming_a_column_twice(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name,Type\nx,Company,X,Company\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 1, "Type")]


def test_not_utf8_names_the_row_and_column(portfolio, refused) -> None:
    text = "id,type,name\nx1,Company,Nova\nx2,Company,Zo\xeb\n".encode("latin-1")
    problems = refused(portfolio, {"nodes.csv": text})
    assert [where(p) for p in problems] == [("nodes.csv", 3, "name")]
    assert "UTF-8" in problems[0].reason


def test_workbook_saved_as_csv(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": b"PK\x03\x04\x14\x00rest-of-a-zip"})
    assert "workbook" in problems[0].reason


def test_utf16_file(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name\n".encode("utf-16")})
    assert "UTF-16" in problems[0].reason


def test_unterminated_quote(portfolio, refused) -> None:
    text = 'id,type,name\nx1,Company,"Nova\nx2,Company,Other\n'
    problems = refused(portfolio, {"nodes.csv": text})
    assert [where(p) for p in problems] == [("nodes.csv", 2, None)]
    assert "never closed" in problems[0].reason


def test_stray_quote_inside_a_value(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": 'id,type,name\nx1,Company,"Nova" Inc\n'})
    assert [where(p) for p in problems] == [("nodes.csv", 2, None)]


def test_row_with_more_values_than_the_header(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name\nx1,Company,Nova, Inc.\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 2, None)]
    assert "4 values but the header has 3" in problems[0].reason


def test_value_under_an_unnamed_column(portfolio, refused) -> None:
    problems = refused(portfolio, {"nodes.csv": "id,type,name,\nx1,Company,Nova,oops\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 2, "column 4")]


def test_conflicting_node_rows_name_both(portfolio, refused) -> None:
    files = {
        "a.csv": "id,type,name,country\nnova,Company,Nova,DE\n",
        "b.csv": "id,type,name,country\nnova,Company,Nova AG,\nnova,Company,,FR\n",
    }
    problems = refused(portfolio, files)
    assert [where(p) for p in problems] == [("b.csv", 2, "name"), ("b.csv", 3, "country")]
    assert "'Nova' on row 2 of a.csv" in problems[0].reason
    assert "'DE' on row 2 of a.csv" in problems[1].reason


def test_conflicting_edge_rows_name_both(portfolio, refused) -> None:
    text = edge_rows(
        "ann,bob,INFLUENCES,2024-01-01,,0.3,,,,\n",
        "ann,bob,INFLUENCES,2024-01-01,2025-01-01,0.3,,,,\n",
        "ann,bob,INFLUENCES,2024-01-01,2026-01-01,0.4,,,,\n",
    )
    problems = refused(portfolio, {"edges.csv": text})
    assert [where(p) for p in problems] == [("edges.csv", 6, "until"), ("edges.csv", 6, "weight")]
    assert "2025-01-01 on row 5" in problems[0].reason  # the row that gave the value
    assert "0.3 on row 4" in problems[1].reason


def test_every_problem_is_listed_not_just_the_first(portfolio, refused) -> None:
    text = edge_rows("ann,bob,MENTORS,,,,,,,\n", "ann,bob,INFLUENCES,2024-13-01,,,,,,\n")
    problems = refused(portfolio, {"edges.csv": text, "nodes.csv": "id,type,name\nq,Gadget,Q\n"})
    assert [where(p) for p in problems] == [
        ("edges.csv", 4, "type"),
        ("edges.csv", 5, "since"),
        ("nodes.csv", 2, "type"),
    ]


def test_problems_stop_after_the_cap(portfolio, refused) -> None:
    from loaders import MAX_PROBLEMS

    text = edge_rows(*["ann,bob,MENTORS,,,,,,,\n"] * (MAX_PROBLEMS + 50))
    problems = refused(portfolio, {"edges.csv": text})
    assert len(problems) == MAX_PROBLEMS + 1
    assert "stopped reading" in problems[-1].reason


def test_bad_last_row_of_many_stores_nothing(portfolio, refused) -> None:
    people = "".join(f"p{i},Person,Person {i}\n" for i in range(3000))
    links = "".join(f"p{i},p{i + 1},INFLUENCES,,,0.5,,,,\n" for i in range(2999))
    files = {
        "nodes.csv": "id,type,name\n" + people,
        "edges.csv": EDGE_HEADER + links + "p1,p2,INFLUENCES,,,2,,,,\n",
    }
    problems = refused(portfolio, files)
    assert [where(p) for p in problems] == [("edges.csv", 3001, "weight")]


def test_row_numbers_count_records_not_lines(portfolio, refused) -> None:
    text = 'id,type,name\nx1,Company,"Nova\nTherapeutics\nGmbH"\nx2,Widget,W\n'
    problems = refused(portfolio, {"nodes.csv": text})
    assert [where(p) for p in problems] == [("nodes.csv", 3, "type")]


# ---- what is accepted ------------------------------------------------------------------------


def test_reimport_changes_nothing(portfolio, load) -> None:
    before = portfolio.all_records()
    plan = load(portfolio, {"nodes.csv": NODES, "edges.csv": EDGES})
    assert plan.is_noop and plan.counts()["nodes_unchanged"] == 8
    assert portfolio.all_records() == before


def test_reexport_with_until_closes_the_relationship(portfolio, load) -> None:
    closed = EDGES.replace("2020-01-01,", "2020-01-01,2026-06-30")
    plan = load(portfolio, {"edges.csv": closed})
    assert plan.counts()["edges_changed"] == 1 and plan.counts()["edges_added"] == 0
    (employment,) = [e for e in portfolio.all_records()[1] if e.type == "EMPLOYED_BY"]
    assert (employment.since, employment.until) == ("2020-01-01", "2026-06-30")


def test_customer_of_is_stored_as_reversed_supplies(portfolio, load) -> None:
    load(portfolio, {"edges.csv": "source,target,type,what\nbeta,acme,customer_of,API\n"})
    (supply,) = [e for e in portfolio.all_records()[1] if e.type == "SUPPLIES"]
    assert (supply.source, supply.target, supply.props) == ("acme", "beta", {"what": "API"})
    plan = load(portfolio, {"edges.csv": "source,target,type,what\nacme,beta,SUPPLIES,API\n"})
    assert plan.is_noop


def test_symmetric_edge_written_both_ways_is_one_edge(portfolio, load) -> None:
    text = "source,target,type,market\nbeta,acme,COMPETES_WITH,KRAS\nacme,beta,competes_with,KRAS\n"
    load(portfolio, {"edges.csv": text})
    (rivalry,) = [e for e in portfolio.all_records()[1] if e.type == "COMPETES_WITH"]
    assert (rivalry.source, rivalry.target) == ("acme", "beta")
    again = load(
        portfolio, {"edges.csv": "source,target,type,market\nbeta,acme,COMPETES_WITH,KRAS\n"}
    )
    assert again.is_noop


def test_symmetric_edge_conflict_is_found_across_directions(portfolio, refused) -> None:
    text = "source,target,type,reason\nP2,P1,FIREWALL,legal\nP1,P2,FIREWALL,commercial\n"
    problems = refused(portfolio, {"edges.csv": text})
    assert [where(p) for p in problems] == [("edges.csv", 3, "reason")]


def test_free_text_survives_exactly(store, load, tmp_path) -> None:
    name = 'Zoë Ångström "ZA", PhD\n2nd line 🧬'
    note = 'Line one\r\nline two, with comma; and "quotes" \t tab '
    nodes = f'id,type,name,note\nzoe,Person,"{name.replace(chr(34), chr(34) * 2)}",'
    nodes += f'"{note.replace(chr(34), chr(34) * 2)}"\nmeri,Company,Meridian\n'
    edges = 'source,target,type,title\nzoe,meri,EMPLOYED_BY,"VP, R&D ""Oncology"""\n'
    load(store, {"nodes.csv": nodes, "edges.csv": edges})
    nodes_out, edges_out = store.all_records()
    zoe = next(n for n in nodes_out if n.id == "zoe")
    assert zoe.name == name and zoe.props == {"note": note}
    assert edges_out[0].props == {"title": 'VP, R&D "Oncology"'}
    from graphmodel.embedded import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        with EmbeddedStore(store.path) as reopened:
            assert reopened.all_records() == (nodes_out, edges_out)


def test_file_order_does_not_matter(store, load, tmp_path) -> None:
    edges_first = {"edges.csv": EDGES, "nodes.csv": NODES}
    load(store, edges_first)
    nodes, edges = store.all_records()
    assert len(nodes) == 8 and [e.type for e in edges] == ["EMPLOYED_BY", "PART_OF"]


def test_identical_duplicates_merge_and_fill_empty_values(portfolio, load) -> None:
    text = edge_rows(
        "ann,c1,MEMBER_OF,2024-01-01,,,,,,\n",
        "ann,c1,member_of,2024-01-01,2025-01-01,,CHAIR,,,\n",
        "ann,c1,MEMBER_OF,2024-01-01,,,chair,,,\n",
    )
    load(portfolio, {"edges.csv": text})
    (member,) = [e for e in portfolio.all_records()[1] if e.type == "MEMBER_OF"]
    assert (member.until, member.props) == ("2025-01-01", {"role": "chair"})


def test_schema_defaults_fill_what_no_row_gives(portfolio, load) -> None:
    text = edge_rows(
        "ann,c1,MEMBER_OF,,,,,,,\n", "ann,bob,INFLUENCES,,,,,,,\n", "P1,P2,FIREWALL,,,,,,,\n"
    )
    load(portfolio, {"edges.csv": text})
    props = {e.type: e.props for e in portfolio.all_records()[1]}
    assert props["MEMBER_OF"] == {"role": "member"}
    assert props["INFLUENCES"] == {"weight": 0.5}
    assert props["FIREWALL"] == {"cooling_off_days": 0}


def test_numbers_and_enums_are_stored_typed(portfolio, load) -> None:
    text = edge_rows(
        "acme,beta,OWNS_STAKE_IN,,,,,4.5,,\n",
        "P1,P2,FIREWALL,,,,,,90,\n",
        "ann,beta,HOLDS_INTEREST_IN,,,,,,, Equity \n",
    )
    load(portfolio, {"edges.csv": text})
    props = {e.type: e.props for e in portfolio.all_records()[1]}
    assert props["OWNS_STAKE_IN"] == {"percent": 4.5}
    assert props["FIREWALL"] == {"cooling_off_days": 90}
    assert props["HOLDS_INTEREST_IN"] == {"kind": "equity"}


def test_undeclared_columns_are_kept_as_text_and_empty_cells_are_not_stored(
    portfolio, load
) -> None:
    text = "source,target,type,since,until,contract,note\nann,bob,REPORTS_TO,,,C-17,\n"
    load(portfolio, {"edges.csv": text})
    reports = [e for e in portfolio.all_records()[1] if e.type == "REPORTS_TO"]
    assert reports == [Edge("REPORTS_TO", "ann", "bob", "", "", {"contract": "C-17"})]


def test_node_properties_merge_on_reimport(portfolio, load) -> None:
    load(portfolio, {"nodes.csv": "id,type,name,country,ticker\nacme,Company,,US,ACM\n"})
    load(portfolio, {"nodes.csv": "id,type,name,country,ticker\nacme,company,Acme Inc.,,\n"})
    acme = portfolio.existing_nodes(["acme"])["acme"]
    assert (acme.name, acme.props) == ("Acme Inc.", {"country": "US", "ticker": "ACM"})


def test_new_node_without_a_name_is_named_by_its_id(store, load) -> None:
    load(store, {"nodes.csv": "id,type,name\nNOVA-1,Company,\n"})
    assert store.existing_nodes(["NOVA-1"])["NOVA-1"].name == "NOVA-1"


def test_spreadsheet_quirks_are_accepted(store, load) -> None:
    """BOM, semicolons, CRLF, blank rows, rows of empty cells, short rows, padded ids."""
    text = "\ufeffid;Type;NAME;country\r\n acme ;company;Acme;\r\n\r\n;;;\r\nbeta;Company;Beta\r\n"
    load(store, {"nodes.csv": text})
    nodes = store.all_records()[0]
    assert [(n.id, n.type, n.name, n.props) for n in nodes] == [
        ("acme", "Company", "Acme", {}),
        ("beta", "Company", "Beta", {}),
    ]


def test_header_only_file_imports_nothing(store, load) -> None:
    plan = load(store, {"nodes.csv": "id,type,name\n"})
    assert plan.is_noop


# Any text a spreadsheet can hold, except NUL (refused: binary) and lone surrogates (not UTF-8).
_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda t: not t.isspace())


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_TEXT, note=_TEXT, title=_TEXT)
def test_any_free_text_survives_the_csv_round_trip(csv_files, name, note, title) -> None:
    import csv
    import io

    from loaders import read_files

    def csv_text(rows: list[list[str]]) -> str:
        out = io.StringIO(newline="")
        csv.writer(out).writerows(rows)
        return out.getvalue()

    nodes = csv_text(
        [["id", "type", "name", "note"], ["x", "Person", name, note], ["co", "Company", "Co", ""]]
    )
    edges = csv_text([["source", "target", "type", "title"], ["x", "co", "EMPLOYED_BY", title]])
    batch = read_files(csv_files({"nodes.csv": nodes, "edges.csv": edges}))
    assert (batch.nodes["x"].name, batch.nodes["x"].props) == (name, {"note": note})
    assert batch.edges[("EMPLOYED_BY", "x", "co", "")].props == {"title": title}


def test_trailing_empty_cells_beyond_the_header_are_ignored(store, load) -> None:
    load(store, {"nodes.csv": "id,type,name\nacme,Company,Acme,,\n"})
    assert store.existing_nodes(["acme"])["acme"].name == "Acme"
