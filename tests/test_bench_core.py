"""The benchmark runs end to end on a tiny portfolio and reports every figure."""

from __future__ import annotations

from pathlib import Path

from bench.bench_core import _percentile, check_targets, dataset, details, measure, table


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 51)]
    assert _percentile(values, 50) == 25.0
    assert _percentile(values, 95) == 48.0
    assert _percentile([7.0], 95) == 7.0


def test_measure_a_small_portfolio(tmp_path: Path) -> None:
    data, meta = dataset(150, 7, tmp_path)
    assert dataset(150, 7, tmp_path)[0] == data  # cached
    result = measure(data, tmp_path / "bench.sqlite", draws=6, seed=7, hops=2)
    assert result["edges"] == meta["edges"] > 1000
    assert result["draws"] == 6
    assert sum(result["statuses"].values()) == 6 * 10
    for key in ("import_rows_per_s", "staffing_p95_ms", "naive_speedup_p50", "scan_s"):
        assert result[key] > 0
    assert result["peak_rss_mib"] > 10
    assert "| 150 |" in table([result]) and "| 150 |" in details([result])
    assert check_targets([result]) == []  # targets are judged at 100k people only
