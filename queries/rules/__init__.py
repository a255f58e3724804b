"""The rules of ``docs/rules.md``, each judged once, here, for both stores.

One module per rule (:mod:`access`, :mod:`firewall`, :mod:`cooling_off`, :mod:`exposure`,
:mod:`interest`, :mod:`contract_conflict`, :mod:`missing_firewall`, :mod:`partner`), and two
that compose them into the checks the CLI and the app run (:mod:`scan`, :mod:`staffing`).
A rule asks the store only the questions of
:class:`graphmodel.finders.Finders` and makes every choice itself; each declares the kinds of
finding it reports and their severity, from which :data:`BLOCKING_KINDS` is derived.
``docs/architecture.md`` walks through adding a rule.
"""

from __future__ import annotations

from queries.rules import (
    contract_conflict,
    cooling_off,
    exposure,
    firewall,
    interest,
    missing_firewall,
)
from queries.rules.finding import Kind

__all__ = ["BLOCKING_KINDS", "KINDS"]

KINDS: tuple[Kind, ...] = (
    *firewall.KINDS,
    *cooling_off.KINDS,
    *exposure.KINDS,
    *interest.KINDS,
    *contract_conflict.KINDS,
    *missing_firewall.KINDS,
)
"""Every kind of finding, as the rule modules declare them."""

BLOCKING_KINDS = frozenset(k.name for k in KINDS if k.blocks)
"""Finding kinds that block a staffing; the others ask for review."""
