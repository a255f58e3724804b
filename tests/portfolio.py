"""Small hand-made portfolios for rule tests, written as the CSV a user would import.

``BASE`` is the situation most rule tests start from: two oncology alliances, Meridian with
Helix (a subsidiary of Helix Holdings) and Meridian with Rival Bio, whose KRAS programs ONC-7
(P1) and ONC-12 (P2) are firewalled with a 90-day cooling-off. Tests add the edges that make
their situation.
"""

from __future__ import annotations

from pathlib import Path

from graphmodel.store import GraphStore
from loaders import read_files

BASE_NODES = """id,type,name
us,Company,Meridian Therapeutics
helix,Company,Helix Bio
helixco,Company,Helix Holdings
rival,Company,Rival Bio
rivalsub,Company,Rival Diagnostics
A1,Alliance,Helix KRAS alliance
A2,Alliance,Rival KRAS alliance
P1,Program,ONC-7 KRAS degrader
P2,Program,ONC-12 KRAS inhibitor
P3,Program,ONC-3 imaging
c1,Committee,Helix JSC
c2,Committee,Rival JSC
dana,Person,Dana Ruiz
eli,Person,Eli Okafor
fay,Person,Fay Lindqvist
gus,Person,Gus Tanaka
hal,Person,Hal Berger
ivy,Person,Ivy Chen
"""

BASE_EDGES = """source,target,type,since,until,reason,cooling_off_days,role
helix,helixco,SUBSIDIARY_OF,,,,,
rivalsub,rival,SUBSIDIARY_OF,,,,,
us,A1,PARTY_TO,,,,,licensee
helix,A1,PARTY_TO,,,,,licensor
us,A2,PARTY_TO,,,,,partner
rival,A2,PARTY_TO,,,,,partner
P1,A1,PART_OF,,,,,
P2,A2,PART_OF,,,,,
P3,A1,PART_OF,,,,,
c1,A1,GOVERNS,,,,,
c2,A2,GOVERNS,,,,,
P1,P2,FIREWALL,2024-01-01,,competing KRAS programs,90,
dana,us,EMPLOYED_BY,2020-01-01,,,,
eli,us,EMPLOYED_BY,2020-01-01,,,,
fay,us,EMPLOYED_BY,2020-01-01,,,,
gus,us,EMPLOYED_BY,2020-01-01,,,,
hal,us,EMPLOYED_BY,2020-01-01,,,,
ivy,us,EMPLOYED_BY,2020-01-01,,,,
"""

EXTRA_HEADER = (
    "source,target,type,since,until,reason,cooling_off_days,role,kind,weight,market,what,percent\n"
)

T = "2026-11-22"


def build(store: GraphStore, tmp_path: Path, extra_edges: str = "", extra_nodes: str = "") -> None:
    """Import BASE plus extra edge rows (columns of EXTRA_HEADER) into ``store``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "nodes.csv").write_text(BASE_NODES + extra_nodes, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(BASE_EDGES, encoding="utf-8")
    files = [tmp_path / "nodes.csv", tmp_path / "edges.csv"]
    if extra_edges.strip():
        (tmp_path / "extra.csv").write_text(EXTRA_HEADER + extra_edges, encoding="utf-8")
        files.append(tmp_path / "extra.csv")
    store.apply(read_files(files))


def row(
    source: str, target: str, etype: str, since: str = "", until: str = "", **props: str
) -> str:
    cols = ["reason", "cooling_off_days", "role", "kind", "weight", "market", "what", "percent"]
    return ",".join([source, target, etype, since, until, *(props.get(c, "") for c in cols)]) + "\n"
