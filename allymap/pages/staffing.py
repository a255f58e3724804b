"""Staffing check: before putting people on a program or a committee seat, see who is clear,
who needs a review and who is blocked, why (in words and on a small map), from which day a
candidate blocked by a cooling-off is clear, what changes in the next 90 days, and who could go
instead; record a decision (waiver, acceptance) on any finding from the results."""

from __future__ import annotations

from typing import Any

import streamlit as st

from allymap.mapview import build_map_html
from allymap.pages.common import (
    data_version,
    date_picker,
    default,
    get_store,
    md,
    node_label,
    node_picker,
    nodes_picker,
    path_subgraph,
    plain,
    record,
    show_html,
    table,
)
from allymap.pages.decide import decide_form, decision_text
from allymap.pages.urlstate import date_param, int_param, node_param, nodes_param, remember, restore
from graphmodel.errors import AllymapError
from graphmodel.store import GraphStore
from graphmodel.vocabulary import COMMITTEE, PERSON, PERSON_FUNCTION, PROGRAM
from queries.rules.finding import Finding

STATUS_TEXT = {
    "clear": "clear — no firewall or conflict findings",
    "review": "needs review",
    "blocked": "blocked",
}
KIND_TEXT = {
    "firewall_breach": "Firewall breach (blocks)",
    "cooling_off": "Cooling-off period (blocks)",
    "indirect_exposure": "Indirect exposure (review)",
    "conflict_of_interest": "Conflict of interest (review)",
}


def _finding_paths(f: Finding) -> list[list[str]]:
    paths = [list(f.path)]
    access = f.details.get("access_path")
    if isinstance(access, list) and access:
        paths.append([str(x) for x in access])
    return paths


def _candidate_map(
    store: GraphStore, program: str, person: str, findings: list[Finding], as_of: str
) -> str:
    flagged = [p for f in findings for p in _finding_paths(f)]
    walls = [list(f.firewall) for f in findings if f.firewall]
    sub = path_subgraph(store, flagged + walls, proposed=[(person, program)])
    return build_map_html(
        sub,
        influence={},
        flagged_paths=flagged,
        as_of=as_of,
        focus=person,
        height="340px",
    )


SEATS = {"A program": PROGRAM, "A committee seat": COMMITTEE}


def _run_check(
    program: str,
    people: list[str],
    as_of: str,
    hops: int,
    seat_type: str = PROGRAM,
    leaving: tuple[str, ...] = (),
) -> dict[str, Any]:
    from queries.staffing import changes_ahead, check_staffing

    version = data_version()  # before the check: an import meanwhile makes it stale
    store = get_store()
    report = check_staffing(
        store, program, people, as_of=as_of, hops=hops, seat_type=seat_type, leaving=leaving
    )
    record(
        "check",
        {
            "program" if seat_type == PROGRAM else "committee": program,
            "people": people,
            "leaving": leaving,
            "as_of": as_of,
            "hops": hops,
            "statuses": {c.person: c.status for c in report.candidates},
        },
    )
    return {
        "report": report,
        "ahead": changes_ahead(store, report),
        "inputs": (program, tuple(people), as_of, hops, seat_type, tuple(leaving)),
        "data": version,
    }


def _check_again() -> None:
    """After a decision from the results: the same check, on the data as it now is."""
    result = st.session_state.get("staff_result")
    if result:
        program, people, as_of, hops, seat_type, leaving = result["inputs"]
        st.session_state["staff_result"] = _run_check(
            program, list(people), as_of, hops, seat_type, leaving
        )


