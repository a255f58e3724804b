# ruff: noqa: E501  (the data tables read best one record per line)
"""Write the demo portfolio in ``examples/demo/``: Meridian Therapeutics and its partners.

The demo is there to be read by people (alliance managers trying allymap, reviewers of the
rules), so it is generated rather than typed, but every storyline that makes a rule fire is
written out by hand below (the named people in :func:`build`, ``story_works``, the committees,
interests and the two influence bridges; ids in ``STORY_IDS``) and the random part only fills
in the background: team members, their assignments, who influences whom inside a team, so a
background finding can only be the ripple of a storyline. Random choices come from
one seeded ``random.Random`` and only ever iterate over lists, so the files are byte-for-byte
the same on every run and every machine; ``tests/test_demo_data.py`` regenerates them and
compares.

"Now" is the fixed day ``TODAY`` (2026-11-22). Recent events are placed relative to it. The
storylines that must keep working for years use open-ended edges (Dana Ruiz's breach, the
conflicts of interest through equity and advisory roles, the exposures) or a long cooling-off
(Priya Raman, 5 years); the others (Tomasz Wójcik's 180 days, Lukas Brandt's former
employment) fade out in 2027 as they would in real life. The background is built so that it
causes no finding of its own: teams work on one side of a firewall only, reporting lines split
at the VP level per side ("firewall-aware reporting lines"), and background influence stays
inside a side. examples/demo/README.md tells every storyline with its ids and outcome.

    python examples/make_demo.py            # rewrites examples/demo/*.csv
    python examples/make_demo.py --out DIR  # writes elsewhere (tests)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TODAY = "2026-11-22"
SEED = 20261122
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "demo"

NODE_HEADER = [
    "id",
    "type",
    "name",
    "country",
    "therapeutic_area",
    "modality",
    "stage",
    "description",
]
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

FILES = {
    "nodes": "companies_alliances.csv",
    "edges": "relationships.csv",
    "hr": "hr_export.csv",
    "roster": "committee_roster.csv",
}

# ---- companies ------------------------------------------------------------------------------
# id, name, country, description
COMPANIES = [
    ("meridian", "Meridian Therapeutics", "US", "Us: mid-size research pharma, Boston"),
    ("meridian-biologics", "Meridian Biologics GmbH", "DE", "Our biologics manufacturing arm"),
    ("halvorsen", "Halvorsen Pharma AG", "CH", "Big pharma; partner, supplier and competitor"),
    ("halvorsen-biotech", "Halvorsen Biotech Inc.", "US", "Halvorsen's US research unit"),
    ("halvorsen-diagnostics", "Halvorsen Diagnostics ApS", "DK", "Halvorsen's diagnostics unit"),
    ("kestrel", "Kestrel Bio", "US", "Degrader biotech; alliance partner only"),
    ("takamura", "Takamura Seiyaku K.K.", "JP", "Immunology partner, customer and shareholder"),
    ("riviere", "Rivière Pharma SA", "FR", "Dermatology partner and competitor"),
    ("aurelia", "Aurelia Biosciences Ltd", "GB", "Neuroscience partner; we hold 8%"),
    ("verdance", "Verdance Group plc", "GB", "Holding of Lumis and Fjordline"),
    ("lumis", "Lumis Cell Therapies", "US", "Cell-therapy partner (Verdance group)"),
    ("fjordline", "Fjordline Chemicals AS", "NO", "Contract manufacturer (Verdance group)"),
    ("pellucid", "Pellucid Therapeutics", "US", "Former rare-disease partner (ended 2025)"),
    ("quillon", "Quillon Biologics", "CA", "Metabolic partner from February 2027"),
    ("corvane", "Corvane Oncology", "US", "KRAS competitor of Halvorsen"),
    ("saltmarsh", "Saltmarsh Clinical Research Ltd", "IE", "Contract research organisation"),
    ("zhenhua", "Zhenhua BioPharma Co.", "CN", "Competitor; customer from March 2027"),
    ("ilex", "Ilex Diagnostics Inc.", "US", "Diagnostics developer; Halvorsen holds 15%"),
]
COMPANY_NAME = {cid: name for cid, name, _, _ in COMPANIES}

# ---- alliances and programs -----------------------------------------------------------------
# id, name, therapeutic area, since, until, partner, partner role, description
ALLIANCES = [
    ("all-onc1", "Halvorsen KRAS Alliance", "Oncology", "2021-03-01", "", "halvorsen-biotech",
     "licensee", "Co-development of KRAS G12D medicines"),
    ("all-onc2", "Kestrel Degrader Collaboration", "Oncology", "2023-06-01", "", "kestrel",
     "partner", "Targeted protein degraders for RAS-pathway cancers"),
    ("all-imm1", "Takamura Immunology Alliance", "Immunology", "2020-04-01", "", "takamura",
     "licensee", "IL-23 pathway and gut immunology, Japan and Asia rights to Takamura"),
    ("all-imm2", "Rivière Dermatology Alliance", "Immunology", "2022-09-01", "", "riviere",
     "partner", "Topical and nanobody IL-23 medicines for psoriasis"),
    ("all-neu1", "Aurelia Neuroscience Alliance", "Neuroscience", "2021-11-15", "", "aurelia",
     "licensor", "Parkinson's and neuroinflammation"),
    ("all-cgt1", "Lumis Cell Therapy Alliance", "Oncology", "2024-01-15", "", "lumis",
     "partner", "Allogeneic CAR-T; Lumis may opt in to CGT-3"),
    ("all-rare1", "Pellucid Rare Disease Alliance", "Rare disease", "2022-01-01", "2025-12-31",
     "pellucid", "licensor", "Ended 31 December 2025; programs returned to Meridian"),
    ("all-met1", "Quillon Metabolic Alliance", "Metabolic", "2027-02-01", "", "quillon",
     "licensor", "Signed 2026-10; starts 1 February 2027"),
]  # fmt: skip

# id, name, alliance, modality, stage, since (PART_OF), until (PART_OF)
PROGRAMS = [
    ("prog-onc1", "ONC-1 KRAS G12D inhibitor", "all-onc1", "small molecule", "Phase 1", "2021-03-01", ""),
    ("prog-onc2", "ONC-2 KRAS G12D companion biomarker", "all-onc1", "diagnostic", "Discovery", "2021-09-01", ""),
    ("prog-onc3", "ONC-3 SHP2 combination", "all-onc1", "small molecule", "Preclinical", "2022-02-01", ""),
    ("prog-onc4", "ONC-4 pan-RAS imaging agent", "all-onc1", "radioligand", "Discovery", "2023-05-01", ""),
    ("prog-onc7", "ONC-7 KRAS degrader", "all-onc2", "degrader", "Preclinical", "2023-06-01", ""),
    ("prog-onc8", "ONC-8 SOS1 degrader", "all-onc2", "degrader", "Discovery", "2023-06-01", ""),
    ("prog-onc9", "ONC-9 SHP2 degrader", "all-onc2", "degrader", "Discovery", "2024-02-01", ""),
    ("prog-imm1", "IMM-1 IL-23 antibody", "all-imm1", "antibody", "Phase 2", "2020-04-01", ""),
    ("prog-imm2", "IMM-2 oral IL-23R peptide", "all-imm1", "peptide", "Phase 1", "2021-01-15", ""),
    ("prog-imm3", "IMM-3 gut-restricted GPR35 agonist", "all-imm1", "small molecule", "Preclinical", "2022-06-01", ""),
    ("prog-imm4", "IMM-4 TL1A antibody", "all-imm1", "antibody", "Discovery", "2024-03-01", ""),
    ("prog-imm5", "IMM-5 IL-23p19 nanobody", "all-imm2", "nanobody", "Preclinical", "2022-09-01", ""),
    ("prog-imm6", "IMM-6 topical TYK2 inhibitor", "all-imm2", "small molecule", "Phase 1", "2023-03-01", ""),
    ("prog-neu1", "NEU-1 LRRK2 inhibitor", "all-neu1", "small molecule", "Phase 1", "2021-11-15", ""),
    ("prog-neu2", "NEU-2 alpha-synuclein antibody", "all-neu1", "antibody", "Preclinical", "2022-03-01", ""),
    ("prog-neu3", "NEU-3 TREM2 agonist antibody", "all-neu1", "antibody", "Discovery", "2023-09-01", ""),
    ("prog-neu4", "NEU-4 brain-shuttle platform", "all-neu1", "platform", "Discovery", "2024-06-01", ""),
    ("prog-cgt1", "CGT-1 CD19 allogeneic CAR-T", "all-cgt1", "cell therapy", "Phase 1", "2024-01-15", ""),
    ("prog-cgt2", "CGT-2 base-editing platform", "all-cgt1", "gene editing", "Discovery", "2024-01-15", ""),
    ("prog-cgt3", "CGT-3 BCMA CAR-T (opt-in)", "all-cgt1", "cell therapy", "Preclinical", "2024-04-01", ""),
    ("prog-rare1", "RARE-1 Fabry enzyme replacement", "all-rare1", "enzyme", "Preclinical", "2022-01-01", "2025-12-31"),
    ("prog-rare2", "RARE-2 Pompe gene therapy", "all-rare1", "gene therapy", "Preclinical", "2022-01-01", "2025-12-31"),
    ("prog-rare3", "RARE-3 PKU enzyme", "all-rare1", "enzyme", "Discovery", "2023-02-01", "2025-12-31"),
    ("prog-met1", "MET-1 oral GPR35/GLP-1 dual agonist", "all-met1", "small molecule", "Discovery", "2027-02-01", ""),
    ("prog-met2", "MET-2 long-acting amylin analogue", "all-met1", "peptide", "Discovery", "2027-02-01", ""),
]  # fmt: skip
AREA = {a[0]: a[2] for a in ALLIANCES}

# a, b, since, until, reason, cooling_off_days
FIREWALLS = [
    ("prog-onc1", "prog-onc7", "2023-06-01", "",
     "competing KRAS programs with two partners (Halvorsen and Kestrel)", 180),
    ("prog-onc3", "prog-onc9", "2024-02-01", "",
     "SHP2: Halvorsen holds the combination rights, Kestrel the degrader rights", 0),
    ("all-imm1", "all-imm2", "2022-09-01", "",
     "competing IL-23 pathway alliances with Takamura and Rivière; 5-year clinical-data cooling-off",
     1825),
    ("prog-cgt1", "prog-cgt3", "2024-04-01", "",
     "Lumis opt-in: CGT-3 data stays away from CGT-1 until Lumis opts in", 90),
    ("all-rare1", "all-neu1", "2022-01-01", "2025-12-31",
     "Pellucid CNS exclusivity (ended with the alliance)", 0),
    ("prog-imm3", "prog-met1", "2027-02-01", "",
     "Takamura and Quillon both hold exclusive rights on GPR35", 90),
]  # fmt: skip

# source, target, type, since, until, props
COMPANY_EDGES: list[tuple[str, str, str, str, str, dict[str, str]]] = [
    ("meridian-biologics", "meridian", "SUBSIDIARY_OF", "2019-07-01", "", {}),
    ("halvorsen-biotech", "halvorsen", "SUBSIDIARY_OF", "2017-04-01", "", {}),
    ("halvorsen-diagnostics", "halvorsen", "SUBSIDIARY_OF", "2020-10-01", "", {}),
    ("lumis", "verdance", "SUBSIDIARY_OF", "2022-03-15", "", {}),
    ("fjordline", "verdance", "SUBSIDIARY_OF", "2015-01-01", "", {}),
    ("halvorsen-diagnostics", "meridian", "SUPPLIES", "2024-05-01", "",
     {"what": "KRAS G12D companion diagnostic kits"}),
    ("meridian", "halvorsen", "CUSTOMER_OF", "2023-01-01", "",
     {"what": "comparator drug for ONC-1 trials"}),
    ("meridian-biologics", "takamura", "SUPPLIES", "2023-07-01", "",
     {"what": "IMM-1 antibody drug substance"}),
    ("fjordline", "meridian", "SUPPLIES", "2020-03-01", "",
     {"what": "GMP intermediates for small molecules"}),
    ("saltmarsh", "meridian", "SUPPLIES", "2019-01-01", "", {"what": "clinical trial services"}),
    ("ilex", "meridian", "SUPPLIES", "2021-01-01", "2025-06-30",
     {"what": "companion diagnostic development"}),
    ("meridian-biologics", "halvorsen-biotech", "SUPPLIES", "2022-01-01", "2024-12-31",
     {"what": "cell-line development services"}),
    ("zhenhua", "meridian", "CUSTOMER_OF", "2027-03-01", "",
     {"what": "ONC-1 clinical supply for trials in China"}),
    ("halvorsen", "meridian", "COMPETES_WITH", "2022-01-01", "", {"market": "KRAS inhibitors (NSCLC)"}),
    ("riviere", "meridian", "COMPETES_WITH", "2020-06-01", "", {"market": "psoriasis biologics"}),
    ("zhenhua", "meridian", "COMPETES_WITH", "2024-01-01", "", {"market": "KRAS inhibitors (China)"}),
    ("corvane", "halvorsen", "COMPETES_WITH", "2021-01-01", "", {"market": "KRAS inhibitors"}),
    ("corvane", "kestrel", "COMPETES_WITH", "2023-01-01", "", {"market": "targeted protein degraders"}),
    ("takamura", "riviere", "COMPETES_WITH", "2019-01-01", "", {"market": "IL-23 biologics"}),
    ("takamura", "meridian", "OWNS_STAKE_IN", "2021-09-01", "", {"percent": "4.9"}),
    ("meridian", "aurelia", "OWNS_STAKE_IN", "2023-01-15", "", {"percent": "8.0"}),
    ("halvorsen", "ilex", "OWNS_STAKE_IN", "2020-02-01", "", {"percent": "15.0"}),
    ("verdance", "quillon", "OWNS_STAKE_IN", "2024-09-01", "", {"percent": "12.5"}),
]  # fmt: skip

# ---- names ----------------------------------------------------------------------------------
FIRST_NAMES = [
    "Aaliyah",
    "Abebe",
    "Adrián",
    "Ahmed",
    "Aiko",
    "Akira",
    "Alejandro",
    "Aleksandra",
    "Amani",
    "Ana",
    "Andrei",
    "Anh",
    "Anika",
    "Arjun",
    "Astrid",
    "Ayesha",
    "Baraka",
    "Bianca",
    "Bo",
    "Camila",
    "Carlos",
    "Chidi",
    "Chloé",
    "Daniela",
    "Darius",
    "Deepa",
    "Diego",
    "Dmitri",
    "Ebele",
    "Eero",
    "Elena",
    "Emeka",
    "Emma",
    "Esther",
    "Fatima",
    "Felipe",
    "Femi",
    "Freya",
    "Gabriel",
    "Hana",
    "Hannah",
    "Hiroshi",
    "Ibrahim",
    "Ingmar",
    "Isabela",
    "Ivan",
    "Jae-won",
    "Jamila",
    "Javier",
    "Jia",
    "Johan",
    "Joon",
    "Julia",
    "Kai",
    "Kamala",
    "Karin",
    "Kavya",
    "Kemal",
    "Kenta",
    "Kofi",
    "Laila",
    "Lars",
    "Leila",
    "Leo",
    "Lina",
    "Lucía",
    "Maja",
    "Malik",
    "Mariam",
    "Mateo",
    "Mei",
    "Mikael",
    "Min-jun",
    "Mira",
    "Nia",
    "Nikhil",
    "Nils",
    "Noor",
    "Olga",
    "Omar",
    "Pablo",
    "Paolo",
    "Pedro",
    "Rahul",
    "Rania",
    "Rashid",
    "Rosa",
    "Ruth",
    "Sakura",
    "Samir",
    "Sara",
    "Sebastián",
    "Shreya",
    "Sigrid",
    "Sina",
    "Sofia",
    "Stefan",
    "Sunita",
    "Tariq",
    "Thandiwe",
    "Theo",
    "Tiago",
    "Uma",
    "Valentina",
    "Vikas",
    "Wei",
    "Xin",
    "Yara",
    "Yuki",
    "Zainab",
    "Zara",
    "Zoltán",
    "Björn",
    "Émilie",
    "Łucja",
    "Çağla",
    "Nguyen",
]
LAST_NAMES = [
    "Abara",
    "Acheampong",
    "Adler",
    "Aguilar",
    "Ahmadi",
    "Andersen",
    "Bakker",
    "Banerjee",
    "Barros",
    "Becker",
    "Berg",
    "Bhatt",
    "Castillo",
    "Chaudhry",
    "Cho",
    "Cohen",
    "Dang",
    "Das",
    "Delgado",
    "Diallo",
    "Dimitrov",
    "Eklund",
    "Farouk",
    "Ferreira",
    "Fujita",
    "Gallo",
    "García",
    "Ghosh",
    "Gupta",
    "Haas",
    "Hansen",
    "Hashemi",
    "Herrera",
    "Hoang",
    "Horvat",
    "Ibekwe",
    "Iwasaki",
    "Jansen",
    "Jovanović",
    "Kapoor",
    "Kato",
    "Keller",
    "Khan",
    "Kim",
    "Kowalski",
    "Kumar",
    "Lam",
    "Larsen",
    "Lee",
    "Lopes",
    "Lund",
    "Maddox",
    "Mahlangu",
    "Marino",
    "Moreau",
    "Morales",
    "Mwangi",
    "Nakamura",
    "Navarro",
    "Ng",
    "Nielsen",
    "Novak",
    "Nowak",
    "Obi",
    "Oliveira",
    "Ortiz",
    "Patel",
    "Pereira",
    "Petrov",
    "Quinn",
    "Rahman",
    "Reyes",
    "Richter",
    "Rossi",
    "Sato",
    "Schmidt",
    "Sen",
    "Shah",
    "Silva",
    "Singh",
    "Sokolov",
    "Suzuki",
    "Tan",
    "Tanaka",
    "Torres",
    "Tran",
    "Vargas",
    "Varga",
    "Volkov",
    "Wagner",
    "Wang",
    "Weber",
    "Yamamoto",
    "Zhang",
    "Zimmermann",
    "Zhou",
    "Åberg",
    "Müller",
    "Doğan",
    "Sørensen",
]

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
    return "p-" + slug(name)


def add_days(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


def later(a: str, b: str) -> str:
    return max(a, b)


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
    pool: list[str] = field(default_factory=list)  # programs the team works on
    in_hr: bool = True


@dataclass
class Demo:
    nodes: list[list[str]] = field(default_factory=list)
    edges: list[list[str]] = field(default_factory=list)
    hr: list[list[str]] = field(default_factory=list)
    roster: list[list[str]] = field(default_factory=list)


class Builder:
    """Collects people and rows; all randomness goes through ``self.rng``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: dict[str, Person] = {}
        self.order: list[str] = []
        self.edges: list[list[str]] = []
        self.reserved: set[str] = set()

    # -- people
    def person(self, name: str, title: str, function: str, manager: str = "", **kw: object) -> str:
        p = Person(pid(name), name, title, function, kw.pop("company", "meridian"), manager)  # type: ignore[arg-type]
        for k, v in kw.items():
            setattr(p, k, v)
        if p.id in self.people:
            raise ValueError(f"duplicate person id {p.id}")
        if not p.location:
            p.location = self.people[manager].location if manager else "Boston, US"
        if not p.side and manager and p.in_hr:
            p.side = self.people[manager].side
        self.people[p.id] = p
        self.order.append(p.id)
        return p.id

    def fresh_name(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if pid(name) not in self.people and pid(name) not in self.reserved | STORY_IDS:
                self.reserved.add(pid(name))
                return name

    def hire_date(self, lo: str = "2010-01-01", hi: str = "2025-06-30") -> str:
        a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        return (a + dt.timedelta(days=self.rng.randrange((b - a).days))).isoformat()

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


# ---- the organisation -----------------------------------------------------------------------
PROGRAM_START = {p[0]: p[5] for p in PROGRAMS}
PROGRAM_ALLIANCE = {p[0]: p[2] for p in PROGRAMS}

TITLES = {
    "Chemistry": ["Research Associate, Chemistry", "Scientist, Medicinal Chemistry",
                  "Senior Scientist, Medicinal Chemistry", "Principal Scientist, Chemistry"],
    "Biology": ["Research Associate, Biology", "Scientist, Biology", "Senior Scientist, Biology",
                "Principal Scientist, Biology"],
    "Clinical": ["Clinical Scientist", "Senior Clinical Scientist", "Clinical Trial Manager"],
    "Regulatory": ["Regulatory Affairs Specialist", "Senior Regulatory Manager"],
    "CMC": ["Process Chemist", "Senior Process Chemist", "Analytical Scientist",
            "Manufacturing Scientist", "QA Specialist"],
    "Legal": ["Counsel, Alliances", "Senior Counsel, IP", "Contracts Manager", "Paralegal"],
    "Finance": ["Financial Analyst", "Senior Accountant", "Controller", "Alliance Finance Lead"],
    "People": ["HR Business Partner", "Talent Partner", "People Operations Specialist"],
    "IT": ["Data Engineer", "IT Systems Analyst", "Research Informatics Scientist"],
    "Business Development": ["Business Development Manager", "Search & Evaluation Lead"],
}  # fmt: skip
ROLE_OF = {
    "Chemistry": "chemist",
    "Biology": "biologist",
    "Clinical": "clinical scientist",
    "Regulatory": "regulatory lead",
    "CMC": "CMC lead",
}


def build(seed: int = SEED) -> Demo:
    """Build the whole demo in memory (deterministic for a given seed)."""
    b = Builder(seed)
    P = b.person
    demo = Demo()

    # -- leadership (no program access; influence each other only)
    ceo = P(
        "Margaret Okonkwo", "Chief Executive Officer", "Executive", hire="2012-03-01", side="lead"
    )
    cso = P(
        "Henrik Dahl", "Chief Scientific Officer", "Research", ceo, hire="2014-09-01", side="lead"
    )
    cmo = P(
        "Anjali Mehta", "Chief Medical Officer", "Clinical", ceo, hire="2016-02-15", side="lead"
    )
    cbo = P(
        "Daniel Whitaker",
        "Chief Business Officer",
        "Alliance Management",
        ceo,
        hire="2017-05-02",
        side="lead",
    )
    gc = P("Claire Fontaine", "General Counsel", "Legal", ceo, hire="2015-01-12", side="lead")
    cto = P("Kenji Watanabe", "Chief Technical Officer", "CMC", ceo, hire="2013-06-03", side="lead")
    cfo = P(
        "Roberto Silva", "Chief Financial Officer", "Finance", ceo, hire="2018-10-01", side="lead"
    )
    cpo = P("Adwoa Mensah", "Chief People Officer", "People", ceo, hire="2019-03-18", side="lead")

    def team(
        manager: str,
        size: int,
        function: str,
        pool: Sequence[str],
        side: str = "",
        location: str = "",
        company: str = "meridian",
    ) -> list[str]:
        ids = []
        for _ in range(size):
            title = b.rng.choice(TITLES[function])
            ids.append(
                P(
                    b.fresh_name(),
                    title,
                    function,
                    manager,
                    hire=b.hire_date(),
                    pool=list(pool),
                    side=side or b.people[manager].side,
                    location=location or b.people[manager].location,
                    company=company,
                )
            )
        return ids

    H = ["prog-onc1", "prog-onc2", "prog-onc3", "prog-onc4"]
    K = ["prog-onc7", "prog-onc8", "prog-onc9"]
    T = ["prog-imm1", "prog-imm2", "prog-imm3", "prog-imm4"]
    R = ["prog-imm5", "prog-imm6"]
    N = ["prog-neu1", "prog-neu2", "prog-neu3", "prog-neu4"]

    # -- Research: one VP per firewall side, so reporting lines do not bridge firewalls
    vp_h = P(
        "Ingrid Solberg", "VP Oncology Research", "Biology", cso, hire="2016-08-01", side="lead"
    )
    d_medchem = P(
        "Vikram Iyer",
        "Director, Medicinal Chemistry (KRAS)",
        "Chemistry",
        vp_h,
        hire="2017-01-09",
        side="H",
    )
    d_canbio = P(
        "Olivia Brennan", "Director, Cancer Biology", "Biology", vp_h, hire="2018-04-16", side="H"
    )
    soren = P(
        "Søren Kierkegård",
        "Principal Scientist, Medicinal Chemistry",
        "Chemistry",
        d_medchem,
        hire="2018-09-03",
        pool=H,
    )
    jose = P(
        "José Núñez",
        "Senior Scientist, Medicinal Chemistry",
        "Chemistry",
        d_medchem,
        hire="2020-02-10",
        pool=H,
    )
    lukas = P(
        "Lukas Brandt",
        "Scientist, Medicinal Chemistry",
        "Chemistry",
        d_medchem,
        hire="2026-06-22",
        pool=H,
    )
    marco = P(
        "Marco Bellini",
        "Senior Scientist, Medicinal Chemistry",
        "Chemistry",
        d_medchem,
        hire="2019-05-06",
        pool=H,
    )
    team(d_medchem, 7, "Chemistry", H)
    amara = P(
        "Amara Okafor",
        "Senior Scientist, Cancer Biology",
        "Biology",
        d_canbio,
        hire="2019-11-04",
        pool=H,
    )
    rafael = P(
        "Rafael Costa",
        "Associate Director, Cancer Biology",
        "Biology",
        d_canbio,
        hire="2017-10-02",
        pool=H,
    )
    beatriz = P(
        "Beatriz Santos",
        "Senior Scientist, Cancer Biology",
        "Biology",
        d_canbio,
        hire="2019-09-02",
        end="2026-07-31",
        pool=H,
    )
    team(d_canbio, 7, "Biology", H)

    vp_k = P(
        "Thomas Achterberg", "VP Precision Oncology", "Biology", cso, hire="2019-02-04", side="lead"
    )
    d_degchem = P(
        "Mariana Velasco",
        "Director, Degrader Chemistry",
        "Chemistry",
        vp_k,
        hire="2020-06-01",
        side="K",
    )
    d_transonc = P(
        "Kwame Asante",
        "Director, Translational Oncology",
        "Biology",
        vp_k,
        hire="2020-09-14",
        side="K",
    )
    tomasz = P(
        "Tomasz Wójcik",
        "Senior Scientist, Degrader Chemistry",
        "Chemistry",
        d_degchem,
        hire="2021-01-11",
        pool=K,
    )
    ines = P(
        "Ines Duarte",
        "Scientist, Degrader Chemistry",
        "Chemistry",
        d_degchem,
        hire="2021-07-05",
        pool=K,
    )
    team(d_degchem, 7, "Chemistry", K)
    dana = P(
        "Dana Ruiz",
        "Principal Scientist, Translational Oncology",
        "Biology",
        d_transonc,
        hire="2020-11-02",
        pool=K,
    )
    elif_ = P(
        "Elif Yıldız",
        "Scientist, Translational Oncology",
        "Biology",
        d_transonc,
        hire="2022-03-07",
        pool=K,
    )
    grace = P(
        "Grace Liu",
        "Associate Director, Degrader Biology",
        "Biology",
        d_transonc,
        hire="2021-04-19",
    )
    nadia = P(
        "Nadia Haddad",
        "Scientist, Degrader Biology",
        "Biology",
        grace,
        hire="2023-01-09",
        pool=["prog-onc9"],
    )
    team(grace, 2, "Biology", ["prog-onc8"])
    team(d_transonc, 5, "Biology", K)

    vp_t = P(
        "Yuko Hayashi", "VP Immunology Research", "Biology", cso, hire="2015-05-11", side="lead"
    )
    d_immchem = P(
        "Benedikt Auer",
        "Director, Immunology Chemistry",
        "Chemistry",
        vp_t,
        hire="2017-03-06",
        side="T",
    )
    d_immbio = P(
        "Fatima-Zahra Benali",
        "Director, Immunobiology",
        "Biology",
        vp_t,
        hire="2016-10-10",
        side="T",
    )
    yusuf = P(
        "Yusuf Demir",
        "Senior Scientist, Immunology Chemistry",
        "Chemistry",
        d_immchem,
        hire="2020-08-17",
        pool=T,
    )
    team(d_immchem, 7, "Chemistry", T)
    priya = P(
        "Priya Raman",
        "Senior Scientist, Immunobiology",
        "Biology",
        d_immbio,
        hire="2019-06-03",
        pool=T,
    )
    team(d_immbio, 7, "Biology", T)

    h_derm = P(
        "Julien Marchand",
        "Head of Dermatology Research",
        "Biology",
        cso,
        hire="2018-01-08",
        side="R",
        location="Barcelona, ES",
    )
    d_dermchem = P(
        "Carmen Ibarra",
        "Associate Director, Dermatology Chemistry",
        "Chemistry",
        h_derm,
        hire="2019-04-01",
    )
    team(d_dermchem, 6, "Chemistry", R)
    team(h_derm, 6, "Biology", R)

    vp_n = P(
        "Arvid Nyberg",
        "VP Neuroscience",
        "Biology",
        cso,
        hire="2016-03-14",
        side="N",
        location="Cambridge, UK",
    )
    d_neubio = P("Chiamaka Eze", "Director, Neurobiology", "Biology", vp_n, hire="2018-07-02")
    zoe = P(
        "Zoë Ångström",
        "Senior Scientist, Neurobiology",
        "Biology",
        d_neubio,
        hire="2021-02-01",
        pool=N,
    )
    siobhan = P(
        "Siobhán O'Neill",
        "Scientist, Neuropharmacology",
        "Biology",
        d_neubio,
        hire="2022-05-16",
        pool=N,
    )
    team(d_neubio, 7, "Biology", N)
    d_neuchem = P(
        "Paulo Ferraz", "Director, Neuroscience Chemistry", "Chemistry", vp_n, hire="2019-10-21"
    )
    team(d_neuchem, 7, "Chemistry", N)
    d_rare = P(
        "Lena Hoffmann",
        "Director, Rare & Metabolic Disease",
        "Biology",
        vp_n,
        hire="2017-11-06",
        side="M",
        location="Boston, US",
    )
    rare_team = team(d_rare, 6, "Biology", ["prog-rare2", "prog-rare3"])
    hyejin = P(
        "Hye-jin Park",
        "Scientist, Rare Disease Biology",
        "Biology",
        d_rare,
        hire="2026-03-16",
        pool=["prog-rare2"],
    )

    vp_c = P(
        "Rohan Deshpande", "VP Cell & Gene Therapy", "Biology", cso, hire="2023-08-01", side="lead"
    )
    d_cgt1 = P(
        "Emily Tran", "Director, CGT Platform", "Biology", vp_c, hire="2023-10-02", side="C1"
    )
    seun = P(
        "Oluwaseun Adeyemi",
        "Scientist, Cell Therapy",
        "Biology",
        d_cgt1,
        hire="2024-03-04",
        pool=["prog-cgt1", "prog-cgt2"],
    )
    team(d_cgt1, 6, "Biology", ["prog-cgt1", "prog-cgt2"])
    d_cgt3 = P(
        "Hakan Aydın",
        "Director, CGT Opt-in Programs",
        "Biology",
        vp_c,
        hire="2024-02-12",
        side="C3",
    )
    team(d_cgt3, 6, "Biology", ["prog-cgt3", "prog-cgt2"])

    # -- Clinical: a director per side; the team's Medical Director sits on the JSC
    vp_clin = P(
        "Jonas Lindgren", "VP Clinical Development", "Clinical", cmo, hire="2017-09-04", side="lead"
    )
    med_dir: dict[str, str] = {}
    for side, dname, pool in [
        ("H", "Amelia Hart", ["prog-onc1", "prog-onc2"]),
        ("K", "Mehmet Kaya", ["prog-onc7"]),
        ("T", "Sana Qureshi", ["prog-imm1", "prog-imm2"]),
        ("R", "Luca Romano", ["prog-imm5"]),
        ("N", "Aoife Gallagher", ["prog-neu1", "prog-neu2"]),
    ]:
        area = {
            "H": "Oncology",
            "K": "Precision Oncology",
            "T": "Immunology",
            "R": "Dermatology",
            "N": "Neuroscience",
        }[side]
        d = P(
            dname, f"Director, Clinical {area}", "Clinical", vp_clin, hire=b.hire_date(), side=side
        )
        med_dir[side] = P(
            b.fresh_name(),
            f"Medical Director, {area}",
            "Clinical",
            d,
            hire=b.hire_date(),
            pool=pool,
        )
        team(d, 4, "Clinical", pool)

    # -- Regulatory: directors group sides that are never on opposite ends of a firewall
    vp_reg = P(
        "Marta Kowalczyk",
        "VP Regulatory Affairs",
        "Regulatory",
        cmo,
        hire="2016-06-20",
        side="lead",
    )
    for dname, groups in [
        ("Sipho Ndlovu", [("H", ["prog-onc1", "prog-onc2"]), ("T", ["prog-imm1", "prog-imm2"])]),
        (
            "Hélène Roussel",
            [("K", ["prog-onc7"]), ("R", ["prog-imm5", "prog-imm6"]), ("C3", ["prog-cgt3"])],
        ),
        ("Takeshi Mori", [("N", ["prog-neu1"]), ("C1", ["prog-cgt1"])]),
    ]:
        d = P(dname, "Director, Regulatory Affairs", "Regulatory", vp_reg, hire=b.hire_date())
        for side, pool in groups:
            team(d, 3, "Regulatory", pool, side=side)

    # -- CMC and Meridian Biologics GmbH
    vp_cmc = P("Rutendo Moyo", "VP CMC", "CMC", cto, hire="2018-02-05", side="lead")
    d_proc = P(
        "Felix Brandstätter",
        "Director, Process Chemistry",
        "CMC",
        vp_cmc,
        hire="2019-01-14",
        side="H",
    )
    team(d_proc, 7, "CMC", ["prog-onc1", "prog-onc2", "prog-imm1", "prog-imm2", "prog-neu1"])
    d_anal = P(
        "Meera Pillai", "Director, Analytical Sciences", "CMC", vp_cmc, hire="2020-05-04", side="K"
    )
    team(d_anal, 5, "CMC", ["prog-onc7", "prog-onc8", "prog-imm5"])
    md_bio = P(
        "Katrin Vogel",
        "Managing Director, Meridian Biologics",
        "CMC",
        cto,
        hire="2019-07-01",
        company="meridian-biologics",
        location="Heidelberg, DE",
        side="lead",
    )
    d_mfg = P(
        "Jürgen Albrecht",
        "Director, Biologics Manufacturing",
        "CMC",
        md_bio,
        hire="2019-09-02",
        company="meridian-biologics",
        side="T",
    )
    team(d_mfg, 9, "CMC", ["prog-imm1", "prog-cgt2"], company="meridian-biologics")
    d_qa = P(
        "Annika Sjöberg",
        "Director, Quality",
        "CMC",
        md_bio,
        hire="2020-01-06",
        company="meridian-biologics",
        side="Q",
    )
    team(d_qa, 5, "CMC", [], company="meridian-biologics")

    # -- Alliance management: two senior directors, each over alliances never firewalled
    #    against each other, so alliance directors on opposite sides do not share a manager
    sd1 = P(
        "Isabel Fonseca",
        "Senior Director, Alliance Management I",
        "Alliance Management",
        cbo,
        hire="2018-03-05",
        side="AM1",
    )
    sd2 = P(
        "Leon Fischer",
        "Senior Director, Alliance Management II",
        "Alliance Management",
        cbo,
        hire="2019-08-12",
        side="AM2",
    )
    ad = {
        "halvorsen": P(
            "Nora Aldridge",
            "Alliance Director, Halvorsen",
            "Alliance Management",
            sd1,
            hire="2020-02-03",
        ),
        "takamura": P(
            "Haruka Ito",
            "Alliance Director, Takamura",
            "Alliance Management",
            sd1,
            hire="2019-04-15",
            location="Tokyo, JP",
        ),
        "aurelia": P(
            "William Okoro",
            "Alliance Director, Aurelia",
            "Alliance Management",
            sd1,
            hire="2021-10-04",
            location="Cambridge, UK",
        ),
        "lumis": P(
            "Sophie Laurent",
            "Alliance Director, Lumis",
            "Alliance Management",
            sd1,
            hire="2023-11-06",
        ),
        "kestrel": P(
            "Jamal Wright",
            "Alliance Director, Kestrel",
            "Alliance Management",
            sd2,
            hire="2023-04-03",
        ),
        "riviere": P(
            "Camille Dubois",
            "Alliance Director, Rivière",
            "Alliance Management",
            sd2,
            hire="2022-06-13",
            location="Barcelona, ES",
        ),
        "quillon": P(
            "Arash Tehrani",
            "Alliance Director, Quillon and Pellucid",
            "Alliance Management",
            sd2,
            hire="2021-09-20",
        ),
    }
    hamid = P(
        "Hamid Karimi",
        "Director, Commercial Strategy, Immunology",
        "Commercial",
        cbo,
        hire="2021-05-10",
        side="COM",
    )
    bd = P(
        "Ana Sofía Herrera",
        "Head of Business Development",
        "Business Development",
        cbo,
        hire="2020-01-20",
        side="BD",
    )
    team(bd, 4, "Business Development", [])

    # -- support functions (no program access)
    team(gc, 5, "Legal", [], side="S")
    team(cfo, 6, "Finance", [], side="S")
    team(cpo, 5, "People", [], side="S")
    it = P("Dmitri Orlov", "Head of Research IT", "IT", cfo, hire="2018-11-05", side="S")
    team(it, 4, "IT", [])

    # -- a new joiner starting in January 2027 (future edge)
    newbie = P(
        "Nomvula Dlamini",
        "Senior Scientist, Rare Disease Biology",
        "Biology",
        d_rare,
        hire="2027-01-04",
        pool=["prog-met1"],
    )

    # -- a few leavers (end_date in the past) among the background teams
    background = [p for p in b.order if b.people[p].pool and p not in STORY_IDS]
    for p in b.rng.sample(background, 5):
        earliest = max(add_days(b.people[p].hire, 200), add_days(TODAY, -500))
        span = (dt.date.fromisoformat(add_days(TODAY, -40)) - dt.date.fromisoformat(earliest)).days
        if span > 0:
            b.people[p].end = add_days(earliest, b.rng.randrange(span))

    # ---- program assignments ----------------------------------------------------------
    def works(p: str, prog: str, since: str, until: str = "", role: str = "") -> None:
        person = b.people[p]
        b.edge(
            p, prog, "WORKS_ON", since, until, role=role or ROLE_OF.get(person.function, "member")
        )

    story_works = [
        # Dana Ruiz: on ONC-7 (and on the ONC-1 alliance's JSC, see the roster): breach
        (dana, "prog-onc7", "2023-06-15", "", "translational lead"),
        # Søren (ONC-1 lead chemist) is the blocked candidate for ONC-7
        (soren, "prog-onc1", "2021-03-15", "", "lead chemist"),
        (jose, "prog-onc2", "2021-09-06", "", ""),
        (lukas, "prog-onc1", "2026-07-01", "", ""),
        (marco, "prog-onc3", "2022-02-14", "", ""),
        (amara, "prog-onc3", "2022-03-01", "", ""),
        (rafael, "prog-onc1", "2021-04-01", "", "biology lead"),
        (beatriz, "prog-onc2", "2021-09-06", "2026-07-31", ""),
        # Tomasz: left ONC-1 on 2026-09-30, on ONC-7 since 2026-10-12: cooling-off (180 d)
        (tomasz, "prog-onc1", "2021-03-15", "2026-09-30", ""),
        (tomasz, "prog-onc7", "2026-10-12", "", ""),
        # Ines: the same move, but early enough that her cooling-off is over
        (ines, "prog-onc1", "2022-01-10", "2026-03-31", ""),
        (ines, "prog-onc7", "2026-04-13", "", ""),
        (elif_, "prog-onc7", "2023-07-03", "", ""),
        (nadia, "prog-onc9", "2024-02-12", "", ""),
        (yusuf, "prog-imm3", "2022-06-13", "", ""),
        # Priya: left IMM-5 (Rivière) on 2026-10-31, on IMM-2 (Takamura) since 2026-11-02:
        # the alliances are firewalled with a 5-year cooling-off
        (priya, "prog-imm5", "2022-09-12", "2026-10-31", ""),
        (priya, "prog-imm2", "2026-11-02", "", ""),
        # Hamid sits on Takamura's JCC and was lent to Rivière's IMM-6: breach on alliances
        (hamid, "prog-imm6", "2026-10-05", "", "launch planning"),
        # Oluwaseun: left CGT-3 on 2026-10-15, on CGT-1 since 2026-10-19: cooling-off (90 d)
        (seun, "prog-cgt3", "2024-04-08", "2026-10-15", ""),
        (seun, "prog-cgt1", "2026-10-19", "", ""),
        (zoe, "prog-neu2", "2022-03-14", "", ""),
        (siobhan, "prog-neu1", "2022-06-01", "", ""),
        (hyejin, "prog-rare2", "2026-04-01", "", ""),
        (newbie, "prog-met1", "2027-02-01", "", ""),
    ]
    for p, prog, since, until, role in story_works:
        works(p, prog, since, until, role)

    for p in b.order:
        person = b.people[p]
        if p in STORY_IDS or p == newbie or not person.pool:
            continue
        if person.hire > TODAY:
            continue
        if b.rng.random() < 0.08:  # a few people between assignments
            continue
        pool = person.pool
        picks = b.rng.sample(pool, min(len(pool), 1 + (b.rng.random() < 0.35)))
        for prog in picks:
            start = later(person.hire, PROGRAM_START[prog])
            since = add_days(start, b.rng.randrange(3, 120))
            if since >= TODAY:
                since = add_days(TODAY, -b.rng.randrange(20, 60))
            until = person.end
            if until and since > until:
                since = add_days(until, -b.rng.randrange(100, 190))
            if p in rare_team and prog in ("prog-rare2", "prog-rare3") and b.rng.random() < 0.4:
                until = "2025-12-31"
            works(p, prog, since, until)
        # history: an earlier assignment on the same side, ended long ago
        rest = [x for x in pool if x not in picks]
        if rest and b.rng.random() < 0.3:
            prog = b.rng.choice(rest)
            since = later(person.hire, PROGRAM_START[prog])
            until = add_days(since, b.rng.randrange(200, 700))
            if until < "2025-06-30":
                works(p, prog, since, until)
    for p in rare_team:  # the ended Pellucid alliance: everyone had been on RARE-1
        person = b.people[p]
        start = later(person.hire, "2022-01-01")
        if start < "2025-06-01":
            works(p, "prog-rare1", add_days(start, 14), "2025-12-31")
    for p in rare_team[:3]:  # ... and three of them move to Quillon's MET-1 in February 2027
        works(p, "prog-met1", "2027-02-01")

    # ---- partners' people (committee roster) and committees ---------------------------
    partner_people: dict[str, list[str]] = {}

    def partner(company: str, n: int, titles: Sequence[str], location: str) -> list[str]:
        ids = []
        for i in range(n):
            ids.append(
                P(
                    b.fresh_name(),
                    titles[i % len(titles)],
                    "Partner",
                    "",
                    company=company,
                    location=location,
                    in_hr=False,
                    side="P-" + company,
                    hire=b.hire_date("2008-01-01", "2022-12-31"),
                )
            )
        partner_people.setdefault(company, []).extend(ids)
        return ids

    senior = [
        "VP Research",
        "Head of Alliance Management",
        "Director, Clinical Development",
        "Senior Director, Chemistry",
        "Director, Translational Science",
    ]
    hb = partner("halvorsen-biotech", 8, senior, "Cambridge, US")
    ks = partner("kestrel", 4, senior, "San Diego, US")
    tk = partner("takamura", 7, senior, "Osaka, JP")
    rv = partner("riviere", 3, senior, "Lyon, FR")
    au = partner("aurelia", 3, senior, "Oxford, UK")
    lm = partner("lumis", 3, senior, "Philadelphia, US")
    pl = partner("pellucid", 3, senior, "Boston, US")
    ql = partner("quillon", 3, senior, "Toronto, CA")
    # partner-side storylines
    hb_left = hb[-1]  # left Halvorsen (and the JSC) at the end of May 2026
    b.people[hb_left].end = "2026-05-31"
    tk_left = tk[-1]  # left Takamura (and the JSC) at the end of September 2026
    b.people[tk_left].end = "2026-09-30"

    committees: list[tuple[str, str, str, list[tuple[str, str, str, str]]]] = []

    def committee(
        cid: str, name: str, governs: str, members: Iterable[tuple[str, str, str, str]]
    ) -> None:
        committees.append((cid, name, governs, list(members)))

    def seats(
        ids: Iterable[str], since: str, until: str = "", first: str = "member"
    ) -> list[tuple[str, str, str, str]]:
        return [(p, first if i == 0 else "member", since, until) for i, p in enumerate(ids)]

    committee(
        "jsc-onc1",
        "Halvorsen KRAS JSC",
        "all-onc1",
        [
            *seats([d_canbio, ad["halvorsen"], med_dir["H"]], "2021-03-15", first="chair"),
            (dana, "member", "2025-04-01", ""),  # the KRAS biology expert from ONC-7
            *seats(hb[:4], "2021-03-15", first="chair"),
            (hb[4], "alternate", "2023-01-10", ""),
            (beatriz, "member", "2026-10-01", ""),  # now Halvorsen's delegate
            (hb_left, "member", "2021-03-15", "2026-05-31"),
        ],
    )
    committee(
        "jdc-onc1",
        "ONC-1 Joint Development Committee",
        "prog-onc1",
        seats([d_medchem, rafael, soren], "2021-04-01", first="chair")
        + seats(hb[5:7], "2021-04-01")
        + [(hb[0], "observer", "2022-01-10", "")],
    )
    committee(
        "jsc-onc2",
        "Kestrel Degrader JSC",
        "all-onc2",
        seats([d_degchem, ad["kestrel"], med_dir["K"]], "2023-06-15", first="chair")
        + seats(ks, "2023-06-15", first="chair"),
    )
    committee(
        "jsc-imm1",
        "Takamura Immunology JSC",
        "all-imm1",
        seats([d_immbio, ad["takamura"], med_dir["T"]], "2020-04-20", first="chair")
        + seats(tk[:3], "2020-04-20", first="chair")
        + [(tk_left, "member", "2020-04-20", "2026-09-30")],
    )
    committee(
        "jcc-imm1",
        "Takamura Joint Commercialization Committee",
        "all-imm1",
        [
            (ad["takamura"], "chair", "2023-01-16", ""),
            (hamid, "member", "2023-01-16", ""),
            *seats(tk[3:6], "2023-01-16", first="chair"),
        ],
    )
    committee(
        "jsc-imm2",
        "Rivière Dermatology JSC",
        "all-imm2",
        seats([h_derm, ad["riviere"], med_dir["R"]], "2022-09-15", first="chair")
        + seats(rv, "2022-09-15", first="chair"),
    )
    committee(
        "jsc-neu1",
        "Aurelia Neuroscience JSC",
        "all-neu1",
        seats([d_neubio, ad["aurelia"], med_dir["N"]], "2021-12-01", first="chair")
        + seats(au, "2021-12-01", first="chair"),
    )
    committee(
        "jdc-cgt1",
        "CGT-1 Joint Development Committee",
        "prog-cgt1",
        seats([d_cgt1, ad["lumis"]], "2024-02-01", first="chair")
        + seats(lm, "2024-02-01", first="chair"),
    )
    committee(
        "jsc-rare1",
        "Pellucid Rare Disease JSC",
        "all-rare1",
        seats([d_rare, ad["quillon"]], "2022-01-15", "2025-12-31", first="chair")
        + seats(pl, "2022-01-15", "2025-12-31", first="chair"),
    )
    committee(
        "jsc-met1",
        "Quillon Metabolic JSC",
        "all-met1",
        seats([d_rare, ad["quillon"], yusuf], "2027-02-01", first="chair")
        + seats(ql, "2027-02-01", first="chair"),
    )

    # ---- employment of partners' people and of people who joined from partners --------
    for company, ids in partner_people.items():
        for p in ids:
            person = b.people[p]
            b.edge(p, company, "EMPLOYED_BY", person.hire, person.end, title=person.title)
    # Beatriz left us for Halvorsen Biotech and now sits on their side of the JSC
    b.edge(
        beatriz,
        "halvorsen-biotech",
        "EMPLOYED_BY",
        "2026-08-17",
        "",
        title="Director, Alliance Science",
    )
    # Lukas joined us from Halvorsen Biotech five months ago
    b.edge(
        lukas,
        "halvorsen-biotech",
        "EMPLOYED_BY",
        "2019-03-04",
        "2026-06-19",
        title="Senior Scientist",
    )
    # Hye-jin joined from Aurelia in March 2026 but works on RARE-2, which has no alliance now:
    # no conflict today; staffing her on an Aurelia program would be one
    b.edge(hyejin, "aurelia", "EMPLOYED_BY", "2021-05-03", "2026-02-27", title="Scientist")
    # joined from partners long ago (more than a year: no longer a conflict)
    old_moves = [
        (ad["takamura"], "takamura", "2012-04-01", "2019-03-31", "Licensing Manager"),
        (ad["kestrel"], "kestrel", "2018-06-04", "2023-03-17", "Program Manager"),
        (d_neubio, "aurelia", "2012-09-01", "2018-06-15", "Senior Scientist"),
        (d_medchem, "halvorsen", "2009-01-05", "2016-12-16", "Group Leader, Chemistry"),
        (ks[1], "halvorsen-biotech", "2014-02-03", "2020-08-28", "Scientist"),
        (ines, "corvane", "2018-09-03", "2021-06-25", "Research Associate"),
    ]
    for p, company, since, until, title in old_moves:
        b.edge(p, company, "EMPLOYED_BY", since, until, title=title)
    for p in b.rng.sample(
        [
            x
            for x in b.order
            if b.people[x].in_hr and b.people[x].hire < "2024" and x not in STORY_IDS
        ],
        8,
    ):
        person = b.people[p]
        prev = b.rng.choice(["saltmarsh", "fjordline", "ilex", "pellucid", "verdance"])
        start = add_days(person.hire, -b.rng.randrange(900, 3000))
        b.edge(
            p,
            prev,
            "EMPLOYED_BY",
            start,
            add_days(person.hire, -b.rng.randrange(5, 60)),
            title=b.rng.choice(TITLES[person.function if person.function in TITLES else "Biology"]),
        )

    # ---- personal interests -------------------------------------------------------------
    # José holds shares in Halvorsen Pharma AG, parent of our ONC partner Halvorsen Biotech
    b.edge(jose, "halvorsen", "HOLDS_INTEREST_IN", "2020-05-01", "", kind="equity")
    # Amara advises Corvane Oncology, a KRAS competitor of Halvorsen
    b.edge(amara, "corvane", "HOLDS_INTEREST_IN", "2024-09-01", "", kind="advisor")
    # Siobhán's spouse works at Kestrel: only matters if she is staffed on a Kestrel program
    b.edge(siobhan, "kestrel", "HOLDS_INTEREST_IN", "2023-08-01", "", kind="family")
    # interests that are not conflicts: own employer's shares, a CRO that is no counterparty
    for p in (ceo, cso, cmo, cbo, cto):
        b.edge(p, "meridian", "HOLDS_INTEREST_IN", "2019-01-01", "", kind="equity")
    b.edge(hb[0], "halvorsen", "HOLDS_INTEREST_IN", "2018-01-01", "", kind="equity")
    b.edge(tk[0], "takamura", "HOLDS_INTEREST_IN", "2015-01-01", "", kind="equity")
    b.edge(d_neuchem, "saltmarsh", "HOLDS_INTEREST_IN", "2022-01-01", "", kind="consultant")
    # an interest that ended: Amara's earlier consultancy for Halvorsen Diagnostics
    b.edge(
        amara,
        "halvorsen-diagnostics",
        "HOLDS_INTEREST_IN",
        "2020-01-01",
        "2023-12-31",
        kind="consultant",
    )

    # ---- influence ------------------------------------------------------------------------
    # Background: inside a side only (a team, its committees' partner delegates), so it
    # bridges no firewall by accident. The storylines add two deliberate bridges.
    by_side: dict[str, list[str]] = {}
    for p in b.order:
        person = b.people[p]
        if (person.end and person.end < TODAY) or p in STORY_IDS:
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
                    since = later(b.people[p].hire, b.people[q].hire)
                    b.edge(p, q, "INFLUENCES", since, weight=weight)
    # Rafael (ONC-1, on the ONC-1 JDC) mentors Elif (ONC-7): one hop across the KRAS firewall
    b.edge(rafael, elif_, "INFLUENCES", "2023-09-01", "", weight="0.8")
    # Marco (ONC-3) influences Grace Liu, who manages Nadia (ONC-9): two hops across the SHP2 wall
    b.edge(marco, grace, "INFLUENCES", "2022-05-01", "", weight="0.6")

    # ---- write rows -------------------------------------------------------------------------
    for cid, name, country, desc in COMPANIES:
        demo.nodes.append([cid, "Company", name, country, "", "", "", desc])
    for aid, name, area, *_rest, desc in ALLIANCES:
        demo.nodes.append([aid, "Alliance", name, "", area, "", "", desc])
    for prog, name, alliance, modality, stage, _since, _until in PROGRAMS:
        demo.nodes.append([prog, "Program", name, "", AREA[alliance], modality, stage, ""])

    company_rows = Builder(0)
    for aid, _name, _area, since, until, partner_id, role, _desc in ALLIANCES:
        company_rows.edge(
            "meridian",
            aid,
            "PARTY_TO",
            since,
            until,
            role="partner"
            if role == "partner"
            else ("licensor" if role == "licensee" else "licensee"),
        )
        company_rows.edge(partner_id, aid, "PARTY_TO", since, until, role=role)
    for prog, _name, alliance, _m, _s, since, until in PROGRAMS:
        company_rows.edge(prog, alliance, "PART_OF", since, until)
    for s, t, etype, since, until, props in COMPANY_EDGES:
        company_rows.edge(s, t, etype, since, until, **props)
    for a, c, since, until, reason, days in FIREWALLS:
        company_rows.edge(
            a, c, "FIREWALL", since, until, reason=reason, cooling_off_days=days or ""
        )
    demo.edges = company_rows.edges + b.edges

    for p in b.order:
        person = b.people[p]
        if not person.in_hr:
            continue
        email = slug(person.name).replace("-", ".") + "@meridian-tx.example"
        demo.hr.append(
            [
                person.id,
                person.name,
                person.title,
                person.company,
                COMPANY_NAME[person.company],
                person.manager,
                person.function,
                person.hire,
                person.end,
                email,
                person.location,
            ]
        )

    for cid, name, governs, members in committees:
        for p, role, since, until in members:
            person = b.people[p]
            member_name = "" if person.in_hr else person.name
            company = "halvorsen-biotech" if p == beatriz else person.company
            demo.roster.append([cid, name, governs, p, member_name, role, company, since, until])
    return demo


STORY_IDS = {pid(n) for n in [
    "Søren Kierkegård", "José Núñez", "Lukas Brandt", "Marco Bellini", "Amara Okafor",
    "Rafael Costa", "Beatriz Santos", "Tomasz Wójcik", "Ines Duarte", "Dana Ruiz",
    "Elif Yıldız", "Nadia Haddad", "Yusuf Demir", "Priya Raman", "Hamid Karimi",
    "Oluwaseun Adeyemi", "Zoë Ångström", "Siobhán O'Neill", "Hye-jin Park", "Grace Liu",
]}  # fmt: skip
"""People whose assignments are hand-written; the background never assigns them."""


def write(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write the four demo CSV files into ``out_dir``; returns their paths."""
    demo = build(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for key, header, rows in [
        ("nodes", NODE_HEADER, demo.nodes),
        ("edges", EDGE_HEADER, demo.edges),
        ("hr", HR_HEADER, demo.hr),
        ("roster", ROSTER_HEADER, demo.roster),
    ]:
        path = out_dir / FILES[key]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)


if __name__ == "__main__":
    main()
