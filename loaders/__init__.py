"""Reading CSV exports into one validated :class:`~graphmodel.batch.ImportBatch`.

Each file's format is recognised from its header (generic nodes/edges, neo4j-admin, HR export,
committee roster; see the modules of the same names), and all files of one import are read into
a single batch, so an edge may refer to a node defined in a later file, and the order of files
and rows never matters. Anything wrong is collected, up to :data:`~loaders.rows.MAX_PROBLEMS`
problems, each with file, row (the header is row 1) and column, and raised together as
:class:`~graphmodel.errors.ImportRejected`. Checks that need the store (an edge to a node that
exists nowhere, an id stored with another type, endpoint types) are made by
:func:`graphmodel.batch.plan_import` when the batch is planned.

Files are named in problems by their file name, or by the path as given when two files of one
import share a name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from graphmodel.batch import ImportBatch
from graphmodel.bulk import paused_gc
from graphmodel.errors import ImportRejected
from loaders import committee_roster, generic, hr_export, neo4j_admin
from loaders.csvfile import CsvFile, Format, open_csv, sniff_delimiter
from loaders.rows import MAX_PROBLEMS, BatchBuilder, TooManyProblems

__all__ = [
    "FORMATS",
    "MAX_PROBLEMS",
    "Format",
    "detect_format",
    "display_names",
    "file_format",
    "read_files",
]

FORMATS: tuple[Format, ...] = (
    neo4j_admin.NODES,
    neo4j_admin.EDGES,
    hr_export.FORMAT,
    committee_roster.FORMAT,
    generic.EDGES,
    generic.NODES,
)
"""Tried in this order; the first whose signature columns are in the header reads the file."""


def detect_format(columns: Sequence[str]) -> Format | None:
    """The format of a file with this header, or None."""
    lower = {c.strip().lower() for c in columns}
    for fmt in FORMATS:
        if fmt.matches(lower):
            return fmt
    return None


def file_format(path: str | Path) -> str | None:
    """The name of the format ``path`` would be read as (from its header), or None; for
    telling the user how each file was understood. Reads only the start of the file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    try:
        header = next(csv.reader(io.StringIO(head, newline=""), delimiter=sniff_delimiter(head)))
    except (StopIteration, csv.Error):
        return None
    fmt = detect_format(header)
    return fmt.name if fmt else None


def display_names(paths: Sequence[str | Path]) -> list[str]:
    """How each file is named in messages: its name, or its path when the name is ambiguous."""
    names = [Path(p).name for p in paths]
    return [n if names.count(n) == 1 else str(p) for n, p in zip(names, paths, strict=True)]


def read_files(paths: Sequence[str | Path]) -> ImportBatch:
    """Read and validate every file into one batch; raise ImportRejected listing the problems."""
    builder = BatchBuilder()
    try:
        with paused_gc():
            for path, name in zip(paths, display_names(paths), strict=True):
                builder.batch.files.append(name)
                f = open_csv(Path(path), name, builder)
                if f is not None:
                    _read(f, builder)
        return builder.finish()
    except TooManyProblems:
        raise ImportRejected(builder.problems) from None


def _read(f: CsvFile, builder: BatchBuilder) -> None:
    fmt = detect_format(f.columns)
    if fmt is None:
        accepted = "; ".join(f"{x.name}: {x.header}" for x in FORMATS)
        builder.problem(
            f.name,
            1,
            None,
            f"the header ({', '.join(f.columns)}) is not one allymap knows. Accepted: {accepted}",
        )
        return
    fmt.read(f, builder)
