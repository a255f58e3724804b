"""The whole-portfolio scan: every current breach, cooling-off and conflict of interest, with
the decisions that count for them; optionally what is coming up in the next N days
(``upcoming``) and what changed since a day (``new``, ``resolved``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graphmodel.model import today
from graphmodel.store import GraphStore
from queries.explain import explain_all
from queries.influence import influence_scores
from queries.rules import BLOCKING_KINDS, timeline
from queries.rules import scan as scan_rule
from queries.rules.finding import Finding
from queries.triage import Summary, summarize

__all__ = ["ConflictReport", "scan", "summary"]


@dataclass(slots=True)
class ConflictReport:
    as_of: str
    hops: int | None
    findings: list[Finding]
    ahead: int | None = None
    upcoming: list[Finding] | None = None
    since: str | None = None
    new: list[Finding] | None = None
    resolved: list[Finding] | None = None

    @property
    def blocked(self) -> bool:
        """An undecided blocking finding holds on t (exit 1)."""
        return any(f.blocking for f in self.findings)

    def open_only(self) -> ConflictReport:
        """The report without the findings a decision counts for in ``findings``,
        ``upcoming`` and ``new`` (``conflicts --open``); ``resolved`` stays as it is."""

        def undecided(found: list[Finding] | None) -> list[Finding] | None:
            return None if found is None else [f for f in found if f.open]

        return replace(
            self,
            findings=[f for f in self.findings if f.open],
            upcoming=undecided(self.upcoming),
            new=undecided(self.new),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"as_of": self.as_of}
        if self.hops is not None:
            out["hops"] = self.hops
        out["findings"] = [f.to_json() for f in self.findings]
        if self.upcoming is not None:
            out["ahead"] = self.ahead
            out["upcoming"] = [f.to_json() for f in self.upcoming]
        if self.new is not None and self.resolved is not None:
            out["changes_since"] = self.since
            out["new"] = [f.to_json() for f in self.new]
            out["resolved"] = [f.to_json() for f in self.resolved]
        return out


def scan(
    store: GraphStore,
    as_of: str | None = None,
    hops: int | None = None,
    *,
    ahead: int | None = None,
    changes_since: str | None = None,
) -> ConflictReport:
    """Scan everything; indirect exposure only when ``hops`` is given (it is the costly part).
    ``ahead`` (>= 1) adds what starts to hold in the next days, ``changes_since`` (before
    ``as_of``) what is new and what was resolved since that day; all in one read."""
    as_of = as_of or today()
    if hops is not None and hops < 0:
        raise ValueError("hops must be 0 or more")
    if ahead is not None and ahead < 1:
        raise ValueError("ahead must be 1 or more days")
    if changes_since is not None and not changes_since < as_of:
        raise ValueError(f"changes since {changes_since}: give a day before {as_of}")
    day, since = as_of, changes_since

    def work(f: Any) -> tuple[list[Finding], Any, Any]:
        now = scan_rule.findings(f, day, hops)
        coming = timeline.upcoming(f, day, ahead, hops, now) if ahead is not None else None
        changed = timeline.changes_since(f, since, hops, now) if since is not None else None
        return now, coming, changed

    found, coming, changed = store.read(work, "scanning for conflicts")
    report = ConflictReport(as_of, hops, explain_all(store, found, as_of))
    if coming is not None:
        report.ahead, report.upcoming = ahead, _worded_on_their_day(store, coming)
    if changed is not None and since is not None:
        new, resolved = changed
        report.since = changes_since
        report.new = new  # the same findings as ``findings``, worded already
        report.resolved = explain_all(store, resolved, since) if resolved else []
    return report


def _worded_on_their_day(store: GraphStore, found: list[Finding]) -> list[Finding]:
    """Upcoming findings explained (in place) as of the day each starts."""
    by_day: dict[str, list[Finding]] = {}
    for f in found:
        by_day.setdefault(f.starts or "", []).append(f)
    for day, fs in by_day.items():
        explain_all(store, fs, day)
    return found


def summary(
    store: GraphStore,
    as_of: str | None = None,
    hops: int | None = None,
    page: int = 1,
    per_page: int = 50,
    open_only: bool = False,
) -> Summary:
    """The scan grouped by firewall and alliance, with one page of the ranked exposures; only
    that page is worded (a scan at k=2 of a large portfolio finds far more than anyone reads)."""
    as_of = as_of or today()
    if hops is not None and hops < 0:
        raise ValueError("hops must be 0 or more")
    day = as_of
    found = store.read(lambda f: scan_rule.findings(f, day, hops), "scanning for conflicts")
    if open_only:
        found = [f for f in found if f.open]
    result = summarize(as_of, found, influence_scores(store, as_of), BLOCKING_KINDS, page, per_page)
    explain_all(store, result.exposures, as_of)
    return result
