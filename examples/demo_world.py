# ruff: noqa: E501  (the tables read best one record per line)
"""The demo's world: Meridian Therapeutics, its partners, alliances, programs, firewalls, its
organisation chart and the joint committees. The storylines (``demo_storylines.py``) happen in
this world; ``make_demo.py`` turns both into the CSV files.

Everything here is written by hand except the rows marked "drawn": background people (a
:class:`Team`'s members, the partners' delegates), whose names, titles and hire dates come
from the seeded random generator. Order matters: the organisation chart is listed in the
order of the HR export, and draws are made in the order of the tables, so the same files come
out every time; inserting a :class:`Team` or a drawn hire date shifts every draw after it,
while a named person with a hire date shifts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

TODAY = "2026-11-22"
"""The demo's "now": storylines are dated relative to it."""

# ---- companies ------------------------------------------------------------------------------
# fmt: off
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
OUR_GROUP = {"meridian", "meridian-biologics"}
"""A committee seat for one of these is on our side of the table."""

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
]

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
]

# id, name, description: the biological targets programs address and agreements restrict
TARGETS = [
    ("tgt-kras-g12d", "KRAS G12D", "The KRAS G12D mutant (NSCLC, pancreatic, colorectal)"),
    ("tgt-shp2", "SHP2", "The SHP2 phosphatase (PTPN11), a RAS-pathway node"),
    ("tgt-sos1", "SOS1", "The SOS1 exchange factor, upstream of KRAS"),
]

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
]

# source, target, type, since, until, props: the multi-relationship view's material
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
]

# ---- names and titles the background draws from (by position: order matters) ---------------
FIRST_NAMES = [
    "Aaliyah", "Abebe", "Adrián", "Ahmed", "Aiko", "Akira", "Alejandro", "Aleksandra", "Amani",
    "Ana", "Andrei", "Anh", "Anika", "Arjun", "Astrid", "Ayesha", "Baraka", "Bianca", "Bo",
    "Camila", "Carlos", "Chidi", "Chloé", "Daniela", "Darius", "Deepa", "Diego", "Dmitri",
    "Ebele", "Eero", "Elena", "Emeka", "Emma", "Esther", "Fatima", "Felipe", "Femi", "Freya",
    "Gabriel", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ingmar", "Isabela", "Ivan", "Jae-won",
    "Jamila", "Javier", "Jia", "Johan", "Joon", "Julia", "Kai", "Kamala", "Karin", "Kavya",
    "Kemal", "Kenta", "Kofi", "Laila", "Lars", "Leila", "Leo", "Lina", "Lucía", "Maja", "Malik",
    "Mariam", "Mateo", "Mei", "Mikael", "Min-jun", "Mira", "Nia", "Nikhil", "Nils", "Noor",
    "Olga", "Omar", "Pablo", "Paolo", "Pedro", "Rahul", "Rania", "Rashid", "Rosa", "Ruth",
    "Sakura", "Samir", "Sara", "Sebastián", "Shreya", "Sigrid", "Sina", "Sofia", "Stefan",
    "Sunita", "Tariq", "Thandiwe", "Theo", "Tiago", "Uma", "Valentina", "Vikas", "Wei", "Xin",
    "Yara", "Yuki", "Zainab", "Zara", "Zoltán", "Björn", "Émilie", "Łucja", "Çağla", "Nguyen",
]
LAST_NAMES = [
    "Abara", "Acheampong", "Adler", "Aguilar", "Ahmadi", "Andersen", "Bakker", "Banerjee",
    "Barros", "Becker", "Berg", "Bhatt", "Castillo", "Chaudhry", "Cho", "Cohen", "Dang", "Das",
    "Delgado", "Diallo", "Dimitrov", "Eklund", "Farouk", "Ferreira", "Fujita", "Gallo", "García",
    "Ghosh", "Gupta", "Haas", "Hansen", "Hashemi", "Herrera", "Hoang", "Horvat", "Ibekwe",
    "Iwasaki", "Jansen", "Jovanović", "Kapoor", "Kato", "Keller", "Khan", "Kim", "Kowalski",
    "Kumar", "Lam", "Larsen", "Lee", "Lopes", "Lund", "Maddox", "Mahlangu", "Marino", "Moreau",
    "Morales", "Mwangi", "Nakamura", "Navarro", "Ng", "Nielsen", "Novak", "Nowak", "Obi",
    "Oliveira", "Ortiz", "Patel", "Pereira", "Petrov", "Quinn", "Rahman", "Reyes", "Richter",
    "Rossi", "Sato", "Schmidt", "Sen", "Shah", "Silva", "Singh", "Sokolov", "Suzuki", "Tan",
    "Tanaka", "Torres", "Tran", "Vargas", "Varga", "Volkov", "Wagner", "Wang", "Weber",
    "Yamamoto", "Zhang", "Zimmermann", "Zhou", "Åberg", "Müller", "Doğan", "Sørensen",
]
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
}
ROLE_OF = {"Chemistry": "chemist", "Biology": "biologist", "Clinical": "clinical scientist",
           "Regulatory": "regulatory lead", "CMC": "CMC lead"}
