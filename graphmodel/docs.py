"""Markdown reference of the schema, generated from ``schema.yaml``.

``docs/schema.md`` is this module's output (a test keeps it in step), so the CSV documentation
can never drift from what the loaders actually accept. Run ``python -m graphmodel.docs``.
"""

from __future__ import annotations

from graphmodel.schema import SCHEMA

__all__ = ["schema_markdown", "type_summary"]


def type_summary() -> str:
    """One paragraph naming every node and edge type (for CLI help)."""
    nodes = ", ".join(SCHEMA.node_types)
    edges = ", ".join(SCHEMA.edge_types)
    aliases = ", ".join(
        f"{a} (= {r.name}{' reversed' if r.reverse else ''})" for a, r in SCHEMA.aliases.items()
    )
    return f"Node types: {nodes}. Edge types: {edges}. Aliases: {aliases}."


def schema_markdown() -> str:
    lines = [
        "# Schema reference",
        "",
        "Generated from `graphmodel/schema.yaml` by `python -m graphmodel.docs`; do not edit.",
        "",
        "## Node types",
        "",
        "| type | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{n.name}` | {n.description} |" for n in SCHEMA.node_types.values()]
    lines += [
        "",
        "## Edge types",
        "",
        "Every edge may also carry `since` and `until` (ISO dates, empty = open).",
        "",
        "| type | from | to | symmetric | properties | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for e in SCHEMA.edge_types.values():
        props = "; ".join(p.describe() for p in e.properties) or "—"
        lines.append(
            f"| `{e.name}` | {' or '.join(e.sources)} | {' or '.join(e.targets)} | "
            f"{'yes' if e.symmetric else 'no'} | {props} | {e.description} |"
        )
    lines += ["", "## Aliases accepted on import", ""]
    for name, ref in SCHEMA.aliases.items():
        how = f"stored as `{ref.name}` with the ends swapped" if ref.reverse else f"= `{ref.name}`"
        lines.append(f"- `{name}`: {how}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(schema_markdown(), end="")
