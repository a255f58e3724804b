"""Benchmarks: ``python -m bench.bench_core`` (embedded store, issue 2)."""
