"""The kinds decisions may name (graphmodel.decisions.FINDING_KINDS) are the kinds the rule
modules declare, with the same severity: a decision's "waived only for blocking kinds" check
and a candidate's status read the same table."""

from __future__ import annotations

from graphmodel.decisions import FINDING_KINDS
from queries.rules import KINDS


def test_every_rule_kind_has_an_identity_with_its_severity() -> None:
    declared = {k.name: k.blocks for k in KINDS}
    assert {name: spec.blocks for name, spec in FINDING_KINDS.items()} == declared
