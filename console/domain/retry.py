"""Retry delays: exponential, capped, jittered; for the workstation's sync and the hub's publisher,
poller, stream listener and mention fetcher."""

import random


def jittered_delay(attempt: int, first: float, cap: float, rng: random.Random) -> float:
    """The wait before retry number ``attempt`` (0 for the first retry): between half and all of
    ``first × 2^attempt``, capped. The jitter spreads clients that failed together, so they do not
    come back together; the lower half-bound keeps a retry from following its failure at once."""
    ceiling = min(cap, first * 2 ** min(attempt, 62))
    return rng.uniform(ceiling / 2, ceiling)


def full_jitter_delay(failures: int, first: float, cap: float, rng: random.Random) -> float:
    """The wait after ``failures`` failures in a row: uniform between zero and ``first × 2^(failures
    − 1)``, capped, never below a second. Full jitter spreads a network's many accounts the most,
    for waits that follow no one's failure in particular (polls, reconnects)."""
    ceiling = min(cap, first * 2 ** min(failures - 1, 30))
    return max(1.0, rng.uniform(0, ceiling))
