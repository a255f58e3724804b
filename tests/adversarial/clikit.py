"""What the database, kill -9, concurrency and CLI-misuse modules share: a small portfolio with
one firewall breach, the read commands with the exit codes they owe on it, a way to run the
real ``allymap`` in a subprocess (optionally without root's power to ignore file permissions),
and a snapshot of a folder to prove that nothing was written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

T = "2026-11-22"

NODES = """id,type,name
us,Company,Meridian Therapeutics
rival,Company,Rival Bio
A1,Alliance,Helix KRAS alliance
A2,Alliance,Rival KRAS alliance
P1,Program,ONC-7 KRAS degrader
P2,Program,ONC-12 KRAS inhibitor
eli,Person,Eli Okafor
gus,Person,Gus Tanaka
"""
EDGES = """source,target,type,since,until,reason,cooling_off_days
us,A1,PARTY_TO,,,,
us,A2,PARTY_TO,,,,
rival,A2,PARTY_TO,,,,
rival,us,COMPETES_WITH,,,,
P1,A1,PART_OF,,,,
P2,A2,PART_OF,,,,
P1,P2,FIREWALL,2024-01-01,,competing KRAS programs,90
eli,us,EMPLOYED_BY,2020-01-01,,,
gus,us,EMPLOYED_BY,2020-01-01,,,
eli,P1,WORKS_ON,2024-02-01,,,
eli,P2,WORKS_ON,2024-02-01,,,
"""

READS: dict[str, tuple[list[str], int]] = {
    "conflicts": (["conflicts", "--as-of", T], 1),
    "check-staffing": (
        ["check-staffing", "--program", "P1", "--people", "eli,gus", "--as-of", T],
        1,
    ),
    "partner": (["partner", "rival", "--of", "us", "--as-of", T], 0),
}
"""Each read command and its exit code on this portfolio: Eli works on both sides of the
firewall (blocks); Rival competes with us and is in an alliance with us (tension, exit 0)."""

ROOT_POWER = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
WITHOUT_ROOT_POWER = (
    [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    if ROOT_POWER and SETPRIV
    else []
)
"""Root ignores file permissions: read-only cases run without the capabilities that let it
(the interpreter under /root stays reachable, which running as another user would not)."""


def csv_pair(folder: Path, nodes: str = NODES, edges: str = EDGES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nodes.csv").write_text(nodes, encoding="utf-8")
    (folder / "edges.csv").write_text(edges, encoding="utf-8")
    return [folder / "nodes.csv", folder / "edges.csv"]


def allymap_cmd(*args: str | Path) -> list[str]:
    """The console script, run by this interpreter (the worktree's code via PYTHONPATH)."""
    code = "import sys; sys.argv[0] = 'allymap'; from allymap.cli import main; main()"
    return [sys.executable, "-c", code, *map(str, args)]


def run_allymap(
    *args: str | Path,
    unprivileged: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    **popen: Any,
) -> subprocess.CompletedProcess[str]:
    """``allymap ARGS`` in a subprocess; ``unprivileged`` drops root's power over permissions."""
    if unprivileged and ROOT_POWER and not SETPRIV:
        pytest.skip("running as root without setpriv: cannot make a file read-only for allymap")
    prefix = WITHOUT_ROOT_POWER if unprivileged else []
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ALLYMAP_DEBUG", None)
    return subprocess.run(
        [*prefix, *allymap_cmd(*args)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
        **popen,
    )


def snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``root``: its kind, size, modification time and content hash (for
    files) or target (for links). Equal snapshots: nothing was created, changed or removed."""
    out: dict[str, tuple[Any, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            st = path.lstat()
            rel = str(path.relative_to(root))
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                digest = ""
                if os.access(path, os.R_OK) or ROOT_POWER:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                out[rel] = ("file", st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode), digest)
            else:
                out[rel] = ("other", stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode))
    return out


def one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1


HOLD_SCRIPT = """
import os, sys, time
from pathlib import Path
import graphmodel.embedded as embedded
from allymap.cli import main

held, release = Path(os.environ["HOLD_HELD"]), Path(os.environ["HOLD_RELEASE"])
at = float(os.environ.get("HOLD_AT", "0.5"))
embedded.EmbeddedStore.batch_size = int(os.environ.get("HOLD_BATCH", "50"))
if os.environ.get("HOLD_BUSY_TIMEOUT"):
    embedded.BUSY_TIMEOUT = float(os.environ["HOLD_BUSY_TIMEOUT"])


def holding(cls):
    write = cls.write

    def holding_write(self, plan, progress=None):
        def report(done, total):
            if progress is not None:
                progress(done, total)
            if done >= total * at and not held.exists():
                held.write_text(f"{done}/{total}")
                while not release.exists():
                    time.sleep(0.02)

        return write(self, plan, report)

    cls.write = holding_write


holding(embedded.EmbeddedStore)
if os.environ.get("HOLD_NEO4J"):
    import graphmodel.neo4j as neo4j_store

    holding(neo4j_store.Neo4jStore)
sys.argv[0] = "allymap"
main()
"""
"""``allymap`` whose import, inside its open write transaction (after the batch that
reaches HOLD_AT of the rows), holds until the file HOLD_RELEASE exists. Waiting for a
progress report is certain where polling for a running statement would be a race."""


class HeldImport:
    """``allymap import ARGS`` in a subprocess, held mid-transaction (see HOLD_SCRIPT)."""

    def __init__(
        self,
        folder: Path,
        *args: str | Path,
        at: float = 0.5,
        batch: int = 50,
        env: dict[str, str] | None = None,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.held, self.release = folder / "held", folder / "release"
        self.held.unlink(missing_ok=True)
        self.release.unlink(missing_ok=True)
        environ = {
            **os.environ,
            "HOLD_HELD": str(self.held),
            "HOLD_RELEASE": str(self.release),
            "HOLD_AT": str(at),
            "HOLD_BATCH": str(batch),
            **(env or {}),
        }
        environ.pop("ALLYMAP_DEBUG", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD_SCRIPT, "import", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environ,
        )

    def wait_held(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while not self.held.exists():
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise AssertionError(f"the import ended before it was held: {out}{err}")
            if time.monotonic() > deadline:
                raise AssertionError("the import was never held")
            time.sleep(0.02)
        return self.held.read_text()

    def finish(self, timeout: float = 120) -> tuple[int, str, str]:
        self.release.touch()
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate(timeout=60)


def people_csv(folder: Path, n: int, prefix: str = "new") -> list[Path]:
    """``n`` new people employed by ``us``: an import of 2n rows into the portfolio."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / f"{prefix}-people.csv", folder / f"{prefix}-jobs.csv"
    nodes.write_text(
        "id,type,name\n" + "".join(f"{prefix}{i},Person,{prefix.title()} {i}\n" for i in range(n)),
        encoding="utf-8",
    )
    edges.write_text(
        "source,target,type,since\n"
        + "".join(f"{prefix}{i},us,EMPLOYED_BY,2025-01-01\n" for i in range(n)),
        encoding="utf-8",
    )
    return [nodes, edges]
