"""Import: upload the CSV exports you already have, see what they would change (or what is
wrong with them, by file, row and column) before anything is stored, then import."""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from allymap.audittrail import file_detail, import_detail
from allymap.pages.common import (
    clear_cached_answers,
    date_picker,
    get_store,
    md,
    record,
    table,
)
from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.errors import AllymapError, ImportProblem, ImportRejected
from graphmodel.schema import SCHEMA
from loaders import MAX_PROBLEMS

COUNT_LABELS = {
    "nodes_added": "New people, companies, ...",
    "nodes_changed": "Changed",
    "nodes_unchanged": "Unchanged",
    "edges_added": "New relationships",
    "edges_changed": "Changed relationships",
    "edges_unchanged": "Unchanged relationships",
}


# (Comments, not docstrings: Streamlit's "magic" would print a bare string in a page script.)
# The longest file name (UTF-8 bytes) kept from an upload: file systems allow 255, and a
# suffix like "-2" may be added to tell two files of the same name apart.
NAME_BYTES = 200
# Largest file the uploader takes (Streamlit's own default, stated rather than implied): a
# 100,000-person portfolio's exports are well below it, and each file is held in memory.
MAX_UPLOAD_MB = 200
# Problems listed per file; the rest are counted.
PROBLEMS_PER_FILE = 50

_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)", re.IGNORECASE)


