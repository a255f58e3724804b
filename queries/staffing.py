"""Staffing check: would these people be clean on this program? Asked *before* staffing.

The staffing rule (``queries.rules.staffing``) finds what involves the program if each
candidate joined it; this module checks the names given are real, words the findings and turns
them into a status per candidate. It also
proposes clean alternatives with the same function, because "there are only so many scientists
to go around".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphmodel.errors import NotFound
from graphmodel.model import Edge, Node, today
from graphmodel.store import GraphStore
from graphmodel.vocabulary import COMMITTEE, EMPLOYED_BY_TITLE, PERSON, PERSON_FUNCTION, PROGRAM
from queries.explain import explain_all
from queries.rules import staffing as staffing_rule
from queries.rules.finding import Finding

__all__ = [
    "AHEAD_DAYS",
    "Alternative",
    "CandidateResult",
    "Change",
    "StaffingReport",
    "changes_ahead",
    "check_staffing",
    "require",
    "suggest_alternatives",
]


@dataclass(slots=True)
class CandidateResult:
    person: str
    findings: list[Finding] = field(default_factory=list)
    clear_from: str | None = None
    """The first day after t on which a candidate blocked only by cooling-off is clear."""

    @property
    def status(self) -> str:
        """From the findings no decision counts for: a waived breach blocks no one."""
        if any(f.blocking for f in self.findings):
            return "blocked"
        return "review" if any(f.open for f in self.findings) else "clear"

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "status": self.status,
            "clear_from": self.clear_from,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(slots=True)
class StaffingReport:
    program: str
    """The seat's id: a program, or a committee when ``seat_type`` is COMMITTEE."""
    as_of: str
    hops: int
    candidates: list[CandidateResult]
    seat_type: str = PROGRAM
    leaving: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(c.status == "blocked" for c in self.candidates)

    def to_json(self) -> dict[str, Any]:
        seat = "committee" if self.seat_type == COMMITTEE else "program"
        return {
            seat: self.program,
            **({"leaving": list(self.leaving)} if self.leaving else {}),
            "as_of": self.as_of,
            "hops": self.hops,
            "candidates": [c.to_json() for c in self.candidates],
        }


def require(
    store: GraphStore,
    ids: Sequence[str],
    ntype: str,
    what: str,
    found: Mapping[str, Node] | None = None,
) -> dict[str, Node]:
    """The nodes named, or NotFound saying which ids are unknown or of the wrong type.
    ``found``: the nodes already looked up (one look-up for a check's program and people)."""
    if found is None:
        found = store.existing_nodes(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"No {what} with id {', '.join(repr(m) for m in missing)}.")
    wrong = [i for i in ids if found[i].type != ntype]
    if wrong:
        raise NotFound(
            ", ".join(f"{i!r} is a {found[i].type}" for i in wrong) + f", not a {ntype}."
        )
    return {i: found[i] for i in ids}


def check_staffing(
    store: GraphStore,
    program: str,
    people: Sequence[str],
    as_of: str | None = None,
    hops: int = 2,
    *,
    seat_type: str = PROGRAM,
    leaving: Sequence[str] = (),
) -> StaffingReport:
    """Check each candidate against the firewalls and conflicts that involve the seat
    ``program`` (a Program, or a Committee with ``seat_type`` COMMITTEE), as if each took it on
    ``as_of`` having left ``leaving`` (programs or committees) the day before."""
    as_of = as_of or today()
    if hops < 0:
        raise ValueError("hops must be 0 or more")
    people = list(dict.fromkeys(p.strip() for p in people if p.strip()))
    if not people:
        raise NotFound("Name at least one candidate.")
    gone = list(dict.fromkeys(x.strip() for x in leaving if x.strip()))
    named = store.existing_nodes([program, *people, *gone])
    what = "committee" if seat_type == COMMITTEE else "program"
    require(store, [program], seat_type, what, named)
    require(store, people, PERSON, "person", named)
    _require_leavable(gone, named)
    seat = staffing_rule.Seat(program, seat_type)
    check = _check(store, seat, people, as_of, hops, gone)
    findings = explain_all(store, check.findings, as_of, proposed=[(p, program) for p in people])
    by_person: dict[str, list[Finding]] = {p: [] for p in people}
    for f in findings:
        if f.person is not None:  # staffing checks make only findings about people
            by_person.setdefault(f.person, []).append(f)
    return StaffingReport(
        program,
        as_of,
        hops,
        [CandidateResult(p, by_person[p], check.clear_from.get(p)) for p in people],
        seat_type,
        gone,
    )


def _require_leavable(ids: Sequence[str], named: Mapping[str, Node]) -> None:
    """``--leaving`` names programs or committees (DOMAIN.md); anything else is refused."""
    missing = [i for i in ids if i not in named]
    if missing:
        raise NotFound(f"No program or committee with id {', '.join(map(repr, missing))}.")
    wrong = [i for i in ids if named[i].type not in (PROGRAM, COMMITTEE)]
    if wrong:
        raise NotFound(
            ", ".join(f"{i!r} is a {named[i].type}" for i in wrong)
            + ": one leaves only a Program or a Committee."
        )