"""The WORKS_ON role of an assignment that names none."""
# fmt: on


# ---- the organisation chart -----------------------------------------------------------------
@dataclass(frozen=True)
class Named:
    """A named person of Meridian, a row of the HR export. ``manager`` is the manager's name;
    an empty ``hire`` is drawn (between 2010 and mid-2025); an empty ``side`` or ``location``
    is the manager's. ``side`` names the side of the firewalls the person's team is on:
    background influence stays inside a side, so it never bridges a firewall by accident."""

    name: str
    title: str
    function: str
    manager: str = ""
    hire: str = ""
    side: str = ""
    location: str = ""
    company: str = "meridian"
    pool: tuple[str, ...] = ()
    """The programs the person's team works on (background assignments are drawn from it)."""


@dataclass(frozen=True)
class Team:
    """``size`` background people reporting to ``manager``, drawn (title, name, hire date, in
    that order, person by person); ``title`` fixes the title instead. ``key`` names the team
    for the background storylines that follow a whole team (the Pellucid team)."""

    manager: str
    size: int
    function: str
    pool: tuple[str, ...] = ()
    side: str = ""
    title: str = ""
    company: str = "meridian"
    key: str = ""


H = ("prog-onc1", "prog-onc2", "prog-onc3", "prog-onc4")  # Halvorsen's KRAS alliance
K = ("prog-onc7", "prog-onc8", "prog-onc9")  # Kestrel's degraders
T = ("prog-imm1", "prog-imm2", "prog-imm3", "prog-imm4")  # Takamura's immunology
R = ("prog-imm5", "prog-imm6")  # Rivière's dermatology
N = ("prog-neu1", "prog-neu2", "prog-neu3", "prog-neu4")  # Aurelia's neuroscience
RARE = ("prog-rare2", "prog-rare3")
BIOLOGICS = "meridian-biologics"

