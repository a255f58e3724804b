"""The examples in the docstrings of the library packages (and of the test fixtures) run, so
the documentation cannot drift from the code.

Collected here rather than with pytest's ``--doctest-modules`` so that they run whenever the
suite does (``pytest tests/`` too) and only over these packages. Not imported: the Streamlit
pages (``allymap/pages``) and ``app.py``, which set up Streamlit caches when imported outside
a running app, and ``__main__`` modules, which run their program when imported.
"""

from __future__ import annotations

import doctest
import importlib
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graphmodel", "loaders", "queries", "allymap", "fixtures")
NOT_IMPORTED = ("allymap.pages",)


def _modules(package: str) -> list[str]:
    names = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if parts[-1] == "__main__" or name.startswith(NOT_IMPORTED):
            continue
        names.append(name)
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_the_docstring_examples_run(package: str) -> None:
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(verbose=False)
    report = io.StringIO()
    for name in _modules(package):
        for test in finder.find(importlib.import_module(name)):
            runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()
    assert runner.tries > 0, f"no docstring example in {package}: a collection problem?"
