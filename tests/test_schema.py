"""The schema is data: everything else is derived from it, so check the derivations hold."""

from __future__ import annotations

from pathlib import Path

from graphmodel.docs import schema_markdown, type_summary
from graphmodel.schema import SCHEMA


def test_docs_schema_md_is_generated_from_the_schema() -> None:
    committed = (Path(__file__).parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == schema_markdown(), "run: python -m graphmodel.docs > docs/schema.md"


def test_every_domain_type_is_in_the_schema() -> None:
    assert set(SCHEMA.node_types) == {"Company", "Person", "Committee", "Alliance", "Program"}
    assert len(SCHEMA.edge_types) == 14
    assert SCHEMA.symmetric_types == {"COMPETES_WITH", "FIREWALL"}


def test_type_names_are_case_insensitive_and_aliases_resolve() -> None:
    person, customer = SCHEMA.node("person"), SCHEMA.edge("Customer_Of")
    assert person is not None and person.name == "Person"
    assert customer is not None and customer.name == "SUPPLIES" and customer.reverse
    assert SCHEMA.edge("nope") is None and SCHEMA.node("Planet") is None


def test_summary_names_every_type() -> None:
    text = type_summary()
    assert all(t in text for t in [*SCHEMA.node_types, *SCHEMA.edge_types, "CUSTOMER_OF"])
