"""Hover cards' facts (queries.people.person_cards), on both stores: employer and title, seats
with roles, programs, on the day asked, whatever the map's view holds."""

from __future__ import annotations

from pathlib import Path

from portfolio import T, build, row

from graphmodel.store import GraphStore
from queries.people import PersonCard, person_cards


def test_cards_give_employer_title_seats_and_programs_on_the_day(
    store: GraphStore, tmp_path: Path
) -> None:
    build(
        store,
        tmp_path,
        row("dana", "c1", "MEMBER_OF", role="chair")
        + row("dana", "c2", "MEMBER_OF", until="2025-01-01", role="member")
        + row("dana", "P1", "WORKS_ON")
        + row("dana", "P3", "WORKS_ON", since="2027-01-01")
        + row("eli", "rival", "EMPLOYED_BY", since="2026-01-01"),
    )
    cards = person_cards(store, ["dana", "eli", "gus", "nobody"], T)
    assert cards["dana"] == PersonCard(
        employer="Meridian Therapeutics",
        title="",
        seats=(("Helix JSC", "chair"),),
        programs=("ONC-7 KRAS degrader",),
    )
    assert cards["eli"].employer == "Rival Bio"  # the latest employment wins
    assert "nobody" not in cards
    assert person_cards(store, [], T) == {}
