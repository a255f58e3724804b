"""A synthetic alliance portfolio of any size, for benchmarks and scale tests.

The demo in ``examples/demo`` is small and hand-crafted; this module makes portfolios of
thousands to millions of people whose *shape* is realistic enough for timings to mean
something: people sit in a reporting tree grouped by therapeutic area (about eight programs
each, so the number of firewalls grows linearly), work on one to three programs of their own
area, influence mostly colleagues, and about 5% sit on joint committees (two per alliance).
Firewalls separate ~20% of the pairs of programs of one area that belong to different
alliances, and teams are staffed around them, except for a small, fixed share of mistakes, so
that every rule fires at every size, but rarely, as in a real portfolio:

* firewall_breach: 1 in 100 assignments that would cross a firewall is made anyway, and 1 in 50
  committee seats that would is given anyway;
* cooling_off: ~1% of people moved recently from one side of a firewall with a cooling-off
  period to the other;
* indirect_exposure: arises by itself from the reporting tree and influence across teams;
* conflict_of_interest: a few percent hold interests in companies, or left a company less
  than a year ago, and some of those companies are partners or competitors.

About ten edges per person. "Now" is ``as_of`` (default :data:`ANCHOR`, a fixed day, so the
same seed and size always give byte-identical files); recent events are placed relative to
it. Only the standard library is used and rows are streamed, so 100,000 people (about a
million edges) take seconds.

    python -m allymap.synthetic --people 10000 --out /tmp/synth [--seed 7] [--as-of 2026-11-22]

>>> nodes, edges = generate_records(200)
>>> sum(n.type == "Person" for n in nodes)
200
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graphmodel.model import Edge, Node
from graphmodel.schema import SCHEMA

__all__ = ["ANCHOR", "EDGE_HEADER", "NODE_HEADER", "generate", "generate_records", "main"]

ANCHOR = "2026-11-22"
"""The default "today" of a synthetic portfolio: fixed, so output does not depend on the clock."""

NODE_HEADER = ["id", "type", "name", "area"]
EDGE_HEADER = [
    "source",
    "target",
    "type",
    "since",
    "until",
    "title",
    "role",
    "kind",
    "weight",
    "what",
    "market",
    "percent",
    "reason",
    "cooling_off_days",
]
_PROP_COLUMNS = EDGE_HEADER[5:]

_FIRST = [
    "Ada",
    "Aiko",
    "Amara",
    "Ana",
    "Arjun",
    "Astrid",
    "Ayesha",
    "Bo",
    "Camila",
    "Chidi",
    "Dana",
    "Diego",
    "Elif",
    "Emeka",
    "Eva",
    "Fatima",
    "Felix",
    "Hana",
    "Hamid",
    "Ines",
    "Ivan",
    "Jae-won",
    "Javier",
    "Jia",
    "José",
    "Kofi",
    "Lars",
    "Leila",
    "Lukas",
    "Mei",
    "Mira",
    "Nadia",
    "Nils",
    "Noor",
    "Omar",
    "Priya",
    "Rafael",
    "Ruth",
    "Sakura",
    "Søren",
    "Tariq",
    "Thandiwe",
    "Tomasz",
    "Uma",
    "Wei",
    "Yusuf",
    "Zoë",
]
_LAST = [
    "Adeyemi",
    "Ahmadi",
    "Andersen",
    "Banerjee",
    "Becker",
    "Castillo",
    "Chen",
    "Costa",
    "Diallo",
    "Dubois",
    "Eze",
    "Ferreira",
    "Fischer",
    "García",
    "Haddad",
    "Hansen",
    "Ibarra",
    "Ito",
    "Karimi",
    "Khan",
    "Kim",
    "Kowalski",
    "Kumar",
    "Laurent",
    "Liu",
    "Mendes",
    "Moreau",
    "Müller",
    "Nakamura",
    "Ng",
    "Novak",
    "Okafor",
    "O'Neill",
    "Patel",
    "Raman",
    "Rossi",
    "Ruiz",
    "Santos",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Tanaka",
    "Tran",
    "Wagner",
    "Wang",
    "Yıldız",
    "Zhang",
    "Ångström",
]
_CO_A = [
    "Aster",
    "Boreal",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Garnet",
    "Helix",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
]
_CO_B = ["Bio", "Pharma", "Therapeutics", "Biologics", "Genomics", "Sciences", "Labs", "Medicines"]
_AREAS = [
    "Oncology",
    "Immunology",
    "Neuroscience",
    "Cardiometabolic",
    "Rare-disease",
    "Infectious-disease",
]
_MODAL = ["small-molecule", "antibody", "degrader", "cell-therapy", "gene-therapy", "peptide"]
_TITLES = (
    "Scientist",
    "Senior Scientist",
    "Principal Scientist",
    "Associate Director",
    "Director",
    "Clinical Scientist",
    "Regulatory Manager",
    "Alliance Manager",
)
_PROG_ROLES = ("chemist", "biologist", "lead", "clinical scientist", "regulatory lead")
_INTEREST = ("equity", "board", "advisor", "consultant", "family")
_COOLING = (0, 0, 90, 180, 365)

Sink = Callable[[list[str]], None]


class _Dates:
    """ISO dates from day offsets relative to ``as_of``, cached (a few thousand distinct days)."""

    def __init__(self, as_of: str) -> None:
        self.base = _dt.date.fromisoformat(as_of).toordinal()
        self._cache: dict[int, str] = {}

    def __call__(self, offset: int) -> str:
        text = self._cache.get(offset)
        if text is None:
            text = _dt.date.fromordinal(self.base + offset).isoformat()
            self._cache[offset] = text
        return text


def _emit(people: int, seed: int, as_of: str, node: Sink, edge: Callable[..., None]) -> None:
    """The one recipe both outputs share: calls ``node(row)`` and ``edge(...)`` in file order."""
    if people < 20:
        raise ValueError("a synthetic portfolio needs at least 20 people")
    rng = random.Random(seed)
    rand = rng.random

    # random.randrange and random.choice cost ~1 µs each; these do the same job in a third
    def randrange(lo: int, hi: int | None = None) -> int:
        if hi is None:
            lo, hi = 0, lo
        return lo + int(rand() * (hi - lo))

    def choice(seq: Sequence[Any]) -> Any:
        return seq[int(rand() * len(seq))]

    day = _Dates(as_of)

    n_companies = max(10, people // 200)
    n_alliances = max(4, people // 100)
    n_programs = max(8, people // 40)
    n_areas = max(1, n_programs // 8)

    # ---- companies in corporate groups; company 0 is "us" ---------------------------------
    companies = [f"co{i:05d}" for i in range(n_companies)]
    node([companies[0], "Company", "Synthetic Therapeutics (us)", ""])
    for c in companies[1:]:
        node([c, "Company", f"{choice(_CO_A)} {choice(_CO_B)} {c[2:]}", ""])
    edge(companies[1], companies[0], "SUBSIDIARY_OF", day(-randrange(1000, 5000)), "")
    group_of = [0] * n_companies
    i = 2
    while i < n_companies:
        size = min(n_companies - i, choice((1, 1, 2, 3, 4)))
        for j in range(i + 1, i + size):
            edge(companies[j], companies[i], "SUBSIDIARY_OF", day(-randrange(300, 6000)), "")
            group_of[j] = i
        group_of[i] = i
        i += size
    rivals: set[tuple[int, int]] = set()
    for k in range(1, n_companies):
        other = randrange(n_companies)
        if other != k:
            since = day(-randrange(30, 4000))
            until = day(-randrange(1, 29)) if rand() < 0.1 else ""
            edge(
                companies[k],
                companies[other],
                "SUPPLIES",
                since,
                until,
                what=choice(("API", "reagents", "CRO services", "devices", "drug substance")),
            )
        other = randrange(n_companies)
        pair = (min(k, other), max(k, other))
        if other != k and group_of[other] != group_of[k] and pair not in rivals:
            rivals.add(pair)
            edge(
                companies[k],
                companies[other],
                "COMPETES_WITH",
                day(-randrange(30, 4000)),
                "",
                market=choice(_AREAS),
            )
        if rand() < 0.2:
            other = randrange(n_companies)
            if other != k and group_of[other] != group_of[k]:
                edge(
                    companies[k],
                    companies[other],
                    "OWNS_STAKE_IN",
                    day(-randrange(30, 4000)),
                    "",
                    percent=f"{randrange(10, 250) / 10:.1f}",
                )

    # ---- alliances (us + one or two partners), programs by area, firewalls -------------------
    alliances = [f"al{i:04d}" for i in range(n_alliances)]
    alliance_area = [i % n_areas for i in range(n_alliances)]
    alliance_since: list[str] = []
    alliance_live: list[bool] = []  # a party to it today
    alliance_partners: list[list[int]] = []
    for a, aid in enumerate(alliances):
        area = _AREAS[alliance_area[a] % len(_AREAS)]
        node([aid, "Alliance", f"{area} alliance {a}", area])
        r = rand()
        since = day(randrange(10, 300)) if r < 0.04 else day(-randrange(200, 3500))
        until = day(-randrange(1, 150)) if 0.04 <= r < 0.08 else ""
        partners = [randrange(2, n_companies)]
        if rand() < 0.25:
            partners.append(randrange(2, n_companies))
        alliance_since.append(since)
        alliance_partners.append(partners)
        alliance_live.append(since <= as_of and not until)
        edge(companies[0], aid, "PARTY_TO", since, until, role="partner")
        for partner in dict.fromkeys(partners):
            edge(
                companies[partner],
                aid,
                "PARTY_TO",
                since,
                until,
                role=choice(("licensor", "licensee")),
            )

    by_area: list[list[int]] = [[] for _ in range(n_areas)]
    for a in range(n_alliances):
        by_area[alliance_area[a]].append(a)
    programs = [f"pg{i:05d}" for i in range(n_programs)]
    program_alliance: list[int] = []
    programs_of_area: list[list[int]] = [[] for _ in range(n_areas)]
    programs_of_alliance: list[list[int]] = [[] for _ in range(n_alliances)]
    for x, xid in enumerate(programs):
        area_ix = x % n_areas
        own = by_area[area_ix]
        a = own[(x // n_areas) % len(own)]
        program_alliance.append(a)
        programs_of_area[area_ix].append(x)
        programs_of_alliance[a].append(x)
        area = _AREAS[area_ix % len(_AREAS)]
        node([xid, "Program", f"{area[:3].upper()}-{x} {choice(_MODAL)}", area])
        edge(xid, alliances[a], "PART_OF", alliance_since[a], "")

    firewalled: list[dict[int, int]] = [{} for _ in range(n_programs)]  # other -> cooling days

    def wall_since(x: int, y: int) -> str:
        return max(alliance_since[program_alliance[x]], alliance_since[program_alliance[y]])

    def wall(x: int, y: int, days: int) -> None:
        firewalled[x][y] = firewalled[y][x] = days
        edge(
            programs[x],
            programs[y],
            "FIREWALL",
            wall_since(x, y),
            "",
            reason=f"competing programs in {_AREAS[x % n_areas % len(_AREAS)]}",
            cooling_off_days=str(days) if days else "",
        )

    for members in programs_of_area:
        for ix, x in enumerate(members):
            for y in members[ix + 1 :]:
                if program_alliance[x] != program_alliance[y] and rand() < 0.2:
                    wall(x, y, choice(_COOLING))
    if not any(d and wall_since(x, y) <= as_of for x in range(n_programs)
               for y, d in firewalled[x].items()):  # fmt: skip
        # small portfolios: make sure one active firewall has a cooling-off period
        for members in programs_of_area:
            free = [
                (x, y)
                for ix, x in enumerate(members)
                for y in members[ix + 1 :]
                if program_alliance[x] != program_alliance[y]
                and y not in firewalled[x]
                and wall_since(x, y) <= as_of
            ]
            if free:
                wall(*free[0], 180)
                break

    committees = [f"cm{i:05d}" for i in range(2 * n_alliances)]
    for a, aid in enumerate(alliances):
        jsc, jdc = committees[2 * a], committees[2 * a + 1]
        node([jsc, "Committee", f"JSC {aid}", ""])
        node([jdc, "Committee", f"JDC {aid}", ""])
        edge(jsc, aid, "GOVERNS", alliance_since[a], "")
        target = programs_of_alliance[a][0] if programs_of_alliance[a] else None
        edge(jdc, programs[target] if target is not None else aid, "GOVERNS", alliance_since[a], "")

    # ---- people ---------------------------------------------------------------------------
    pids = [f"p{i:06d}" for i in range(people)]
    n_partner_side = max(2, people // 20)  # the last 5% work for partners
    first_partner = people - n_partner_side
    area_of = [i * n_areas // first_partner for i in range(first_partner)]
    block_start = [0] * n_areas
    for i in range(first_partner - 1, -1, -1):
        block_start[area_of[i]] = i
    hired: list[int] = []
    current: list[list[int]] = [[] for _ in range(people)]  # programs worked on today
    history: list[list[int]] = [[] for _ in range(people)]
    moved = 0  # recent moves across a firewall with a cooling-off period
    works: list[list[int]] = [[] for _ in range(people)]
    ended_on: list[int | None] = [None] * people

    def move_across(i: int) -> bool:
        """Person i moved recently from the other side of a firewall of one of their programs."""
        x = current[i][0]
        options = [
            (y, d)
            for y, d in sorted(firewalled[x].items())
            if d and y not in works[i] and y not in history[i] and wall_since(x, y) <= as_of
        ]
        if not options:
            return False
        y, days = choice(options)
        end = -randrange(1, days)
        history[i].append(y)
        role = choice(_PROG_ROLES)
        start = min(max(end - randrange(100, 900), hired[i]), end)
        edge(pids[i], programs[y], "WORKS_ON", day(start), day(end), role=role)
        return True

    def cross(i: int) -> bool:
        """Person i is also put on a program firewalled from one of theirs."""
        x = current[i][0]
        options = [
            y
            for y in sorted(firewalled[x])
            if y not in works[i] and y not in history[i] and wall_since(x, y) <= as_of
        ]
        if not options:
            return False
        y = choice(options)
        works[i].append(y)
        current[i].append(y)
        since = max(hired[i], -randrange(10, 300))
        edge(pids[i], programs[y], "WORKS_ON", day(since), "", role="lead")
        return True

    for i, p in enumerate(pids):
        ours = i < first_partner
        area = _AREAS[(area_of[i] if ours else i) % n_areas % len(_AREAS)]
        node([p, "Person", f"{choice(_FIRST)} {choice(_LAST)}", area])
        hire = -randrange(30, 7000)
        if ours and rand() < 0.01:
            hire = randrange(5, 200)  # joins in the coming months
        hired.append(hire)
        left = -randrange(1, min(-hire, 700)) if hire < -2 and rand() < 0.03 else None
        ended_on[i] = left
        until = day(left) if left is not None else ""
        if ours:
            employer = companies[0] if rand() < 0.95 else companies[1]
        else:
            a = randrange(n_alliances)
            employer = companies[alliance_partners[a][0]]
        edge(p, employer, "EMPLOYED_BY", day(hire), until, title=choice(_TITLES))
        if rand() < 0.8:  # an earlier employer
            gap = randrange(1, 90)
            start = hire - gap - randrange(300, 4000)
            before = companies[randrange(1, n_companies)]
            if before != employer:
                edge(p, before, "EMPLOYED_BY", day(start), day(hire - gap), title=choice(_TITLES))
        # reporting tree: an 8-ary heap inside each area block, block heads under person 0
        if ours and i > 0:
            s = block_start[area_of[i]]
            manager = 0 if i == s else s + (i - s - 1) // 8
            first_day = max(hire, hired[manager])
            if left is not None and first_day > left:
                first_day = hire
            edge(p, pids[manager], "REPORTS_TO", day(first_day), until)
            if rand() < 0.25 and manager > 0:  # a previous manager
                prev = randrange(0, i)
                if prev != manager:
                    start = max(hire, hired[prev])
                    end = min(start + randrange(100, 900), -1)
                    if start < end:
                        edge(p, pids[prev], "REPORTS_TO", day(start), day(end))
        elif not ours and i > first_partner:
            edge(p, pids[first_partner + (i - first_partner - 1) // 8], "REPORTS_TO", day(hire), "")

        if not ours or rand() < 0.12:
            continue
        # ---- program work: 1-3 programs of one's area, staffed around firewalls ------------
        pool = programs_of_area[area_of[i]]
        if rand() < 0.05:  # some work across areas
            pool = programs_of_area[randrange(n_areas)]
        picks: list[int] = []
        for _ in range(choice((1, 2, 2, 3, 3))):
            x = choice(pool)
            if x in picks:
                continue
            if any(x in firewalled[y] for y in picks) and rand() > 0.01:
                continue
            picks.append(x)
        works[i] = picks
        end_work = day(left) if left is not None else ""
        for x in picks:
            start = max(hire, -3000) + randrange(0, 60)
            if hire < 0:
                start = min(start, -1)
            if left is not None:
                start = min(start, left)
            elif rand() < 0.02:
                start = max(start, randrange(10, 400))  # a planned assignment
            if start < 0 and left is None:
                current[i].append(x)
            edge(p, programs[x], "WORKS_ON", day(start), end_work, role=choice(_PROG_ROLES))
        # history: earlier programs, ended long enough ago to be cooled off
        earlier = history[i]
        for _ in range(choice((1, 1, 2, 2, 3)) if hire < -600 else 0):
            x = choice(pool)
            if x in picks or x in earlier:
                continue
            start = hire + randrange(0, -400 - hire)
            end = min(start + randrange(100, 1500), -400)
            earlier.append(x)
            edge(p, programs[x], "WORKS_ON", day(start), day(end), role=choice(_PROG_ROLES))
        # a recent move across a firewall with a cooling-off period
        if current[i] and rand() < 0.012 and move_across(i):
            moved += 1

    # the same mistakes, made once on purpose when chance made none (small portfolios)
    crossed = any(
        y in firewalled[x] and wall_since(x, y) <= as_of
        for cur in current
        for x in cur
        for y in cur
    )
    if not crossed:
        for i in range(first_partner):
            if current[i] and cross(i):
                break
    if not moved:
        for i in range(first_partner - 1, -1, -1):
            if current[i] and move_across(i):
                break

    # ---- committees: ~5% of people; seats avoid firewalls, with rare mistakes -------------
    for a in range(n_alliances):
        walls = {y for x in programs_of_alliance[a] for y in firewalled[x]}
        for c in (committees[2 * a], committees[2 * a + 1]):
            seats = 0
            seated: list[int] = []
            block = alliance_area[a]
            lo = block_start[block]
            hi = block_start[block + 1] if block + 1 < n_areas else first_partner
            tries = 0
            while seats < 2 and tries < 20 and hi > lo:
                tries += 1
                m = randrange(lo, hi)
                if m in seated or (any(x in walls for x in works[m]) and rand() > 0.02):
                    continue
                since = day(max(hired[m], -2500) + randrange(0, 200))
                gone = ended_on[m]
                until = day(gone) if gone is not None else ""
                if until and until < since:
                    continue
                role = (
                    "chair" if not seated else choice(("member", "member", "alternate", "observer"))
                )
                edge(pids[m], c, "MEMBER_OF", since, until, role=role)
                seated.append(m)
                seats += 1
            if rand() < 0.6:  # the partner's delegate
                m = first_partner + randrange(n_partner_side)
                edge(pids[m], c, "MEMBER_OF", day(max(hired[m], -2500)), "", role="member")

    # ---- influence and interests ----------------------------------------------------------
    for i, p in enumerate(pids):
        ours = i < first_partner
        if ours:
            lo = block_start[area_of[i]]
            hi = block_start[area_of[i] + 1] if area_of[i] + 1 < n_areas else first_partner
        else:
            lo, hi = first_partner, people
        chosen: list[int] = []
        for _ in range(choice((3, 4, 4, 5, 5))):
            q = randrange(lo, hi) if rand() < 0.8 else randrange(people)
            if q == i or q in chosen:
                continue
            chosen.append(q)
            since = day(max(hired[i], hired[q], -4000) + randrange(0, 300))
            until = day(-randrange(1, 400)) if rand() < 0.05 else ""
            if until and until < since:
                until = ""
            edge(p, pids[q], "INFLUENCES", since, until, weight=f"{randrange(1, 21) * 0.05:.2f}")
        if rand() < 0.03:
            z = companies[randrange(1, n_companies)]
            until = day(-randrange(1, 700)) if rand() < 0.2 else ""
            edge(
                p, z, "HOLDS_INTEREST_IN", day(-randrange(800, 3000)), until, kind=choice(_INTEREST)
            )
    # one certain conflict of interest: someone holds shares in a partner of their own program
    for i in range(first_partner):
        live = [x for x in current[i] if alliance_live[program_alliance[x]]]
        if live:
            partner = alliance_partners[program_alliance[live[0]]][0]
            edge(pids[i], companies[partner], "HOLDS_INTEREST_IN", day(-5000), "", kind="equity")
            break


def generate(
    people: int, out_dir: Path, seed: int = 7, as_of: str = ANCHOR
) -> dict[str, Path | int]:
    """Write ``nodes.csv`` and ``edges.csv`` (generic format) into ``out_dir``.

    Returns the two paths (``nodes_csv``, ``edges_csv``), the totals (``nodes``, ``edges``)
    and a count per node type and per edge type (keys are the type names).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = out_dir / "nodes.csv", out_dir / "edges.csv"
    counts: dict[str, int] = {}
    blank = [""] * len(_PROP_COLUMNS)
    col = {c: i for i, c in enumerate(_PROP_COLUMNS)}
    with (
        nodes_path.open("w", encoding="utf-8", newline="") as nf,
        edges_path.open("w", encoding="utf-8", newline="") as ef,
    ):
        nodes_out, edges_out = (
            csv.writer(nf, lineterminator="\n"),
            csv.writer(ef, lineterminator="\n"),
        )
        nodes_out.writerow(NODE_HEADER)
        edges_out.writerow(EDGE_HEADER)
        write_node, write_edge = nodes_out.writerow, edges_out.writerow

        def node(row: list[str]) -> None:
            counts[row[1]] = counts.get(row[1], 0) + 1
            write_node(row)

        def edge(
            source: str, target: str, etype: str, since: str, until: str, **props: str
        ) -> None:
            counts[etype] = counts.get(etype, 0) + 1
            cells = blank.copy()
            for k, v in props.items():
                cells[col[k]] = v
            write_edge([source, target, etype, since, until, *cells])

        _emit(people, seed, as_of, node, edge)
    result: dict[str, Path | int] = {"nodes_csv": nodes_path, "edges_csv": edges_path}
    result["nodes"] = sum(v for k, v in counts.items() if k in SCHEMA.node_types)
    result["edges"] = sum(v for k, v in counts.items() if k in SCHEMA.edge_types)
    result.update(sorted(counts.items()))
    return result


