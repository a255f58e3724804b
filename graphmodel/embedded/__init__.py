"""The embedded store (see :mod:`graphmodel.embedded.store`)."""

from graphmodel.embedded.connection import SCHEMA_VERSION
from graphmodel.embedded.store import EmbeddedStore

__all__ = ["SCHEMA_VERSION", "EmbeddedStore"]
