"""How a file's format is recognised from its whole header (DOMAIN.md, end of "Re-imports and
snapshots"), which column names cannot become properties, and values too large to take: each
refused with file, row and column, nothing stored, on both stores."""

from __future__ import annotations

import pytest

from loaders import detect_format

FIELD_LIMIT = 64 * 1024 * 1024
"""Characters in one value (docs/csv-formats.md)."""

NODES = "id,type,name\nann,Person,Ann\nbob,Person,Bob\nmeri,Company,Meridian\nc1,Committee,JSC\n"


@pytest.mark.parametrize(
    ("header", "fmt"),
    [
        ("id,type,name", "nodes"),
        ("id,type,name,source", "nodes"),
        ("Name,TYPE,Id,target", "nodes"),
        ("id,type,name,employee_id,manager_id", "nodes"),
        ("id,type,name,x:ID", "nodes"),
        ("id,type,name,committee_id,member_id", "nodes"),
        ("source,target,type", "edges"),
        ("source,target,type,id,label", "edges"),
        ("source,target,type,committee_id,member_id", "edges"),
        ("source,target,type,employee_id,manager_id", "edges"),
        ("source,target,type,weight:float,:START_ID", "edges"),
        ("employee_id,name,company_id,manager_id,title", "HR export"),
        ("committee_id,member_id,role", "committee roster"),
        ("id:ID,:LABEL,name", "neo4j-admin nodes"),
        (":START_ID,:END_ID,:TYPE,since", "neo4j-admin relationships"),
    ],
)
def test_the_whole_header_decides(header: str, fmt: str) -> None:
    found = detect_format(header.split(","))
    assert found is not None and found.name == fmt


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("id,type,name,source,target", "both the columns of generic nodes"),
        (
            "employee_id,name,company_id,manager_id,committee_id,member_id",
            "fits more than one format: HR export",
        ),
        (
            "id:ID,:LABEL,:START_ID,:END_ID,:TYPE",
            "fits more than one format: neo4j-admin nodes",
        ),
        ("id,type,source", "nodes (it has id, type but not name)"),
        ("id,type,source", "edges (it has source, type but not target)"),
        ("employee_id,name,manager_id", "HR export (it has employee_id, name, manager_id but"),
        (":START_ID,:TYPE", "neo4j-admin relationships (it has :START_ID, :TYPE but not :END_ID)"),
        ("who,what", "Accepted: nodes: id,type,name"),
    ],
)
def test_a_header_in_no_format_or_several_says_what_it_comes_close_to(
    store, refused, header, says
) -> None:
    (problem,) = refused(store, {"x.csv": header + "\n"})
    assert (problem.row, problem.kind) == (1, "format") and says in problem.reason


def test_generic_nodes_with_another_format_s_columns_keep_them_as_properties(store, load):
    text = "id,type,name,source,employee_id,manager_id,x:ID\nann,Person,Ann,hr,e1,m1,7\n"
    load(store, {"nodes.csv": text})
    (ann,) = store.all_records()[0]
    assert ann.props == {"source": "hr", "employee_id": "e1", "manager_id": "m1", "x:ID": "7"}


def test_generic_edges_with_roster_columns_are_edges(store, load) -> None:
    text = "source,target,type,committee_id,member_id\nann,c1,MEMBER_OF,c9,ann\n"
    plan = load(store, {"nodes.csv": NODES, "edges.csv": text})
    assert plan.counts()["edges_added"] == 1
    (seat,) = store.all_records()[1]
    assert seat.props == {"committee_id": "c9", "member_id": "ann", "role": "member"}


def test_refused_header_names_file_row_and_the_missing_column(store, refused) -> None:
    problems = refused(store, {"nodes.csv": NODES, "hr.csv": "employee_id,name,manager_id\n"})
    assert [(p.file, p.row, p.column, p.kind) for p in problems] == [
        ("hr.csv", 1, "company_id", "format")
    ]
    both = refused(store, {"mixed.csv": "id,type,name,source,target\nx,Person,X,,\n"})
    assert [(p.file, p.row, p.column) for p in both] == [("mixed.csv", 1, None)]


# ---- names the stores keep for themselves ------------------------------------------------