def render() -> None:
    st.title("Staffing check")
    st.caption(
        "Check a proposed team before staffing it: each candidate is checked as if they joined "
        "the program, against its firewalls and its alliance's conflicts of interest."
    )
    store = get_store()
    params = [
        node_param("program", "staff_program", store, [PROGRAM]),
        node_param("committee", "staff_committee", store, [COMMITTEE]),
        nodes_param("candidates", "staff_people", store, [PERSON]),
        nodes_param("leaving", "staff_leaving", store, [PROGRAM, COMMITTEE]),
        date_param("as_of", "staff_as_of"),
        int_param("hops", "staff_hops", 0, 4),
    ]
    restore("staffing", params)
    default("staff_hops", 2)
    if "staff_committee" in st.session_state and "staff_program" not in st.session_state:
        default("staff_seat", "A committee seat")  # a link to a seat check
    seat_label = st.radio("Check for", list(SEATS), horizontal=True, key="staff_seat")
    seat_type = SEATS[str(seat_label)]
    if seat_type == COMMITTEE:
        program = node_picker(COMMITTEE, store, types=[COMMITTEE], key="staff_committee")
    else:
        program = node_picker(PROGRAM, store, types=[PROGRAM], key="staff_program")
    candidates = nodes_picker("Candidates", store, types=[PERSON], key="staff_people")
    leaving = tuple(
        n.id
        for n in nodes_picker(
            "Leaving (programs or committees they leave the day before)",
            store,
            types=[PROGRAM, COMMITTEE],
            key="staff_leaving",
        )
    )
    left, right = st.columns(2)
    with left:
        as_of = date_picker("As of", key="staff_as_of")
    with right:
        hops = st.number_input(
            "Indirect exposure: steps between people",
            min_value=0,
            max_value=4,
            step=1,
            key="staff_hops",
            help="How many reporting, influence or shared-committee steps may separate a "
            "candidate from someone on the other side of a firewall before it is flagged.",
        )
    remember("staffing", params)
    if program is None:
        what = "committees" if seat_type == COMMITTEE else "programs"
        st.info(f"There are no {what} yet: import data on the Import page.")
        return
    clicked = st.button("Check candidates", type="primary", disabled=not candidates, key="staff_go")
    if clicked:
        try:
            st.session_state["staff_result"] = _run_check(
                program.id, [c.id for c in candidates], as_of, int(hops), seat_type, leaving
            )
        except AllymapError as exc:
            st.error(md(str(exc)))
            return
    result = st.session_state.get("staff_result")
    if not result:
        if not candidates:
            st.caption("Pick one or more candidates, then press Check candidates.")
        return
    # A result is shown only for the choices and the data it was made from: an old "clear"
    # under new choices, or after an import, would be a wrong "clear".
    inputs = (program.id, tuple(c.id for c in candidates), as_of, int(hops), seat_type, leaving)
    if result["inputs"] != inputs:
        st.caption("The choices above changed since this check; press Check candidates again.")
        return
    if result.get("data") != data_version():
        st.caption("The data changed since this check (an import); press Check candidates again.")
        return
    _show_report(store, result["report"], result.get("ahead", []))


def _show_report(store: GraphStore, report: Any, ahead: list[Any]) -> None:
    ids = [report.program] + [c.person for c in report.candidates]
    names = store.existing_nodes(ids)
    program_name = names[report.program].name if report.program in names else report.program
    seat = "a seat on " if report.seat_type == COMMITTEE else ""
    st.subheader(f"Results for {seat}{md(program_name)} on {report.as_of}", anchor=False)
    coming = {c.person: c for c in ahead}
    for cand in report.candidates:
        node = names.get(cand.person)
        who = node_label(node) if node else cand.person
        status = cand.status
        box = {"clear": st.success, "review": st.warning, "blocked": st.error}[status]
        icon = {
            "clear": ":material/check_circle:",
            "review": ":material/warning:",
            "blocked": ":material/block:",
        }[status]
        with st.container(border=True):
            clear = f" — clear from {cand.clear_from}" if cand.clear_from else ""
            said = STATUS_TEXT[status]
            if status == "clear" and cand.findings:
                said = "clear — every finding has an active decision"
            box(f"**{md(who)}**: {said}{clear}", icon=icon)
            change = coming.get(cand.person)
            if change is not None:
                starts = [f"{md(x)} starts" for x in change.started]
                what = "; ".join([*starts, *(f"{md(x)} ends" for x in change.ended)])
                st.warning(
                    f"This check changes on {change.day}, within 90 days: "
                    f"{STATUS_TEXT[change.status]} from then ({what}).",
                    icon=":material/event:",
                )
            for i, f in enumerate(cand.findings):
                decided = f" *{md(decision_text(f))}*" if f.decision is not None else ""
                st.markdown(
                    f"**{KIND_TEXT.get(f.kind, md(f.kind))}.** {md(f.explanation)}{decided}"
                )
                if f.decision is None:
                    decide_form(f, report.as_of, f"staff_{cand.person}_{i}", _check_again)
            if cand.findings:
                page = _candidate_map(
                    store, report.program, cand.person, cand.findings, report.as_of
                )
                show_html(page, 360)
                _alternatives(store, report, cand.person, node)


def _alternatives(store: GraphStore, report: Any, person: str, node: Any) -> None:
    from queries.staffing import suggest_alternatives

    function = plain(node.props.get(PERSON_FUNCTION) or "") if node else ""
    try:
        options = suggest_alternatives(
            store, report.program, person, as_of=report.as_of, limit=5, hops=report.hops
        )
    except AllymapError as exc:
        st.caption(md(str(exc)))
        return
    title = (
        f"Clean alternatives with the same function ({function})"
        if function
        else ("Clean alternatives")
    )
    if not options:
        st.caption(md(f"{title}: nobody found who would come out clear."))
        return
    st.markdown(f"**{md(title)}**")
    employers = store.existing_nodes({a.employer for a in options})
    table(
        [
            {
                "Name": a.name,
                "Function": str(a.person.props.get(PERSON_FUNCTION, "")),
                "Title": a.title,
                "Employer": employers[a.employer].name if a.employer in employers else a.employer,
            }
            for a in options
        ]
    )


if __name__ == "__main__":
    render()
