"""Opening a CSV file the way spreadsheet exports actually arrive, and refusing what is not one.

A file is read whole and decoded as UTF-8 (a byte-order mark is accepted, as Excel's
"CSV UTF-8" writes one); the header is row 1 and every record after it is the next row, so a
name with a line break inside quotes does not shift the row numbers in error messages. The
delimiter is guessed from the header line (comma, semicolon or tab), because European Excel
saves "CSV" with semicolons.

Malformed input is reported, never guessed at: not UTF-8 (with the row and column of the first
bad byte), a workbook or UTF-16 file saved under a .csv name, an unterminated quote, a row with
more values than the header has columns, a header naming a column twice (ignoring case and
byte-order marks) or naming one with invisible or control characters, a value longer than
:data:`FIELD_LIMIT` characters (with its row and column), an empty file.
Blank rows and rows of empty cells are skipped; a row shorter than the header is padded with
empty cells (spreadsheets drop trailing empty cells), and empty cells beyond the header's last
column are ignored (a trailing comma); a *value* beyond it is refused, because it usually means
an unquoted comma shifted the row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphmodel.errors import shown
from loaders.rows import BatchBuilder, property_name_problem

__all__ = ["FIELD_LIMIT", "CsvFile", "Format", "by_name", "open_csv", "sniff_delimiter"]

FIELD_LIMIT = 64 * 1024 * 1024
"""Characters in one value. Free-text columns (notes, rationales) can be long; the csv
module's default of 128 KiB is not enough, and a bigger value is refused with its row and
column (the csv module's own limit would name neither)."""
_COLUMN_NAME_LIMIT = 200
"""Characters in a column name (they become property names)."""
if csv.field_size_limit() < 2**31 - 1:
    # The csv module may never be what stops a value: allymap checks FIELD_LIMIT itself.
    csv.field_size_limit(2**31 - 1)


class CsvFile:
    """A decoded CSV file: its header and an iterator over its data rows."""

    def __init__(
        self,
        name: str,
        header: list[str],
        reader: Iterator[list[str]],
        builder: BatchBuilder,
        check_size: bool = False,
    ) -> None:
        self.name = name
        self.columns = [c.replace("\ufeff", "").strip() for c in header]
        self.lower = [c.lower() for c in self.columns]
        self._reader = reader
        self._builder = builder
        self._unnamed = [i for i, c in enumerate(self.columns) if not c]
        self._check_size = check_size
        """Only a file longer than FIELD_LIMIT can hold a value that is: the others skip the
        per-row check."""

    def index(self, *names: str) -> int | None:
        """The position of the first column called one of ``names`` (case-insensitive)."""
        for name in names:
            try:
                return self.lower.index(name.lower())
            except ValueError:
                continue
        return None

    def require(self, *names: str) -> list[int]:
        """Positions of columns the file's format requires (its detection made sure of them)."""
        found = [self.index(n) for n in names]
        if None in found:
            raise ValueError(f"{self.name}: the header lacks one of {names}")
        return [i for i in found if i is not None]

    def other_columns(self, used: set[int]) -> list[tuple[int, str]]:
        """(position, header name) of every named column not in ``used``."""
        return [(i, c) for i, c in enumerate(self.columns) if c and i not in used]

    def property_columns(
        self, used: set[int], fields: frozenset[str]
    ) -> list[tuple[int, str]] | None:
        """:meth:`other_columns`, which become properties; None after reporting each column
        whose name a record's own ``fields`` or a store keeps for itself."""
        extras = self.other_columns(used)
        bad = False
        for _, column in extras:
            why = property_name_problem(column, fields)
            if why is not None:
                self._builder.problem(self.name, 1, column, why, "header")
                bad = True
        return None if bad else extras

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for each data row, each row exactly as long as the header."""
        width = len(self.columns)
        unnamed = self._unnamed
        check_size = self._check_size
        row = 1
        try:
            for cells in self._reader:
                row += 1
                if len(cells) != width or unnamed or not cells[0].strip():
                    fixed = self._fix(row, cells, width)
                    if fixed is None:
                        continue
                    cells = fixed
                if check_size and max(map(len, cells)) > FIELD_LIMIT:
                    self._too_long(row, cells)
                    continue
                yield row, cells
        except csv.Error as err:
            self._builder.problem(self.name, row + 1, None, _csv_reason(err), "csv")

    def _too_long(self, row: int, cells: list[str]) -> None:
        for i, cell in enumerate(cells):
            if len(cell) > FIELD_LIMIT:
                self._builder.problem(
                    self.name,
                    row,
                    self.columns[i] or f"column {i + 1}",
                    f"this value is {len(cell):,} characters long; allymap takes at most "
                    f"{FIELD_LIMIT:,} characters in one value",
                    "size",
                )

    def _fix(self, row: int, cells: list[str], width: int) -> list[str] | None:
        if all(_blank(c) for c in cells):
            return None
        if len(cells) > width:
            if any(not _blank(c) for c in cells[width:]):
                self._builder.problem(
                    self.name,
                    row,
                    None,
                    f"this row has {len(cells)} values but the header has {width} columns "
                    "(is a value with a comma missing its quotes?)",
                    "csv",
                )
                return None
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        for i in self._unnamed:
            if not _blank(cells[i]):
                self._builder.problem(
                    self.name,
                    row,
                    f"column {i + 1}",
                    f"there is a value in column {i + 1}, which has no name in the header",
                    "csv",
                )
                return None
        return cells


@dataclass(frozen=True, slots=True)
class Format:
    """One accepted CSV layout: recognised by its header, read into a :class:`BatchBuilder`."""

    name: str
    """Shown to users ("HR export")."""
    header: str
    """The columns it expects, for the "unrecognised header" message."""
    required: tuple[str, ...]
    """What a header must have to be in this format, as shown to users."""
    found: Callable[[set[str]], set[str]]
    """Given the lower-cased header names, which of ``required`` the header has."""
    read: Callable[[CsvFile, BatchBuilder], None]

    def has(self, columns: set[str]) -> tuple[list[str], list[str]]:
        """(the required columns this header has, those it lacks), in ``required`` order."""
        found = self.found(columns)
        return [c for c in self.required if c in found], [
            c for c in self.required if c not in found
        ]

    def matches(self, columns: set[str]) -> bool:
        """Whether a header with these lower-cased names has everything this format needs."""
        return len(self.found(columns)) == len(self.required)


def by_name(*required: str) -> Callable[[set[str]], set[str]]:
    """:attr:`Format.found` for formats recognised by plain column names."""
    wanted = frozenset(required)

    def found(columns: set[str]) -> set[str]:
        return set(wanted & columns)

    return found


def _blank(text: str) -> bool:
    return not text or text.isspace()


def _csv_reason(err: csv.Error) -> str:
    text = str(err)
    if "unexpected end of data" in text:
        return 'a quoted value is never closed (a " is missing), so the rest cannot be read'
    if "expected after" in text:
        return (
            'a quote in the middle of a value: quote the whole value and double inner quotes ("")'
        )
    return f"this is not valid CSV ({text})"


def sniff_delimiter(text: str) -> str:
    """The most frequent of comma, semicolon and tab in the first line (comma if none)."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _reader(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def open_csv(path: Path, name: str, builder: BatchBuilder) -> CsvFile | None:
    """Read and decode ``path``; None (after reporting why) when it is not a usable CSV file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        builder.problem(name, None, None, "the file does not exist", "file")
        return None
    except IsADirectoryError:
        builder.problem(name, None, None, "this is a folder, not a CSV file", "file")
        return None
    except OSError as err:
        builder.problem(name, None, None, f"the file cannot be read ({err.strerror})", "file")
        return None
    if data.startswith(b"PK\x03\x04"):
        builder.problem(
            name,
            None,
            None,
            "this is a workbook (or zip), not CSV; save it as 'CSV UTF-8'",
            "file",
        )
        return None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        builder.problem(
            name, None, None, "this file is UTF-16 text; save it as 'CSV UTF-8'", "file"
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row, column = _locate(data, err.start)
        builder.problem(
            name,
            row,
            column,
            f"the file is not UTF-8 text (byte {err.start + 1} cannot be read); "
            "save it as 'CSV UTF-8'",
            "file",
        )
        return None
    if "\x00" in text:
        builder.problem(
            name, None, None, "the file contains NUL bytes; it is not a CSV file", "file"
        )
        return None
    if not text.strip():
        builder.problem(name, None, None, "the file is empty", "file")
        return None
    reader = _reader(text, sniff_delimiter(text))
    try:
        header = next(reader)
    except csv.Error as err:
        builder.problem(name, 1, None, _csv_reason(err), "csv")
        return None
    if all(_blank(c) for c in header):
        builder.problem(
            name, 1, None, "the first row must be the header, but it is empty", "header"
        )
        return None
    f = CsvFile(name, header, reader, builder, len(text) > FIELD_LIMIT)
    seen: set[str] = set()
    bad = False
    for i, column in enumerate(f.columns):
        if len(column) > _COLUMN_NAME_LIMIT or not column.isprintable():
            what = (
                "is too long"
                if len(column) > _COLUMN_NAME_LIMIT
                else "has invisible or control characters"
            )
            builder.problem(
                name,
                1,
                f"column {i + 1}",
                f"the name of column {i + 1}, {shown(column)}, {what}; column names are "
                "short visible text",
                "header",
            )
            bad = True
        elif column and column.lower() in seen:
            builder.problem(
                name, 1, column, f"the header names the column {column!r} twice", "header"
            )
            bad = True
        seen.add(column.lower())
    return None if bad else f


def _locate(data: bytes, offset: int) -> tuple[int | None, str | None]:
    """The row and column holding the byte at ``offset``, parsing the readable part before it."""
    prefix = data[:offset].decode("utf-8-sig", errors="replace")
    try:
        # Not strict: the bad byte may sit inside a quoted value that the prefix leaves open.
        stream = io.StringIO(prefix, newline="")
        records = list(csv.reader(stream, delimiter=sniff_delimiter(prefix)))
    except csv.Error:
        return None, None
    if not records:
        return 1, None
    header = [c.strip() for c in records[0]]
    complete = prefix.endswith(("\n", "\r"))
    row = len(records) + 1 if complete else len(records)
    index = 0 if complete else len(records[-1]) - 1
    column = header[index] if 0 <= index < len(header) and row > 1 else None
    return row, column or None
