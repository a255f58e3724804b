"""The partner view: every relationship kind between two corporate groups, and tension."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio import T, build, row

from graphmodel.errors import NotFound
from queries.partner import partner_view


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
