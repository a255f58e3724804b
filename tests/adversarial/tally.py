"""Pytest plugin (loaded by tests/conftest.py): tallies the adversarial corpus per category.

A case counts as *tried* when it ran and as *handled* when it passed; a failure in its setup
or teardown counts against it. Only tests under ``tests/adversarial/`` are counted, and each
of its modules must declare its category (``pytestmark = pytest.mark.adversarial("...")``, a
name from :data:`adversarial.corpus.CATEGORIES`), or collection fails.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from adversarial.corpus import CATEGORIES, Case

_HERE = Path(__file__).resolve().parent
_META: dict[str, tuple[str, str, str]] = {}  # nodeid -> (category, case id, expected outcome)
_OUTCOME: dict[str, str] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--adversarial-list",
        metavar="FILE",
        default=None,
        help="Write every adversarial case run, with its expected outcome, to FILE (Markdown).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "adversarial(category): a case of the adversarial corpus (tests/adversarial)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE not in Path(str(item.path)).resolve().parents:
            continue
        mark = item.get_closest_marker("adversarial")
        if mark is None or not mark.args or mark.args[0] not in CATEGORIES:
            raise pytest.UsageError(
                f"{item.nodeid}: modules of tests/adversarial need "
                f"pytestmark = pytest.mark.adversarial(<one of {', '.join(CATEGORIES)}>)"
            )
        callspec: Any = getattr(item, "callspec", None)
        case = callspec.params.get("case") if callspec is not None else None
        if isinstance(case, Case):
            case_id, expect = case.id, case.expect
            store = callspec.params.get("store")
            if store:
                case_id += f" [{store}]"
        else:
            doc = getattr(item, "obj", None).__doc__ or ""  # type: ignore[union-attr]
            case_id, expect = item.name, " ".join(doc.split())
        _META[item.nodeid] = (mark.args[0], case_id, expect)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid not in _META:
        return
    counts = report.when == "call" or report.outcome != "passed"
    if counts and _OUTCOME.get(report.nodeid) in (None, "passed"):
        _OUTCOME[report.nodeid] = report.outcome


def tally() -> dict[str, tuple[int, int]]:
    """category -> (tried, handled) for the cases run so far."""
    tried: dict[str, int] = defaultdict(int)
    handled: dict[str, int] = defaultdict(int)
    for nodeid, (category, _, _) in _META.items():
        outcome = _OUTCOME.get(nodeid)
        if outcome is not None:
            tried[category] += 1
            handled[category] += outcome == "passed"
    return {c: (tried[c], handled[c]) for c in CATEGORIES if tried[c]}


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    counts = tally()
    if not counts:
        return
    terminalreporter.section("adversarial corpus")
    terminalreporter.write_line(f"{'category':<30} {'tried':>6} {'handled':>8}")
    for category, (tried, handled) in counts.items():
        terminalreporter.write_line(f"{category:<30} {tried:>6} {handled:>8}")
    total = [sum(x) for x in zip(*counts.values(), strict=True)]
    terminalreporter.write_line(f"{'all':<30} {total[0]:>6} {total[1]:>8}")
    target = config.getoption("--adversarial-list")
    if target:
        lines = ["| category | case | expected outcome | handled |", "|---|---|---|---|"]
        order = sorted(_META.items(), key=lambda kv: (CATEGORIES.index(kv[1][0]), kv[0]))
        for nodeid, (category, case_id, expect) in order:
            outcome = _OUTCOME.get(nodeid)
            if outcome is None:
                continue
            cell = expect.replace("|", "\\|")
            done = "yes" if outcome == "passed" else "NO"
            lines.append(f"| {category} | `{case_id}` | {cell} | {done} |")
        Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
