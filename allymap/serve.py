"""``allymap serve``: start the browser app on the current store.

The app is a Streamlit script (``app.py``), so serving it means running ``streamlit run`` in a
child process. The store is chosen the same way as for every other command and handed to the
app through the environment (``ALLYMAP_DB`` / ``ALLYMAP_NEO4J``), which is also how
``streamlit run app.py`` started by hand picks it up.

The parent only waits, and passes on the signals meant for it (SIGTERM from a supervisor or
``kill``, SIGINT, SIGHUP): stopping ``allymap serve`` must stop the server, not leave Streamlit
serving confidential data with nobody watching it.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import Any

__all__ = ["STOP_GRACE", "app_path", "port_problem", "serve", "serve_command"]

STOP_GRACE = 10.0
"""Seconds Streamlit has to stop after a signal before it is killed."""


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


def serve_command(
    port: int = 8501,
    address: str = "127.0.0.1",
    headless: bool = True,
    secrets: list[Path] | None = None,
) -> list[str]:
    """The ``streamlit run`` command line (without the environment). ``secrets``: every
    secrets file Streamlit is to read, in order (Streamlit's own defaults when None)."""
    files = [arg for path in secrets or () for arg in ("--secrets.files", str(path))]
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
        # An error the app did not put into words (e.g. an upload the server refuses before
        # the page runs) shows a generic message: no traceback, no server paths.
        "--client.showErrorDetails",
        "none",
        "--global.developmentMode",
        "false",
        *files,
    ]


def port_problem(address: str, port: int) -> str | None:
    """Why the app could not listen on ``address:port``, in words, or None if it can.

    Checked before Streamlit starts, which would otherwise print that it serves and then
    fail. Binds as the server will (SO_REUSEADDR, every address the name resolves to,
    skipping an IPv6 loopback the machine does not have), then lets go at once."""
    try:
        infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as err:
        return f"--address {address!r} is not an address of this machine ({err})."
    bound = 0
    missing: OSError | None = None
    for family, kind, proto, _, where in infos:
        with socket.socket(family, kind, proto) as sock:
            if os.name != "nt":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(where)
            except OSError as err:
                if err.errno == errno.EADDRINUSE:
                    return (
                        f"Port {port} on {address} is already in use, by another program (another "
                        "allymap serve?). Stop it, or choose another port with --port (or "
                        "ALLYMAP_PORT)."
                    )
                if err.errno == errno.EADDRNOTAVAIL:
                    missing = err
                    continue
                if err.errno == errno.EACCES:
                    return (
                        f"Port {port} on {address} may not be used by this user (ports below "
                        "1024 need privileges). Choose another port with --port."
                    )
                return f"Cannot listen on {address} port {port}: {err.strerror or err}."
            bound += 1
    if not bound:
        return f"--address {address!r} is not an address of this machine ({missing})."
    return None


def serve(
    db: str | None = None,
    neo4j: str | None = None,
    port: int = 8501,
    address: str = "127.0.0.1",
    headless: bool = True,
    secrets: list[Path] | None = None,
    roles: str | None = None,
    no_auth: bool = False,
) -> int:
    """Run the app until it stops; returns Streamlit's exit code (0 after Ctrl-C or SIGTERM).

    ``db`` (a file path) or ``neo4j`` (a bolt URI) overrides the store the environment names;
    by default the app listens on 127.0.0.1 only, since the data is confidential. SIGTERM,
    SIGINT and SIGHUP sent to this process are passed on to Streamlit, which is killed if it
    has not stopped :data:`STOP_GRACE` seconds later. ``secrets``, ``roles`` and ``no_auth``
    reach the app as Streamlit's secrets files, ``ALLYMAP_ROLES`` and ``ALLYMAP_NO_AUTH``
    (:mod:`allymap.signin`); whether they allow serving on ``address`` is the caller's check.
    """
    from allymap.signin import NO_AUTH_ENV, ROLES_ENV

    env = dict(os.environ)
    env.pop(NO_AUTH_ENV, None)  # only an explicit --no-auth, never an inherited variable
    if no_auth:
        env[NO_AUTH_ENV] = "1"
    if roles:
        env[ROLES_ENV] = str(Path(roles).expanduser().resolve())
    if db:
        env["ALLYMAP_DB"] = str(Path(db).expanduser().resolve())
    if neo4j:
        env["ALLYMAP_NEO4J"] = neo4j
    cmd = serve_command(port=port, address=address, headless=headless, secrets=secrets)
    proc = subprocess.Popen(cmd, env=env)

    def kill() -> None:
        with suppress(OSError):
            proc.kill()

    def forward(signum: int, frame: FrameType | None) -> None:
        if proc.poll() is None:
            # Ctrl-C reaches Streamlit by itself too (same process group): a second SIGINT
            # only asks it again to stop.
            with suppress(OSError):
                proc.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)
            timer = threading.Timer(STOP_GRACE, kill)
            timer.daemon = True
            timer.start()

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with suppress(ValueError):  # not the main thread: nothing to pass on
                previous[number] = signal.signal(number, forward)
    try:
        code = proc.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    # Stopped by the signal we passed on (or killed after the grace period): a requested stop.
    return 0 if code in (-signal.SIGTERM, -signal.SIGINT) else code
