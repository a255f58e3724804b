"""The embedded store (see :mod:`graphmodel.embedded.store`)."""

from graphmodel.embedded.store import SCHEMA_VERSION, EmbeddedStore

__all__ = ["SCHEMA_VERSION", "EmbeddedStore"]
