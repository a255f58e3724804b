"""Hostile values: cells that parse as something nobody meant, ids that look like other ids or
garble a terminal, numbers and dates a lenient parser would accept. Each is refused naming file,
row and column with nothing stored, on every store, or accepted exactly as written when it is
just unusual text."""

from __future__ import annotations

import pytest

from adversarial.corpus import Case, cases
from graphmodel.errors import ImportRejected

pytestmark = pytest.mark.adversarial("hostile values")

NODES = """id,type,name
ann,Person,Ann Lee
bob,Person,Bob Stone
meri,Company,Meridian
helix,Company,Helix
c1,Committee,JSC
P1,Program,ONC-1
P2,Program,ONC-2
"""
HEADER = "source,target,type,since,until,weight,cooling_off_days,percent,role,kind\n"


def edge(etype: str, cell: str = "", column: str = "", since: str = "", until: str = "") -> str:
    """One edges.csv row of ``etype`` between suitable nodes, ``cell`` in ``column``."""
    ends = {
        "INFLUENCES": "ann,bob",
        "FIREWALL": "P1,P2",
        "OWNS_STAKE_IN": "meri,helix",
        "MEMBER_OF": "ann,c1",
        "HOLDS_INTEREST_IN": "ann,helix",
        "EMPLOYED_BY": "ann,meri",
    }.get(etype.strip().upper(), "ann,bob")
    values = dict.fromkeys(["weight", "cooling_off_days", "percent", "role", "kind"], "")
    if column:
        values[column] = '"' + cell.replace('"', '""') + '"'
    return f"{ends},{etype},{since},{until}," + ",".join(values.values()) + "\n"


