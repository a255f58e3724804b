"""The Neo4j store (see :mod:`graphmodel.neo4j.store`)."""

from graphmodel.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
