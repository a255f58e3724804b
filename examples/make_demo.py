"""Write the demo portfolio in ``examples/demo/``: Meridian Therapeutics and its partners.

The demo is there to be read by people (alliance managers trying allymap, reviewers of the
rules), so it is generated rather than typed, from three parts:

* ``demo_world.py``: the companies, alliances, programs, firewalls, the organisation chart and
  the committees' standing seats, written by hand;
* ``demo_storylines.py``: the storylines that make the rules fire (or, on purpose, not), one
  record each, told in ``examples/demo/README.md``;
* the background, drawn here: team members, their assignments, earlier employers, a few
  leavers, who influences whom inside a side. It never touches a storyline's cast and stays
  on one side of every firewall, so a background finding can only be the ripple of a
  storyline.

Random choices come from one seeded ``random.Random`` and only ever iterate over lists, so the
files are byte-for-byte the same on every run and every machine; ``tests/test_demo_data.py``
regenerates them and compares.

"Now" is the fixed day ``TODAY`` (2026-11-22). The storylines that must keep working for years
use open-ended edges or a long cooling-off; the others fade out in 2027 as they would in real
life.

    python examples/make_demo.py            # rewrites examples/demo/*.csv
    python examples/make_demo.py --out DIR  # writes elsewhere (tests)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demo_storylines import STORYLINES
from demo_world import (
    ALLIANCES,
    COMMITTEES,
    COMPANIES,
    COMPANY_EDGES,
    DELEGATIONS,
    FIREWALLS,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATION,
    OUR_GROUP,
    PARTNER_TITLES,
    PROGRAMS,
    ROLE_OF,
    TARGETS,
    TITLES,
    TODAY,
    Delegate,
    Named,
    Team,
    Titled,
    Who,
)

SEED = 20261122
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "demo"

NODE_HEADER = [
    "id", "type", "name", "country", "therapeutic_area", "modality", "stage", "description",
]  # fmt: skip
EDGE_HEADER = [
    "source", "target", "type", "since", "until",
    "title", "role", "kind", "weight", "what", "market", "percent", "reason", "cooling_off_days",
]  # fmt: skip
HR_HEADER = [
    "employee_id", "name", "title", "company_id", "company_name", "manager_id",
    "function", "hire_date", "end_date", "email", "location",
]  # fmt: skip
ROSTER_HEADER = [
    "committee_id", "committee_name", "alliance_id", "member_id", "member_name",
    "role", "representing_company", "since", "until",
]  # fmt: skip

AGREEMENT_HEADER = [
    "agreement_id", "agreement_name", "agreement_type", "signatories", "covers",
    "exclusive_targets", "non_compete_targets", "effective_date", "expiry_date",
]  # fmt: skip
OBLIGATION_HEADER = ["obligation_id", "agreement_id", "obligation_name", "due", "done", "owner_id"]

FILES = {
    "nodes": "companies_alliances.csv",
    "edges": "relationships.csv",
    "hr": "hr_export.csv",
    "roster": "committee_roster.csv",
    "decisions": "decisions.csv",
    "agreements": "agreements.csv",
    "obligations": "obligations.csv",
}
DECISION_HEADER = [
    "kind", "person", "subject", "other", "decision", "decided_by", "reason", "since", "until",
]  # fmt: skip

COMPANY_NAME = {cid: name for cid, name, _, _ in COMPANIES}
AREA = {a[0]: a[2] for a in ALLIANCES}
PROGRAM_START = {p[0]: p[5] for p in PROGRAMS}

_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L",
                       "ı": "i", "đ": "d", "œ": "oe"})  # fmt: skip


def slug(name: str) -> str:
    """An ASCII id fragment for a name: 'Søren Kierkegård' -> 'soren-kierkegard'."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    out, dash = [], False
    for c in text:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif c != "'" and not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def pid(name: str) -> str:
    """A person's id: ``p-`` and the slug of their name."""
    return "p-" + slug(name)


