"""The partner view: every relationship kind between two corporate groups, and tension."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.errors import NotFound
from queries.partner import partner_view, timeline


def test_partner_who_is_ally_supplier_and_competitor(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("helixco", "us", "SUPPLIES", what="API")
        + row("us", "helix", "CUSTOMER_OF", since="2025-01-01", what="assays")
        + row("helixco", "us", "COMPETES_WITH", market="KRAS")
        + row("us", "helix", "OWNS_STAKE_IN", percent="4.5")
        + row("us", "helix", "SUPPLIES", until="2025-01-01", what="ended deal"),
    )
    report = partner_view(store, "helix", "us", T)
    rels = [(r.kind, r.via) for r in report.relationships]
    assert rels == [
        ("alliance", ["us", "A1", "helix"]),
        ("supplier", ["helix", "us"]),
        ("supplier", ["helixco", "us"]),
        ("competitor", ["us", "helixco"]),
        ("equity", ["us", "helix"]),
    ]
    assert report.tension
    assert report.relationships[3].details["market"] == "KRAS"
    assert report.to_json()["tension"] is True


def test_alliance_only_partner_has_no_tension(store, tmp_path: Path) -> None:
    build(store, tmp_path)
    report = partner_view(store, "rivalsub", "us", T)
    assert [(r.kind, r.via) for r in report.relationships] == [("alliance", ["us", "A2", "rival"])]
    assert not report.tension


def test_partner_must_be_a_company(store, tmp_path: Path) -> None:
    build(store, tmp_path)
    with pytest.raises(NotFound):
        partner_view(store, "dana", "us", T)


def test_timeline_shows_every_relationship_at_any_date_and_the_partners_others(
    store, tmp_path: Path
) -> None:
    build(
        store,
        tmp_path,
        row("helixco", "us", "SUPPLIES", "2020-01-01", "2022-12-31", what="ended deal")
        + row("us", "helix", "COMPETES_WITH", since="2027-01-01", market="KRAS")
        + row("helix", "rival", "SUPPLIES", what="reagents"),
    )
    spans = timeline(store, "us", "helix")
    assert sorted((s.kind, s.via, s.since, s.until) for s in spans) == [
        ("alliance", ("us", "A1", "helix"), "", ""),
        ("competitor", ("us", "helix"), "2027-01-01", ""),  # not started: still on the timeline
        ("supplier", ("helixco", "us"), "2020-01-01", "2022-12-31"),  # ended, from the parent
    ]
    others = timeline(store, "us", "helix", others=True)
    assert sorted((s.kind, s.via) for s in others if s.kind in ("group", "other")) == [
        ("group", ("helix", "helixco")),
        ("other", ("helix", "rival")),
    ]
    with pytest.raises(NotFound):
        timeline(store, "us", "dana")
