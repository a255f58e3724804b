"""The questions allymap answers: staffing checks, the conflicts scan, partner 360, influence.

``rules/`` holds the rules themselves, each once, run unchanged on both stores over the store's
finders (``graphmodel.finders``). ``staffing``, ``conflicts``, ``partner`` and ``influence`` are
what the CLI and the app call: they check their input, run the rules through the store
(``GraphStore.read``) and word the findings (``explain``).
"""
