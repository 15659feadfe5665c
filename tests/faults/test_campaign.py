"""A short fault campaign per backend, with real processes (see tests/faults/campaign.py and README).

The seed is chosen for its schedule (printed by the runner): it kills workstations and hubs,
backs the database up and then restores that backup, cuts every connection, refuses connections
and raises the proxy's fault rates for a while, in 15 seconds.
"""

import asyncio

import pytest

from tests.conftest import PG_ENV, pg_dsn
from tests.faults.campaign import campaign, parse_args, schedule

SEED, DURATION = 182, 15


def _run(tmp_path, seed: int, db: str) -> dict:
    args = parse_args(["--seed", str(seed), "--duration", str(DURATION), "--db", db, "--out", str(tmp_path)])
    return asyncio.run(campaign(args))


def _assert_clean(summary: dict) -> None:
    assert summary["total_violations"] == 0, summary["examples"]
    faults = summary["faults"]
    for happened in ("workstation_kills", "hub_kills", "restores", "cut_all"):  # kills: mid-push or not
        assert sum(n for name, n in faults.items() if name.startswith(happened)) > 0, (happened, faults)
    counts = summary["counts"]
    assert counts["answers_applied"] > 30 and counts["claims_granted"] > 0  # it did work
    assert counts["mutations_created"] == sum(v for k, v in counts.items() if k.startswith("answers_"))
    assert summary["workstation_counts"]["resets"] > 0  # the restores were seen as new epochs


def test_the_schedule_is_the_seeds():
    assert schedule(SEED, DURATION, 3, 1) == schedule(SEED, DURATION, 3, 1)
    assert schedule(SEED, DURATION, 3, 1) != schedule(SEED + 1, DURATION, 3, 1)
    actions = [step.action for step in schedule(SEED, DURATION, 3, 1)]
    assert actions.index("backup") < actions.index("restore")
    assert {"kill_workstation", "kill_hub", "cut_all", "burst", "refuse"} <= set(actions)


@pytest.mark.slow
def test_a_short_campaign_on_sqlite(tmp_path):
    _assert_clean(_run(tmp_path, SEED, "sqlite"))


@pytest.mark.slow
@pytest.mark.postgres
def test_a_short_campaign_on_postgres_with_two_hubs(tmp_path):
    if not pg_dsn():
        pytest.skip(f"PostgreSQL campaign skipped: set {PG_ENV} to run it")
    summary = _run(tmp_path, SEED, "postgresql")
    assert summary["hubs"] == 2 and len(summary["proxy"]["by_upstream"]) == 2  # both hubs served
    _assert_clean(summary)