def add_days(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


CAST = {pid(name) for story in STORYLINES for name in story.cast}
"""The storylines' people: the background never draws them, nor their names."""


# ---- records --------------------------------------------------------------------------------
@dataclass
class Person:
    id: str
    name: str
    title: str
    function: str
    company: str
    manager: str = ""
    hire: str = ""
    end: str = ""
    location: str = ""
    side: str = ""  # which firewall side the person's team is on ("" = no program access)
    pool: Sequence[str] = ()  # programs the team works on
    in_hr: bool = True


@dataclass
class Demo:
    """The rows of the files."""

    nodes: list[list[str]] = field(default_factory=list)
    edges: list[list[str]] = field(default_factory=list)
    hr: list[list[str]] = field(default_factory=list)
    roster: list[list[str]] = field(default_factory=list)
    decisions: list[list[str]] = field(default_factory=list)
    agreements: list[list[str]] = field(default_factory=list)
    obligations: list[list[str]] = field(default_factory=list)


class Builder:
    """People and edge rows; every random draw goes through ``self.rng``, in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: dict[str, Person] = {}
        self.order: list[str] = []
        self.edges: list[list[str]] = []
        self.reserved: set[str] = set()
        self.teams: dict[str, list[str]] = {}
        self.delegates: dict[str, list[str]] = {}

    # -- people
    def add(self, person: Person) -> str:
        if person.id in self.people:
            raise ValueError(f"duplicate person id {person.id}")
        manager = self.people[person.manager] if person.manager else None
        if not person.location:
            person.location = manager.location if manager else "Boston, US"
        if not person.side and manager and person.in_hr:
            person.side = manager.side
        self.people[person.id] = person
        self.order.append(person.id)
        return person.id

    def fresh_name(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if pid(name) not in self.people and pid(name) not in self.reserved | CAST:
                self.reserved.add(pid(name))
                return name

    def hire_date(self, lo: str = "2010-01-01", hi: str = "2025-06-30") -> str:
        a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        return (a + dt.timedelta(days=self.rng.randrange((b - a).days))).isoformat()

    def who(self, ref: Who) -> Person:
        """The person a storyline or a committee means."""
        if isinstance(ref, Delegate):
            return self.people[self.delegates[ref.company][ref.index]]
        if isinstance(ref, Titled):
            (match,) = [p for p in self.people.values() if p.title == ref.title]
            return match
        return self.people[pid(ref)]

    # -- edges
    def edge(self, source: str, target: str, etype: str, since: str = "", until: str = "",
             **props: object) -> None:  # fmt: skip
        row = {h: "" for h in EDGE_HEADER}
        row.update(source=source, target=target, type=etype, since=since, until=until)
        for k, v in props.items():
            if k not in row:
                raise KeyError(k)
            row[k] = str(v)
        self.edges.append([row[h] for h in EDGE_HEADER])

    def works(self, p: str, prog: str, since: str, until: str = "", role: str = "") -> None:
        function = self.people[p].function
        self.edge(p, prog, "WORKS_ON", since, until, role=role or ROLE_OF.get(function, "member"))


# ---- the organisation -----------------------------------------------------------------------
def hire_organisation(b: Builder) -> None:
    """Meridian's people, in the order of the organisation chart (the HR export's order)."""
    for entry in ORGANISATION:
        if isinstance(entry, Named):
            b.add(Person(pid(entry.name), entry.name, entry.title, entry.function,
                         entry.company, pid(entry.manager) if entry.manager else "",
                         hire=entry.hire or b.hire_date(), location=entry.location,
                         side=entry.side, pool=entry.pool))  # fmt: skip
        else:
            members = hire_team(b, entry)
            if entry.key:
                b.teams[entry.key] = members


def hire_team(b: Builder, team: Team) -> list[str]:
    manager = b.people[pid(team.manager)]
    ids = []
    for _ in range(team.size):
        title = team.title or b.rng.choice(TITLES[team.function])
        name = b.fresh_name()
        ids.append(b.add(Person(pid(name), name, title, team.function, team.company,
                                manager.id, hire=b.hire_date(), pool=team.pool,
                                side=team.side or manager.side,
                                location=manager.location)))  # fmt: skip
    return ids


def draw_leavers(b: Builder) -> None:
    """Five background people leave between 500 and 40 days ago, at least 200 days after they
    joined (when their dates allow it): HR ``end_date`` in the past."""
    background = [p for p in b.order if b.people[p].pool and p not in CAST]
    for p in b.rng.sample(background, 5):
        earliest = max(add_days(b.people[p].hire, 200), add_days(TODAY, -500))
        span = (dt.date.fromisoformat(add_days(TODAY, -40)) - dt.date.fromisoformat(earliest)).days
        if span > 0:
            b.people[p].end = add_days(earliest, b.rng.randrange(span))


def draw_assignments(b: Builder) -> None:
    """The background's assignments: most people on one or two of their team's programs (a few
    between assignments), starting after both they and the program did; three in ten also
    had an earlier assignment on the same side, ended before mid-2025. Part of the Pellucid
    team's assignments ended with the alliance."""
    pellucid = b.teams["pellucid"]
    for p in b.order:
        person = b.people[p]
        if p in CAST or not person.pool or person.hire > TODAY:
            continue
        if b.rng.random() < 0.08:  # a few people between assignments
            continue
        pool = list(person.pool)
        picks = b.rng.sample(pool, min(len(pool), 1 + (b.rng.random() < 0.35)))
        for prog in picks:
            start = max(person.hire, PROGRAM_START[prog])
            since = add_days(start, b.rng.randrange(3, 120))
            if since >= TODAY:
                since = add_days(TODAY, -b.rng.randrange(20, 60))
            until = person.end
            if until and since > until:
                since = add_days(until, -b.rng.randrange(100, 190))
            if p in pellucid and prog in ("prog-rare2", "prog-rare3") and b.rng.random() < 0.4:
                until = "2025-12-31"
            b.works(p, prog, since, until)
        rest = [x for x in pool if x not in picks]
        if rest and b.rng.random() < 0.3:
            prog = b.rng.choice(rest)
            since = max(person.hire, PROGRAM_START[prog])
            until = add_days(since, b.rng.randrange(200, 700))
            if until < "2025-06-30":
                b.works(p, prog, since, until)


