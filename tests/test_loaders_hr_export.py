"""HR exports: one row per person with employer and manager, imported as people, companies,
EMPLOYED_BY and REPORTS_TO."""

from __future__ import annotations

from graphmodel.model import Edge

HR = """employee_id,name,title,company_id,company_name,manager_id,function,hire_date,end_date,site
e2,Bea Novak,Scientist,meri,Meridian Therapeutics,e1,Discovery,2021-03-01,,Basel
e1,Ada Park,CSO,meri,Meridian Therapeutics,,R&D,2019-01-15,,Boston
e3,Cem Arslan,Director,meri,,e1,Alliances,2018-06-01,2025-12-31,
"""


def where(problem) -> tuple[str, int | None, str | None]:
    return (problem.file, problem.row, problem.column)


def test_hr_export_gives_people_employers_and_managers(store, load) -> None:
    load(store, {"hr.csv": HR})
    nodes, edges = store.all_records()
    assert [(n.id, n.type, n.name, n.props) for n in nodes] == [
        ("e1", "Person", "Ada Park", {"function": "R&D", "site": "Boston"}),
        ("e2", "Person", "Bea Novak", {"function": "Discovery", "site": "Basel"}),
        ("e3", "Person", "Cem Arslan", {"function": "Alliances"}),
        ("meri", "Company", "Meridian Therapeutics", {}),
    ]
    assert edges == [
        Edge("EMPLOYED_BY", "e1", "meri", "2019-01-15", "", {"title": "CSO"}),
        Edge("EMPLOYED_BY", "e2", "meri", "2021-03-01", "", {"title": "Scientist"}),
        Edge("EMPLOYED_BY", "e3", "meri", "2018-06-01", "2025-12-31", {"title": "Director"}),
        Edge("REPORTS_TO", "e2", "e1"),
        Edge("REPORTS_TO", "e3", "e1", "", "2025-12-31"),  # leavers report to nobody
    ]


def test_hr_export_twice_changes_nothing(store, load) -> None:
    load(store, {"hr.csv": HR})
    before = store.all_records()
    assert load(store, {"hr.csv": HR}).is_noop
    assert store.all_records() == before


def test_company_without_a_name_keeps_the_stored_name(store, load) -> None:
    load(store, {"nodes.csv": "id,type,name\nmeri,Company,Meridian Therapeutics\n"})
    hr = "employee_id,name,title,company_id,manager_id\ne1,Ada Park,CSO,meri,\ne2,Bo,VP,newco,\n"
    load(store, {"hr.csv": hr})
    names = {n.id: n.name for n in store.all_records()[0]}
    assert names["meri"] == "Meridian Therapeutics"
    assert names["newco"] == "newco"  # a new company known only by its id


def test_manager_unknown_anywhere_is_refused_on_the_manager_column(store, refused) -> None:
    hr = "employee_id,name,title,company_id,manager_id\ne1,Ada,CSO,meri,\ne2,Bea,Sci,meri,e9\n"
    problems = refused(store, {"hr.csv": hr})
    assert [where(p) for p in problems] == [("hr.csv", 3, "manager_id")]
    assert "'e9'" in problems[0].reason


def test_manager_already_stored_is_accepted(store, load) -> None:
    load(store, {"nodes.csv": "id,type,name\nboss,Person,The Boss\n"})
    load(store, {"hr.csv": "employee_id,name,company_id,manager_id\ne1,Ada,meri,boss\n"})
    assert Edge("REPORTS_TO", "e1", "boss") in store.all_records()[1]


def test_employee_id_stored_as_another_type_names_the_employee_id_column(
    store, load, refused
) -> None:
    load(store, {"nodes.csv": "id,type,name\nx1,Company,X One\n"})
    problems = refused(store, {"hr.csv": "employee_id,name,company_id,manager_id\nx1,Xi,m,\n"})
    # The clash itself, then its consequence for the EMPLOYED_BY edge, both on employee_id.
    assert {where(p) for p in problems} == {("hr.csv", 2, "employee_id")}
    assert "already exists as a Company" in problems[0].reason


def test_bad_hire_date_and_self_management(store, refused) -> None:
    hr = (
        "employee_id,name,company_id,manager_id,hire_date\n"
        "e1,Ada,meri,,2021-02-30\n"
        "e2,Bea,meri,e2,2021-02-01\n"
    )
    problems = refused(store, {"hr.csv": hr})
    assert [where(p) for p in problems] == [("hr.csv", 2, "hire_date"), ("hr.csv", 3, "manager_id")]


def test_hire_after_end_is_refused_on_end_date(store, refused) -> None:
    hr = (
        "employee_id,name,company_id,manager_id,hire_date,end_date\ne1,A,m,,2024-05-01,2024-04-30\n"
    )
    problems = refused(store, {"hr.csv": hr})
    assert [where(p) for p in problems] == [("hr.csv", 2, "end_date")]


def test_missing_company_id_column_and_empty_ids(store, refused) -> None:
    assert [where(p) for p in refused(store, {"hr.csv": "employee_id,name,manager_id\n"})] == [
        ("hr.csv", 1, "company_id")
    ]
    hr = "employee_id,name,company_id,manager_id\n,Nobody,meri,\ne2,Bea,,\n"
    assert [where(p) for p in refused(store, {"hr.csv": hr})] == [
        ("hr.csv", 2, "employee_id"),
        ("hr.csv", 3, "company_id"),
    ]


def test_same_person_with_two_names_is_a_conflict(store, refused) -> None:
    hr = "employee_id,name,company_id,manager_id\ne1,Ada Park,meri,\ne1,Ada Parker,meri,\n"
    problems = refused(store, {"hr.csv": hr})
    assert [where(p) for p in problems] == [("hr.csv", 3, "name")]


def test_reserved_column_name_is_refused(store, refused) -> None:
    problems = refused(store, {"hr.csv": "employee_id,name,company_id,manager_id,type\n"})
    assert [where(p) for p in problems] == [("hr.csv", 1, "type")]
