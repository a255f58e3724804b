"""``allymap serve``: start the browser app on the current store.

The app is a Streamlit script (``app.py``), so serving it means running ``streamlit run`` in a
child process. The store is chosen the same way as for every other command and handed to the
app through the environment (``ALLYMAP_DB`` / ``ALLYMAP_NEO4J``), which is also how
``streamlit run app.py`` started by hand picks it up.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["app_path", "serve", "serve_command"]


def app_path() -> Path:
    """Where ``app.py`` is: installed as the top-level module ``app`` (pyproject py-modules),
    found without importing it (importing would start building the page)."""
    spec = importlib.util.find_spec("app")
    if spec is not None and spec.origin and Path(spec.origin).name == "app.py":
        candidate = Path(spec.origin)
        if (candidate.parent / "allymap").is_dir():  # not some other package's app.py
            return candidate.resolve()
    here = Path(__file__).resolve().parent.parent / "app.py"  # a source checkout
    if here.is_file():
        return here
    raise FileNotFoundError(
        "Cannot find allymap's app.py; reinstall allymap (pip install -e . from the checkout)."
    )


def serve_command(port: int = 8501, address: str = "127.0.0.1", headless: bool = True) -> list[str]:
    """The ``streamlit run`` command line (without the environment)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path()),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true" if headless else "false",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--global.developmentMode",
        "false",
    ]


def serve(
    db: str | None = None,
    neo4j: str | None = None,
    port: int = 8501,
    address: str = "127.0.0.1",
    headless: bool = True,
) -> int:
    """Run the app until interrupted; returns Streamlit's exit code (0 after Ctrl-C).

    ``db`` (a file path) or ``neo4j`` (a bolt URI) overrides the store the environment names;
    by default the app listens on 127.0.0.1 only, since the data is confidential.
    """
    env = dict(os.environ)
    if db:
        env["ALLYMAP_DB"] = str(Path(db).expanduser().resolve())
    if neo4j:
        env["ALLYMAP_NEO4J"] = neo4j
    cmd = serve_command(port=port, address=address, headless=headless)
    proc = subprocess.Popen(cmd, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # The child got the same Ctrl-C; give it a moment to shut down cleanly.
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
        return 0