def _check(
    store: GraphStore,
    seat: staffing_rule.Seat,
    people: Sequence[str],
    as_of: str,
    hops: int,
    leaving: Sequence[str] = (),
) -> staffing_rule.Check:
    """The staffing rule's findings, unworded, and the candidates' first clear days."""
    team, gone = list(people), list(leaving)
    return store.read(
        lambda f: staffing_rule.findings(f, seat, team, as_of, hops, gone), "checking a staffing"
    )


AHEAD_DAYS = 90
"""How far ahead the staffing page looks for a change in a candidate's check."""


@dataclass(frozen=True, slots=True)
class Change:
    """The first day after the check on which a candidate's check comes out differently."""

    person: str
    day: str
    status: str
    """The candidate's status from that day."""
    started: tuple[str, ...]
    """The kinds of the findings that start to hold that day (``kind: A/B``)."""
    ended: tuple[str, ...]


def changes_ahead(
    store: GraphStore, report: StaffingReport, days: int = AHEAD_DAYS
) -> list[Change]:
    """For each candidate whose check changes within ``days`` days after the report's day (a
    firewall starts, an access ends...), the first such day: the check is run again on each
    day on which anything can change (each once), the candidates keeping the seat and the
    move of the report."""
    from graphmodel.model import add_days
    from queries.rules import timeline

    seat = staffing_rule.Seat(report.program, report.seat_type)
    people = [c.person for c in report.candidates]
    t, hops, gone = report.as_of, report.hops, list(report.leaving)
    left_on = add_days(t, -1)
    before = {c.person: ({f.identity for f in c.findings}, c.status) for c in report.candidates}

    def work(f: Any) -> list[Change]:
        found: dict[str, Change] = {}
        for day in timeline.change_days(f, t, add_days(t, days)):
            if len(found) == len(people):
                break
            check = staffing_rule.findings(f, seat, people, day, hops, gone, left_on)
            mine: dict[str, list[Finding]] = {p: [] for p in people}
            for x in check.findings:
                if x.person is not None:  # a staffing check's findings are about people
                    mine.setdefault(x.person, []).append(x)
            for p in people:
                if p in found:
                    continue
                ids = {x.identity for x in mine[p]}
                status = CandidateResult(p, mine[p]).status
                old_ids, old_status = before[p]
                if ids != old_ids or status != old_status:
                    found[p] = Change(
                        p,
                        day,
                        status,
                        tuple(sorted(f"{i[0]}: {i[2]}/{i[3]}" for i in ids - old_ids)),
                        tuple(sorted(f"{i[0]}: {i[2]}/{i[3]}" for i in old_ids - ids)),
                    )
        return [found[p] for p in people if p in found]

    return store.read(work, "looking ahead at a staffing")


@dataclass(slots=True)
class Alternative:
    """A person who would come out clear, with the employment that makes them available:
    their title lives on that EMPLOYED_BY edge, not on the person."""

    person: Node
    employment: Edge

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def title(self) -> str:
        return str(self.employment.props.get(EMPLOYED_BY_TITLE) or "")

    @property
    def employer(self) -> str:
        return self.employment.target


def suggest_alternatives(
    store: GraphStore,
    program: str,
    person: str,
    as_of: str | None = None,
    limit: int = 5,
    hops: int = 2,
    pool: int = 60,
) -> list[Alternative]:
    """People employed on ``as_of`` with the same ``function`` as ``person`` who would come
    out clear on ``program``: the first ``pool`` of them by name are checked, and the first
    ``limit`` clear ones returned. Someone who has left (or not yet joined) is no
    alternative, however clean."""
    as_of = as_of or today()
    me = require(store, [person], PERSON, "person")[person]
    function = str(me.props.get(PERSON_FUNCTION) or "")
    same = {PERSON_FUNCTION: function} if function else None
    wanted = pool + 1
    while True:  # widen the search until ``pool`` employed people are found or none are left
        found = store.search_nodes("", [PERSON], limit=wanted, where=same)
        jobs = store.employments([n.id for n in found if n.id != person], as_of)
        employed = [n for n in found if n.id in jobs][:pool]
        if len(employed) >= pool or len(found) < wanted:
            break
        wanted *= 4
    if not employed:
        return []
    seat = staffing_rule.Seat(program, PROGRAM)
    raw = _check(store, seat, [n.id for n in employed], as_of, hops).findings
    flagged = {f.person for f in raw if f.open}
    return [Alternative(n, _main_job(jobs[n.id])) for n in employed if n.id not in flagged][:limit]


def _main_job(jobs: Sequence[Edge]) -> Edge:
    """The employment shown for someone with several on the day: the latest start, then the
    largest company id (the one the map colours them by)."""
    return max(jobs, key=lambda e: (e.since, e.target))
