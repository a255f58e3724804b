"""CLI misuse: wrong options, out-of-range numbers, bad dates, options in the wrong place,
impossible combinations, bad Neo4j addresses, and a reader that goes away or a user who
presses Ctrl-C. Usage errors exit 2 with words on stderr and never a traceback; nothing is
written; no path exits 1 (blocked) unless a check found something that blocks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adversarial.clikit import (
    EDGES,
    NODES,
    READS,
    HeldImport,
    T,
    allymap_cmd,
    csv_pair,
    one_line,
    people_csv,
    snapshot,
)
from adversarial.corpus import Case, cases
from allymap.cli import app

pytestmark = pytest.mark.adversarial("CLI misuse")

DECIDE = [
    "decide",
    "--kind",
    "firewall_breach",
    "--person",
    "eli",
    "--subject",
    "P1",
    "--other",
    "P2",
    "--by",
    "Legal",
    "--reason",
    "ok",
]
"""``allymap decide`` without --decision, --since, --until (each case adds what it misuses)."""
UNTIL = "2099-12-31"

CASES = [
    Case(
        "hops-too-many", "exit 2, names --hops", args=["conflicts", "--hops", "99"], says="--hops"
    ),
    Case("hops-negative", "exit 2, names --hops", args=["conflicts", "--hops", "-1"], says="-1"),
    Case(
        "hops-huge",
        "exit 2, names --hops (no overflow)",
        args=["conflicts", "--hops", "9" * 40],
        says="--hops",
    ),
    Case(
        "hops-not-a-number",
        "exit 2, says the value is invalid",
        args=["check-staffing", "--program", "P1", "--people", "eli", "--hops", "two"],
        says="--hops",
    ),
    Case(
        "as-of-month-13",
        "exit 2, names --as-of",
        args=["conflicts", "--as-of", "2026-13-01"],
        says="--as-of",
    ),
    Case(
        "as-of-words",
        "exit 2, names --as-of",
        args=["partner", "rival", "--of", "us", "--as-of", "yesterday"],
        says="--as-of",
    ),
    Case("as-of-empty", "exit 2, names --as-of", args=["conflicts", "--as-of", ""], says="--as-of"),
    Case("unknown-command", "exit 2", args=["frobnicate"], says=""),
    Case(
        "format-unknown",
        "exit 2, names the bad value",
        args=["conflicts", "--format", "xml"],
        says="xml",
    ),
    Case(
        "command-option-before-the-command",
        "exit 2: --as-of is not a global option",
        args=["--as-of", T, "conflicts"],
        says="--as-of",
    ),
    Case(
        "debug-after-the-command",
        "exit 2: --debug is global, it goes before the command",
        args=["conflicts", "--debug"],
        says="--debug",
    ),
    Case(
        "people-empty",
        "exit 2, names --people",
        args=["check-staffing", "--program", "P1", "--people", ""],
        says="--people",
    ),
    Case(
        "people-only-commas",
        "exit 2, names --people",
        args=["check-staffing", "--program", "P1", "--people", ",,,"],
        says="--people",
    ),
    Case(
        "people-only-spaces",
        "exit 2, names --people",
        args=["check-staffing", "--program", "P1", "--people", " , "],
        says="--people",
    ),
    Case(
        "people-missing",
        "exit 2, names the missing option",
        args=["check-staffing", "--program", "P1"],
        says="--people",
    ),
    Case(
        "partner-without-of",
        "exit 2, names --of",
        args=["partner", "rival"],
        says="--of",
    ),
    Case(
        "db-and-neo4j",
        "exit 2: either --db or --neo4j",
        args=["conflicts", "--neo4j", "bolt://127.0.0.1:7687"],
        says="not both",
    ),
    Case("import-without-files", "exit 2, names FILE", args=["import"], says="FILE"),
    Case(
        "import-missing-file",
        "exit 2: no such file, nothing imported",
        args=["import", "no-such-file.csv"],
        says="no such file",
    ),
    Case(
        "decide-waiver-without-until",
        "exit 2: a waiver needs --until",
        args=[*DECIDE, "--decision", "waived"],
        says="--until",
    ),
    Case(
        "decide-accepting-a-blocking-kind",
        "exit 2: a breach is waived, not accepted",
        args=[*DECIDE, "--decision", "accepted"],
        says="--decision",
    ),
    Case(
        "decide-waiving-a-review-kind",
        "exit 2: an exposure is accepted, not waived",
        args=[
            *DECIDE[:2],
            "indirect_exposure",
            *DECIDE[3:],
            "--decision",
            "waived",
            "--until",
            UNTIL,
        ],
        says="--decision",
    ),
    Case(
        "decide-unknown-kind",
        "exit 2, names --kind",
        args=[*DECIDE[:2], "breach", *DECIDE[3:], "--decision", "waived", "--until", UNTIL],
        says="--kind",
    ),
    Case(
        "decide-until-not-a-date",
        "exit 2, names --until",
        args=[*DECIDE, "--decision", "waived", "--until", "next year"],
        says="--until",
    ),
    Case(
        "decide-until-before-since",
        "exit 2, names --until",
        args=[*DECIDE, "--decision", "waived", "--since", T, "--until", "2026-01-01"],
        says="before since",
    ),
    Case(
        "decide-blank-reason",
        "exit 2, names --reason",
        args=[*DECIDE[:-1], " ", "--decision", "waived", "--until", UNTIL],
        says="--reason",
    ),
    Case(
        "decide-same-subject-twice",
        "exit 2: the subject is two different ids",
        args=[*DECIDE[:8], "P1", *DECIDE[9:], "--decision", "waived", "--until", UNTIL],
        says="two different ids",
    ),
    Case(
        "check-staffing-program-and-committee",
        "exit 2: one seat at a time",
        args=["check-staffing", "--program", "P1", "--committee", "c1", "--people", "eli"],
        says="either --program",
    ),
    Case(
        "check-staffing-no-seat",
        "exit 2: a program or a committee",
        args=["check-staffing", "--people", "eli"],
        says="either --program",
    ),
    Case(
        "leaving-only-commas",
        "exit 2, names --leaving",
        args=["check-staffing", "--program", "P1", "--people", "eli", "--leaving", ",,"],
        says="--leaving",
    ),
    Case("ahead-zero", "exit 2, names --ahead", args=["conflicts", "--ahead", "0"], says="--ahead"),
    Case(
        "changes-since-not-before-as-of",
        "exit 2: D must be before the as-of day",
        args=["conflicts", "--as-of", T, "--changes-since", T],
        says="--changes-since",
    ),
    Case(
        "changes-since-words",
        "exit 2, names --changes-since",
        args=["conflicts", "--changes-since", "last week"],
        says="--changes-since",
    ),
    Case(
        "summary-with-ahead",
        "exit 2: the summary is of one day",
        args=["conflicts", "--summary", "--ahead", "5"],
        says="--summary",
    ),
    Case(
        "summary-page-zero",
        "exit 2, names --page",
        args=["conflicts", "--summary", "--page", "0"],
        says="--page",
    ),
    Case("serve-port-zero", "exit 2 before starting", args=["serve", "--port", "0"], says="--port"),
    Case(
        "serve-port-too-big",
        "exit 2 before starting",
        args=["serve", "--port", "70000"],
        says="--port",
    ),
]


@pytest.mark.parametrize("case", cases(CASES))
def test_usage_error_exits_2_without_traceback(case: Case, tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite"
    result = CliRunner().invoke(app, [*case["args"], "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert case["says"] in result.output
    assert not db.exists(), "a usage error created a database"


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    db = tmp_path / "db" / "allymap.sqlite"
    files = csv_pair(tmp_path / "base")
    assert CliRunner().invoke(app, ["import", *map(str, files), "--db", str(db)]).exit_code == 0
    return db


MISNAMED = [
    Case(
        "decide-unknown-person",
        "exit 2: names the id, stores nothing",
        args=[*DECIDE[:4], "nobody", *DECIDE[5:], "--decision", "waived", "--until", UNTIL],
        says="'nobody' is not a known node",
    ),
    Case(
        "decide-person-is-a-company",
        "exit 2: a finding's person is a Person",
        args=[*DECIDE[:4], "rival", *DECIDE[5:], "--decision", "waived", "--until", UNTIL],
        says="is a Company",
    ),
    Case(
        "leaving-a-person",
        "exit 2: one leaves a program or a committee",
        args=["check-staffing", "--program", "P1", "--people", "eli", "--leaving", "eli"],
        says="is a Person, not a Program or Committee",
    ),
    Case(
        "committee-that-is-a-program",
        "exit 2: --committee names a Committee",
        args=["check-staffing", "--committee", "P1", "--people", "eli"],
        says="not a Committee",
    ),
]


@pytest.mark.parametrize("case", cases(MISNAMED))
def test_a_decision_or_seat_naming_the_wrong_node_exits_2_and_stores_nothing(
    case: Case, portfolio: Path, tmp_path: Path
) -> None:
    from graphmodel.embedded import EmbeddedStore

    result = CliRunner().invoke(app, [*case["args"], "--db", str(portfolio)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and case["says"] in result.output
    with EmbeddedStore(portfolio, create=False) as store:
        assert store.read(lambda f: f.decisions(None)) == []


EMPTY = [
    Case("db-empty", "--db '': exit 2, never the default database", option="--db"),
    Case("neo4j-empty", "--neo4j '': exit 2, never the embedded database", option="--neo4j"),
    Case("db-blank", "--db ' ': exit 2", option="--db", value=" "),
]


@pytest.mark.parametrize("command", [*READS, "import"])
@pytest.mark.parametrize("case", cases(EMPTY))
def test_an_empty_database_option_is_refused_not_replaced_by_the_default(
    case: Case, command: str, portfolio: Path, tmp_path: Path
) -> None:
    """A script passing an unset variable (--db "$DB") must not silently get the default
    database or ALLYMAP_DB instead, whose answer may be a wrong all-clear."""
    home = tmp_path / "home"
    home.mkdir()
    args = (
        READS[command][0] if command in READS else ["import", *map(str, csv_pair(tmp_path / "c"))]
    )
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "ALLYMAP_DB": str(portfolio)}
    before = snapshot(tmp_path)
    result = CliRunner().invoke(app, [*args, case["option"], case.get("value", "")], env=env)
    assert result.exit_code == 2, result.output
    assert case["option"] in result.stderr and "empty" in result.stderr
    assert snapshot(tmp_path) == before


BAD_URIS = [
    Case("http-scheme", "exit 2 'not a Neo4j address'", uri="http://localhost:7474"),
    Case("no-scheme", "exit 2 'not a Neo4j address'", uri="localhost:7687"),
    Case(
        "no-server",
        "exit 2: bolt:// names no server (the driver would use localhost)",
        uri="bolt://",
    ),
    Case("no-host", "exit 2: names no server", uri="bolt://:7687"),
    Case(
        "port-out-of-range",
        "exit 2 (the driver would wrap 99999 to 34463)",
        uri="bolt://127.0.0.1:99999",
    ),
    Case("port-zero", "exit 2", uri="bolt://127.0.0.1:0"),
    Case("broken-ipv6", "exit 2 'not a Neo4j address'", uri="bolt://[::1"),
    Case(
        "credentials-in-uri",
        "exit 2: credentials belong in NEO4J_USER/NEO4J_PASSWORD",
        uri="bolt://u:p@127.0.0.1:7687",
    ),
    Case("nobody-listening", "exit 2 'Cannot reach ... Is the server running'", uri="closed-port"),
    Case("unknown-host", "exit 2 'Cannot reach'", uri="bolt://no-such-host.invalid:7687"),
]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("case", cases(BAD_URIS))
def test_a_bad_neo4j_address_exits_2_with_words(case: Case, tmp_path: Path) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}" if case["uri"] == "closed-port" else case["uri"]
    for args, _ in READS.values():
        result = CliRunner().invoke(app, [*args, "--neo4j", uri], env={"NEO4J_PASSWORD": "x"})
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert one_line(result.stderr), result.stderr
        assert "Neo4j" in result.stderr


@pytest.mark.parametrize("day", ["0001-01-01", "0001-12-31", "9999-12-31", "9999-01-01"])
@pytest.mark.parametrize("command", list(READS))
def test_dates_far_in_the_past_or_future_are_answered(
    command: str, day: str, portfolio: Path
) -> None:
    """Nothing is active in year 1; everything open-ended still is in 9999 (date arithmetic
    near the ends of the calendar once overflowed, a crash that exited 1, "blocked")."""
    args = [a if a != T else day for a in READS[command][0]]
    result = CliRunner().invoke(app, [*args, "--db", str(portfolio)])
    assert "Traceback" not in result.output
    if day.startswith("0001"):
        assert result.exit_code == 0, result.output  # nothing was active yet
    else:
        assert result.exit_code == READS[command][1], result.output
    if result.exit_code == 1:
        assert "BLOCKS" in result.stdout


@pytest.fixture
def many_findings(tmp_path: Path) -> Path:
    """3,000 people on both sides of a firewall: a report far bigger than a pipe's buffer."""
    db = tmp_path / "big.sqlite"
    folder = tmp_path / "big"
    files = csv_pair(folder)
    nodes, jobs = people_csv(folder, 3000, prefix="p")
    work = folder / "work.csv"
    work.write_text(
        "source,target,type,since\n"
        + "".join(
            f"p{i},P1,WORKS_ON,2024-02-01\np{i},P2,WORKS_ON,2024-02-01\n" for i in range(3000)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["import", *map(str, [*files, nodes, jobs, work]), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("output", ["text", "json"])
def test_a_reader_that_goes_away_is_silence_not_a_crash(
    many_findings: Path, output: str, unbuffered: str
) -> None:
    """`allymap conflicts | head -1`: once the reader closes the pipe, allymap stops quietly
    with 141 (as tools killed by SIGPIPE do), never 1 (blocked) and never a traceback or an
    "Exception ignored" on stderr. Unbuffered (as in many containers) a text write the pipe
    took only in part used to drop the rest silently and exit 1 as if all was said."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    proc = subprocess.Popen(
        allymap_cmd("conflicts", "--as-of", T, "--format", output, "--db", many_findings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # read no more than the first line
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    assert first
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert proc.returncode == 141, (proc.returncode, err)
    assert err == ""


@pytest.mark.parametrize(
    ("sig", "code", "says"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped (SIGTERM)")],
    ids=["ctrl-c", "sigterm"],
)
def test_an_import_interrupted_mid_write_exits_with_the_signal_stores_nothing(
    sig: int, code: int, says: str, portfolio: Path, tmp_path: Path
) -> None:
    before = snapshot(portfolio.parent)
    held = HeldImport(tmp_path / "hold", *people_csv(tmp_path / "more", 600), "--db", portfolio)
    try:
        held.wait_held()
    except BaseException:
        held.kill()
        raise
    os.kill(held.proc.pid, sig)
    _, err = held.proc.communicate(timeout=60)
    assert held.proc.returncode == code, err
    assert says in err and one_line(err), err
    assert "Traceback" not in err
    assert snapshot(portfolio.parent) == before  # the rollback even removed its WAL
    result = CliRunner().invoke(app, ["partner", "rival", "--of", "us", "--db", str(portfolio)])
    assert result.exit_code == 0


# Names a user may type: two that differ only by accents and case, one that is a prefix of
# another, a name with a comma in it, an id with a comma in it, a person whose name is a
# company's id.
NAMED = (
    NODES
    + "sk,Person,Søren Kierkegård\n"
    + "sk2,Person,SOREN KIERKEGARD\n"
    + "ann,Person,Ann Lee\n"
    + "annl,Person,Ann Leeway\n"
    + 'okm,Person,"Okonkwo, Margaret"\n'
    + '"p,1",Person,Comma Id\n'
    + "rv,Person,rival\n"
)


@pytest.fixture
def named_db(tmp_path: Path) -> Path:
    db = tmp_path / "db" / "allymap.sqlite"
    files = csv_pair(tmp_path / "named", NAMED, EDGES)
    imported = CliRunner().invoke(app, ["import", *map(str, files), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    return db


NAME_MISUSE = [
    Case(
        "name-accents-only",
        "exit 2: 'soren kierkegard' names two people that differ only by accents and case",
        args=["check-staffing", "--program", "P1", "--people", "soren kierkegard"],
        says=["ambiguous", "[sk]", "[sk2]"],
    ),
    Case(
        "name-part",
        "exit 2: part of a name is not a name; the closest matches are listed with ids",
        args=["check-staffing", "--program", "P1", "--people", "Lee"],
        says=["Ann Lee [ann]", "Ann Leeway [annl]"],
    ),
    Case(
        "name-unknown",
        "exit 2: an unknown program name lists the closest programs",
        args=["check-staffing", "--program", "ONC-7 KRAS degrade", "--people", "eli"],
        says=["--program", "ONC-7 KRAS degrader [P1]"],
    ),
    Case(
        "name-wrong-type",
        "exit 2: a company's id where a person is wanted",
        args=["check-staffing", "--program", "P1", "--people", "us"],
        says=["Company, not a Person"],
    ),
    Case(
        "name-comma-unquoted",
        "exit 2: a name with a comma, unquoted, is two names, neither of which exists",
        args=["check-staffing", "--program", "P1", "--people", "Okonkwo, Margaret"],
        says=["'Okonkwo'", "'Margaret'"],
    ),
    Case(
        "name-quote-unclosed",
        "exit 2: a quote left open names --people and says how to quote",
        args=["check-staffing", "--program", "P1", "--people", '"Okonkwo, Margaret'],
        says=["--people", "double quotes"],
    ),
    Case(
        "partner-of-itself",
        "exit 2: a company is not its own partner (by id and by name)",
        args=["partner", "us", "--of", "meridian therapeutics"],
        says=["not its own partner"],
    ),
    Case(
        "partner-person-name",
        "exit 2: 'rival' is a company's id; 'Rival' as a person's name does not make a partner",
        args=["partner", "rv", "--of", "us"],
        says=["Person, not a Company"],
    ),
    Case(
        "search-bad-type",
        "exit 2: --type must be a node type",
        args=["search", "ann", "--type", "Persons"],
        says=["--type"],
    ),
]


@pytest.mark.parametrize("case", cases(NAME_MISUSE))
def test_names_that_do_not_name_one_node_exit_2_with_the_ids(case: Case, named_db: Path) -> None:
    result = CliRunner().invoke(app, [*case["args"], "--db", str(named_db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for words in case["says"]:
        assert words in result.stderr, result.stderr


NAME_USE = [
    Case(
        "name-quoted-comma",
        "a quoted name with a comma resolves to one person",
        args=["--people", '"okonkwo, margaret",eli'],
        people=["okm", "eli"],
    ),
    Case(
        "id-quoted-comma",
        "an id with a comma, quoted, is one id",
        args=["--people", '"p,1"'],
        people=["p,1"],
    ),
    Case(
        "repeated-option-unquoted-comma",
        "exit 2: an unquoted comma splits even in a repeated --people ('p' and '1' are unknown)",
        args=["--people", "Ann Lee", "--people", "annl", "--people", "p,1"],
        exit=2,
        says="'p': no Person",
    ),
    Case(
        "repeated-option-quoted",
        "--people repeated, quoting where an item holds a comma, names folded",
        args=["--people", "Ann Lee", "--people", '"p,1"', "--people", "ANN LEEWAY"],
        people=["ann", "p,1", "annl"],
    ),
    Case(
        "accent-exact",
        "exit 2: the exact spelling of one of two accent-twins is still ambiguous (folded)",
        args=["--people", "Søren Kierkegård"],
        exit=2,
        says="ambiguous",
    ),
    Case(
        "id-wins",
        "an exact id resolves even where a folded name would be ambiguous",
        args=["--people", "sk2"],
        people=["sk2"],
    ),
]


@pytest.mark.parametrize("case", cases(NAME_USE))
def test_people_lists_are_unambiguous(case: Case, named_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "check-staffing",
            "--program",
            "ONC-7 KRAS degrader",
            *case["args"],
            "--format",
            "json",
            "--as-of",
            T,
            "--db",
            str(named_db),
        ],
    )
    if case.get("exit", 0) == 2:
        assert result.exit_code == 2, result.output
        assert case["says"] in result.stderr
        return
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data["program"] == "P1"
    assert [c["person"] for c in data["candidates"]] == case["people"]
