"""The rule questions asked in Cypher (being replaced by the finder protocol)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import neo4j
from neo4j import ManagedTransaction

from graphmodel.model import Edge, Finding, add_days
from graphmodel.neo4j.records import _edge, _interval
from graphmodel.neo4j.templates import cypher
from graphmodel.store import Relationship
from queries import engine
from queries.engine import (
    Interval,
    Route,
    breaches_and_cooling,
    candidate_route,
    dedupe,
    merge_firewalls,
    route_order,
    wall_findings,
)

# ---- the rules in Cypher -------------------------------------------------------------------

Links = dict[str, list[tuple[str, list[str]]]]
"""person -> [(via, people one hop closer)]: via is "" for a direct hop, else the committee."""


class _Rules:
    """The rule questions of one read transaction on day t (see docs/rules.md)."""

    def __init__(self, tx: ManagedTransaction, t: str) -> None:
        self.tx, self.t = tx, t
        self._hops_from: dict[str, tuple[dict[str, int], Links]] = {}

    def run(self, name: str, **params: Any) -> list[neo4j.Record]:
        return list(self.tx.run(cypher(name), {"t": self.t, **params}))

    # -- firewalls and access ------------------------------------------------------------
    @staticmethod
    def _walls(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Edge], dict[str, bool]]:
        edges, is_program = [], {}
        for r in rows:
            edges.append(_edge("FIREWALL", r["source"], r["target"], r["props"]))
            is_program[r["source"]] = bool(r["source_is_program"])
            is_program[r["target"]] = bool(r["target_is_program"])
        return edges, is_program

    def access(
        self, sides: Mapping[str, bool], ended: Iterable[str]
    ) -> tuple[dict[str, dict[str, Route]], dict[str, dict[str, tuple[str, Route]]]]:
        """Access maps of every side, and last-access maps of the sides in ``ended``."""
        ended = set(ended)
        rows = self.run(
            "access_routes",
            programs=sorted(s for s, prog in sides.items() if prog),
            alliances=sorted(s for s, prog in sides.items() if not prog),
            ended=sorted(ended),
        )
        found: dict[str, list[tuple[str, Route, Interval]]] = {s: [] for s in sides}
        for target, person, route, sinces, untils in rows[0][0]:
            found[target].append((person, tuple(route), _interval(sinces, untils)))
        acc = {s: engine.best_routes(routes, self.t) for s, routes in found.items()}
        last = {s: engine.last_routes(found[s], self.t) for s in ended}
        return acc, last

    def routes_from(
        self, people: Sequence[str], targets: Iterable[str], ended: Iterable[str]
    ) -> dict[str, list[tuple[str, Route, Interval]]]:
        """target -> the (person, route, interval) of ``people`` only, for each target."""
        found: dict[str, list[tuple[str, Route, Interval]]] = {t: [] for t in targets}
        if people and found:
            rows = self.run(
                "access_routes_from",
                people=list(people),
                targets=sorted(found),
                ended=sorted(set(ended)),
            )
            for target, person, route, sinces, untils in rows:
                found[target].append((person, tuple(route), _interval(sinces, untils)))
        return found

    # -- rule 3: person hops ---------------------------------------------------------------
    def hops_from_sources(
        self, side: str, sources: Iterable[str], k: int
    ) -> tuple[dict[str, int], Links]:
        """Multi-source breadth-first walk from everyone with access to ``side``, k rings."""
        key = f"{side}\0{k}"
        if key not in self._hops_from:
            self.walk_from_sides({side: sources}, k)
        return self._hops_from[key]

    def walk_from_sides(self, sources: Mapping[str, Iterable[str]], k: int) -> None:
        """The walks of :meth:`hops_from_sources` for many sides at once (see _walks): a scan
        has hundreds of firewalled sides; a walk per side and ring was thousands of round
        trips."""
        todo = {
            side: people
            for side, people in sources.items()
            if f"{side}\0{k}" not in self._hops_from
        }
        for side, walk in self._walks(todo, k).items():
            self._hops_from[f"{side}\0{k}"] = walk

    def _walks(
        self, sources: Mapping[str, Iterable[str]], k: int
    ) -> dict[str, tuple[dict[str, int], Links]]:
        """Multi-source breadth-first walks of up to k person hops, one per key of
        ``sources`` (a firewalled side, or a staffing candidate), all at once: one
        person_hops query per ring for the union of the walks' frontiers, whose rows are then
        shared out to the walks whose frontier holds each row's people. Per walk: the hop
        distance of everyone reached, and for each of them the (via, frontier people) hops
        that first reached them."""
        dist = {key: dict.fromkeys(sorted(people), 0) for key, people in sources.items()}
        links: dict[str, Links] = {key: {} for key in dist}
        frontier = {key: set(d) for key, d in dist.items()}
        for d in range(1, k + 1):
            holding: dict[str, list[str]] = defaultdict(list)  # person -> walks, this ring
            for key, ring in frontier.items():
                for u in ring:
                    holding[u].append(key)
            if not holding:
                break
            new: dict[str, set[str]] = {key: set() for key in frontier}
            for via, inside, reached in self.run("person_hops", frontier=sorted(holding), seen=[]):
                mine: dict[str, list[str]] = defaultdict(list)
                for u in inside:
                    for key in holding[u]:
                        mine[key].append(u)
                for key, here in mine.items():
                    known, into = dist[key], links[key]
                    for v in reached:
                        if v not in known:
                            into.setdefault(v, []).append((via, here))
                            new[key].add(v)
            for key, ring in new.items():
                dist[key].update(dict.fromkeys(ring, d))
            frontier = {key: ring for key, ring in new.items() if ring}
        return {key: (dist[key], links[key]) for key in dist}

    @staticmethod
    def _hop_path(p: str, dist: Mapping[str, int], links: Links) -> list[str]:
        """The smallest shortest hop path from p to a distance-0 person (engine._hop_path)."""
        path = [p]
        u = p
        for _ in range(dist[p]):  # one step closer each time: never loops on bad links
            best: str | None = None
            best_next = ""
            for via, inside in links[u]:
                elem, nxt = (via, min(inside)) if via else (inside[0], inside[0])
                if best is None or elem < best:
                    best, best_next = elem, nxt
            assert best is not None
            if best != best_next:
                path.append(best)
            path.append(best_next)
            u = best_next
        assert dist[u] == 0, f"the hop links from {p} do not lead to the other side"
        return path

    def exposures_from_sources(
        self,
        fw: tuple[str, str],
        people: Iterable[str],
        acc_b: Mapping[str, Route],
        k: int,
    ) -> Iterator[Finding]:
        """indirect_exposure for firewall [A, B] in a scan (engine._exposures)."""
        people = [p for p in people if p not in acc_b]
        if not people or not acc_b:
            return
        dist, links = self.hops_from_sources(fw[1], acc_b, k)
        for p in people:
            if p in dist:
                hops = self._hop_path(p, dist, links)
                q = hops[-1]
                yield Finding(
                    kind="indirect_exposure",
                    person=p,
                    firewall=[fw[0], fw[1]],
                    path=hops + list(acc_b[q][1:]),
                    details={"through": q, "hops": dist[p]},
                )

    def candidate_rings(
        self, people: Sequence[str], k: int
    ) -> dict[str, tuple[list[set[str]], dict[str, list[tuple[str, str]]]]]:
        """For each candidate P: rings[j] = the people exactly j person hops from P (j <= k),
        and the hops between consecutive rings (u -> [(via, v)]): P's walk (see _walks) read
        forwards. One query per ring for all candidates together; shared by every firewall
        of a staffing check."""
        out: dict[str, tuple[list[set[str]], dict[str, list[tuple[str, str]]]]] = {}
        for p, (dist, links) in self._walks({p: [p] for p in people}, k).items():
            rings: list[set[str]] = [set() for _ in range(max(dist.values()) + 1)]
            for v, d in dist.items():
                rings[d].add(v)
            forward: dict[str, list[tuple[str, str]]] = {}
            for v, hops in links.items():
                for via, here in hops:
                    for u in here:
                        forward.setdefault(u, []).append((via, v))
            out[p] = (rings, forward)
        return out

    def exposures_from_people(
        self,
        fw: tuple[str, str],
        people: Sequence[str],
        acc_b: Mapping[str, Route],
        walks: Mapping[str, tuple[list[set[str]], dict[str, list[tuple[str, str]]]]],
    ) -> Iterator[Finding]:
        """indirect_exposure for a staffing check, from walks out of each candidate (few)
        instead of one from everyone with access to B (many). The first ring of candidate P
        with someone who has access to B gives the number of hops h, and the lexicographic
        choice walks forward through people that still lead to such a person in the remaining
        hops: the same path queries.engine picks walking from B's side, since those are
        exactly the people whose distance to B's side drops by one at each step."""
        if not acc_b:
            return
        for p in people:
            if p in acc_b:
                continue
            rings, fwd = walks[p]
            h = next((j for j in range(1, len(rings)) if any(v in acc_b for v in rings[j])), 0)
            if h:
                yield self._exposure_from_rings(p, fw, rings[: h + 1], fwd, acc_b)

    @staticmethod
    def _exposure_from_rings(
        p: str,
        fw: tuple[str, str],
        rings: list[set[str]],
        fwd: Mapping[str, list[tuple[str, str]]],
        acc_b: Mapping[str, Route],
    ) -> Finding:
        h = len(rings) - 1
        good: list[set[str]] = [set() for _ in rings]
        good[h] = {v for v in rings[h] if v in acc_b}
        for j in range(h - 1, -1, -1):
            good[j] = {u for u in rings[j] if any(v in good[j + 1] for _, v in fwd.get(u, ()))}
        path = [p]
        u = p
        for j in range(h):
            options = [(via, v) for via, v in fwd.get(u, ()) if v in good[j + 1]]
            best = min(via or v for via, v in options)
            nxt = min(v for via, v in options if (via or v) == best)
            if best != nxt:
                path.append(best)
            path.append(nxt)
            u = nxt
        return Finding(
            kind="indirect_exposure",
            person=p,
            firewall=[fw[0], fw[1]],
            path=path + list(acc_b[u][1:]),
            details={"through": u, "hops": h},
        )

    # -- rule 4 ----------------------------------------------------------------------------
    def interests(self, people: Sequence[str]) -> dict[str, dict[str, set[str]]]:
        """person -> company -> interest kinds that count on t (engine._interests)."""
        found: dict[str, dict[str, set[str]]] = {}
        if not people:
            return found
        rows = self.run("interests", people=list(people), year_ago=add_days(self.t, -365))
        for person, company, kind in rows:
            kind = str(kind or "interest")
            found.setdefault(person, {}).setdefault(company, set()).add(kind)
        return found

    def counterparty_paths(
        self, pairs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[str]]:
        """(company, alliance) -> the canonical path company -> ... -> party -> alliance."""
        best: dict[tuple[str, str], list[str]] = {}
        wanted = sorted(set(pairs))
        if not wanted:
            return best
        for company, alliance, path in self.run("counterparties", pairs=[list(p) for p in wanted]):
            key = (company, alliance)
            old = best.get(key)
            if old is None or (len(path), path) < (len(old), old):
                best[key] = path
        return best

    def coi_findings(
        self,
        alliances_of: Mapping[str, Sequence[str]],
        interests: Mapping[str, Mapping[str, set[str]]],
    ) -> Iterator[Finding]:
        """conflict_of_interest for each person and each of the alliances given for them."""
        pairs = {(z, y) for p, ys in alliances_of.items() for y in ys for z in interests.get(p, {})}
        paths = self.counterparty_paths(pairs)
        for p in sorted(alliances_of):
            mine = interests.get(p, {})
            for y in sorted(alliances_of[p]):
                for z in sorted(mine):
                    path = paths.get((z, y))
                    if path is not None:
                        yield Finding(
                            kind="conflict_of_interest",
                            person=p,
                            path=[p, *path],
                            details={"alliance": y, "company": z, "interests": sorted(mine[z])},
                        )

    # -- the two entry points ---------------------------------------------------------------
    def scan(self, hops: int | None) -> list[Finding]:
        t = self.t
        edges, is_program = self._walls(self.run("firewalls"))
        firewalls = merge_firewalls(edges, t)
        sides = {s: is_program[s] for pair in firewalls for s in pair}
        cooling = {s for pair, fw in firewalls.items() if fw.cooling_off_days > 0 for s in pair}
        acc, ended = self.access(sides, cooling)
        if hops:
            self.walk_from_sides({side: acc[side] for side in sorted(sides) if acc[side]}, hops)
        findings = wall_findings(
            firewalls,
            acc,
            ended,
            t,
            (lambda fw, acc_x, acc_y: self.exposures_from_sources(fw, acc_x, acc_y, hops))
            if hops
            else None,
        )
        findings.extend(self.scan_interests())
        return dedupe(findings)

    def scan_interests(self) -> Iterator[Finding]:
        holders = sorted(
            r["person"] for r in self.run("interest_holders", year_ago=add_days(self.t, -365))
        )
        interests = self.interests(holders)
        people = sorted(p for p in holders if interests.get(p))
        if not people:
            return
        reached = {
            r["person"]: list(r["alliances"]) for r in self.run("alliances_reached", people=people)
        }
        yield from self.coi_findings(reached, interests)

    def staffing(self, program: str, people: Sequence[str], hops: int) -> list[Finding]:
        """queries.engine.staffing, with the queries batched over the program's firewalls:
        one context query, one for everyone's access to the far sides that exposure needs,
        one for the candidates' own access to the others, one walk per ring out of the
        candidates, and rule 4's two."""
        t = self.t
        rows = self.run("staffing_context", program=program)
        alliances: list[str] = sorted(set(rows[0]["alliances"])) if rows else []
        walls, is_program = self._walls(rows[0]["walls"] if rows else [])
        side_set = {program, *alliances}
        firewalls = merge_firewalls(
            (e for e in walls if e.source in side_set or e.target in side_set), t
        )
        plans = []  # (firewall, here, there, both ends are sides)
        for (a, b), fw in sorted(firewalls.items()):
            ends_in = [s for s in (a, b) if s in side_set]
            here = min(ends_in)
            plans.append((fw, here, b if here == a else a, len(ends_in) == 2))
        # exposure needs everyone with access to the far side; otherwise only candidates count
        full = {there: is_program[there] for _, _, there, both in plans if hops and not both}
        own = {there for _, _, there, _ in plans} - full.keys()
        cooling = {there for fw, _, there, _ in plans if fw.cooling_off_days > 0}
        acc_full, last_full = self.access(full, cooling & full.keys())
        mine = self.routes_from(people, own, cooling & own)
        walks = self.candidate_rings(people, hops) if full else {}
        findings: list[Finding] = []
        for fw, here, there, both in plans:
            if there in full:
                acc_there = dict(acc_full[there])
                ended_there = last_full.get(there)
            else:
                acc_there = engine.best_routes(mine[there], t)
                ended_there = engine.last_routes(mine[there], t) if there in cooling else None
            if fw.cooling_off_days <= 0:
                ended_there = None
            if both:  # the wall is between the program and its alliance: candidates reach both
                for p in people:
                    route = candidate_route(p, program, there)
                    if p not in acc_there or route_order(route) < route_order(acc_there[p]):
                        acc_there[p] = route
            acc_here = {p: candidate_route(p, program, here) for p in people}
            findings.extend(
                breaches_and_cooling(fw, (here, there), people, acc_here, acc_there, ended_there, t)
            )
            if there in full:
                findings.extend(self.exposures_from_people((here, there), people, acc_there, walks))
        if alliances:
            interests = self.interests(people)
            findings.extend(
                self.coi_findings({p: alliances for p in people if interests.get(p)}, interests)
            )
        return dedupe(findings)

    # -- partner view ----------------------------------------------------------------------
    def groups(self, companies: Sequence[str], t: str | None) -> dict[str, set[str]]:
        rows = self.tx.run(cypher("group"), {"companies": list(companies), "t": t})
        found = {r["company"]: set(r["members"]) for r in rows}
        return {c: found.get(c, {c}) for c in companies}

    def partner(self, z: str, u: str) -> list[Relationship]:
        groups = self.groups([u, z], self.t)
        gu, gz = groups[u], groups[z]
        rows = self.run("partner", us=sorted(gu), them=sorted(gz))
        rels: list[Relationship] = []
        best_alliance: dict[str, list[str]] = {}

        def dated(e: Edge, *props: str) -> dict[str, object]:
            out: dict[str, object] = {p: e.props[p] for p in props if p in e.props}
            out["since"], out["until"] = e.since, e.until
            return out

        for r in rows:
            s, c = r["source"], r["target"]
            if r["type"] == "PARTY_TO":
                y = r["alliance"]
                via = [s, y, c]
                if y not in best_alliance or via < best_alliance[y]:
                    best_alliance[y] = via
                continue
            e = _edge(r["type"], s, c, r["props"])
            if e.type == "SUPPLIES":
                if s in gz and c in gu:
                    rels.append(Relationship("supplier", [s, c], dated(e, "what")))
                if s in gu and c in gz:
                    rels.append(Relationship("customer", [s, c], dated(e, "what")))
            elif e.type == "OWNS_STAKE_IN":
                if (s in gu and c in gz) or (s in gz and c in gu):
                    rels.append(Relationship("equity", [s, c], dated(e, "percent")))
            elif e.type == "COMPETES_WITH":
                if s in gu and c in gz:
                    rels.append(Relationship("competitor", [s, c], dated(e, "market")))
                if c in gu and s in gz and s != c:
                    rels.append(Relationship("competitor", [c, s], dated(e, "market")))
        for y, via in best_alliance.items():
            rels.append(Relationship("alliance", via, {"alliance": y}))
        rels.sort(key=lambda r: (*r.sort_key(), str(r.details.get("since", ""))))
        return rels
