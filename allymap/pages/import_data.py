"""Import: upload the CSV exports you already have, see what they would change (or what is
wrong with them, by file, row and column) before anything is stored, then import."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from allymap.pages.common import clear_cached_answers, get_store, md
from graphmodel.batch import ImportBatch, ImportPlan
from graphmodel.errors import AllymapError, ImportRejected
from graphmodel.schema import SCHEMA

COUNT_LABELS = {
    "nodes_added": "New people, companies, ...",
    "nodes_changed": "Changed",
    "nodes_unchanged": "Unchanged",
    "edges_added": "New relationships",
    "edges_changed": "Changed relationships",
    "edges_unchanged": "Unchanged relationships",
}


def _safe_name(name: str, taken: set[str]) -> str:
    """The uploaded file's own name (no folders), made unique within this import, so problems
    are reported against the name the user knows."""
    base = Path(name.replace("\\", "/")).name.strip() or "upload.csv"
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '/:*?"<>|') or "upload.csv"
    candidate, i = base, 1
    while candidate in taken:
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem}-{i}.{ext}" if dot else f"{base}-{i}"
        i += 1
    taken.add(candidate)
    return candidate


def read_uploads(files: list[Any]) -> ImportBatch:
    """Validate the uploaded files with the same loaders as ``allymap import``."""
    from loaders import read_files

    with tempfile.TemporaryDirectory(prefix="allymap-upload-") as tmp:
        taken: set[str] = set()
        paths = []
        for f in files:
            path = Path(tmp) / _safe_name(f.name, taken)
            path.write_bytes(f.getvalue())
            paths.append(path)
        return read_files(paths)


def _fingerprint(files: list[Any]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode("utf-8", "replace"))
        h.update(hashlib.sha256(f.getvalue()).digest())
    return h.hexdigest()


def _problems_table(exc: ImportRejected) -> list[dict[str, Any]]:
    return [
        {"File": p.file, "Row": p.row, "Column": p.column or "", "Problem": p.reason}
        for p in exc.problems
    ]


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
        st.dataframe(
            [{"Node type": k, "Meaning": v.description} for k, v in SCHEMA.node_types.items()],
            hide_index=True,
        )
        st.dataframe(
            [
                {
                    "Relationship": k,
                    "From": ", ".join(v.sources),
                    "To": ", ".join(v.targets),
                    "Properties": "; ".join(p.describe() for p in v.properties),
                }
                for k, v in SCHEMA.edge_types.items()
            ],
            hide_index=True,
        )
    files = st.file_uploader(
        "CSV files", type=["csv"], accept_multiple_files=True, key="import_files"
    )
    if not files:
        st.session_state.pop("import_done", None)
        return
    fingerprint = _fingerprint(files)
    done = st.session_state.get("import_done")
    if done and st.session_state.get("import_last") == fingerprint:
        st.success(done)  # our own sentence: numbers only
    store = get_store()
    try:
        batch = read_uploads(files)
        plan = store.plan(batch)
    except ImportRejected as exc:
        st.error(
            f"These files cannot be imported: {len(exc.problems)} problem(s). Nothing was "
            "stored. Fix the rows below and upload again."
        )
        st.dataframe(_problems_table(exc), hide_index=True)
        return
    except AllymapError as exc:
        st.error(md(str(exc)))
        return

    st.subheader("Dry run: what this import would change")
    st.caption(md(f"Files: {', '.join(batch.files)}"))
    st.dataframe(_counts_table(plan), hide_index=True)
    if plan.is_noop:
        st.info("Everything in these files is already stored: importing changes nothing.")
        return
    if st.button("Import", type="primary", key="import_go"):
        bar = st.progress(0.0, text="Importing…")

        def progress(done_items: int, total: int) -> None:
            share = done_items / total if total else 1.0
            bar.progress(min(1.0, share), text=f"Importing… {done_items} of {total}")

        try:
            applied = store.apply(batch, progress=progress)
        except AllymapError as exc:
            st.error(md(str(exc)))
            return
        bar.progress(1.0, text="Done")
        clear_cached_answers()
        c = applied.counts()
        st.session_state["import_done"] = (
            f"Imported {len(batch.files)} file(s): {c['nodes_added']} new and "
            f"{c['nodes_changed']} changed nodes, {c['edges_added']} new and "
            f"{c['edges_changed']} changed relationships."
        )
        st.session_state["import_last"] = fingerprint
        st.rerun()


if __name__ == "__main__":
    render()