def pellucid_team(b: Builder) -> None:
    """The ended Pellucid alliance: its team members who joined before June 2025 had been on
    RARE-1 until the end (2025-12-31), and three of the team move to Quillon's MET-1 when that
    alliance starts in February 2027."""
    team = b.teams["pellucid"]
    for p in team:
        start = max(b.people[p].hire, "2022-01-01")
        if start < "2025-06-01":
            b.works(p, "prog-rare1", add_days(start, 14), "2025-12-31")
    for p in team[:3]:
        b.works(p, "prog-met1", "2027-02-01")


def hire_delegations(b: Builder) -> None:
    """The partners' committee delegates (drawn names; in the roster, not our HR export)."""
    for company, count, location in DELEGATIONS:
        for i in range(count):
            name = b.fresh_name()
            b.add(Person(pid(name), name, PARTNER_TITLES[i % len(PARTNER_TITLES)], "Partner",
                         company, location=location, in_hr=False, side="P-" + company,
                         hire=b.hire_date("2008-01-01", "2022-12-31")))  # fmt: skip
            b.delegates.setdefault(company, []).append(pid(name))


def draw_earlier_employers(b: Builder) -> None:
    """Eight background people who joined before 2024 came from a CRO, a supplier or a former
    partner that is no counterparty today."""
    eligible = [x for x in b.order
                if b.people[x].in_hr and b.people[x].hire < "2024" and x not in CAST]  # fmt: skip
    for p in b.rng.sample(eligible, 8):
        person = b.people[p]
        prev = b.rng.choice(["saltmarsh", "fjordline", "ilex", "pellucid", "verdance"])
        start = add_days(person.hire, -b.rng.randrange(900, 3000))
        until = add_days(person.hire, -b.rng.randrange(5, 60))
        titles = TITLES[person.function if person.function in TITLES else "Biology"]
        b.edge(p, prev, "EMPLOYED_BY", start, until, title=b.rng.choice(titles))


