"""Typed errors whose messages are written for the person who ran the command.

A refused import carries every problem found in every file of it, each with a *kind* (a bad
date, a relationship to a node that exists nowhere...), so that the report can group them per
file and per kind and show the first few of each: a file with ten thousand bad dates must not
hide the one missing manager in another file.

>>> err = ImportRejected([ImportProblem("e.csv", 3, "since", "'x' is not a date", "date"),
...                       ImportProblem("e.csv", 4, "since", "'y' is not a date", "date")])
>>> print(err.report(per_group=1))
Import refused, nothing was stored: 2 problems in 1 file.
e.csv:
  dates (2):
    row 3, column 'since': 'x' is not a date
    ... and 1 more
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MAX_PROBLEMS",
    "PROBLEM_KINDS",
    "AllymapError",
    "ImportProblem",
    "ImportRejected",
    "NoDatabase",
    "NotFound",
    "ProblemGroup",
    "ProblemLog",
    "StoreUnavailable",
    "group_problems",
    "printable",
    "shown",
]

MAX_PROBLEMS = 200
"""Problems kept per file of an import; after that a file is no longer read (or checked)
and a last problem says so. The first screens of a report are what gets fixed."""

PROBLEM_KINDS: dict[str, str] = {
    "file": "files that cannot be read",
    "format": "files in no format allymap knows",
    "header": "header",
    "csv": "malformed CSV",
    "size": "values too large",
    "id": "ids",
    "name": "names",
    "type": "types",
    "date": "dates",
    "value": "property values",
    "relationship": "relationships that mean nothing",
    "conflict": "rows that disagree",
    "stored": "clashes with what is stored",
    "missing": "references to nodes that exist nowhere",
    "ends": "relationships between the wrong kinds of node",
    "limit": "too many problems",
    "other": "other problems",
}
"""Kind of problem -> its heading in a grouped report, in the order groups are shown."""


class AllymapError(Exception):
    """Base of every error allymap reports to a user (CLI exit code 2)."""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason an import was refused, located as precisely as the input allows.

    ``row`` counts records as a spreadsheet does: the header is row 1, the first data row 2.
    ``kind`` is a key of :data:`PROBLEM_KINDS`, for grouping.
    """

    file: str
    row: int | None
    column: str | None
    reason: str
    kind: str = "other"

    def where(self) -> str:
        """Row and column ("row 4, column 'since'"), without the file; "" for the whole file."""
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{self.file}, {where}: {self.reason}" if where else f"{self.file}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """The problems of one kind in one file, in row order."""

    file: str
    kind: str
    heading: str
    problems: tuple[ImportProblem, ...]


def group_problems(problems: Iterable[ImportProblem]) -> list[ProblemGroup]:
    """Problems grouped per file (in the order the files first appear) and, within a file, per
    kind (in the order of :data:`PROBLEM_KINDS`), each group in row order. This is what the CLI
    prints and what the app's Import page shows."""
    by_file: dict[str, dict[str, list[ImportProblem]]] = {}
    for p in problems:
        by_file.setdefault(p.file, {}).setdefault(p.kind, []).append(p)
    order = {kind: i for i, kind in enumerate(PROBLEM_KINDS)}
    groups = []
    for file, kinds in by_file.items():
        for kind in sorted(kinds, key=lambda k: order.get(k, len(order))):
            items = sorted(kinds[kind], key=lambda p: p.row if p.row is not None else 0)
            heading = PROBLEM_KINDS.get(kind, PROBLEM_KINDS["other"])
            groups.append(ProblemGroup(file, kind, heading, tuple(items)))
    return groups


def shown(text: str, limit: int = 60) -> str:
    """``repr(text)`` for a message, cut to about ``limit`` characters: control characters
    are escaped, and a megabyte-long id does not make a megabyte-long report."""
    if len(text) > limit:
        return repr(text[:limit]) + f"... ({len(text):,} characters)"
    return repr(text)


def printable(text: str) -> str:
    """``text`` with every character that is not printable (controls, bidi overrides, line
    breaks) written as its escape: data shown in a terminal must not move the cursor, recolour
    or reorder what follows (a file named with an ANSI escape, a name with U+202E)."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


class ImportRejected(AllymapError):
    """The import was refused and nothing of it was stored."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        first = problems[0]
        self.file, self.row, self.column, self.reason = (
            first.file,
            first.row,
            first.column,
            first.reason,
        )
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"Import refused, nothing was stored. {first}{more}")

    def groups(self) -> list[ProblemGroup]:
        """The problems per file and kind (see :func:`group_problems`)."""
        return group_problems(self.problems)

    def report(self, per_group: int = 5) -> str:
        """The problems as text: a heading per file and per kind, the first ``per_group`` of
        each kind, and how many more there are."""
        files = len({p.file for p in self.problems})
        lines = [
            f"Import refused, nothing was stored: {_plural(len(self.problems), 'problem')} "
            f"in {_plural(files, 'file')}."
        ]
        file = None
        for group in self.groups():
            if group.file != file:
                file = group.file
                lines.append(f"{file}:")
            lines.append(f"  {group.heading} ({len(group.problems):,}):")
            for p in group.problems[:per_group]:
                where = p.where()
                lines.append(f"    {where}: {p.reason}" if where else f"    {p.reason}")
            if len(group.problems) > per_group:
                lines.append(f"    ... and {len(group.problems) - per_group:,} more")
        return "\n".join(map(printable, lines))


class ProblemLog:
    """The problems of one import, at most :data:`MAX_PROBLEMS` per file: ``add`` returns
    False once a file has reached the limit (the caller may stop reading it), and the last
    problem kept for that file says that the rest was not looked at."""

    def __init__(self, problems: Iterable[ImportProblem] = (), limit: int = MAX_PROBLEMS) -> None:
        self.items: list[ImportProblem] = list(problems)
        self.limit = limit
        self._per_file = Counter(p.file for p in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def full(self, file: str) -> bool:
        return self._per_file[file] >= self.limit

    def add(self, problem: ImportProblem) -> bool:
        """Keep ``problem``; False when its file has now reached the limit (or had)."""
        n = self._per_file[problem.file]
        if n >= self.limit:
            return False
        self._per_file[problem.file] = n + 1
        self.items.append(problem)
        if n + 1 < self.limit:
            return True
        self.items.append(
            ImportProblem(
                problem.file,
                None,
                None,
                f"stopped reading and checking this file after {self.limit} problems",
                "limit",
            )
        )
        return False


class NotFound(AllymapError):
    """A node the user named does not exist (or is of the wrong type)."""


class StoreUnavailable(AllymapError):
    """The database cannot be reached or opened, or is not allymap's (CLI exit code 2)."""


class NoDatabase(StoreUnavailable):
    """There is no allymap graph where the user pointed: no file, an empty one, or a database
    nothing was ever imported into. Raised only when opening for reading
    (``open_store(..., create=False)``), where answering from an empty graph would be a wrong
    all-clear; an import or the app starts from nothing instead."""
