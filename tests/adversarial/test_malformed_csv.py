"""Malformed CSV: files that are not CSV, or not the CSV they claim to be. Each is refused with
the file, row and column allymap can name, and nothing of the import is stored (on every
store), or, for the spreadsheet quirks real exports have, read as the user meant."""

from __future__ import annotations

import pytest

from adversarial.corpus import Case, cases

FIELD_LIMIT = 64 * 1024 * 1024
"""Characters in one value (docs/csv-formats.md)."""

pytestmark = pytest.mark.adversarial("malformed CSV")

GOOD = "id,type,name\nann,Person,Ann\nmeri,Company,Meridian\n"
"""Imported with every case, so "nothing stored" covers a good file next to the bad one."""
DECISIONS = "kind,person,subject,other,decision,decided_by,reason,since,until\n"

REFUSED = [
    Case(
        "decisions-extra-column",
        "refused: x.csv, row 1, column 'notes' (a decision has no free properties)",
        text=DECISIONS.replace("until\n", "until,notes\n", 1) + ",ok\n",
        where=[("x.csv", 1, "notes")],
    ),
    Case(
        "decisions-until-not-a-date",
        "refused: x.csv, row 2, column 'until'",
        text=DECISIONS + "indirect_exposure,ann,P1,P2,accepted,Legal,ok,,31/12/2026\n",
        where=[("x.csv", 2, "until")],
    ),
    Case(
        "decisions-waiver-without-until",
        "refused: x.csv, row 2, column 'until' (a waiver ends on a day; P1, P2 unknown too)",
        text=DECISIONS + "firewall_breach,ann,P1,P2,waived,Legal,ok,,\n",
        where=[("x.csv", 2, "until"), ("x.csv", 2, "subject"), ("x.csv", 2, "subject")],
    ),
    Case(
        "decisions-naming-unknown-nodes",
        "refused: x.csv, row 2, column 'subject' for each unknown id",
        text=DECISIONS + "firewall_breach,ann,P8,P9,waived,Legal,ok,,2027-01-01\n",
        where=[("x.csv", 2, "subject"), ("x.csv", 2, "subject")],
    ),
    Case(
        "decisions-same-identity-twice-saying-different-things",
        "refused: x.csv, row 3 (the same decision twice, differently; P1, P2 unknown too)",
        text=DECISIONS
        + "indirect_exposure,ann,P1,P2,accepted,Legal,ok,2026-01-01,\n"
        + "indirect_exposure,ann,P2,P1,accepted,CFO,ok,2026-01-01,\n",
        where=[("x.csv", 3, None), ("x.csv", 2, "subject"), ("x.csv", 2, "subject")],
    ),
    Case("empty-file", "refused: x.csv, the file is empty", text="", where=[("x.csv", None, None)]),
    Case(
        "only-a-bom",
        "refused: x.csv, the file is empty",
        text="\ufeff\r\n",
        where=[("x.csv", None, None)],
    ),
    Case(
        "blank-header",
        "refused: x.csv, row 1 (the header is empty)",
        text=",,\nann,Person,Ann\n",
        where=[("x.csv", 1, None)],
    ),
    Case(
        "nul-byte",
        "refused: x.csv contains NUL bytes",
        text="id,type,name\nan\x00n,Person,Ann\n",
        where=[("x.csv", None, None)],
    ),
    Case(
        "utf16",
        "refused: x.csv is UTF-16",
        text="id,type,name\nann,Person,Ann\n".encode("utf-16"),
        where=[("x.csv", None, None)],
    ),
    Case(
        "latin1",
        "refused: x.csv, row 3, column 'name' (not UTF-8)",
        text="id,type,name\nbob,Person,Bob\nzoe,Person,Zo\xeb\n".encode("latin-1"),
        where=[("x.csv", 3, "name")],
    ),
    Case(
        "xlsx",
        "refused: x.csv is a workbook",
        text=b"PK\x03\x04\x14\x00\x06\x00rest of a zip",
        where=[("x.csv", None, None)],
    ),
    Case(
        "unterminated-quote",
        "refused: x.csv, row 3 (a quote is never closed)",
        text='id,type,name\nbob,Person,Bob\nzoe,Person,"Zoe\ncy,Person,Cy\n',
        where=[("x.csv", 3, None)],
    ),
    Case(
        "stray-quote",
        "refused: x.csv, row 2 (a quote in the middle of a value)",
        text='id,type,name\nbob,Person,"Bob" Stone\n',
        where=[("x.csv", 2, None)],
    ),
    Case(
        "too-many-values",
        "refused: x.csv, row 2 (4 values, 3 columns)",
        text="id,type,name\nbob,Person,Stone, Bob\n",
        where=[("x.csv", 2, None)],
    ),
    Case(
        "value-under-unnamed-column",
        "refused: x.csv, row 2, column 'column 4'",
        text="id,type,name,\nbob,Person,Bob,x\n",
        where=[("x.csv", 2, "column 4")],
    ),
    Case(
        "header-twice-same",
        "refused: x.csv, row 1, column 'name' (named twice)",
        text="id,type,name,name\nbob,Person,Bob,B\n",
        where=[("x.csv", 1, "name")],
    ),
    Case(
        "header-twice-by-case",
        "refused: x.csv, row 1, column 'NAME' (named twice)",
        text="id,type,name,NAME\nbob,Person,Bob,B\n",
        where=[("x.csv", 1, "NAME")],
    ),
    Case(
        "header-twice-by-bom",
        "refused: x.csv, row 1, column 'id' (a BOM before the second id hid the twin)",
        text="id,type,name,\ufeffid\nbob,Person,Bob,b2\n",
        where=[("x.csv", 1, "id")],
    ),
    Case(
        "header-twice-by-spaces",
        "refused: x.csv, row 1, column 'type' (named twice)",
        text="id,type,name, type \nbob,Person,Bob,Company\n",
        where=[("x.csv", 1, "type")],
    ),
    Case(
        "header-zero-width",
        "refused: x.csv, row 1, column 'column 4' (invisible character in a column name)",
        text="id,type,name,no\u200bte\nbob,Person,Bob,x\n",
        where=[("x.csv", 1, "column 4")],
    ),
    Case(
        "header-bidi",
        "refused: x.csv, row 1, column 'column 4' (bidi control in a column name)",
        text="id,type,name,\u202etoor\nbob,Person,Bob,x\n",
        where=[("x.csv", 1, "column 4")],
    ),
    Case(
        "header-escape-sequence",
        "refused: x.csv, row 1, column 'column 4' (ANSI escape in a column name)",
        text="id,type,name,\x1b[2Jnote\nbob,Person,Bob,x\n",
        where=[("x.csv", 1, "column 4")],
    ),
    Case(
        "header-10k-name",
        "refused: x.csv, row 1, column 'column 4' (column name too long)",
        text="id,type,name," + "n" * 10_000 + "\nbob,Person,Bob,x\n",
        where=[("x.csv", 1, "column 4")],
    ),
    Case(
        "header-both-generic",
        "refused: x.csv, row 1 (both generic signatures)",
        text="id,type,name,source,target\nbob,Person,Bob,,\n",
        where=[("x.csv", 1, None)],
    ),
    Case(
        "header-hr-and-roster",
        "refused: x.csv, row 1 (fits HR export and committee roster)",
        text="employee_id,name,company_id,manager_id,committee_id,member_id\n",
        where=[("x.csv", 1, None)],
    ),
    Case(
        "header-near-edges",
        "refused: x.csv, row 1, column 'type' (close to generic edges, lacks type)",
        text="source,target,kind\nann,meri,EMPLOYED_BY\n",
        where=[("x.csv", 1, "type")],
    ),
    Case(
        "header-unknown",
        "refused: x.csv, row 1 (no format; lists the accepted ones)",
        text="who,what,when\nann,x,y\n",
        where=[("x.csv", 1, None)],
    ),
    Case(
        "header-store-prefix",
        "refused: x.csv, row 1, column '~sort' (a name the stores keep)",
        text="id,type,name,~sort\nbob,Person,Bob,zzz\n",
        where=[("x.csv", 1, "~sort")],
    ),
    Case(
        "header-edge-field-as-property",
        "refused: x.csv, row 1, column 'Source' (an edge's own field, in a roster)",
        text="committee_id,member_id,Source\nc1,ann,hr\n",
        where=[("x.csv", 1, "Source")],
    ),
    Case(
        "semicolons-in-a-comma-file",
        "refused: x.csv, row 2, column 'type' (the row is one value: its type is empty)",
        text="id,type,name\nbob;Person;Bob\n",
        where=[("x.csv", 2, "type")],
    ),
    Case(
        "agreements-header-without-signatories",
        "refused: x.csv, row 1, column 'signatories' (closest to the agreements export)",
        text="agreement_id,agreement_name,covers\nL1,Licence,\n",
        where=[("x.csv", 1, "signatories")],
    ),
    Case(
        "obligations-header-without-due",
        "refused: x.csv, row 1, column 'due' (closest to the obligations export)",
        text="obligation_id,agreement_id,obligation_name\no1,L1,Notice\n",
        where=[("x.csv", 1, "due")],
    ),
    Case(
        "agreements-and-obligations-in-one-header",
        "refused: x.csv, row 1 (fits both the agreements and the obligations export)",
        text="agreement_id,signatories,obligation_id,due\nL1,meri,o1,2026-01-01\n",
        where=[("x.csv", 1, None)],
    ),
    Case(
        "agreements-semicolon-file-with-semicolon-lists",
        "refused: x.csv, row 2 (in a ;-separated file the list splits: a value beyond the header)",
        text="agreement_id;signatories\nL1;meri;helix\n",
        where=[("x.csv", 2, None)],
    ),
    Case(
        "neo4j-admin-two-ids",
        "refused: x.csv, row 1, column ':ID' (two :ID columns)",
        text="id:ID,other:ID,:LABEL\nbob,b2,Person\n",
        where=[("x.csv", 1, ":ID")],
    ),
]


