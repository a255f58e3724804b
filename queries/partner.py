"""Partner 360: every relationship kind between a partner's corporate group and ours.

The same partner is often an alliance partner, a supplier, a customer and a competitor at
once; seeing them side by side is the point, and ``tension`` flags the uncomfortable mix
(competing while allied or trading).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphmodel.model import today
from graphmodel.store import GraphStore, Relationship
from queries.staffing import require

__all__ = ["PartnerReport", "partner_view"]


@dataclass(slots=True)
class PartnerReport:
    company: str
    of: str
    as_of: str
    relationships: list[Relationship]

    @property
    def kinds(self) -> list[str]:
        return sorted({r.kind for r in self.relationships}, key=_KINDS.index)

    @property
    def tension(self) -> bool:
        kinds = set(self.kinds)
        return "competitor" in kinds and bool(kinds & {"alliance", "supplier", "customer"})

    def to_json(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "of": self.of,
            "as_of": self.as_of,
            "relationships": [r.to_json() for r in self.relationships],
            "kinds": self.kinds,
            "tension": self.tension,
        }


_KINDS = ["alliance", "supplier", "customer", "competitor", "equity"]


def partner_view(
    store: GraphStore, partner: str, of: str, as_of: str | None = None
) -> PartnerReport:
    """Relationships between group(``partner``) and group(``of``) on ``as_of``."""
    as_of = as_of or today()
    require(store, [partner, of], "Company", "company")
    return PartnerReport(partner, of, as_of, store.partner_relationships(partner, of, as_of))