BAD_CELLS = [
    # dates
    Case(
        "date-feb-30", "refused: since", row=edge("INFLUENCES", since="2026-02-30"), column="since"
    ),
    Case(
        "date-plus-sign",
        "refused: since",
        row=edge("INFLUENCES", since="+2026-01-01"),
        column="since",
    ),
    Case(
        "date-fullwidth",
        "refused: since",
        row=edge("INFLUENCES", since="２０２６-01-01"),
        column="since",
    ),
    Case(
        "date-arabic-indic",
        "refused: until",
        row=edge("INFLUENCES", until="٢٠٢٦-٠١-٠١"),
        column="until",
    ),
    Case(
        "date-iso-week",
        "refused: since",
        row=edge("INFLUENCES", since="2026-W48-1"),
        column="since",
    ),
    Case(
        "date-ordinal", "refused: since", row=edge("INFLUENCES", since="2026-332"), column="since"
    ),
    Case(
        "date-compact", "refused: since", row=edge("INFLUENCES", since="20260101"), column="since"
    ),
    Case(
        "date-unpadded", "refused: since", row=edge("INFLUENCES", since="2026-1-1"), column="since"
    ),
    Case(
        "date-with-time",
        "refused: since",
        row=edge("INFLUENCES", since="2026-01-01T09:00"),
        column="since",
    ),
    Case(
        "date-year-zero",
        "refused: since",
        row=edge("INFLUENCES", since="0000-12-31"),
        column="since",
    ),
    Case(
        "date-year-five-digits",
        "refused: until",
        row=edge("INFLUENCES", until="10000-01-01"),
        column="until",
    ),
    Case(
        "date-formula", "refused: since", row=edge("INFLUENCES", since="=TODAY()"), column="since"
    ),
    Case(
        "until-before-since",
        "refused: until",
        row=edge("INFLUENCES", since="2026-02-01", until="2026-01-31"),
        column="until",
    ),
    # numbers
    Case(
        "weight-underscore",
        "refused: weight (0_1 was stored as 1.0)",
        row=edge("INFLUENCES", "0_1", "weight"),
        column="weight",
    ),
    Case(
        "weight-arabic-indic",
        "refused: weight",
        row=edge("INFLUENCES", "١", "weight"),
        column="weight",
    ),
    Case(
        "weight-fullwidth",
        "refused: weight",
        row=edge("INFLUENCES", "０.５", "weight"),
        column="weight",
    ),
    Case(
        "weight-1e309",
        "refused: weight",
        row=edge("INFLUENCES", "1e309", "weight"),
        column="weight",
    ),
    Case(
        "weight-exponent",
        "refused: weight",
        row=edge("INFLUENCES", "5e-1", "weight"),
        column="weight",
    ),
    Case("weight-nan", "refused: weight", row=edge("INFLUENCES", "nan", "weight"), column="weight"),
    Case(
        "weight-infinity",
        "refused: weight",
        row=edge("INFLUENCES", "Infinity", "weight"),
        column="weight",
    ),
    Case(
        "weight-hex", "refused: weight", row=edge("INFLUENCES", "0x10", "weight"), column="weight"
    ),
    Case(
        "weight-decimal-comma",
        "refused: weight",
        row=edge("INFLUENCES", "0,5", "weight"),
        column="weight",
    ),
    Case(
        "weight-negative-zero",
        "refused: weight (not more than 0)",
        row=edge("INFLUENCES", "-0.0", "weight"),
        column="weight",
    ),
    Case("weight-zero", "refused: weight", row=edge("INFLUENCES", "0", "weight"), column="weight"),
    Case(
        "weight-above-one",
        "refused: weight",
        row=edge("INFLUENCES", "1.01", "weight"),
        column="weight",
    ),
    Case(
        "weight-formula",
        "refused: weight",
        row=edge("INFLUENCES", "=1/2", "weight"),
        column="weight",
    ),
    Case(
        "weight-percent-sign",
        "refused: weight",
        row=edge("INFLUENCES", "50%", "weight"),
        column="weight",
    ),
    Case(
        "cooling-3-million",
        "refused: cooling_off_days (crashed every conflicts run)",
        row=edge("FIREWALL", "3000000", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-36501",
        "refused: cooling_off_days",
        row=edge("FIREWALL", "36501", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-5000-digits",
        "refused: cooling_off_days, reason not echoing 5,000 digits",
        row=edge("FIREWALL", "9" * 5000, "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-negative",
        "refused: cooling_off_days",
        row=edge("FIREWALL", "-1", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-decimal",
        "refused: cooling_off_days",
        row=edge("FIREWALL", "90.5", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-trailing-dot",
        "refused: cooling_off_days",
        row=edge("FIREWALL", "5.", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-thousands",
        "refused: cooling_off_days",
        row=edge("FIREWALL", "1,000", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "cooling-devanagari",
        "refused: cooling_off_days",
        row=edge("FIREWALL", "९०", "cooling_off_days"),
        column="cooling_off_days",
    ),
    Case(
        "percent-zero",
        "refused: percent",
        row=edge("OWNS_STAKE_IN", "0", "percent"),
        column="percent",
    ),
    Case(
        "percent-above-100",
        "refused: percent",
        row=edge("OWNS_STAKE_IN", "100.01", "percent"),
        column="percent",
    ),
    # enums and types
    Case(
        "role-cyrillic-c",
        "refused: role ('сhair' with a Cyrillic с)",
        row=edge("MEMBER_OF", "сhair", "role"),
        column="role",
    ),
    Case("role-unknown", "refused: role", row=edge("MEMBER_OF", "boss", "role"), column="role"),
    Case(
        "kind-formula",
        "refused: kind",
        row=edge("HOLDS_INTEREST_IN", "=equity", "kind"),
        column="kind",
    ),
    Case(
        "type-cyrillic-e",
        "refused: type (ЕMPLOYED_BY with a Cyrillic Е)",
        row=edge("ЕMPLOYED_BY"),
        column="type",
    ),
    Case(
        "type-kelvin-sign",
        "refused: type (WOR\u212aS_ON lower-cases to works_on)",
        row="ann,P1,WOR\u212aS_ON,,,,,,,\n",
        column="type",
    ),
    Case("type-fullwidth", "refused: type", row=edge("ＩＮＦＬＵＥＮＣＥＳ"), column="type"),
    Case("type-zero-width", "refused: type", row=edge("INFLU\u200bENCES"), column="type"),
    # ends
    Case(
        "customer-of-self",
        "refused: target (CUSTOMER_OF a company to itself)",
        row="meri,meri,CUSTOMER_OF,,,,,,,\n",
        column="target",
    ),
    Case(
        "reports-to-self-padded",
        "refused: target (the same id once padded)",
        row=" ann ,ann,REPORTS_TO,,,,,,,\n",
        column="target",
    ),
    Case(
        "end-with-bidi",
        "refused: target (not a known node; the id is shown escaped)",
        row="ann,bob\u202e,INFLUENCES,,,,,,,\n",
        column="target",
    ),
    Case(
        "end-nfd",
        "refused: target (a decomposed é is not the stored é)",
        row="ann,jose\u0301,INFLUENCES,,,,,,,\n",
        column="target",
        nodes="josé,Person,José\n",
    ),
]


@pytest.mark.parametrize("case", cases(BAD_CELLS))
def test_hostile_cell_is_refused_naming_its_column(store, refused, case) -> None:
    files = {"nodes.csv": NODES + case.get("nodes", ""), "edges.csv": HEADER + case["row"]}
    problems = refused(store, files)
    assert [(p.file, p.row, p.column) for p in problems] == [("edges.csv", 2, case["column"])]
    assert len(problems[0].reason) < 500
    assert problems[0].reason.isprintable()


BAD_IDS = [
    Case("id-newline", "refused: id (a line break)", text='"ann\nlee",Person,Ann\n', says="U+000A"),
    Case("id-tab", "refused: id", text='"ann\tlee",Person,Ann\n', says="U+0009"),
    Case(
        "id-bidi-override",
        "refused: id (U+202E reverses what follows)",
        text="ann\u202eeve,Person,Ann\n",
        says="U+202E",
    ),
    Case(
        "id-zero-width-space",
        "refused: id (looks like 'annlee')",
        text="ann\u200blee,Person,Ann\n",
        says="U+200B",
    ),
    Case(
        "id-nbsp",
        "refused: id (looks like 'ann lee')",
        text="ann\u00a0lee,Person,Ann\n",
        says="U+00A0",
    ),
    Case(
        "id-ansi-escape",
        "refused: id (recolours a terminal)",
        text="ann\x1b[31m,Person,Ann\n",
        says="U+001B",
    ),
    Case("id-bell", "refused: id", text="ann\x07,Person,Ann\n", says="U+0007"),
    Case(
        "id-huge",
        "refused: id, 1,000,000 characters, not echoed whole",
        text="a" * 1_000_000 + ",Person,Ann\n",
        says="at most 200",
    ),
    Case(
        "id-201",
        "refused: id (201 characters)",
        text="a" * 201 + ",Person,Ann\n",
        says="at most 200",
    ),
    Case(
        "id-nfd",
        "refused: id (a decomposed é looks like é)",
        text="jose\u0301,Person,José\n",
        says="NFC",
    ),
    Case("id-only-spaces", "refused: id (empty)", text="   ,Person,Nobody\n", says="empty"),
]


@pytest.mark.parametrize("case", cases(BAD_IDS))
def test_hostile_id_is_refused(store, refused, case) -> None:
    problems = refused(store, {"nodes.csv": "id,type,name\n" + case["text"]})
    assert [(p.file, p.row, p.column) for p in problems] == [("nodes.csv", 2, "id")]
    assert case["says"] in problems[0].reason
    assert len(problems[0].reason) < 500 and problems[0].reason.isprintable()


ACCEPTED = [
    Case(
        "id-inner-space",
        "accepted: 'ann lee' is an id",
        nodes="ann lee,Person,Ann\n",
        check=("node", "ann lee", "name", "Ann"),
    ),
    Case(
        "id-padded",
        "accepted: ' ann ' is ann, merged with ann's row",
        nodes=" ann ,Person,\n",
        check=("node", "ann", "name", "Ann Lee"),
    ),
    Case(
        "id-other-script",
        "accepted: ids in any script",
        nodes="株式会社-7,Company,K\n",
        check=("node", "株式会社-7", "name", "K"),
    ),
    Case(
        "id-case-is-significant",
        "accepted: ANN is another id than ann",
        nodes="ANN,Person,Ann Upper\n",
        check=("node", "ANN", "name", "Ann Upper"),
    ),
    Case(
        "id-200",
        "accepted: 200 characters",
        nodes="i" * 200 + ",Person,Long\n",
        check=("node", "i" * 200, "name", "Long"),
    ),
    Case(
        "name-formula",
        "accepted as text: a name that is a spreadsheet formula",
        nodes='x1,Person,"=HYPERLINK(""http://x"",""y"")"\n',
        check=("node", "x1", "name", '=HYPERLINK("http://x","y")'),
    ),
    Case(
        "name-ansi",
        "accepted as text (names are data; shown escaped)",
        nodes="x2,Person,\x1b[31mRed\n",
        check=("node", "x2", "name", "\x1b[31mRed"),
    ),
    Case(
        "name-1000",
        "accepted: a 1,000-character name",
        nodes="x3,Person," + "N" * 1000 + "\n",
        check=("node", "x3", "name", "N" * 1000),
    ),
    Case(
        "type-case-and-spaces",
        "accepted: ' influences ' is INFLUENCES",
        edges=edge(" influences "),
        check=("edge", "INFLUENCES", "weight", 0.5),
    ),
    Case(
        "weight-dot-five",
        "accepted: .5",
        edges=edge("INFLUENCES", ".5", "weight"),
        check=("edge", "INFLUENCES", "weight", 0.5),
    ),
    Case(
        "weight-padded",
        "accepted: ' 1 ' is 1.0",
        edges=edge("INFLUENCES", " 1 ", "weight"),
        check=("edge", "INFLUENCES", "weight", 1.0),
    ),
    Case(
        "percent-trailing-dot",
        "accepted: 5. is 5.0",
        edges=edge("OWNS_STAKE_IN", "5.", "percent"),
        check=("edge", "OWNS_STAKE_IN", "percent", 5.0),
    ),
    Case(
        "cooling-negative-zero",
        "accepted: -0 days is 0",
        edges=edge("FIREWALL", "-0", "cooling_off_days"),
        check=("edge", "FIREWALL", "cooling_off_days", 0),
    ),
    Case(
        "cooling-leading-zeros",
        "accepted: 0090 is 90",
        edges=edge("FIREWALL", "0090", "cooling_off_days"),
        check=("edge", "FIREWALL", "cooling_off_days", 90),
    ),
    Case(
        "cooling-36500",
        "accepted: the range's top",
        edges=edge("FIREWALL", "36500", "cooling_off_days"),
        check=("edge", "FIREWALL", "cooling_off_days", 36500),
    ),
    Case(
        "role-upper-padded",
        "accepted: ' CHAIR ' is chair",
        edges=edge("MEMBER_OF", " CHAIR ", "role"),
        check=("edge", "MEMBER_OF", "role", "chair"),
    ),
    Case(
        "date-padded",
        "accepted: ' 2026-01-01 '",
        edges=edge("INFLUENCES", since=" 2026-01-01 "),
        check=("edge", "INFLUENCES", "since", "2026-01-01"),
    ),
    Case(
        "date-calendar-ends",
        "accepted: 0001-01-01 to 9999-12-31",
        edges=edge("INFLUENCES", since="0001-01-01", until="9999-12-31"),
        check=("edge", "INFLUENCES", "until", "9999-12-31"),
    ),
]


@pytest.mark.parametrize("case", cases(ACCEPTED))
def test_unusual_but_meaningful_values_are_kept_exactly(store, load, case) -> None:
    files = {"nodes.csv": NODES + case.get("nodes", "")}
    if case.get("edges"):
        files["edges.csv"] = HEADER + case["edges"]
    load(store, files)
    what, key, field, value = case["check"]
    nodes, edges = store.all_records()
    if what == "node":
        (record,) = [n for n in nodes if n.id == key]
        assert record.name == value
    else:
        (found,) = [e for e in edges if e.type == key]
        got = getattr(found, field) if field in ("since", "until") else found.props[field]
        assert got == value and type(got) is type(value)


AGREEMENTS = (
    "agreement_id,signatories,covers,exclusive_targets,non_compete_targets,effective_date,"
    "expiry_date\n"
)
OBLIGATIONS = "obligation_id,agreement_id,due,done,owner_id\n"
LICENCE = "L1,Agreement,Licence\n"

CONTRACT_CELLS = [
    Case("due-feb-30", "refused: due", text=OBLIGATIONS + "o1,L1,2026-02-30,,\n", column="due"),
    Case(
        "due-fullwidth", "refused: due", text=OBLIGATIONS + "o1,L1,２０２６-03-01,,\n", column="due"
    ),
    Case("due-day-first", "refused: due", text=OBLIGATIONS + "o1,L1,01.03.2026,,\n", column="due"),
    Case("due-blank", "refused: due (empty)", text=OBLIGATIONS + "o1,L1,  ,,\n", column="due"),
    Case(
        "done-slashes",
        "refused: done",
        text=OBLIGATIONS + "o1,L1,2026-03-01,2026/03/01,\n",
        column="done",
    ),
    Case(
        "owner-a-company",
        "refused: owner_id",
        text=OBLIGATIONS + "o1,L1,2026-03-01,,meri\n",
        column="owner_id",
    ),
    Case(
        "under-a-program",
        "refused: agreement_id",
        text=OBLIGATIONS + "o1,P1,2026-03-01,,\n",
        column="agreement_id",
    ),
    Case(
        "signatories-only-empty-parts",
        "refused: signatories",
        text=AGREEMENTS + "L2, ; ;;,,,,,\n",
        column="signatories",
    ),
    Case(
        "signatory-a-person",
        "refused: signatories",
        text=AGREEMENTS + "L2,meri;ann,,,,,\n",
        column="signatories",
    ),
    Case(
        "signatory-unknown",
        "refused: signatories",
        text=AGREEMENTS + "L2,meri;nobody,,,,,\n",
        column="signatories",
    ),
    Case(
        "covers-a-company",
        "refused: covers",
        text=AGREEMENTS + "L2,meri,helix,,,,\n",
        column="covers",
    ),
    Case(
        "target-a-program-id",
        "refused: exclusive_targets",
        text=AGREEMENTS + "L2,meri,,P1,,,\n",
        column="exclusive_targets",
    ),
    Case(
        "target-exclusive-and-non-compete",
        "refused: non_compete_targets",
        text=AGREEMENTS + "L2,meri,,T1,T1,,\n",
        column="non_compete_targets",
    ),
    Case(
        "target-id-with-a-line-break",
        "refused: exclusive_targets",
        text=AGREEMENTS + 'L2,meri,,"T\n1",,,\n',
        column="exclusive_targets",
    ),
    Case(
        "expiry-before-effective",
        "refused: expiry_date",
        text=AGREEMENTS + "L2,meri,,,,2026-01-01,2025-01-01\n",
        column="expiry_date",
    ),
    Case(
        "effective-feb-29-2026",
        "refused: effective_date",
        text=AGREEMENTS + "L2,meri,,,,2026-02-29,\n",
        column="effective_date",
    ),
]


@pytest.mark.parametrize("case", cases(CONTRACT_CELLS))
def test_hostile_agreement_or_obligation_cell_is_refused(store, refused, case) -> None:
    problems = refused(store, {"nodes.csv": NODES + LICENCE, "x.csv": case["text"]})
    assert {(p.file, p.row, p.column) for p in problems} == {("x.csv", 2, case["column"])}
    assert all(p.reason.isprintable() and len(p.reason) < 500 for p in problems)


CONTRACT_ACCEPTED = [
    Case(
        "signatories-empty-parts-and-duplicates",
        "accepted: 'meri;;helix; meri ;' is meri and helix, once each",
        text=AGREEMENTS + "L2,meri;;helix; meri ;,,,,,\n",
        check=("SIGNED", [("helix", "L2"), ("meri", "L2")]),
    ),
    Case(
        "done-before-due",
        "accepted: work done before it fell due",
        text=OBLIGATIONS + "o1,L1,2026-03-01,2026-01-15,\n",
        check=("done", "2026-01-15"),
    ),
    Case(
        "due-before-the-agreement-takes-effect",
        "accepted: a notice due before the effective date (the agreement is stored with one)",
        text=OBLIGATIONS + "o1,L1,2019-12-31,,\n",
        check=("due", "2019-12-31"),
    ),
    Case(
        "target-with-spaces-and-unicode",
        "accepted: a target id 'KRAS G12D / β-catenin' kept exactly",
        text=AGREEMENTS + "L2,meri,,KRAS G12D / β-catenin,,,\n",
        check=("RESTRICTS", [("L2", "KRAS G12D / β-catenin")]),
    ),
]


@pytest.mark.parametrize("case", cases(CONTRACT_ACCEPTED))
def test_unusual_agreement_and_obligation_cells_are_kept_as_meant(store, load, case) -> None:
    signed = "source,target,type,since\nmeri,L1,SIGNED,2020-01-01\n"
    load(store, {"nodes.csv": NODES + LICENCE, "signed.csv": signed, "x.csv": case["text"]})
    what, value = case["check"]
    nodes, edges = store.all_records()
    if what in ("due", "done"):
        (o,) = [n for n in nodes if n.id == "o1"]
        assert o.props[what] == value
    else:
        assert (
            sorted(
                (e.source, e.target)
                for e in edges
                if e.type == what and "L2" in (e.source, e.target)
            )
            == value
        )


def test_symmetric_edge_both_ways_with_different_props_is_refused(store, refused) -> None:
    """P1-P2 and P2-P1 are one firewall: two reasons for it are refused (row 3, 'reason')."""
    text = "source,target,type,reason\nP1,P2,FIREWALL,legal\nP2,P1,FIREWALL,commercial\n"
    problems = refused(store, {"nodes.csv": NODES, "edges.csv": text})
    assert [(p.file, p.row, p.column) for p in problems] == [("edges.csv", 3, "reason")]


def test_same_edge_twice_with_conflicting_until_is_refused(store, refused) -> None:
    """The same edge ending on two days: refused, naming the row and the 'until' column."""
    text = HEADER + edge("INFLUENCES", since="2026-01-01", until="2026-06-30")
    text += edge("INFLUENCES", since="2026-01-01", until="2026-07-31")
    problems = refused(store, {"nodes.csv": NODES, "edges.csv": text})
    assert [(p.file, p.row, p.column) for p in problems] == [("edges.csv", 3, "until")]


def test_a_refused_report_is_safe_for_a_terminal(store, refused) -> None:
    """A hostile id in the report is escaped: no control or bidi character reaches stderr."""
    problems = refused(store, {"n.csv": "id,type,name\nann\x1b[2J\u202e,Person,A\n"})
    text = ImportRejected(problems).report()
    assert "\x1b" not in text and "\u202e" not in text
