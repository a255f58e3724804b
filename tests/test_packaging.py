"""What ``pip install allymap`` promises: every package the code imports is declared (the app
does not work by the accident of a transitive dependency), the wheel carries the app and
nothing made for tests, and the one pin that guards a private file is in force."""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pyvis

from allymap.mapview import _vis_js

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
APP_PACKAGES = ("graphmodel", "loaders", "queries", "allymap")
LOCAL = {*APP_PACKAGES, "app", "fixtures", "bench", "demo_world", "demo_storylines"}
"""Top-level modules of this repository (tests/ adds its own, found below)."""

DECLARED_NOT_IMPORTED = {
    "neo4j-rust-ext": "the neo4j driver loads it by itself when present",
    "authlib": "Streamlit imports it for st.login (sign-in)",
}


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement (PEP 503)."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def _declared(*extras: str) -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {_name(r) for r in requirements}


def _imports(files: list[Path], local: set[str]) -> dict[str, set[str]]:
    """Third-party top-level modules imported anywhere in ``files`` (lazy imports included)
    -> the files importing them."""
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _undeclared(files: list[Path], declared: set[str], local: set[str]) -> dict[str, set[str]]:
    provided = importlib.metadata.packages_distributions()
    return {
        module: where
        for module, where in _imports(files, local).items()
        if not {_name(d) for d in provided.get(module, [module])} & declared
    }


def _app_files() -> list[Path]:
    return [ROOT / "app.py", *(p for pkg in APP_PACKAGES for p in (ROOT / pkg).rglob("*.py"))]


def test_every_package_the_app_imports_is_a_declared_dependency() -> None:
    assert _undeclared(_app_files(), _declared(), LOCAL) == {}


def test_every_declared_dependency_is_imported_by_the_app() -> None:
    provided = importlib.metadata.packages_distributions()
    imported = {_name(d) for m in _imports(_app_files(), LOCAL) for d in provided.get(m, [m])}
    assert _declared() - imported == set(DECLARED_NOT_IMPORTED)


def test_tests_and_benchmarks_import_only_what_their_extras_declare() -> None:
    """``pip install -e ".[dev]"`` (scripts/setup, CI) is enough for tests/, fixtures/ and
    examples/; ``.[bench]`` for bench/."""
    test_files = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "fixtures").rglob("*.py"),
                  *(ROOT / "examples").glob("*.py")]  # fmt: skip
    own = {p.stem for p in (ROOT / "tests").rglob("*.py")} | {"adversarial"}
    assert _undeclared(test_files, _declared("dev"), LOCAL | own) == {}
    bench_files = list((ROOT / "bench").rglob("*.py"))
    assert _undeclared(bench_files, _declared("bench"), LOCAL) == {}


def test_pyvis_is_pinned_to_the_release_whose_private_files_the_map_reads() -> None:
    """The map inlines ``templates/lib/vis-9.1.2`` from inside pyvis and renders with pyvis'
    templates: private to a release. pyvis 0.3.2 (2023) is its last, so the exact pin costs
    no updates, and this file is what breaks if the pin is loosened and pyvis moves on."""
    (pin,) = [r for r in PYPROJECT["project"]["dependencies"] if _name(r) == "pyvis"]
    assert re.fullmatch(r"pyvis==\d+(\.\d+)*", pin.replace(" ", ""))
    assert importlib.metadata.version("pyvis") == pin.split("==")[1].strip()
    shipped = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    assert (shipped / "vis-network.min.js").is_file()
    assert _vis_js() == (shipped / "vis-network.min.js").read_text("utf-8")


def test_the_wheel_carries_the_app_packages_and_nothing_made_for_tests() -> None:
    patterns = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    top_level = {p.parent.name for p in ROOT.glob("*/__init__.py")}

    def shipped(name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

    assert {name for name in top_level if shipped(name)} == set(APP_PACKAGES)
    assert PYPROJECT["tool"]["setuptools"]["py-modules"] == ["app"]


def test_the_licence_the_metadata_names_is_the_file_shipped() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert "License: Apache-2.0" in (ROOT / "README.md").read_text(encoding="utf-8")
