"""The questions allymap answers: staffing checks, the conflicts scan, partner 360, influence.

``engine`` is the in-memory evaluation used by the embedded store; the ``*.cypher`` files are
the Neo4j store's. ``staffing``, ``conflicts``, ``partner`` and ``influence`` are what the CLI
and the app call: they validate input, ask the store, and word the findings (``explain``).
"""