def upload_name(name: str, taken: set[str]) -> str:
    """The uploaded file's own name (no folders), as close to what the user sent as a file
    system allows, made unique within this import, so problems are reported against the name
    the user knows. Control and format characters (NUL, bidi overrides, zero-width), and
    characters Windows forbids, are dropped; a name that is empty, only dots, or a Windows
    device name becomes safe; a name too long for a file system is shortened, keeping its
    extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    base = _NOT_IN_NAMES.sub("", base).strip(" .")
    if not base:
        base = "upload.csv"
    elif _WINDOWS_DEVICES.match(base):
        base = f"upload-{base}"
    stem, dot, ext = base.rpartition(".")
    if not dot or len(ext.encode("utf-8")) > 16:
        stem, ext = base, ""
    candidate, i = _fit(stem, ext, ""), 1
    while candidate in taken:
        candidate = _fit(stem, ext, f"-{i}")
        i += 1
    taken.add(candidate)
    return candidate


def _fit(stem: str, ext: str, suffix: str) -> str:
    tail = suffix + (f".{ext}" if ext else "")
    room = NAME_BYTES - len(tail.encode("utf-8"))
    while len(stem.encode("utf-8")) > room:
        stem = stem[:-1]
    return stem + tail


def read_uploads(files: list[Any]) -> ImportBatch:
    """Validate the uploaded files with the same loaders as ``allymap import``."""
    from loaders import read_files

    with tempfile.TemporaryDirectory(prefix="allymap-upload-") as tmp:
        paths = []
        for f, name in zip(files, upload_names(files), strict=True):
            path = Path(tmp) / name
            try:
                path.write_bytes(f.getvalue())
            except OSError as exc:  # never show the server's temporary path
                raise UploadFailed(
                    f"The file {f.name!r} could not be read on the server "
                    f"({exc.strerror or type(exc).__name__}). Nothing was stored."
                ) from None
            paths.append(path)
        return read_files(paths)


class UploadFailed(AllymapError):
    """An upload could not be staged for reading (disk full, a name the server refuses)."""


def upload_names(files: Sequence[Any]) -> list[str]:
    """The names problems will use for the uploaded files, in upload order."""
    taken: set[str] = set()
    return [upload_name(f.name, taken) for f in files]


def _fingerprint(files: list[Any]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode("utf-8", "replace"))
        h.update(hashlib.sha256(f.getvalue()).digest())
    return h.hexdigest()


def _problems_table(problems: Sequence[ImportProblem]) -> list[dict[str, Any]]:
    return [{"Row": p.row, "Column": p.column or "", "Problem": p.reason} for p in problems]


def show_problems(exc: ImportRejected, order: Sequence[str]) -> None:
    """Every problem of every file, grouped as the CLI groups them (per file, then per kind:
    ``graphmodel.errors.group_problems``), the first ``PROBLEMS_PER_FILE`` of each group
    listed and the rest counted; files in upload order."""
    groups = exc.groups()
    rank = {name: i for i, name in enumerate(order)}
    groups.sort(key=lambda g: rank.get(g.file, len(rank)))  # stable: kinds keep their order
    files = list(dict.fromkeys(g.file for g in groups))
    total = len(exc.problems)
    st.error(
        f"These files cannot be imported: {total} problem(s) in {len(files)} of "
        f"{len(order)} file(s). Nothing was stored. Fix the rows below and upload again."
    )
    for file in files:
        mine = [g for g in groups if g.file == file]
        st.markdown(f"**{md(file)}**: {sum(len(g.problems) for g in mine)} problem(s)")
        for group in mine:
            st.caption(md(f"{group.heading} ({len(group.problems)})"))
            table(
                _problems_table(group.problems[:PROBLEMS_PER_FILE]),
                columns=["Row", "Column", "Problem"],
            )
            if len(group.problems) > PROBLEMS_PER_FILE:
                st.caption(f"… and {len(group.problems) - PROBLEMS_PER_FILE} more of these.")
    if any(g.kind == "limit" for g in groups):
        st.caption(
            f"allymap stops reading a file after {MAX_PROBLEMS} problems, so a file marked so "
            "may have more."
        )


def _snapshot_table(plan: ImportPlan) -> list[dict[str, Any]]:
    """The edges a snapshot closes or leaves alone, for the dry run (as the CLI lists them)."""
    rows = []
    for what, edges in (("closed", plan.closed), ("kept: starts on or after that day", plan.kept)):
        for e in edges:
            rows.append(
                {
                    "What": what,
                    "Relationship": e.type,
                    "From": e.source,
                    "To": e.target,
                    "Since": e.since,
                    "Until": e.until,
                }
            )
    return rows


def _counts_table(plan: ImportPlan) -> list[dict[str, Any]]:
    return [{"What": COUNT_LABELS.get(k, k), "Count": v} for k, v in plan.counts().items()]


def render() -> None:
    st.title("Import")
    st.caption(
        "Upload one or more CSV files (generic nodes/edges, HR export, committee roster, "
        "neo4j-admin). Nothing is stored until you press Import, and a file with any problem "
        "stores nothing at all."
    )
    with st.expander("Which types does allymap know?"):
        table([{"Node type": k, "Meaning": v.description} for k, v in SCHEMA.node_types.items()])
        table(
            [
                {
                    "Relationship": k,
                    "From": ", ".join(v.sources),
                    "To": ", ".join(v.targets),
                    "Properties": "; ".join(p.describe() for p in v.properties),
                }
                for k, v in SCHEMA.edge_types.items()
            ]
        )
    files = st.file_uploader(
        "CSV files",
        type=["csv"],
        accept_multiple_files=True,
        key="import_files",
        max_upload_size=MAX_UPLOAD_MB,
        help=f"Up to {MAX_UPLOAD_MB} MB per file.",
    )
    if not files:
        st.session_state.pop("import_done", None)
        return
    fingerprint = _fingerprint(files)
    done = st.session_state.get("import_done")
    if done and st.session_state.get("import_last") == fingerprint:
        st.success(done)  # our own sentence: numbers only
    effective = date_picker(
        "Effective date of HR exports and rosters",
        key="import_effective",
        help="An HR export or a committee roster closes, the day before this date, the jobs, "
        "managers and seats of the people and committees it lists that no uploaded file "
        "contains (other files never close anything).",
    )
    store = get_store(need_data=False)  # the first import creates the database
    order = upload_names(files)
    try:
        batch = read_uploads(files)
        plan = store.plan(batch, effective)
    except ImportRejected as exc:
        show_problems(exc, order)
        return
    except AllymapError as exc:
        st.error(md(str(exc)))
        return

    st.subheader("Dry run: what this import would change", anchor=False)
    st.caption(md(f"Files: {', '.join(batch.files)}"))
    table(_counts_table(plan))
    if plan.closed or plan.kept:
        st.caption(
            f"As of {effective}, the HR exports and rosters close {len(plan.closed)} and leave "
            f"{len(plan.kept)} relationship(s) they no longer contain:"
        )
        table(_snapshot_table(plan))
    if plan.is_noop:
        st.info("Everything in these files is already stored: importing changes nothing.")
        return
    if st.button("Import", type="primary", key="import_go"):
        bar = st.progress(0.0, text="Importing…")

        def progress(done_items: int, total: int) -> None:
            share = done_items / total if total else 1.0
            bar.progress(min(1.0, share), text=f"Importing… {done_items} of {total}")

        try:
            applied = store.apply(batch, progress=progress, effective=effective)
        except AllymapError as exc:
            st.error(md(str(exc)))
            return
        bar.progress(1.0, text="Done")
        clear_cached_answers()
        c = applied.counts()
        record(
            "import",
            import_detail(
                [file_detail(n, f.getvalue()) for n, f in zip(order, files, strict=True)],
                c,
                effective,
            ),
        )
        st.session_state["import_done"] = (
            f"Imported {len(batch.files)} file(s): {c['nodes_added']} new and "
            f"{c['nodes_changed']} changed nodes, {c['edges_added']} new and "
            f"{c['edges_changed']} changed relationships."
        )
        st.session_state["import_last"] = fingerprint
        st.rerun()


if __name__ == "__main__":
    render()
