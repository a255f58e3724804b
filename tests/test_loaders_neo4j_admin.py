"""neo4j-admin import files (``id:ID``, ``:LABEL``, ``:START_ID``...) accepted as they are."""

from __future__ import annotations

from graphmodel.model import Edge, Node

NODES = """id:ID(Org),:LABEL,name,country:string,founded:int,:IGNORE
meri,Company;Partner,Meridian,US,1999,x
helix,Company,Helix Bio,,,
ann,Person,Ann Lee,,,
"""
RELS = """:START_ID(Org),:END_ID(Org),:TYPE,percent:float,since:date,until:date
meri,helix,OWNS_STAKE_IN,4.5,2024-01-01,
ann,meri,EMPLOYED_BY,,2020-02-01,
helix,meri,COMPETES_WITH,,,
"""


def where(problem) -> tuple[str, int | None, str | None]:
    return (problem.file, problem.row, problem.column)


def test_neo4j_admin_files_are_read_with_their_types(store, load) -> None:
    load(store, {"rels.csv": RELS, "nodes.csv": NODES})
    nodes, edges = store.all_records()
    assert nodes == [
        Node("ann", "Person", "Ann Lee"),
        Node("helix", "Company", "Helix Bio"),
        Node("meri", "Company", "Meridian", {"country": "US", "founded": "1999"}),
    ]
    assert edges == [
        Edge("COMPETES_WITH", "helix", "meri"),
        Edge("EMPLOYED_BY", "ann", "meri", "2020-02-01"),
        Edge("OWNS_STAKE_IN", "meri", "helix", "2024-01-01", "", {"percent": 4.5}),
    ]


def test_bad_rows_name_the_neo4j_columns(store, refused) -> None:
    rels = (
        ":START_ID,:END_ID,:TYPE,percent:float\n"
        "meri,helix,OWNS_STAKE_IN,lots\n"
        "ann,x9,EMPLOYED_BY,\n"  # the store's check is reported with the row's own
    )
    problems = refused(store, {"nodes.csv": NODES, "rels.csv": rels})
    assert [where(p) for p in problems] == [
        ("rels.csv", 2, "percent:float"),
        ("rels.csv", 3, ":END_ID"),
    ]
    rels = ":START_ID,:END_ID,:TYPE\nann,x9,EMPLOYED_BY\n"
    problems = refused(store, {"nodes.csv": NODES, "rels.csv": rels})
    assert [where(p) for p in problems] == [("rels.csv", 2, ":END_ID")]


def test_labels_without_or_with_two_allymap_types(store, refused) -> None:
    nodes = ":ID,:LABEL,name\nq1,Partner,Q\nq2,Company;Person,Q2\n"
    problems = refused(store, {"nodes.csv": nodes})
    assert [where(p) for p in problems] == [("nodes.csv", 2, ":LABEL"), ("nodes.csv", 3, ":LABEL")]
    assert "unknown node type 'Partner'" in problems[0].reason


def test_missing_label_column(store, refused) -> None:
    problems = refused(store, {"nodes.csv": "id:ID,name\nq1,Q\n"})
    assert [where(p) for p in problems] == [("nodes.csv", 1, ":LABEL")]
