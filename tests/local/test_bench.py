"""The local endpoint benchmark runs and reports its figures (no timing asserted)."""

from __future__ import annotations

from benchmarks.bench_local import run


def test_bench_local_reports_both_timings_and_their_ratio() -> None:
    figures = run(n=3)

    assert figures["n"] == 3
    assert figures["ratio"] == figures["http_seconds"] / figures["in_process_seconds"]
    assert set(figures) >= {"http_ms_per_call", "in_process_ms_per_call"}