def draw_influence(b: Builder) -> None:
    """Background influence inside a side only (a team, its committees' partner delegates), so
    it bridges no firewall by accident; people who left and the storylines' cast take no part."""
    by_side: dict[str, list[str]] = {}
    for p in b.order:
        person = b.people[p]
        if (person.end and person.end < TODAY) or p in CAST:
            continue
        by_side.setdefault(person.side, []).append(p)
    for side_ids in by_side.values():
        if len(side_ids) < 2:
            continue
        for p in side_ids:
            k = b.rng.choice([0, 1, 1, 2, 2, 3])
            for q in b.rng.sample(side_ids, min(k, len(side_ids) - 1) + 1):
                if q != p:
                    weight = b.rng.choice(["0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"])
                    since = max(b.people[p].hire, b.people[q].hire)
                    b.edge(p, q, "INFLUENCES", since, weight=weight)


# ---- the storylines -------------------------------------------------------------------------
def each(part: str) -> Iterator[Any]:
    """The records of one kind (``works``, ``seats``...) of every storyline, in list order."""
    for story in STORYLINES:
        yield from getattr(story, part)


def story_works(b: Builder) -> None:
    for w in each("works"):
        b.works(b.who(w.person).id, w.program, w.since, w.until, w.role)


def story_leaving(b: Builder) -> None:
    """Departures, applied after the background's draws: so only the cast and partners'
    delegates may leave (a background person's drawn assignments would outlive the job)."""
    for gone in each("leaving"):
        person = b.who(gone.person)
        if person.in_hr and person.id not in CAST:
            raise ValueError(f"{person.name} leaves in a storyline but is in no storyline's cast")
        person.end = gone.day


def story_jobs(b: Builder) -> None:
    for part in ("left_for", "came_from"):
        for job in each(part):
            b.edge(b.who(job.person).id, job.company, "EMPLOYED_BY", job.since, job.until,
                   title=job.title)  # fmt: skip


def story_interests(b: Builder) -> None:
    for i in each("interests"):
        b.edge(b.who(i.person).id, i.company, "HOLDS_INTEREST_IN", i.since, i.until, kind=i.kind)


def story_addresses(b: Builder) -> None:
    for a in each("addresses"):
        b.edge(a.program, a.target, "ADDRESSES", a.since, a.until)


def agreement_rows() -> list[list[str]]:
    lists = lambda ids: ";".join(ids)  # noqa: E731
    return [
        [a.id, a.name, a.kind, lists(a.signatories), lists(a.covers), lists(a.exclusive),
         lists(a.non_compete), a.effective, a.expiry]
        for a in each("agreements")
    ]  # fmt: skip


def obligation_rows(b: Builder) -> list[list[str]]:
    return [
        [o.id, o.agreement, o.name, o.due, o.done, b.who(o.owner).id] for o in each("obligations")
    ]


def story_influences(b: Builder) -> None:
    for i in each("influences"):
        b.edge(b.who(i.source).id, b.who(i.target).id, "INFLUENCES", i.since, i.until,
               weight=i.weight)  # fmt: skip


# ---- the files ------------------------------------------------------------------------------
def build(seed: int = SEED) -> Demo:
    """The whole demo in memory. The order of these steps is the order of the draws and of
    the rows in each file: a step moved changes the files."""
    b = Builder(seed)
    hire_organisation(b)
    draw_leavers(b)
    story_works(b)
    draw_assignments(b)
    pellucid_team(b)
    hire_delegations(b)
    story_leaving(b)
    for company, ids in b.delegates.items():
        for p in ids:
            person = b.people[p]
            b.edge(p, company, "EMPLOYED_BY", person.hire, person.end, title=person.title)
    story_jobs(b)
    draw_earlier_employers(b)
    story_interests(b)
    draw_influence(b)
    story_influences(b)
    story_addresses(b)  # last: the rows before it do not move

    demo = Demo()
    for cid, name, country, desc in COMPANIES:
        demo.nodes.append([cid, "Company", name, country, "", "", "", desc])
    for aid, name, area, *_rest, desc in ALLIANCES:
        demo.nodes.append([aid, "Alliance", name, "", area, "", "", desc])
    for prog, name, alliance, modality, stage, _since, _until in PROGRAMS:
        demo.nodes.append([prog, "Program", name, "", AREA[alliance], modality, stage, ""])
    for tid, name, desc in TARGETS:
        demo.nodes.append([tid, "Target", name, "", "", "", "", desc])
    demo.edges = portfolio_edges() + b.edges
    demo.hr = hr_rows(b)
    demo.roster = roster_rows(b)
    demo.decisions = [
        [d.kind, b.who(d.person).id, d.subject, d.other, d.decision, d.decided_by, d.reason,
         d.since, d.until]
        for d in each("decisions")
    ]  # fmt: skip
    demo.agreements = agreement_rows()
    demo.obligations = obligation_rows(b)
    return demo


