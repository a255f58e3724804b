# ruff: noqa: E501  (the storylines read best one record per line)
"""The storylines of the demo: who did what, when, and which rule that makes fire.

Each :class:`Storyline` is one story of ``examples/demo/README.md`` (its title is listed there,
in this order; ``tests/test_demo_data.py`` checks both). A storyline names people of the
organisation chart (``demo_world.ORGANISATION``) or partners' delegates, and says what they
work on, where they sit, where they worked before or went after, what they hold and whom they
influence. Its ``cast`` is kept out of the random background (no drawn assignments, influence,
earlier employers or departures), so what the storyline says is all there is to them and a
background finding can only be the ripple of a storyline.

To add a storyline: append a :class:`Storyline` (a new person also needs a line in
``ORGANISATION``, where they sit), run ``python examples/make_demo.py``, add its title and story
to the README and, when it should be found, its finding to ``tests/test_demo_data.py``. The
files are written section by section (all assignments, then employment, interests, influence)
with the storylines in list order inside each section, so an appended storyline adds rows
without moving any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo_world import Delegate, Who

__all__ = [
    "STORYLINES",
    "Addresses",
    "Agreement",
    "Influence",
    "Interest",
    "Job",
    "Leaving",
    "Obligation",
    "Seat",
    "Storyline",
    "Work",
]


@dataclass(frozen=True)
class Work:
    """``person`` WORKS_ON ``program``; an empty ``role`` is the person's function's role."""

    person: Who
    program: str
    since: str
    until: str = ""
    role: str = ""


@dataclass(frozen=True)
class Seat:
    """A seat on a committee, after the committee's standing seats of the same side. The side
    is that of ``representing`` (default: the person's employer)."""

    committee: str
    person: Who
    role: str
    since: str
    until: str = ""
    representing: str = ""


@dataclass(frozen=True)
class Job:
    """Employment outside our HR export: where someone worked before us, or went after."""

    person: Who
    company: str
    since: str
    until: str
    title: str


@dataclass(frozen=True)
class Leaving:
    """``person`` leaves their employer on ``day`` (our HR ``end_date``, a partner's until)."""

    person: Who
    day: str


@dataclass(frozen=True)
class Interest:
    """``person`` HOLDS_INTEREST_IN ``company`` (kind: equity, board, advisor, consultant, family)."""

    person: Who
    company: str
    kind: str
    since: str
    until: str = ""


@dataclass(frozen=True)
class Influence:
    """``source`` INFLUENCES ``target`` with ``weight``."""

    source: Who
    target: Who
    weight: str
    since: str
    until: str = ""


@dataclass(frozen=True)
class Decided:
    """A decision compliance recorded on a finding of ``person`` (decisions.csv)."""

    kind: str
    person: Who
    subject: str
    other: str
    decision: str
    decided_by: str
    reason: str
    since: str
    until: str = ""


@dataclass(frozen=True)
class Agreement:
    """A contract, as a row of the agreements export: ``signatories``, ``covers`` (alliances or
    programs), ``exclusive`` and ``non_compete`` (targets) are ids."""

    id: str
    name: str
    kind: str
    signatories: tuple[str, ...]
    effective: str
    expiry: str = ""
    covers: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    non_compete: tuple[str, ...] = ()


@dataclass(frozen=True)
class Addresses:
    """``program`` ADDRESSES ``target`` (a target of ``demo_world.TARGETS``)."""

    program: str
    target: str
    since: str
    until: str = ""


@dataclass(frozen=True)
class Obligation:
    """A deadline under an agreement, as a row of the obligations export."""

    id: str
    agreement: str
    name: str
    due: str
    owner: Who
    done: str = ""


@dataclass(frozen=True)
class Storyline:
    """One story. ``demonstrates`` says what it shows (a rule firing, or on purpose not)."""

    title: str
    demonstrates: str
    cast: tuple[str, ...] = ()
    works: tuple[Work, ...] = ()
    seats: tuple[Seat, ...] = ()
    leaving: tuple[Leaving, ...] = ()
    left_for: tuple[Job, ...] = ()
    """Jobs taken after leaving us (written before ``came_from``)."""
    came_from: tuple[Job, ...] = ()
    """Earlier jobs of people who joined us (or a partner)."""
    interests: tuple[Interest, ...] = ()
    influences: tuple[Influence, ...] = ()
    decisions: tuple[Decided, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    addresses: tuple[Addresses, ...] = ()
    obligations: tuple[Obligation, ...] = ()


DANA, SOREN, JOSE, LUKAS = "Dana Ruiz", "Søren Kierkegård", "José Núñez", "Lukas Brandt"
MARCO, AMARA, RAFAEL, BEATRIZ = "Marco Bellini", "Amara Okafor", "Rafael Costa", "Beatriz Santos"
TOMASZ, INES, ELIF, NADIA = "Tomasz Wójcik", "Ines Duarte", "Elif Yıldız", "Nadia Haddad"
GRACE, YUSUF, PRIYA, HAMID = "Grace Liu", "Yusuf Demir", "Priya Raman", "Hamid Karimi"
SEUN, ZOE, SIOBHAN, HYEJIN = "Oluwaseun Adeyemi", "Zoë Ångström", "Siobhán O'Neill", "Hye-jin Park"
NOMVULA = "Nomvula Dlamini"

STORYLINES = [
    Storyline(
        "Dana Ruiz: a breach through a committee seat",
        "firewall_breach (blocks) on ONC-1 / ONC-7, open-ended: fires every year",
        cast=(DANA,),
        # on ONC-7 (Kestrel), and invited onto Halvorsen's JSC, which governs all-onc1, hence ONC-1
        works=(Work(DANA, "prog-onc7", "2023-06-15", role="translational lead"),),
        seats=(Seat("jsc-onc1", DANA, "member", "2025-04-01"),),  # the KRAS biology expert
    ),
    Storyline(
        "Søren Kierkegård: the blocked candidate",
        "check-staffing for ONC-7: blocked (firewall_breach), he is ONC-1's lead chemist",
        cast=(SOREN,),
        works=(Work(SOREN, "prog-onc1", "2021-03-15", role="lead chemist"),),
    ),
    Storyline(
        "José Núñez: shares in the partner's parent",
        "conflict_of_interest for all-onc1 through SUBSIDIARY_OF, open-ended",
        cast=(JOSE,),
        works=(Work(JOSE, "prog-onc2", "2021-09-06"),),
        # Halvorsen Pharma AG is the parent of our ONC partner Halvorsen Biotech
        interests=(Interest(JOSE, "halvorsen", "equity", "2020-05-01"),),
    ),
    Storyline(
        "Lukas Brandt: joined from the partner",
        "conflict_of_interest for all-onc1 (employed by the partner less than a year ago): fades on 2027-06-20",
        cast=(LUKAS,),
        works=(Work(LUKAS, "prog-onc1", "2026-07-01"),),  # at Meridian since 2026-06-22
        came_from=(
            Job(LUKAS, "halvorsen-biotech", "2019-03-04", "2026-06-19", "Senior Scientist"),
        ),
    ),
    Storyline(
        "Marco Bellini: the far end of Nadia's two hops",
        "indirect_exposure, the mirror of Nadia Haddad's (ONC-3 / ONC-9)",
        cast=(MARCO,),
        works=(Work(MARCO, "prog-onc3", "2022-02-14"),),
    ),
    Storyline(
        "Amara Okafor: advisor to a competitor of the partner",
        "conflict_of_interest for all-onc1 through COMPETES_WITH, open-ended",
        cast=(AMARA,),
        works=(Work(AMARA, "prog-onc3", "2022-03-01"),),
        # Corvane Oncology competes with Halvorsen
        interests=(Interest(AMARA, "corvane", "advisor", "2024-09-01"),),
    ),
    Storyline(
        "Rafael Costa: the mentor across the KRAS firewall",
        "indirect_exposure, the mirror of Elif Yıldız's (ONC-1 / ONC-7)",
        cast=(RAFAEL,),
        works=(Work(RAFAEL, "prog-onc1", "2021-04-01", role="biology lead"),),
    ),
    Storyline(
        "Beatriz Santos: left us for the partner",
        "conflict_of_interest for all-onc1 the other way round (a former employee of ours on the partner's side): fades on 2027-08-01",
        cast=(BEATRIZ,),
        works=(Work(BEATRIZ, "prog-onc2", "2021-09-06", "2026-07-31"),),
        leaving=(Leaving(BEATRIZ, "2026-07-31"),),
        left_for=(
            Job(BEATRIZ, "halvorsen-biotech", "2026-08-17", "", "Director, Alliance Science"),
        ),
        # now Halvorsen's delegate on the JSC
        seats=(
            Seat("jsc-onc1", BEATRIZ, "member", "2026-10-01", representing="halvorsen-biotech"),
        ),
    ),
    Storyline(
        "Tomasz Wójcik: a move inside the cooling-off period",
        "cooling_off (blocks) on ONC-7 / ONC-1 until 2027-03-29 (180 days)",
        cast=(TOMASZ,),
        works=(
            Work(TOMASZ, "prog-onc1", "2021-03-15", "2026-09-30"),
            Work(TOMASZ, "prog-onc7", "2026-10-12"),
        ),
    ),
    Storyline(
        "Ines Duarte: the same move, cooled off",
        "no finding on purpose: her 180 days ended on 2026-09-27 (blocked as of 2026-08-01)",
        cast=(INES,),
        works=(
            Work(INES, "prog-onc1", "2022-01-10", "2026-03-31"),
            Work(INES, "prog-onc7", "2026-04-13"),
        ),
    ),
    Storyline(
        "Elif Yıldız: mentored across the KRAS firewall",
        "indirect_exposure, one hop: [Elif, Rafael Costa, ONC-1]",
        cast=(ELIF,),
        works=(Work(ELIF, "prog-onc7", "2023-07-03"),),
        influences=(Influence(RAFAEL, ELIF, "0.8", "2023-09-01"),),
    ),
    Storyline(
        "Nadia Haddad: two hops across the SHP2 firewall",
        "indirect_exposure, two hops: [Nadia, Grace Liu, Marco Bellini, ONC-3]",
        cast=(NADIA, GRACE),
        works=(Work(NADIA, "prog-onc9", "2024-02-12"),),
        # Marco (ONC-3) influences Grace Liu, Nadia's manager
        influences=(Influence(MARCO, GRACE, "0.6", "2022-05-01"),),
    ),
    Storyline(
        "Yusuf Demir: a breach that starts in February 2027",
        "firewall_breach on IMM-3 / MET-1 from 2027-02-01 (no finding today): the firewall and his Quillon JSC seat both start then",
        cast=(YUSUF,),
        works=(Work(YUSUF, "prog-imm3", "2022-06-13"),),
        seats=(Seat("jsc-met1", YUSUF, "member", "2027-02-01"),),
    ),
    Storyline(
        "Priya Raman: a five-year cooling-off",
        "cooling_off (blocks) on all-imm1 / all-imm2 until 2031-10-30: the long-lived one",
        cast=(PRIYA,),
        # left Rivière's IMM-5, on Takamura's IMM-2: the alliances are firewalled for 5 years
        works=(
            Work(PRIYA, "prog-imm5", "2022-09-12", "2026-10-31"),
            Work(PRIYA, "prog-imm2", "2026-11-02"),
        ),
    ),
    Storyline(
        "Hamid Karimi: a breach between two alliances",
        "firewall_breach (blocks) on all-imm1 / all-imm2, open-ended",
        cast=(HAMID,),
        # sits on Takamura's JCC and was lent to Rivière's IMM-6
        works=(Work(HAMID, "prog-imm6", "2026-10-05", role="launch planning"),),
        seats=(Seat("jcc-imm1", HAMID, "member", "2023-01-16"),),
    ),
    Storyline(
        "Oluwaseun Adeyemi: the opt-in firewall",
        "cooling_off (blocks) on CGT-1 / CGT-3 until 2027-01-13 (90 days)",
        cast=(SEUN,),
        works=(
            Work(SEUN, "prog-cgt3", "2024-04-08", "2026-10-15"),
            Work(SEUN, "prog-cgt1", "2026-10-19"),
        ),
    ),
    Storyline(
        "Zoë Ångström: the clear candidate",
        "check-staffing for ONC-7: clear (no tie to ONC-1 within two hops, no interests)",
        cast=(ZOE,),
        works=(Work(ZOE, "prog-neu2", "2022-03-14"),),
    ),
    Storyline(
        "Siobhán O'Neill: the candidate to review",
        "check-staffing for ONC-7: review (conflict_of_interest through a family interest in Kestrel); conflicts does not list her",
        cast=(SIOBHAN,),
        works=(Work(SIOBHAN, "prog-neu1", "2022-06-01"),),
        interests=(Interest(SIOBHAN, "kestrel", "family", "2023-08-01"),),  # her spouse works there
    ),
    Storyline(
        "Hye-jin Park: joined from a partner, on a program without one",
        "no finding today (RARE-2's alliance has ended); check-staffing on an Aurelia program: review",
        cast=(HYEJIN,),
        works=(Work(HYEJIN, "prog-rare2", "2026-04-01"),),  # at Meridian since 2026-03-16
        came_from=(Job(HYEJIN, "aurelia", "2021-05-03", "2026-02-27", "Scientist"),),
    ),
    Storyline(
        "Nomvula Dlamini: joins in January 2027",
        "a future hire_date (2027-01-04) and a future assignment (MET-1, from 2027-02-01)",
        # no cast on purpose: as a joiner she takes part in her team's background influence
        works=(Work(NOMVULA, "prog-met1", "2027-02-01"),),
    ),
    Storyline(
        "Joined from partners long ago",
        "no conflict of interest: the employment ended more than a year ago",
        came_from=(
            Job("Haruka Ito", "takamura", "2012-04-01", "2019-03-31", "Licensing Manager"),
            Job("Jamal Wright", "kestrel", "2018-06-04", "2023-03-17", "Program Manager"),
            Job("Chiamaka Eze", "aurelia", "2012-09-01", "2018-06-15", "Senior Scientist"),
            Job("Vikram Iyer", "halvorsen", "2009-01-05", "2016-12-16", "Group Leader, Chemistry"),
            Job(
                Delegate("kestrel", 1), "halvorsen-biotech", "2014-02-03", "2020-08-28", "Scientist"
            ),
            Job(INES, "corvane", "2018-09-03", "2021-06-25", "Research Associate"),
        ),
    ),
    Storyline(
        "Interests that are no conflict",
        "no conflict of interest: shares of one's own employer's group, a CRO that is no counterparty, an interest that ended",
        interests=(
            *(
                Interest(p, "meridian", "equity", "2019-01-01")
                for p in (
                    "Margaret Okonkwo",
                    "Henrik Dahl",
                    "Anjali Mehta",
                    "Daniel Whitaker",
                    "Kenji Watanabe",
                )
            ),
            Interest(
                Delegate("halvorsen-biotech", 0), "halvorsen", "equity", "2018-01-01"
            ),  # Halvorsen's JSC chair
            Interest(Delegate("takamura", 0), "takamura", "equity", "2015-01-01"),
            Interest("Paulo Ferraz", "saltmarsh", "consultant", "2022-01-01"),
            # Amara's earlier consultancy for Halvorsen Diagnostics
            Interest(AMARA, "halvorsen-diagnostics", "consultant", "2020-01-01", "2023-12-31"),
        ),
    ),
    Storyline(
        "Partners' delegates who left",
        "ended seats: a delegate's seat ends with their job (Halvorsen's in May 2026, Takamura's in September 2026)",
        leaving=(
            Leaving(Delegate("halvorsen-biotech", -1), "2026-05-31"),
            Leaving(Delegate("takamura", -1), "2026-09-30"),
        ),
        seats=(
            Seat(
                "jsc-onc1", Delegate("halvorsen-biotech", -1), "member", "2021-03-15", "2026-05-31"
            ),
            Seat("jsc-imm1", Delegate("takamura", -1), "member", "2020-04-20", "2026-09-30"),
        ),
    ),
    Storyline(
        "Dana Ruiz: an interim waiver that has expired",
        "a decision on her firewall_breach (decisions.csv): waived by Legal from 2026-06-01 to 2026-10-31, so not counted then (as of 2026-10-15: exit 0 for it) and blocking again from 2026-11-01",
        decisions=(
            Decided(
                "firewall_breach",
                DANA,
                "prog-onc7",
                "prog-onc1",
                "waived",
                "Legal",
                "interim cover on the JSC while ONC-1's biology lead was on leave",
                "2026-06-01",
                "2026-10-31",
            ),
        ),
    ),
    Storyline(
        "The Halvorsen licence: ONC-7 on an exclusive target",
        "contract_conflict (review) on the Halvorsen licence / ONC-7 from 2026-09-14: ONC-7 (Kestrel) took up KRAS G12D, which the licence makes exclusive; ONC-1, which the licence covers, is no finding",
        agreements=(
            Agreement(
                "agr-halvorsen-kras",
                "Halvorsen KRAS G12D licence",
                "licence",
                ("meridian", "halvorsen"),
                "2021-03-01",
                covers=("all-onc1",),
                exclusive=("tgt-kras-g12d",),
            ),
            Agreement(
                "agr-kestrel",
                "Kestrel degrader collaboration agreement",
                "collaboration",
                ("meridian", "kestrel"),
                "2023-06-01",
                covers=("all-onc2",),
            ),
        ),
        addresses=(
            Addresses("prog-onc1", "tgt-kras-g12d", "2021-03-01"),
            Addresses("prog-onc7", "tgt-kras-g12d", "2026-09-14"),  # the degrader's new warhead
        ),
    ),
    Storyline(
        "SOS1: two partners' programs on one target",
        "missing_firewall (review) on ONC-3 / ONC-8 from 2026-10-01: Halvorsen's ONC-3 added SOS1, Kestrel's ONC-8 degrades it, no firewall between them; ONC-3 and ONC-9 on SHP2 are firewalled, no finding",
        addresses=(
            Addresses("prog-onc3", "tgt-shp2", "2022-02-01"),
            Addresses("prog-onc9", "tgt-shp2", "2024-02-01"),
            Addresses("prog-onc8", "tgt-sos1", "2023-06-01"),
            Addresses("prog-onc3", "tgt-sos1", "2026-10-01"),  # SHP2 + SOS1 combination arm
        ),
    ),
    Storyline(
        "Nora Aldridge: a notice to Halvorsen, overdue",
        "deadlines: the notice of ONC-7's KRAS G12D work was due 2026-10-14 (overdue); Kestrel's annual report is due 2026-12-15; a royalty statement done on time is not listed",
        obligations=(
            Obligation(
                "obl-halvorsen-notice",
                "agr-halvorsen-kras",
                "Notice to Halvorsen of other KRAS G12D work",
                "2026-10-14",
                "Nora Aldridge",
            ),
            Obligation(
                "obl-halvorsen-royalty",
                "agr-halvorsen-kras",
                "Royalty statement Q3 2026",
                "2026-10-31",
                "Nora Aldridge",
                done="2026-10-28",
            ),
            Obligation(
                "obl-kestrel-report",
                "agr-kestrel",
                "Annual research report to Kestrel",
                "2026-12-15",
                "Jamal Wright",
            ),
            Obligation(
                "obl-kestrel-optin",
                "agr-kestrel",
                "Kestrel opt-in notice for ONC-8",
                "2027-03-01",
                "Jamal Wright",
            ),
        ),
    ),
]
