"""The access rule (queries/rules/access.py): which routes give access on a day, which one is
reported, and the last day of an access that ended. Pure judgement over raw routes, so these
tests need no store; the finders' side is tests/test_finders.py, the rule in use every rule
test."""

from __future__ import annotations

from graphmodel.finders import Route
from queries.rules.access import SHAPES, candidate_route, reach

T = "2026-11-22"


def route(*nodes: str, sinces: tuple[str, ...] = (), untils: tuple[str, ...] = ()) -> Route:
    n = len(nodes) - 1
    return Route(tuple(nodes), sinces or ("",) * n, untils or ("",) * n)


def test_access_needs_every_edge_of_the_route_active_that_day() -> None:
    now, _ = reach(
        [
            route("ann", "P1", sinces=("2026-11-22",)),  # starts today: counts
            route("bob", "c1", "P1", untils=("2026-11-22", "")),  # ends today: counts
            route("cy", "c1", "P1", sinces=("", "2026-11-23")),  # one edge starts tomorrow
        ],
        T,
    )
    assert now == {"ann": ("ann", "P1"), "bob": ("bob", "c1", "P1")}


def test_the_reported_route_is_the_shortest_then_the_smallest_ids() -> None:
    now, _ = reach(
        [
            route("ann", "c2", "A1", "P1"),
            route("ann", "c1", "P1"),
            route("ann", "c0", "P1"),
            route("bob", "c9", "P1"),
            route("bob", "P1"),
        ],
        T,
    )
    assert now == {"ann": ("ann", "c0", "P1"), "bob": ("bob", "P1")}


def test_the_last_day_of_an_ended_access_is_the_latest_end_of_a_usable_route() -> None:
    _, ended = reach(
        [
            route("ann", "P1", untils=("2026-10-31",)),
            route("ann", "c1", "P1", untils=("2026-11-10", "")),  # later: this one
            route("ann", "c0", "A1", "P1", untils=("2026-11-10", "", "")),  # same day, longer
            route("bob", "P1", sinces=("2026-06-01",), untils=("2026-05-31",)),  # never held
            route("cy", "c1", "P1", sinces=("2026-03-01", ""), untils=("", "2026-02-28")),
        ],
        T,
    )
    assert ended == {"ann": ("2026-11-10", ("ann", "c1", "P1"))}


def test_a_route_that_still_gives_access_is_not_an_ended_one() -> None:
    now, ended = reach([route("ann", "P1"), route("ann", "c1", "P1", untils=("2026-01-01", ""))], T)
    assert now == {"ann": ("ann", "P1")} and ended == {"ann": ("2026-01-01", ("ann", "c1", "P1"))}


def test_the_shapes_are_the_program_routes_and_the_same_followed_by_the_alliance() -> None:
    assert len(SHAPES) == 6 and len(set(SHAPES)) == 6
    program_shapes = SHAPES[:3]
    assert SHAPES[3:] == tuple((*s, ("PART_OF", True)) for s in program_shapes)
    assert candidate_route("ann", "P1", "P1") == ("ann", "P1")
    assert candidate_route("ann", "P1", "A1") == ("ann", "P1", "A1")