def generate_records(
    people: int, seed: int = 7, as_of: str = ANCHOR
) -> tuple[list[Node], list[Edge]]:
    """The same portfolio as :func:`generate`, as records, read the way the CSV loader reads it
    (declared properties typed, schema defaults applied, ``CUSTOMER_OF`` never used), so
    benchmarks can skip the CSV step."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    typed = _property_types()

    def node(row: list[str]) -> None:
        nid, ntype, name, area = row
        nodes.append(Node(nid, ntype, name, {"area": area} if area else {}))

    def edge(source: str, target: str, etype: str, since: str, until: str, **props: str) -> None:
        conv, defaults = typed[etype]
        values: dict[str, Any] = {k: conv[k](v) if k in conv else v for k, v in props.items() if v}
        for k, v in defaults.items():
            values.setdefault(k, v)
        edges.append(Edge(etype, source, target, since, until, values).normalized())

    _emit(people, seed, as_of, node, edge)
    return nodes, edges


def _property_types() -> dict[str, tuple[dict[str, Callable[[str], Any]], dict[str, Any]]]:
    out: dict[str, tuple[dict[str, Callable[[str], Any]], dict[str, Any]]] = {}
    for name, et in SCHEMA.edge_types.items():
        conv: dict[str, Callable[[str], Any]] = {}
        defaults: dict[str, Any] = {}
        for spec in et.properties:
            if spec.type == "int":
                conv[spec.name] = int
            elif spec.type == "float":
                conv[spec.name] = float
            if spec.default is not None:
                defaults[spec.name] = spec.default
        out[name] = (conv, defaults)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m allymap.synthetic --people N --out DIR [--seed S] [--as-of DATE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m allymap.synthetic",
        description="Write a synthetic alliance portfolio (generic nodes.csv and edges.csv).",
    )
    parser.add_argument("--people", type=int, required=True, help="number of people (>= 20)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--as-of", default=ANCHOR, help=f"the portfolio's today (default {ANCHOR})")
    args = parser.parse_args(argv)
    try:
        _dt.date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of {args.as_of!r} is not a date in the form YYYY-MM-DD")
    if args.people < 20:
        parser.error("--people must be at least 20")
    started = time.perf_counter()
    result = generate(args.people, args.out, args.seed, args.as_of)
    seconds = time.perf_counter() - started
    print(f"{result['nodes']} nodes and {result['edges']} edges in {seconds:.1f} s")
    for key in ("nodes_csv", "edges_csv"):
        path = Path(str(result[key]))
        print(f"  {path} ({path.stat().st_size / 1e6:.1f} MB)")
    for key, value in result.items():
        if key not in ("nodes_csv", "edges_csv", "nodes", "edges"):
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