# fmt: off
ORGANISATION: list[Named | Team] = [
    # leadership: no program access; they influence each other only
    Named("Margaret Okonkwo", "Chief Executive Officer", "Executive", hire="2012-03-01", side="lead"),
    Named("Henrik Dahl", "Chief Scientific Officer", "Research", "Margaret Okonkwo", "2014-09-01", side="lead"),
    Named("Anjali Mehta", "Chief Medical Officer", "Clinical", "Margaret Okonkwo", "2016-02-15", side="lead"),
    Named("Daniel Whitaker", "Chief Business Officer", "Alliance Management", "Margaret Okonkwo", "2017-05-02", side="lead"),
    Named("Claire Fontaine", "General Counsel", "Legal", "Margaret Okonkwo", "2015-01-12", side="lead"),
    Named("Kenji Watanabe", "Chief Technical Officer", "CMC", "Margaret Okonkwo", "2013-06-03", side="lead"),
    Named("Roberto Silva", "Chief Financial Officer", "Finance", "Margaret Okonkwo", "2018-10-01", side="lead"),
    Named("Adwoa Mensah", "Chief People Officer", "People", "Margaret Okonkwo", "2019-03-18", side="lead"),

    # Research: one VP per side of each firewall, so reporting lines do not bridge firewalls.
    # Oncology (Halvorsen's side of the KRAS and SHP2 firewalls)
    Named("Ingrid Solberg", "VP Oncology Research", "Biology", "Henrik Dahl", "2016-08-01", side="lead"),
    Named("Vikram Iyer", "Director, Medicinal Chemistry (KRAS)", "Chemistry", "Ingrid Solberg", "2017-01-09", side="H"),
    Named("Olivia Brennan", "Director, Cancer Biology", "Biology", "Ingrid Solberg", "2018-04-16", side="H"),
    Named("Søren Kierkegård", "Principal Scientist, Medicinal Chemistry", "Chemistry", "Vikram Iyer", "2018-09-03", pool=H),
    Named("José Núñez", "Senior Scientist, Medicinal Chemistry", "Chemistry", "Vikram Iyer", "2020-02-10", pool=H),
    Named("Lukas Brandt", "Scientist, Medicinal Chemistry", "Chemistry", "Vikram Iyer", "2026-06-22", pool=H),
    Named("Marco Bellini", "Senior Scientist, Medicinal Chemistry", "Chemistry", "Vikram Iyer", "2019-05-06", pool=H),
    Team("Vikram Iyer", 7, "Chemistry", H),
    Named("Amara Okafor", "Senior Scientist, Cancer Biology", "Biology", "Olivia Brennan", "2019-11-04", pool=H),
    Named("Rafael Costa", "Associate Director, Cancer Biology", "Biology", "Olivia Brennan", "2017-10-02", pool=H),
    Named("Beatriz Santos", "Senior Scientist, Cancer Biology", "Biology", "Olivia Brennan", "2019-09-02", pool=H),
    Team("Olivia Brennan", 7, "Biology", H),
    # Precision Oncology (Kestrel's side)
    Named("Thomas Achterberg", "VP Precision Oncology", "Biology", "Henrik Dahl", "2019-02-04", side="lead"),
    Named("Mariana Velasco", "Director, Degrader Chemistry", "Chemistry", "Thomas Achterberg", "2020-06-01", side="K"),
    Named("Kwame Asante", "Director, Translational Oncology", "Biology", "Thomas Achterberg", "2020-09-14", side="K"),
    Named("Tomasz Wójcik", "Senior Scientist, Degrader Chemistry", "Chemistry", "Mariana Velasco", "2021-01-11", pool=K),
    Named("Ines Duarte", "Scientist, Degrader Chemistry", "Chemistry", "Mariana Velasco", "2021-07-05", pool=K),
    Team("Mariana Velasco", 7, "Chemistry", K),
    Named("Dana Ruiz", "Principal Scientist, Translational Oncology", "Biology", "Kwame Asante", "2020-11-02", pool=K),
    Named("Elif Yıldız", "Scientist, Translational Oncology", "Biology", "Kwame Asante", "2022-03-07", pool=K),
    Named("Grace Liu", "Associate Director, Degrader Biology", "Biology", "Kwame Asante", "2021-04-19"),
    Named("Nadia Haddad", "Scientist, Degrader Biology", "Biology", "Grace Liu", "2023-01-09", pool=("prog-onc9",)),
    Team("Grace Liu", 2, "Biology", ("prog-onc8",)),
    Team("Kwame Asante", 5, "Biology", K),
    # Immunology (Takamura's side of the IL-23 firewall)
    Named("Yuko Hayashi", "VP Immunology Research", "Biology", "Henrik Dahl", "2015-05-11", side="lead"),
    Named("Benedikt Auer", "Director, Immunology Chemistry", "Chemistry", "Yuko Hayashi", "2017-03-06", side="T"),
    Named("Fatima-Zahra Benali", "Director, Immunobiology", "Biology", "Yuko Hayashi", "2016-10-10", side="T"),
    Named("Yusuf Demir", "Senior Scientist, Immunology Chemistry", "Chemistry", "Benedikt Auer", "2020-08-17", pool=T),
    Team("Benedikt Auer", 7, "Chemistry", T),
    Named("Priya Raman", "Senior Scientist, Immunobiology", "Biology", "Fatima-Zahra Benali", "2019-06-03", pool=T),
    Team("Fatima-Zahra Benali", 7, "Biology", T),
    # Dermatology (Rivière's side), in Barcelona
    Named("Julien Marchand", "Head of Dermatology Research", "Biology", "Henrik Dahl", "2018-01-08", side="R", location="Barcelona, ES"),
    Named("Carmen Ibarra", "Associate Director, Dermatology Chemistry", "Chemistry", "Julien Marchand", "2019-04-01"),
    Team("Carmen Ibarra", 6, "Chemistry", R),
    Team("Julien Marchand", 6, "Biology", R),
    # Neuroscience (Aurelia), in Cambridge; rare and metabolic disease (Pellucid, then Quillon)
    Named("Arvid Nyberg", "VP Neuroscience", "Biology", "Henrik Dahl", "2016-03-14", side="N", location="Cambridge, UK"),
    Named("Chiamaka Eze", "Director, Neurobiology", "Biology", "Arvid Nyberg", "2018-07-02"),
    Named("Zoë Ångström", "Senior Scientist, Neurobiology", "Biology", "Chiamaka Eze", "2021-02-01", pool=N),
    Named("Siobhán O'Neill", "Scientist, Neuropharmacology", "Biology", "Chiamaka Eze", "2022-05-16", pool=N),
    Team("Chiamaka Eze", 7, "Biology", N),
    Named("Paulo Ferraz", "Director, Neuroscience Chemistry", "Chemistry", "Arvid Nyberg", "2019-10-21"),
    Team("Paulo Ferraz", 7, "Chemistry", N),
    Named("Lena Hoffmann", "Director, Rare & Metabolic Disease", "Biology", "Arvid Nyberg", "2017-11-06", side="M", location="Boston, US"),
    Team("Lena Hoffmann", 6, "Biology", RARE, key="pellucid"),
    Named("Hye-jin Park", "Scientist, Rare Disease Biology", "Biology", "Lena Hoffmann", "2026-03-16", pool=("prog-rare2",)),
    # Cell & gene therapy (Lumis): CGT-1 and CGT-3 on either side of the opt-in firewall
    Named("Rohan Deshpande", "VP Cell & Gene Therapy", "Biology", "Henrik Dahl", "2023-08-01", side="lead"),
    Named("Emily Tran", "Director, CGT Platform", "Biology", "Rohan Deshpande", "2023-10-02", side="C1"),
    Named("Oluwaseun Adeyemi", "Scientist, Cell Therapy", "Biology", "Emily Tran", "2024-03-04", pool=("prog-cgt1", "prog-cgt2")),
    Team("Emily Tran", 6, "Biology", ("prog-cgt1", "prog-cgt2")),
    Named("Hakan Aydın", "Director, CGT Opt-in Programs", "Biology", "Rohan Deshpande", "2024-02-12", side="C3"),
    Team("Hakan Aydın", 6, "Biology", ("prog-cgt3", "prog-cgt2")),

    # Clinical: a director per side; each team's Medical Director sits on the JSC
    Named("Jonas Lindgren", "VP Clinical Development", "Clinical", "Anjali Mehta", "2017-09-04", side="lead"),
    Named("Amelia Hart", "Director, Clinical Oncology", "Clinical", "Jonas Lindgren", side="H"),
    Team("Amelia Hart", 1, "Clinical", ("prog-onc1", "prog-onc2"), title="Medical Director, Oncology"),
    Team("Amelia Hart", 4, "Clinical", ("prog-onc1", "prog-onc2")),
    Named("Mehmet Kaya", "Director, Clinical Precision Oncology", "Clinical", "Jonas Lindgren", side="K"),
    Team("Mehmet Kaya", 1, "Clinical", ("prog-onc7",), title="Medical Director, Precision Oncology"),
    Team("Mehmet Kaya", 4, "Clinical", ("prog-onc7",)),
    Named("Sana Qureshi", "Director, Clinical Immunology", "Clinical", "Jonas Lindgren", side="T"),
    Team("Sana Qureshi", 1, "Clinical", ("prog-imm1", "prog-imm2"), title="Medical Director, Immunology"),
    Team("Sana Qureshi", 4, "Clinical", ("prog-imm1", "prog-imm2")),
    Named("Luca Romano", "Director, Clinical Dermatology", "Clinical", "Jonas Lindgren", side="R"),
    Team("Luca Romano", 1, "Clinical", ("prog-imm5",), title="Medical Director, Dermatology"),
    Team("Luca Romano", 4, "Clinical", ("prog-imm5",)),
    Named("Aoife Gallagher", "Director, Clinical Neuroscience", "Clinical", "Jonas Lindgren", side="N"),
    Team("Aoife Gallagher", 1, "Clinical", ("prog-neu1", "prog-neu2"), title="Medical Director, Neuroscience"),
    Team("Aoife Gallagher", 4, "Clinical", ("prog-neu1", "prog-neu2")),

    # Regulatory: directors group sides that are never on opposite ends of a firewall
    Named("Marta Kowalczyk", "VP Regulatory Affairs", "Regulatory", "Anjali Mehta", "2016-06-20", side="lead"),
    Named("Sipho Ndlovu", "Director, Regulatory Affairs", "Regulatory", "Marta Kowalczyk"),
    Team("Sipho Ndlovu", 3, "Regulatory", ("prog-onc1", "prog-onc2"), side="H"),
    Team("Sipho Ndlovu", 3, "Regulatory", ("prog-imm1", "prog-imm2"), side="T"),
    Named("Hélène Roussel", "Director, Regulatory Affairs", "Regulatory", "Marta Kowalczyk"),
    Team("Hélène Roussel", 3, "Regulatory", ("prog-onc7",), side="K"),
    Team("Hélène Roussel", 3, "Regulatory", ("prog-imm5", "prog-imm6"), side="R"),
    Team("Hélène Roussel", 3, "Regulatory", ("prog-cgt3",), side="C3"),
    Named("Takeshi Mori", "Director, Regulatory Affairs", "Regulatory", "Marta Kowalczyk"),
    Team("Takeshi Mori", 3, "Regulatory", ("prog-neu1",), side="N"),
    Team("Takeshi Mori", 3, "Regulatory", ("prog-cgt1",), side="C1"),

    # CMC, and Meridian Biologics GmbH in Heidelberg
    Named("Rutendo Moyo", "VP CMC", "CMC", "Kenji Watanabe", "2018-02-05", side="lead"),
    Named("Felix Brandstätter", "Director, Process Chemistry", "CMC", "Rutendo Moyo", "2019-01-14", side="H"),
    Team("Felix Brandstätter", 7, "CMC", ("prog-onc1", "prog-onc2", "prog-imm1", "prog-imm2", "prog-neu1")),
    Named("Meera Pillai", "Director, Analytical Sciences", "CMC", "Rutendo Moyo", "2020-05-04", side="K"),
    Team("Meera Pillai", 5, "CMC", ("prog-onc7", "prog-onc8", "prog-imm5")),
    Named("Katrin Vogel", "Managing Director, Meridian Biologics", "CMC", "Kenji Watanabe", "2019-07-01", side="lead", location="Heidelberg, DE", company=BIOLOGICS),
    Named("Jürgen Albrecht", "Director, Biologics Manufacturing", "CMC", "Katrin Vogel", "2019-09-02", side="T", company=BIOLOGICS),
    Team("Jürgen Albrecht", 9, "CMC", ("prog-imm1", "prog-cgt2"), company=BIOLOGICS),
    Named("Annika Sjöberg", "Director, Quality", "CMC", "Katrin Vogel", "2020-01-06", side="Q", company=BIOLOGICS),
    Team("Annika Sjöberg", 5, "CMC", (), company=BIOLOGICS),

    # Alliance management: two senior directors, each over alliances never firewalled against
    # each other, so alliance directors on opposite sides do not share a manager
    Named("Isabel Fonseca", "Senior Director, Alliance Management I", "Alliance Management", "Daniel Whitaker", "2018-03-05", side="AM1"),
    Named("Leon Fischer", "Senior Director, Alliance Management II", "Alliance Management", "Daniel Whitaker", "2019-08-12", side="AM2"),
    Named("Nora Aldridge", "Alliance Director, Halvorsen", "Alliance Management", "Isabel Fonseca", "2020-02-03"),
    Named("Haruka Ito", "Alliance Director, Takamura", "Alliance Management", "Isabel Fonseca", "2019-04-15", location="Tokyo, JP"),
    Named("William Okoro", "Alliance Director, Aurelia", "Alliance Management", "Isabel Fonseca", "2021-10-04", location="Cambridge, UK"),
    Named("Sophie Laurent", "Alliance Director, Lumis", "Alliance Management", "Isabel Fonseca", "2023-11-06"),
    Named("Jamal Wright", "Alliance Director, Kestrel", "Alliance Management", "Leon Fischer", "2023-04-03"),
    Named("Camille Dubois", "Alliance Director, Rivière", "Alliance Management", "Leon Fischer", "2022-06-13", location="Barcelona, ES"),
    Named("Arash Tehrani", "Alliance Director, Quillon and Pellucid", "Alliance Management", "Leon Fischer", "2021-09-20"),
    Named("Hamid Karimi", "Director, Commercial Strategy, Immunology", "Commercial", "Daniel Whitaker", "2021-05-10", side="COM"),
    Named("Ana Sofía Herrera", "Head of Business Development", "Business Development", "Daniel Whitaker", "2020-01-20", side="BD"),
    Team("Ana Sofía Herrera", 4, "Business Development"),

    # support functions: no program access
    Team("Claire Fontaine", 5, "Legal", side="S"),
    Team("Roberto Silva", 6, "Finance", side="S"),
    Team("Adwoa Mensah", 5, "People", side="S"),
    Named("Dmitri Orlov", "Head of Research IT", "IT", "Roberto Silva", "2018-11-05", side="S"),
    Team("Dmitri Orlov", 4, "IT"),

    # joins in January 2027 (a future hire_date), to work on Quillon's MET-1
    Named("Nomvula Dlamini", "Senior Scientist, Rare Disease Biology", "Biology", "Lena Hoffmann", "2027-01-04", pool=("prog-met1",)),
]
# fmt: on

