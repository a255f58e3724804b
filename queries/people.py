"""What a person's hover card says: employer, title, seats and programs on a day, as names.

A map only draws what is in view, but a card must give the facts whatever the view holds (a
person drawn at depth 2 from a company has seats the view does not reach), so they are read
here for the people drawn, in one consistent read (one round trip per question on Neo4j).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graphmodel.model import today
from graphmodel.store import GraphStore
from graphmodel.vocabulary import (
    EMPLOYED_BY,
    EMPLOYED_BY_TITLE,
    MEMBER_OF,
    MEMBER_OF_ROLE,
    WORKS_ON,
)

__all__ = ["CARD_TYPES", "PersonCard", "person_cards"]

CARD_TYPES = (EMPLOYED_BY, MEMBER_OF, WORKS_ON)
"""The edges a card reads (active on the day)."""


@dataclass(frozen=True, slots=True)
class PersonCard:
    """The facts of one person on a day, by name (ids stay in the map's node)."""

    employer: str = ""
    title: str = ""
    seats: tuple[tuple[str, str], ...] = ()
    """(committee name, role), by committee name"""
    programs: tuple[str, ...] = ()


def person_cards(
    store: GraphStore, people: Iterable[str], as_of: str | None = None
) -> dict[str, PersonCard]:
    """A card for each of ``people`` that has any of the facts on ``as_of`` (default today):
    the current employer (the latest ``since`` when there are several) and its title, every
    committee seat with its role, every program worked on."""
    day = as_of or today()
    wanted = set(people)
    if not wanted:
        return {}
    edges = store.read(lambda f: f.edges(CARD_TYPES, day, touching=wanted))
    edges = [e for e in edges if e.source in wanted]
    names = {
        nid: n.name or nid for nid, n in store.existing_nodes({e.target for e in edges}).items()
    }
    job: dict[str, tuple[str, str, str]] = {}
    seats: dict[str, list[tuple[str, str]]] = defaultdict(list)
    programs: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        name = names.get(e.target, e.target)
        if e.type == EMPLOYED_BY:
            rank = (e.since, e.target, str(e.props.get(EMPLOYED_BY_TITLE, "") or ""))
            if e.source not in job or rank > job[e.source]:
                job[e.source] = rank
        elif e.type == MEMBER_OF:
            seats[e.source].append((name, str(e.props.get(MEMBER_OF_ROLE, "") or "member")))
        else:
            programs[e.source].append(name)
    cards = {}
    for pid in sorted(set(job) | set(seats) | set(programs)):
        employer, title = "", ""
        if pid in job:
            _, company, title = job[pid]
            employer = names.get(company, company)
        cards[pid] = PersonCard(
            employer=employer,
            title=title,
            seats=tuple(sorted(seats.get(pid, []))),
            programs=tuple(sorted(set(programs.get(pid, [])))),
        )
    return cards
