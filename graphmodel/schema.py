"""The schema as data: loads ``schema.yaml`` once into immutable objects.

Everything that needs to know which node and edge types exist (validation, Neo4j constraints,
CLI help, CSV docs, the map legend) asks this module instead of retyping the lists, so a new
relationship kind is one YAML block away.

>>> SCHEMA.edge("customer_of").name, SCHEMA.edge("customer_of").reverse
('SUPPLIES', True)
>>> SCHEMA.edge_types["FIREWALL"].symmetric
True
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SCHEMA", "EdgeRef", "EdgeType", "NodeType", "PropertySpec", "Schema"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PropertySpec(_Frozen):
    """One declared property of a node or edge type; undeclared properties are kept as free
    text. Declared ones are checked on import (type, bounds, values) and named in the docs."""

    name: str
    type: Literal["str", "int", "float", "enum", "date"] = "str"
    description: str = ""
    values: tuple[str, ...] = ()
    default: Any = None
    min: float | None = None
    max: float | None = None
    min_exclusive: float | None = None

    def check(self, owner: str) -> None:
        """Refuse a numeric property without a full range, or a default outside it: every
        number a CSV can set must have one (DOMAIN.md, "Values are strict")."""
        if self.type not in ("int", "float"):
            return
        if (self.min is None and self.min_exclusive is None) or self.max is None:
            raise ValueError(
                f"schema.yaml: {owner}.{self.name} needs min (or min_exclusive) and max"
            )
        d = self.default
        if d is not None and not (
            (self.min is None or d >= self.min)
            and (self.min_exclusive is None or d > self.min_exclusive)
            and d <= self.max
        ):
            raise ValueError(f"schema.yaml: {owner}.{self.name} default {d} is out of its range")

    def describe(self) -> str:
        if self.type == "enum":
            text = "one of " + ", ".join(self.values)
        elif self.type in ("int", "float"):
            low = (
                f"> {self.min_exclusive:g}"
                if self.min_exclusive is not None
                else (f">= {self.min:g}" if self.min is not None else "")
            )
            high = f"<= {self.max:g}" if self.max is not None else ""
            bounds = " and ".join(b for b in (low, high) if b)
            text = ("a whole number" if self.type == "int" else "a number") + (
                f" {bounds}" if bounds else ""
            )
        elif self.type == "date":
            text = "a date (YYYY-MM-DD)"
        else:
            text = "text"
        if self.default is not None:
            text += f" (default {self.default})"
        if self.description:
            text += f", {self.description}"
        return f"{self.name}: {text}"


class NodeType(_Frozen):
    name: str
    description: str
    shape: str
    color: str
    properties: tuple[PropertySpec, ...] = ()

    def prop(self, name: str) -> PropertySpec | None:
        return next((spec for spec in self.properties if spec.name == name), None)


class EdgeStyle(_Frozen):
    color: str
    dashes: bool = False
    width: int = 1


class EdgeType(_Frozen):
    name: str
    sources: tuple[str, ...] = Field(alias="from")
    targets: tuple[str, ...] = Field(alias="to")
    description: str
    symmetric: bool = False
    properties: tuple[PropertySpec, ...] = ()
    style: EdgeStyle

    def prop(self, name: str) -> PropertySpec | None:
        return next((spec for spec in self.properties if spec.name == name), None)


class EdgeRef(_Frozen):
    """What a type name written in a CSV means: a stored edge type, maybe with ends swapped."""

    name: str
    reverse: bool = False


class Schema(_Frozen):
    node_types: dict[str, NodeType]
    edge_types: dict[str, EdgeType]
    aliases: dict[str, EdgeRef]

    def node(self, name: str) -> NodeType | None:
        """The node type for a CSV spelling (case-insensitive, ASCII only), or None."""
        name = name.strip()
        return self._node_lookup.get(name.lower()) if name.isascii() else None

    def edge(self, name: str) -> EdgeRef | None:
        """The stored edge type for a CSV spelling (case-insensitive, ASCII only, aliases
        resolved), or None. Only ASCII, because Unicode lower-casing maps look-alikes onto
        type names: the Kelvin sign in ``WOR\u212aS_ON`` lower-cases to a ``k``."""
        name = name.strip()
        return self._edge_lookup.get(name.lower()) if name.isascii() else None

    @cached_property
    def _node_lookup(self) -> dict[str, NodeType]:
        return {k.lower(): v for k, v in self.node_types.items()}

    @cached_property
    def _edge_lookup(self) -> dict[str, EdgeRef]:
        table = {k.lower(): EdgeRef(name=k) for k in self.edge_types}
        table.update({k.lower(): v for k, v in self.aliases.items()})
        return table

    @cached_property
    def symmetric_types(self) -> frozenset[str]:
        return frozenset(k for k, v in self.edge_types.items() if v.symmetric)


def _properties(spec: dict[str, Any]) -> tuple[PropertySpec, ...]:
    return tuple(
        PropertySpec(name=pname, **pspec) for pname, pspec in (spec.get("properties") or {}).items()
    )


def _load() -> Schema:
    raw = yaml.safe_load(resources.files("graphmodel").joinpath("schema.yaml").read_text("utf-8"))
    nodes = {
        name: NodeType.model_validate({**spec, "name": name, "properties": _properties(spec)})
        for name, spec in raw["nodes"].items()
    }
    edges = {
        name: EdgeType.model_validate({**spec, "name": name, "properties": _properties(spec)})
        for name, spec in raw["edges"].items()
    }
    aliases = {
        name: EdgeRef(name=a["type"], reverse=a.get("reverse", False))
        for name, a in raw["aliases"].items()
    }
    for nt in nodes.values():
        for spec in nt.properties:
            spec.check(nt.name)
    for et in edges.values():
        for spec in et.properties:
            spec.check(et.name)
        for end in (*et.sources, *et.targets):
            if end not in nodes:
                raise ValueError(f"schema.yaml: edge {et.name} names unknown node type {end}")
    return Schema(node_types=nodes, edge_types=edges, aliases=aliases)


SCHEMA: Schema = _load()