RESERVED = {
    "nodes ~id": ("id,type,name,~id\nann,Person,Ann,x\n", "~id"),
    "nodes ~name": ("id,type,name,~name\nann,Person,Ann,x\n", "~name"),
    "nodes ~sort": ("id,type,name,~sort\nann,Person,Ann,x\n", "~sort"),
    "nodes ~other": ("id,type,name, ~notes \nann,Person,Ann,x\n", "~notes"),
    "edges ~id": ("source,target,type,~id\nann,bob,REPORTS_TO,x\n", "~id"),
    "HR ~sort": ("employee_id,name,company_id,manager_id,~sort\nann,Ann,meri,,x\n", "~sort"),
    "HR type": ("employee_id,name,company_id,manager_id,type\nann,Ann,meri,,x\n", "type"),
    "roster ~id": ("committee_id,member_id,~id\nc1,ann,x\n", "~id"),
    "roster Source": ("committee_id,member_id,Source\nc1,ann,x\n", "Source"),
    "admin nodes ~name": ("id:ID,:LABEL,~name:string\nann,Person,x\n", "~name:string"),
    "admin edges Until": (":START_ID,:END_ID,:TYPE,until:string,Until\n", "Until"),
}


@pytest.mark.parametrize("case", RESERVED, ids=list(RESERVED))
def test_reserved_property_names_are_refused(store, refused, case) -> None:
    """On Neo4j a ~name property was silently dropped, and re-importing such a file was
    never a no-op; every store refuses the names either store keeps for itself."""
    text, column = RESERVED[case]
    problems = refused(store, {"nodes.csv": NODES, "x.csv": text})
    assert [(p.file, p.row, p.column, p.kind) for p in problems] == [("x.csv", 1, column, "header")]
    assert "keeps it for itself" in problems[0].reason


@pytest.mark.parametrize(
    "header",
    ["id,type,name,note\u200b", "id,type,name,no\tte", "id,type,name,\u202enote", "id,type,name,"
     + "n" * 201],
)  # fmt: skip
def test_column_names_must_be_short_visible_text(store, refused, header) -> None:
    problems = refused(store, {"n.csv": header + "\nann,Person,Ann,x\n"})
    assert [(p.row, p.column, p.kind) for p in problems] == [(1, "column 4", "header")]


@pytest.mark.parametrize("twin", ["ID", "\ufeffid", " id "])
def test_a_column_named_twice_is_refused_whatever_its_case_or_bom(store, refused, twin) -> None:
    problems = refused(store, {"n.csv": f"id,type,name,{twin}\nann,Person,Ann,x\n"})
    assert [(p.row, p.kind) for p in problems] == [(1, "header")]
    assert "twice" in problems[0].reason


# ---- sizes ----------------------------------------------------------------------------------


def test_a_value_over_the_size_limit_names_its_row_and_column(store, refused) -> None:
    huge = "x" * (FIELD_LIMIT + 1)
    text = f"id,type,name,notes\nann,Person,Ann,short\nbob,Person,Bob,{huge}\n"
    problems = refused(store, {"people.csv": text})
    assert [(p.file, p.row, p.column, p.kind) for p in problems] == [
        ("people.csv", 3, "notes", "size")
    ]
    assert f"{FIELD_LIMIT + 1:,} characters" in problems[0].reason


@pytest.mark.parametrize(
    ("nid", "says"),
    [
        ("a" * 201, "at most 200"),
        ("ann\u202eeve", "U+202E"),
        ("ann\u200blee", "U+200B"),
        ("ann\u00a0lee", "U+00A0"),
        ("ann\x1b[31mlee", "U+001B"),
        ('"ann\nlee"', "U+000A"),
    ],
)
def test_ids_are_short_visible_text(store, refused, nid, says) -> None:
    problems = refused(store, {"n.csv": f"id,type,name\n{nid},Person,Ann\n"})
    assert [(p.row, p.column, p.kind) for p in problems] == [(2, "id", "id")]
    assert says in problems[0].reason


def test_ids_may_hold_inner_spaces_and_any_script(store, load) -> None:
    load(store, {"n.csv": "id,type,name\nann lee,Person,Ann\n株式会社-7,Company,K\n"})
    assert sorted(n.id for n in store.all_records()[0]) == ["ann lee", "株式会社-7"]


def test_names_are_at_most_a_thousand_characters(store, load, refused) -> None:
    long_name = "N" * 1000
    load(store, {"n.csv": f"id,type,name\nann,Person,{long_name}\n"})
    assert store.existing_nodes(["ann"])["ann"].name == long_name
    problems = refused(store, {"n.csv": f"id,type,name\nbob,Person,{long_name}x\n"})
    assert [(p.row, p.column, p.kind) for p in problems] == [(2, "name", "name")]
