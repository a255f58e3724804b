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


def test_agreement_signed_by_a_company_of_each_group_is_a_relationship(
    store, tmp_path: Path
) -> None:
    build(
        store,
        tmp_path,
        row("us", "G1", "SIGNED")
        + row("helixco", "G1", "SIGNED")
        + row("helix", "G1", "SIGNED")
        + row("us", "G2", "SIGNED", "2020-01-01", "2024-12-31")
        + row("helix", "G2", "SIGNED", "2020-01-01", "2024-12-31"),
        extra_nodes="G1,Agreement,Supply agreement\nG2,Agreement,Old licence\n",
    )
    report = partner_view(store, "helix", "us", T)
    rels = [(r.kind, r.via, r.details) for r in report.relationships]
    assert rels == [
        ("alliance", ["us", "A1", "helix"], {"alliance": "A1"}),
        ("agreement", ["us", "G1", "helix"], {"agreement": "G1"}),  # once, by its smallest via
    ]
    assert not report.tension and report.to_json()["kinds"] == ["alliance", "agreement"]
    spans = {(s.kind, s.via, s.until) for s in timeline(store, "us", "helix")}
    assert ("agreement", ("us", "G2", "helix"), "2024-12-31") in spans


def test_competitor_bound_by_an_agreement_is_tension(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("us", "G1", "SIGNED")
        + row("halv", "G1", "SIGNED")
        + row("halv", "us", "COMPETES_WITH", market="KRAS"),
        extra_nodes="G1,Agreement,Supply agreement\nhalv,Company,Halvorsen\n",
    )
    report = partner_view(store, "halv", "us", T)
    assert [r.kind for r in report.relationships] == ["competitor", "agreement"]
    assert report.tension


def test_agreement_one_side_no_longer_signs_is_no_relationship(store, tmp_path: Path) -> None:
    build(
        store,
        tmp_path,
        row("us", "G1", "SIGNED") + row("halv", "G1", "SIGNED", "", "2026-11-21"),
        extra_nodes="G1,Agreement,Supply agreement\nhalv,Company,Halvorsen\n",
    )
    assert partner_view(store, "halv", "us", T).relationships == []
