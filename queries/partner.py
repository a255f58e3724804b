"""Partner 360: every relationship kind between a partner's corporate group and ours.

The same partner is often an alliance partner, a supplier, a customer and a competitor at
once; seeing them side by side is the point, and ``tension`` flags the uncomfortable mix
(competing while allied or trading). The partner rule (``queries.rules.partner``) classifies;
this module checks the companies named and runs it, for the view and for the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphmodel.errors import AllymapError
from graphmodel.finders import Finders
from graphmodel.model import today
from graphmodel.store import GraphStore
from graphmodel.vocabulary import COMPANY
from queries.rules import partner as partner_rule
from queries.rules.partner import KIND_ORDER, Relationship, Span
from queries.staffing import require

__all__ = ["NotAPartner", "PartnerReport", "partner_view", "timeline"]


class NotAPartner(AllymapError):
    """The company asked about is us, or of our own corporate group on the day
    (:func:`queries.rules.partner.refusal` says which): bad input, exit 2 in the CLI."""


@dataclass(slots=True)
class PartnerReport:
    company: str
    of: str
    as_of: str
    relationships: list[Relationship]

    @property
    def kinds(self) -> list[str]:
        return sorted({r.kind for r in self.relationships}, key=KIND_ORDER.index)

    @property
    def tension(self) -> bool:
        return partner_rule.tension(self.kinds)

    def to_json(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "of": self.of,
            "as_of": self.as_of,
            "relationships": [r.to_json() for r in self.relationships],
            "kinds": self.kinds,
            "tension": self.tension,
        }


def partner_view(
    store: GraphStore, partner: str, of: str, as_of: str | None = None
) -> PartnerReport:
    """Relationships between group(``partner``) and group(``of``) on ``as_of``; NotAPartner
    when the partner rule refuses the pair (the same company, or one corporate group)."""
    day = as_of or today()
    require(store, [partner, of], COMPANY, "company")

    def work(f: Finders) -> str | list[Relationship]:
        refused = partner_rule.refusal(f, partner, of, day)
        return refused if refused else partner_rule.relationships(f, partner, of, day)

    found = store.read(work)
    if isinstance(found, str):
        raise NotAPartner(found)
    return PartnerReport(partner, of, day, found)


def timeline(store: GraphStore, us: str, partner: str, others: bool = False) -> list[Span]:
    """Every relationship between the two groups at any date, for the partner timeline (with
    ``others``, also the partner's links to third parties)."""
    require(store, [partner, us], COMPANY, "company")
    return store.read(lambda f: partner_rule.spans(f, us, partner, others))