def portfolio_edges() -> list[list[str]]:
    """Parties, programs, company relations and firewalls: the first rows of the edges file."""
    rows = Builder(0)
    for aid, _name, _area, since, until, partner_id, role, _desc in ALLIANCES:
        ours = (
            "partner" if role == "partner" else ("licensor" if role == "licensee" else "licensee")
        )
        rows.edge("meridian", aid, "PARTY_TO", since, until, role=ours)
        rows.edge(partner_id, aid, "PARTY_TO", since, until, role=role)
    for prog, _name, alliance, _m, _s, since, until in PROGRAMS:
        rows.edge(prog, alliance, "PART_OF", since, until)
    for s, t, etype, since, until, props in COMPANY_EDGES:
        rows.edge(s, t, etype, since, until, **props)
    for a, c, since, until, reason, days in FIREWALLS:
        rows.edge(a, c, "FIREWALL", since, until, reason=reason, cooling_off_days=days or "")
    return rows.edges


def hr_rows(b: Builder) -> list[list[str]]:
    rows = []
    for p in b.order:
        person = b.people[p]
        if not person.in_hr:
            continue
        email = slug(person.name).replace("-", ".") + "@meridian-tx.example"
        rows.append([person.id, person.name, person.title, person.company,
                     COMPANY_NAME[person.company], person.manager, person.function,
                     person.hire, person.end, email, person.location])  # fmt: skip
    return rows


def roster_rows(b: Builder) -> list[list[str]]:
    """Committee by committee: our standing seats, our storyline seats, then the partner's."""
    unknown = {s.committee for s in each("seats")} - {c.id for c in COMMITTEES}
    if unknown:
        raise KeyError(f"storyline seats on unknown committees: {sorted(unknown)}")
    rows = []
    for c in COMMITTEES:
        added = [
            (b.who(s.person), s.role, s.since, s.until, s.representing)
            for s in each("seats")
            if s.committee == c.id
        ]
        ours = [s for s in added if (s[4] or s[0].company) in OUR_GROUP]
        theirs = [s for s in added if (s[4] or s[0].company) not in OUR_GROUP]
        standing = [(b.who(w), role, since, until, "") for w, role, since, until in c.ours]
        partner = [(b.who(w), role, since, until, "") for w, role, since, until in c.partners]
        for person, role, since, until, representing in standing + ours + partner + theirs:
            member_name = "" if person.in_hr else person.name
            company = representing or person.company
            rows.append([c.id, c.name, c.governs, person.id, member_name, role, company, since,
                         until])  # fmt: skip
    return rows


def write(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write the demo CSV files into ``out_dir``; returns their paths."""
    demo = build(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for key, header, rows in [
        ("nodes", NODE_HEADER, demo.nodes),
        ("edges", EDGE_HEADER, demo.edges),
        ("hr", HR_HEADER, demo.hr),
        ("roster", ROSTER_HEADER, demo.roster),
        ("decisions", DECISION_HEADER, demo.decisions),
        ("agreements", AGREEMENT_HEADER, demo.agreements),
        ("obligations", OBLIGATION_HEADER, demo.obligations),
    ]:
        path = out_dir / FILES[key]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)


if __name__ == "__main__":
    main()
