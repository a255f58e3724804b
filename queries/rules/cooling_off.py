"""Rule 2, cooling_off (blocks): someone who left one side of a firewall too recently to join
the other (docs/rules.md, "2. cooling_off").

For a firewall {A, B} with a cooling-off of N > 0 days, in each orientation: P has access to A
on t (or would have, as a candidate), has no access to B on t, and their access to B ended on
e with e < t <= e + N. ``e`` is the last day of access (:func:`queries.rules.access.last_access`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from graphmodel.model import add_days
from queries.rules.access import Access, Ended
from queries.rules.finding import Finding, Kind
from queries.rules.firewall import Firewall, reason

__all__ = ["COOLING_OFF", "KINDS", "applies", "clear_from", "findings"]

COOLING_OFF = Kind("cooling_off", blocks=True)
KINDS = (COOLING_OFF,)


def applies(fw: Firewall) -> bool:
    """Whether the firewall has a cooling-off at all (then ended access to its sides matters,
    and the check asks the store for the routes that ended)."""
    return fw.cooling_off_days > 0


def findings(
    fw: Firewall,
    sides: tuple[str, str],
    people: Iterable[str],
    acc_b: Access,
    ended_b: Ended,
    t: str,
) -> Iterator[Finding]:
    """cooling_off for firewall [A, B] for each of ``people`` (who have access to A) without
    access to B on t whose last access to B (``ended_b``) is within the cooling-off."""
    if not applies(fw):
        return
    a, b = sides
    for p in people:
        if p in acc_b or p not in ended_b:
            continue
        last, route = ended_b[p]
        until = add_days(last, fw.cooling_off_days)
        if t <= until:
            yield COOLING_OFF.finding(
                p,
                list(route),
                firewall=[a, b],
                details={
                    "last_access": last,
                    "cooling_off_until": until,
                    "cooling_off_days": fw.cooling_off_days,
                    **reason(fw),
                },
            )


def clear_from(found: Iterable[Finding], until_of: Mapping[tuple[str, str], str]) -> str | None:
    """A candidate's first clear day (DOMAIN.md, ``clear_from``): when they have blocking
    findings without an active decision and all of them are cooling_off, the first day none of
    them holds, min(e + N, the firewall's until) + 1 for each, the latest of these; else None.
    ``until_of``: each firewall's until, by its sorted pair."""
    days = []
    for f in found:
        if not f.blocking:
            continue
        if f.kind != COOLING_OFF.name:
            return None
        a, b = f.subject
        end = str(f.details["cooling_off_until"])
        wall_until = until_of.get((a, b), "")
        days.append(add_days(min(end, wall_until) if wall_until else end, 1))
    return max(days) if days else None
