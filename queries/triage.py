"""Triage of a scan at scale: the conflicts page and ``conflicts --summary``.

At 100k people ``conflicts --hops 2`` finds over a hundred thousand indirect exposures, which
no one can read one by one. The summary groups every finding by what it is about (a firewall's
two sides; an alliance, for conflicts of interest), with counts per kind, open and decided, and
ranks the indirect exposures so the worst come first: fewest hops, then the most influential
person on the path (influence scores, :mod:`queries.influence`), then person and path. It is
paged: a page holds ``per_page`` exposures, never all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from queries.rules.finding import Finding

__all__ = ["EXPOSURE", "Group", "Summary", "groups", "rank_exposures", "summarize"]

EXPOSURE = "indirect_exposure"


@dataclass(slots=True)
class Group:
    """The findings about one firewall (``by`` "firewall", ``subject`` its sides) or one
    alliance (``by`` "alliance", conflicts of interest), counted per kind, open and decided."""

    by: str
    subject: tuple[str, ...]
    counts: dict[str, dict[str, int]]

    @property
    def open(self) -> int:
        return sum(c["open"] for c in self.counts.values())

    @property
    def decided(self) -> int:
        return sum(c["decided"] for c in self.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "subject": list(self.subject),
            "open": self.open,
            "decided": self.decided,
            "counts": {k: dict(v) for k, v in sorted(self.counts.items())},
        }


def _group_of(f: Finding) -> tuple[str, tuple[str, ...]]:
    if f.firewall is not None:
        return "firewall", tuple(sorted(f.firewall))
    return "alliance", (f.subject[0],)


def groups(findings: Sequence[Finding], blocking_kinds: frozenset[str]) -> list[Group]:
    """Every group, those with the most open blocking findings first, then the most open."""
    found: dict[tuple[str, tuple[str, ...]], Group] = {}
    for f in findings:
        by, subject = _group_of(f)
        g = found.setdefault((by, subject), Group(by, subject, {}))
        c = g.counts.setdefault(f.kind, {"open": 0, "decided": 0})
        c["open" if f.open else "decided"] += 1

    def order(g: Group) -> tuple[int, int, str, tuple[str, ...]]:
        blocking = sum(c["open"] for k, c in g.counts.items() if k in blocking_kinds)
        return (-blocking, -g.open, g.by, g.subject)

    return sorted(found.values(), key=order)


def rank_exposures(findings: Sequence[Finding], influence: Mapping[str, float]) -> list[Finding]:
    """The indirect exposures, nearest first, then by the largest influence among the people
    on the path, then by person and path."""

    def weight(f: Finding) -> float:
        return max((influence.get(x, 0.0) for x in f.path), default=0.0)

    exposures = [f for f in findings if f.kind == EXPOSURE]
    return sorted(
        exposures, key=lambda f: (int(f.details.get("hops", 0)), -weight(f), f.person, f.path)
    )


@dataclass(slots=True)
class Summary:
    as_of: str
    total: int
    open: int
    decided: int
    by_kind: dict[str, dict[str, int]]
    groups: list[Group]
    exposures: list[Finding]
    """This page of the ranked exposures."""
    exposures_total: int
    page: int
    per_page: int
    influence: Mapping[str, float]

    @property
    def pages(self) -> int:
        return max(1, -(-self.exposures_total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        def ranked(f: Finding) -> dict[str, Any]:
            top = max((self.influence.get(x, 0.0) for x in f.path), default=0.0)
            return {**f.to_json(), "influence": round(top, 4)}

        return {
            "as_of": self.as_of,
            "total": self.total,
            "open": self.open,
            "decided": self.decided,
            "by_kind": {k: dict(v) for k, v in sorted(self.by_kind.items())},
            "groups": [g.to_json() for g in self.groups],
            "exposures": {
                "total": self.exposures_total,
                "page": self.page,
                "pages": self.pages,
                "per_page": self.per_page,
                "items": [ranked(f) for f in self.exposures],
            },
        }


def summarize(
    as_of: str,
    findings: Sequence[Finding],
    influence: Mapping[str, float],
    blocking_kinds: frozenset[str],
    page: int = 1,
    per_page: int = 50,
) -> Summary:
    """The summary of a scan's findings, with page ``page`` (from 1) of the ranked exposures."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    by_kind: dict[str, dict[str, int]] = {}
    for f in findings:
        c = by_kind.setdefault(f.kind, {"open": 0, "decided": 0})
        c["open" if f.open else "decided"] += 1
    ranked = rank_exposures(findings, influence)
    start = (page - 1) * per_page
    decided = sum(1 for f in findings if not f.open)
    return Summary(
        as_of,
        len(findings),
        len(findings) - decided,
        decided,
        by_kind,
        groups(findings, blocking_kinds),
        ranked[start : start + per_page],
        len(ranked),
        page,
        per_page,
        influence,
    )
