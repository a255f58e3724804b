"""allymap's graph model: the schema as data, shared records, and the store contract."""

from graphmodel.errors import (
    AllymapError,
    ImportProblem,
    ImportRejected,
    NoDatabase,
    NotFound,
    StoreUnavailable,
)
from graphmodel.model import Edge, Node, active
from graphmodel.schema import SCHEMA

__all__ = [
    "SCHEMA",
    "AllymapError",
    "Edge",
    "ImportProblem",
    "ImportRejected",
    "NoDatabase",
    "Node",
    "NotFound",
    "StoreUnavailable",
    "active",
]