@pytest.mark.parametrize("case", cases(REFUSED))
def test_malformed_file_is_refused_and_nothing_is_stored(store, refused, case) -> None:
    problems = refused(store, {"good.csv": GOOD, "x.csv": case["text"]})
    assert [(p.file, p.row, p.column) for p in problems] == case["where"]


def test_a_value_over_the_limit_is_refused_with_row_and_column(store, refused) -> None:
    """A 64 MiB + 1 character cell: refused naming x.csv, row 3, column 'notes'."""
    text = f"id,type,name,notes\nbob,Person,Bob,\ncy,Person,Cy,{'x' * (FIELD_LIMIT + 1)}\n"
    problems = refused(store, {"good.csv": GOOD, "x.csv": text})
    assert [(p.file, p.row, p.column, p.kind) for p in problems] == [("x.csv", 3, "notes", "size")]


QUIRKS = [
    Case(
        "crlf-bom-semicolons",
        "accepted: Excel's CSV UTF-8 with semicolons",
        text="\ufeffid;type;name\r\nbob;Person;Bob\r\n",
        names={"bob": "Bob"},
    ),
    Case(
        "cr-only-lines",
        "accepted: old Mac line ends",
        text="id,type,name\rbob,Person,Bob\rcy,Person,Cy\r",
        names={"bob": "Bob", "cy": "Cy"},
    ),
    Case(
        "tabs",
        "accepted: tab-separated",
        text="id\ttype\tname\nbob\tPerson\tBob, Jr.\n",
        names={"bob": "Bob, Jr."},
    ),
    Case(
        "blank-and-empty-rows",
        "accepted: blank rows and rows of empty cells are skipped",
        text="id,type,name\n\n,,\n  ,  ,  \nbob,Person,Bob\n",
        names={"bob": "Bob"},
    ),
    Case(
        "short-row-and-trailing-comma",
        "accepted: a short row is padded, a trailing empty cell ignored",
        text="id,type,name,note\nbob,Person,Bob\ncy,Person,Cy,,\n",
        names={"bob": "Bob", "cy": "Cy"},
    ),
    Case(
        "quoted-line-breaks",
        "accepted: a name with a line break keeps it, and row numbers count records",
        text='id,type,name\nbob,Person,"Bob\nStone"\n',
        names={"bob": "Bob\nStone"},
    ),
    Case(
        "header-case-and-spaces",
        "accepted: header names are case-insensitive and trimmed",
        text=" ID ,Type,NAME\nbob,person,Bob\n",
        names={"bob": "Bob"},
    ),
]


@pytest.mark.parametrize("case", cases(QUIRKS))
def test_spreadsheet_quirks_are_read_as_meant(store, load, case) -> None:
    load(store, {"x.csv": case["text"]})
    assert {n.id: n.name for n in store.all_records()[0]} == case["names"]
