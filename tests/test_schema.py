"""The schema is data: everything else is derived from it, so check the derivations hold."""

from __future__ import annotations

from pathlib import Path

from graphmodel.docs import schema_markdown, type_summary
from graphmodel.schema import SCHEMA


def test_docs_schema_md_is_generated_from_the_schema() -> None:
    committed = (Path(__file__).parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == schema_markdown(), "run: python -m graphmodel.docs > docs/schema.md"


def test_every_domain_type_is_in_the_schema() -> None:
    assert set(SCHEMA.node_types) == {
        *("Company", "Person", "Committee", "Alliance", "Program"),
        *("Agreement", "Target", "Obligation"),
    }
    assert len(SCHEMA.edge_types) == 20
    assert SCHEMA.symmetric_types == {"COMPETES_WITH", "FIREWALL"}


def test_agreement_types_have_the_ends_and_values_of_domain_md() -> None:
    """DOMAIN.md, "Agreements, targets and obligations": the edge table, word for word."""
    ends = {
        name: (set(et.sources), set(et.targets))
        for name, et in SCHEMA.edge_types.items()
        if name in {"SIGNED", "COVERS", "RESTRICTS", "ADDRESSES", "UNDER", "OWNED_BY"}
    }
    assert ends == {
        "SIGNED": ({"Company"}, {"Agreement"}),
        "COVERS": ({"Agreement"}, {"Alliance", "Program"}),
        "RESTRICTS": ({"Agreement"}, {"Target"}),
        "ADDRESSES": ({"Program"}, {"Target"}),
        "UNDER": ({"Obligation"}, {"Agreement"}),
        "OWNED_BY": ({"Obligation"}, {"Person"}),
    }
    kind = SCHEMA.edge_types["RESTRICTS"].prop("kind")
    assert kind is not None and kind.values == ("exclusive", "non_compete")
    obligation = SCHEMA.node_types["Obligation"]
    assert [(p.name, p.type) for p in obligation.properties] == [("due", "date"), ("done", "date")]


def test_type_names_are_case_insensitive_and_aliases_resolve() -> None:
    person, customer = SCHEMA.node("person"), SCHEMA.edge("Customer_Of")
    assert person is not None and person.name == "Person"
    assert customer is not None and customer.name == "SUPPLIES" and customer.reverse
    assert SCHEMA.edge("nope") is None and SCHEMA.node("Planet") is None


def test_summary_names_every_type() -> None:
    text = type_summary()
    assert all(t in text for t in [*SCHEMA.node_types, *SCHEMA.edge_types, "CUSTOMER_OF"])
