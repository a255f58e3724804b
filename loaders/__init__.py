"""Reading CSV exports into one validated :class:`~graphmodel.batch.ImportBatch`.

Each file's format is recognised from its whole header (:func:`recognise`): a header with
``id,type,name`` is generic nodes and one with ``source,target,type`` generic edges, whatever
other columns it has; otherwise exactly one of neo4j-admin nodes or relationships, HR export,
committee roster, agreements export and obligations export must fit it (see the modules of
the same names), and a header that fits none, or several, is refused naming the formats it
comes close to. All files of one import are read
into a single batch, so an edge may refer to a node defined in a later file, and the order of
files and rows never matters.

Anything wrong is collected in the batch, up to :data:`~loaders.rows.MAX_PROBLEMS` problems per
file, each with file, row (the header is row 1), column and kind; nothing is raised here.
Checks that need the store (an edge to a node that exists nowhere, an id stored with another
type, endpoint types) are made by :func:`graphmodel.batch.plan_import` when the batch is
planned, which refuses the import with every problem of both kinds
(:class:`~graphmodel.errors.ImportRejected`).

Files are named in problems by their file name, or by the path as given when two files of one
import share a name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from graphmodel.batch import ImportBatch
from graphmodel.bulk import paused_gc
from loaders import (
    agreements,
    committee_roster,
    decisions,
    generic,
    hr_export,
    neo4j_admin,
    obligations,
)
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
    "recognise",
]

GENERIC: tuple[Format, Format] = (generic.NODES, generic.EDGES)
"""A header with one of these signatures is that, whatever else it has."""
OTHERS: tuple[Format, ...] = (
    neo4j_admin.NODES,
    neo4j_admin.EDGES,
    hr_export.FORMAT,
    committee_roster.FORMAT,
    decisions.FORMAT,
    agreements.FORMAT,
    obligations.FORMAT,
)
"""Friendlier formats: a header must fit exactly one of them."""
FORMATS: tuple[Format, ...] = (*GENERIC, *OTHERS)


def _header_text(columns: Sequence[str]) -> str:
    shown = ", ".join(columns[:12])
    return shown + (f", ... ({len(columns)} columns)" if len(columns) > 12 else "")


def recognise(columns: Sequence[str]) -> Format | str:
    """The format of a file with this header, or why it is in none (DOMAIN.md, "Re-imports
    and snapshots", last paragraph).

    >>> recognise(["id", "type", "name", "source"]).name
    'nodes'
    >>> print(recognise(["employee_id", "name", "company_id"]))  # doctest: +ELLIPSIS
    the header ... HR export (it has employee_id, name, company_id but not manager_id); ...
    """
    fmt, why, _ = _recognise(columns)
    return fmt if fmt is not None else why


def _recognise(columns: Sequence[str]) -> tuple[Format | None, str, str | None]:
    """(format, "") or (None, why not, the column to name: the first one lacking from the
    one format the header is closest to, when there is one)."""
    lower = {c.replace("\ufeff", "").strip().lower() for c in columns}
    generic_fits = [f for f in GENERIC if f.matches(lower)]
    if len(generic_fits) == 2:
        why = (
            "the header has both the columns of generic nodes (id, type, name) and those of "
            "generic relationships (source, target, type); put nodes and relationships in "
            "files of their own"
        )
        return None, why, None
    if generic_fits:
        return generic_fits[0], "", None
    fits = [f for f in OTHERS if f.matches(lower)]
    if len(fits) == 1:
        return fits[0], "", None
    header = _header_text(columns)
    if fits:
        both = "; ".join(f"{f.name} ({', '.join(f.required)})" for f in fits)
        why = (
            f"the header ({header}) fits more than one format: {both}; rename or leave out "
            "the columns of the one this file is not"
        )
        return None, why, None
    near = [
        (Fraction(len(has), len(f.required)), f, has, lacks)
        for f in FORMATS
        for has, lacks in [f.has(lower)]
        if has
    ]
    near.sort(key=lambda n: -n[0])
    if not near:
        accepted = "; ".join(f"{x.name}: {x.header}" for x in FORMATS)
        return None, f"the header ({header}) is not one allymap knows. Accepted: {accepted}", None
    parts = "; ".join(
        f"{f.name} (it has {', '.join(has)} but not {', '.join(lacks)})"
        for _, f, has, lacks in near
    )
    why = f"the header ({header}) is in no format allymap knows; it comes close to: {parts}"
    closest = near[0][3][0] if len(near) == 1 or near[1][0] < near[0][0] else None
    return None, why, closest


def detect_format(columns: Sequence[str]) -> Format | None:
    """The format of a file with this header, or None (see :func:`recognise`)."""
    return _recognise(columns)[0]


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
    """Read and validate every file into one batch. The problems found are kept in it
    (``batch.problems``), not raised: planning the batch (``GraphStore.plan``) adds those only
    the store can see and refuses the import with all of them."""
    builder = BatchBuilder()
    with paused_gc():
        for path, name in zip(paths, display_names(paths), strict=True):
            builder.batch.files.append(name)
            try:
                f = open_csv(Path(path), name, builder)
                if f is not None:
                    _read(f, builder)
            except TooManyProblems:
                continue  # this file has enough problems listed; the others are read
    return builder.finish()


def _read(f: CsvFile, builder: BatchBuilder) -> None:
    fmt, why, column = _recognise(f.columns)
    if fmt is None:
        builder.problem(f.name, 1, column, why, "format")
        return
    fmt.read(f, builder)
