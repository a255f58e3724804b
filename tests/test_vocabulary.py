"""Type names come from the schema: library code names node and edge types (and the properties
it reads) only through ``graphmodel.vocabulary``, generated from ``schema.yaml``.

A rename in the schema then breaks imports, loudly, instead of silently matching nothing. The
exceptions are the schema itself, the generated vocabulary, the Cypher templates (which name
types in their patterns, as Cypher does) and docstrings (prose).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from graphmodel.docs import vocabulary_source
from graphmodel.schema import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ["graphmodel", "loaders", "queries", "allymap", "app.py"]
EXEMPT = {ROOT / "graphmodel" / "schema.py", ROOT / "graphmodel" / "vocabulary.py"}
NAMES = frozenset({*SCHEMA.node_types, *SCHEMA.edge_types, *SCHEMA.aliases})


def test_the_vocabulary_module_is_generated_from_the_schema() -> None:
    committed = (ROOT / "graphmodel" / "vocabulary.py").read_text(encoding="utf-8")
    assert committed == vocabulary_source(), (
        "run: python -m graphmodel.docs vocabulary > graphmodel/vocabulary.py"
    )


def library_files() -> Iterator[Path]:
    for name in LIBRARY:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        yield from (f for f in files if f not in EXEMPT)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # an attribute docstring: a string statement right after an assignment
        for field in ("body", "orelse"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list):
                for before, after in pairwise(stmts):
                    if (
                        isinstance(before, ast.Assign | ast.AnnAssign)
                        and isinstance(after, ast.Expr)
                        and isinstance(after.value, ast.Constant)
                    ):
                        found.add(id(after.value))
    return found


def literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of each string literal in a file that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def test_library_code_spells_no_type_name() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in library_files()
        for line, text in literals(path)
        if text in NAMES
    ]
    assert not found, "use graphmodel.vocabulary instead:\n" + "\n".join(found)


def test_properties_are_read_by_their_declared_names() -> None:
    """``x.props.get("...")`` / ``x.props["..."]`` with a literal key: a property the code relies
    on must be declared in the schema and named through the vocabulary."""
    found = []
    for path in library_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target, key = None, None
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and node.args
            ):
                target, key = node.func.value, node.args[0]
            elif isinstance(node, ast.Subscript):
                target, key = node.value, node.slice
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "props"
                and isinstance(key, ast.Constant)
                and isinstance(key.value, str)
            ):
                found.append(f"{path.relative_to(ROOT)}:{key.lineno}: {key.value!r}")
    assert not found, "declare the property in schema.yaml, read it via the vocabulary:\n" + (
        "\n".join(found)
    )


def test_the_scan_would_catch_a_type_name(tmp_path: Path) -> None:
    """The checks above look where they should (a literal in code, not in a docstring)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Mentions WORKS_ON in prose."""\nKIND = "WORKS_ON"\n"""A note on KIND: Person."""\n',
        encoding="utf-8",
    )
    assert [text for _, text in literals(sample) if text in NAMES] == ["WORKS_ON"]