# ---- partners' people (committee delegates: in the roster, not in our HR export) ------------
PARTNER_TITLES = ["VP Research", "Head of Alliance Management", "Director, Clinical Development",
                  "Senior Director, Chemistry", "Director, Translational Science"]  # fmt: skip
"""Delegate n of a partner has title n (cycling)."""
# company, how many (drawn: names and hire dates, 2008-2022), where
DELEGATIONS = [
    ("halvorsen-biotech", 8, "Cambridge, US"),
    ("kestrel", 4, "San Diego, US"),
    ("takamura", 7, "Osaka, JP"),
    ("riviere", 3, "Lyon, FR"),
    ("aurelia", 3, "Oxford, UK"),
    ("lumis", 3, "Philadelphia, US"),
    ("pellucid", 3, "Boston, US"),
    ("quillon", 3, "Toronto, CA"),
]


@dataclass(frozen=True)
class Delegate:
    """A partner's person by position in its delegation (names are drawn): ``Delegate("kestrel",
    0)`` is Kestrel's first, ``Delegate("kestrel", -1)`` its last."""

    company: str
    index: int


@dataclass(frozen=True)
class Titled:
    """The one person holding ``title`` (for drawn people with a fixed title)."""

    title: str


Who = str | Delegate | Titled
"""A person: a named person by name, or one of the drawn people above."""


