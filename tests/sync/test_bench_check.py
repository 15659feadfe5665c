"""The sync benchmark's own check: a fresh cache holds every row its user's scope sees, kind by kind.

The benchmark once added up the ids of the sync's ``AppliedChanges`` and compared them with every
row of the hub. Those ids tell views what to refresh: a customer's identities (one per author, made
at ingest) are named there by their customer's id, so every hub "lost" one row per identity and
the benchmark failed though the cache held every row.
"""

import asyncio

import pytest

from console.domain.agent import Role
from console.domain.mutation import MutationKind
from console.hub.database import create_hub_engine
from console.hub.scope import Scope
from tests.bench import sync as bench
from tests.hub.scoping import act


@pytest.fixture
def hub_path(tmp_path):
    """The benchmark's hub, small, with a supervisor's draft and a team note to Legal."""
    path = tmp_path / "hub.sqlite"
    bench._build_hub(path, 30)
    _token, sue = bench._bench_user(path)
    engine = create_hub_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            case_id = connection.exec_driver_sql("SELECT id FROM cases LIMIT 1").scalar()
        act(engine, sue, MutationKind.DRAFT, case_id, text="a draft of sue's")
        act(engine, sue, MutationKind.BROADCAST, "", text="to Legal only", team_id="Legal")
    finally:
        engine.dispose()
    return path


def test_a_fresh_cache_holds_what_its_scope_sees_identities_included(hub_path, tmp_path):
    token, ana = bench._bench_user(hub_path, Role.AGENT, ("Support",))
    _seconds, _stall, held = asyncio.run(bench._embedded_sync(hub_path, token, tmp_path / "ana.sqlite"))
    expected = bench._in_scope(hub_path, Scope.of(ana))
    bench._check("agent of Support", expected, held)  # raises when they differ
    everything = bench._in_scope(hub_path, Scope("nobody", None))
    assert held["identity"] == everything["identity"] > 0  # customers and identities go to everyone
    assert held["customer"] == everything["customer"]
    # Not every row of the hub: another user's draft and a note to another team stay there.
    assert (held["draft"], held["broadcast"]) == (0, 0)
    assert 0 < held["case"] < everything["case"]


def test_the_check_names_the_kinds_that_differ():
    expected = {"case": 3, "identity": 2, "broadcast": 0}
    bench._check("supervisor", expected, dict(expected))
    with pytest.raises(AssertionError) as raised:
        bench._check("supervisor", expected, {"case": 3, "identity": 1, "broadcast": 0})
    message = "the supervisor's cache holds other rows than the hub has in scope: identity 1 of 2"
    assert str(raised.value) == message


@pytest.mark.slow
def test_the_benchmark_passes_its_own_checks_at_a_small_size():
    figures = {record["figure"]: record for record in bench.run(size=30)}
    assert figures["initial sync, hub in its own process"]["unit"] == "s"
    assert "checksum, workstation cache, supervisor" in figures
