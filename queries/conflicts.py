"""The whole-portfolio scan: every current breach, cooling-off and conflict of interest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphmodel.model import today
from graphmodel.store import GraphStore
from queries.explain import explain_all
from queries.rules import scan as scan_rule
from queries.rules.finding import Finding

__all__ = ["ConflictReport", "scan"]


@dataclass(slots=True)
class ConflictReport:
    as_of: str
    hops: int | None
    findings: list[Finding]

    @property
    def blocked(self) -> bool:
        """An undecided blocking finding holds on t (exit 1)."""
        return any(f.blocking for f in self.findings)

    def open_only(self) -> ConflictReport:
        """The report without the findings a decision counts for (``conflicts --open``)."""
        return ConflictReport(self.as_of, self.hops, [f for f in self.findings if f.open])

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"as_of": self.as_of}
        if self.hops is not None:
            out["hops"] = self.hops
        out["findings"] = [f.to_json() for f in self.findings]
        return out


def scan(store: GraphStore, as_of: str | None = None, hops: int | None = None) -> ConflictReport:
    """Scan everything; indirect exposure only when ``hops`` is given (it is the costly part)."""
    as_of = as_of or today()
    if hops is not None and hops < 0:
        raise ValueError("hops must be 0 or more")
    day = as_of
    found = store.read(lambda f: scan_rule.findings(f, day, hops), "scanning for conflicts")
    return ConflictReport(as_of, hops, explain_all(store, found, as_of))