# ---- joint committees: the standing seats -----------------------------------------------------
StandingSeat = tuple[Who, str, str, str]
"""(person, role, since, until)."""


def seats(*people: Who, since: str, until: str = "", first: str = "member") -> list[StandingSeat]:
    """Seats taken together: ``first`` (e.g. the chair) for the first person, member for the rest."""
    return [(p, first if i == 0 else "member", since, until) for i, p in enumerate(people)]


def delegates(company: str, start: int, stop: int) -> list[Who]:
    """A partner's delegates ``start`` to ``stop - 1``."""
    return [Delegate(company, i) for i in range(start, stop)]


@dataclass(frozen=True)
class Committee:
    """A joint committee: what it governs, and its standing seats, ours then the partner's (the
    roster lists them in that order; storylines add seats after each side's standing ones)."""

    id: str
    name: str
    governs: str
    ours: list[StandingSeat]
    partners: list[StandingSeat]


HB = "halvorsen-biotech"
COMMITTEES = [
    Committee(
        "jsc-onc1", "Halvorsen KRAS JSC", "all-onc1",
        seats("Olivia Brennan", "Nora Aldridge", Titled("Medical Director, Oncology"),
              since="2021-03-15", first="chair"),
        [*seats(*delegates(HB, 0, 4), since="2021-03-15", first="chair"),
         (Delegate(HB, 4), "alternate", "2023-01-10", "")],
    ),
    Committee(
        "jdc-onc1", "ONC-1 Joint Development Committee", "prog-onc1",
        seats("Vikram Iyer", "Rafael Costa", "Søren Kierkegård", since="2021-04-01", first="chair"),
        [*seats(*delegates(HB, 5, 7), since="2021-04-01"),
         (Delegate(HB, 0), "observer", "2022-01-10", "")],
    ),
    Committee(
        "jsc-onc2", "Kestrel Degrader JSC", "all-onc2",
        seats("Mariana Velasco", "Jamal Wright", Titled("Medical Director, Precision Oncology"),
              since="2023-06-15", first="chair"),
        seats(*delegates("kestrel", 0, 4), since="2023-06-15", first="chair"),
    ),
    Committee(
        "jsc-imm1", "Takamura Immunology JSC", "all-imm1",
        seats("Fatima-Zahra Benali", "Haruka Ito", Titled("Medical Director, Immunology"),
              since="2020-04-20", first="chair"),
        seats(*delegates("takamura", 0, 3), since="2020-04-20", first="chair"),
    ),
    Committee(
        "jcc-imm1", "Takamura Joint Commercialization Committee", "all-imm1",
        seats("Haruka Ito", since="2023-01-16", first="chair"),
        seats(*delegates("takamura", 3, 6), since="2023-01-16", first="chair"),
    ),
    Committee(
        "jsc-imm2", "Rivière Dermatology JSC", "all-imm2",
        seats("Julien Marchand", "Camille Dubois", Titled("Medical Director, Dermatology"),
              since="2022-09-15", first="chair"),
        seats(*delegates("riviere", 0, 3), since="2022-09-15", first="chair"),
    ),
    Committee(
        "jsc-neu1", "Aurelia Neuroscience JSC", "all-neu1",
        seats("Chiamaka Eze", "William Okoro", Titled("Medical Director, Neuroscience"),
              since="2021-12-01", first="chair"),
        seats(*delegates("aurelia", 0, 3), since="2021-12-01", first="chair"),
    ),
    Committee(
        "jdc-cgt1", "CGT-1 Joint Development Committee", "prog-cgt1",
        seats("Emily Tran", "Sophie Laurent", since="2024-02-01", first="chair"),
        seats(*delegates("lumis", 0, 3), since="2024-02-01", first="chair"),
    ),
    Committee(
        "jsc-rare1", "Pellucid Rare Disease JSC", "all-rare1",
        seats("Lena Hoffmann", "Arash Tehrani", since="2022-01-15", until="2025-12-31", first="chair"),
        seats(*delegates("pellucid", 0, 3), since="2022-01-15", until="2025-12-31", first="chair"),
    ),
    Committee(
        "jsc-met1", "Quillon Metabolic JSC", "all-met1",
        seats("Lena Hoffmann", "Arash Tehrani", since="2027-02-01", first="chair"),
        seats(*delegates("quillon", 0, 3), since="2027-02-01", first="chair"),
    ),
]  # fmt: skip
