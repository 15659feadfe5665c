"""Helpers shared by benchmarks: timing and the figure record."""

import time
from contextlib import contextmanager


def figure(bench: str, name: str, value: float, unit: str, baseline: float | None = None) -> dict:
    record = {"bench": bench, "figure": name, "value": round(value, 3), "unit": unit}
    if baseline is not None:
        record["baseline"] = round(baseline, 3)
        record["ratio"] = round(value / baseline, 3) if baseline else None
    return record


class Timer:
    seconds: float = 0.0


@contextmanager
def timed():
    timer = Timer()
    start = time.perf_counter()
    try:
        yield timer
    finally:
        timer.seconds = time.perf_counter() - start
