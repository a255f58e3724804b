"""Typed errors whose messages are written for the person who ran the command."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AllymapError", "ImportProblem", "ImportRejected", "NotFound", "StoreUnavailable"]


class AllymapError(Exception):
    """Base of every error allymap reports to a user (CLI exit code 2)."""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason an import was refused, located as precisely as the input allows.

    ``row`` counts records as a spreadsheet does: the header is row 1, the first data row 2.
    """

    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.reason}"


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

    def report(self, limit: int = 50) -> str:
        lines = ["Import refused, nothing was stored:"]
        lines += [f"  {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class NotFound(AllymapError):
    """A node the user named does not exist (or is of the wrong type)."""


class StoreUnavailable(AllymapError):
    """The database cannot be reached or opened."""
