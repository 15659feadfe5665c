"""The floor service over a small cache counted by hand: the full read, then a sync page read by key."""

import asyncio

import pytest

from console.domain.presence import DESK, Activity, Presence
from console.domain.sla import SlaState
from console.domain.sync import AppliedChanges
from console.services.channel_health import ChannelHealth, HealthReport, HealthUnavailableError
from console.services.floor import FloorError, FloorService
from console.storage import floor_repo
from console.storage.floor_repo import FloorRepository
from tests.services.floor_world import DAY, MIN, NOW, answer, fill


class FakeSupervision:
    def __init__(self):
        self.calls = []

    async def set_agent_status(self, user_id, status):
        self.calls.append(("status", user_id, status))

    async def broadcast(self, text, team_id=None):
        self.calls.append(("broadcast", text, team_id))


class FakeActions:
    def __init__(self):
        self.calls = []

    async def assign_each(self, case_ids, assignee):
        self.calls.append(("assign", list(case_ids), assignee))

    async def claim(self, case_id, takeover=False):
        self.calls.append(("claim", case_id, takeover))


class OfflineHealth:
    async def load(self):
        raise HealthUnavailableError("Offline: connection refused. Channel health comes from the hub.")


def service(cache, **kwargs):
    return FloorService(FloorRepository(cache), lambda: "supervisor", clock=lambda: NOW, **kwargs)


def test_the_full_read_counts_the_floor(cache):
    fill(cache)
    floor = service(cache)
    floor.set_presence(
        (
            Presence("ana", "ana", "Ana Lima", DESK, Activity.BUSY, NOW - 1_000),
            Presence("ana", "ana", "Ana Lima", "c-ok", Activity.TYPING, NOW - 2_000),
            Presence("bo", "bo", "Bo Berg", DESK, Activity.AWAY, NOW - 60_000),  # stale: offline
        )
    )
    snap = asyncio.run(floor.snapshot())
    assert snap.depth == 4  # late, risk, ok, pending; the snoozed one waits for its time
    assert (snap.at_risk, snap.breached) == (1, 1)
    assert snap.oldest.case_id == "c-pend"
    assert [c.case_id for c in snap.attention] == ["c-late", "c-risk"]  # by due time
    assert snap.attention[1].claim_holder == "bo" and snap.attention[1].holder_name == "Bo Berg"
    late = snap.attention[0]  # its customer's latest words (09:01), not the older ones
    assert late.customer.startswith("@user") and late.said == "message number 2 about delivery"
    assert [(d.key, d.cases) for d in snap.by_network] == [("x", 3), ("facebook", 1)]
    assert [(d.key, d.cases) for d in snap.by_account] == [("@acme (x)", 3), ("@acmefb (facebook)", 1)]
    assert [(d.key, d.cases) for d in snap.by_team] == [("Support", 3), ("PR", 1)]
    assert [d.key for d in snap.by_priority] == [
        "urgent (80+)",
        "high (60–79)",
        "normal (30–59)",
        "low (<30)",
    ]
    # One case handled in the last hour (c-done): 1 an hour, so the 1st case in the work order
    # (c-late, breached) takes the first hour; c-risk (due in 10 min) comes second: it breaches.
    assert snap.forecast.throughput_per_hour == 1.0
    assert snap.forecast.first_breach_ms == NOW + 10 * MIN
    assert snap.forecast.breaching_next_hour == 2  # c-risk and c-ok (due in 55 min, third in line)
    agents = {a.user_id: a for a in snap.agents}
    assert set(agents) == {"ana", "bo", "sue"}  # reviewers take no cases
    assert (agents["ana"].online, agents["ana"].status, agents["ana"].current_case) == (
        True,
        Activity.BUSY,
        "c-ok",
    )
    assert (agents["bo"].online, agents["bo"].status) == (False, None)
    assert (agents["ana"].day.handled, agents["ana"].day.handle_ms) == (1, 15 * MIN)
    assert agents["bo"].day.handled == 1  # c-pend's reply at 08:00
    assert (agents["ana"].holding, agents["bo"].holding) == (1, 1)
    assert [a.id for a in snap.alerts] == ["al1"]
    assert len(snap.hours) == 11  # 00:00 … 10:00
    assert (snap.hours[0].mentions, snap.hours[9].mentions, snap.hours[9].sentiment) == (1, 2, -0.75)
    assert snap.hours[9].response_ms == 20 * MIN  # c-done: opened 09:10, answered 09:30
    assert snap.hours[8].responses == 1  # c-pend answered at 08:00, an hour after opening
    assert snap.day_start_ms == DAY


def test_a_sync_page_is_read_by_key_and_changes_the_figures(cache, monkeypatch):
    fill(cache)
    floor = service(cache)
    asyncio.run(floor.snapshot())
    answer(cache, "c-late", "bo", NOW - MIN, "v9")
    seen = []
    real = floor_repo.read_floor
    monkeypatch.setattr(floor_repo, "read_floor", lambda c, *a: seen.append(a[2:4]) or real(c, *a))
    assert floor.saw(AppliedChanges(cases=frozenset({"c-late"}), events=frozenset({"v9"})))
    snap = asyncio.run(floor.snapshot())
    assert seen == [({"c-late"}, {"v9"})]  # only what the page named
    assert snap.breached == 0  # answered: it owes its resolution now, due in a day
    late = next(c for c in snap.oldest_cases if c.case_id == "c-late")
    assert late.sla is SlaState.OK
    assert snap.forecast.throughput_per_hour == 2.0
    assert {a.user_id: a.day.handled for a in snap.agents}["bo"] == 2
    assert snap.hours[9].responses == 2  # 09:59 answer joins the 09:00 hour


def test_a_removed_case_leaves_and_a_reset_reads_everything_again(cache):
    fill(cache)
    floor = service(cache)
    asyncio.run(floor.snapshot())
    cache.write_sync(lambda c: c.exec_driver_sql("DELETE FROM cases WHERE id = 'c-ok'"))
    floor.saw(AppliedChanges(removed=frozenset({"c-ok"})))
    assert asyncio.run(floor.snapshot()).depth == 3
    floor.saw(AppliedChanges(reset=True))
    assert asyncio.run(floor.snapshot()).depth == 3


def test_channel_health_offline_is_unknown_not_an_error(cache):
    fill(cache)
    floor = service(cache, health=OfflineHealth())
    summary = asyncio.run(floor.refresh_health())
    assert not summary.known and "Offline" in summary.reason
    assert asyncio.run(floor.snapshot()).health is summary
    assert not asyncio.run(service(cache).refresh_health()).known  # no hub at all


class Health:
    def __init__(self):
        self.asked = 0

    async def load(self):
        self.asked += 1

        def account(handle, state, error=None):
            return ChannelHealth(
                handle,
                "x",
                handle,
                "Support",
                state,
                True,
                NOW,
                error,
                NOW if error else None,
                0,
                False,
                None,
                0,
            )

        return HealthReport(
            NOW, (account("a", "ok"), account("b", "ok"), account("c", "failing", "HTTP 503 from x"))
        )


def test_channel_health_sums_states_and_names_what_needs_attention(cache):
    health = Health()
    floor = service(cache, health=health)
    summary = asyncio.run(floor.refresh_health())
    assert summary.known and summary.accounts == 3
    assert summary.states == (("ok", 2), ("failing", 1))
    assert summary.attention == (("@c (x)", "failing", "HTTP 503 from x"),)
    asyncio.run(floor.refresh_health())
    assert health.asked == 1  # asked again only after HEALTH_TTL_S
    asyncio.run(floor.refresh_health(force=True))
    assert health.asked == 2


def test_moves_go_to_the_outbox_and_to_supervision(cache):
    actions, supervision = FakeActions(), FakeSupervision()
    floor = service(cache, actions=actions, supervision=supervision)

    async def moves():
        await floor.reassign(["c1", "c2"], "ana")
        await floor.take_over("c3")
        await floor.set_agent_status("bo", Activity.AWAY)
        await floor.broadcast("  Lunch rota at 12  ", "Support")

    asyncio.run(moves())
    assert actions.calls == [("assign", ["c1", "c2"], "ana"), ("claim", "c3", True)]
    assert supervision.calls == [
        ("status", "bo", Activity.AWAY),
        ("broadcast", "Lunch rota at 12", "Support"),
    ]
    with pytest.raises(FloorError, match="desk status"):
        asyncio.run(floor.set_agent_status("bo", Activity.TYPING))
    with pytest.raises(FloorError, match="empty"):
        asyncio.run(floor.broadcast("   "))


def test_without_supervision_or_actions_the_moves_say_why(cache):
    floor = FloorService(FloorRepository(cache), lambda: "agent")
    assert not floor.allowed()
    with pytest.raises(FloorError, match="not available"):
        asyncio.run(floor.set_agent_status("bo", Activity.AWAY))
    with pytest.raises(FloorError, match="signed-in"):
        asyncio.run(floor.reassign(["c1"], "ana"))


def test_presence_changes_redo_the_agents_without_a_read(cache, monkeypatch):
    fill(cache)
    floor = service(cache)
    snap = asyncio.run(floor.snapshot())
    assert not {a.user_id: a for a in snap.agents}["bo"].online
    monkeypatch.setattr(floor_repo, "read_floor", lambda *_a: pytest.fail("no read for presence"))
    floor.set_presence((Presence("bo", "bo", "Bo Berg", "c-late", Activity.TYPING, NOW - 1_000),))
    moved = asyncio.run(floor.with_presence(snap))
    bo = {a.user_id: a for a in moved.agents}["bo"]
    assert bo.online and bo.current_case == "c-late"
    assert bo.current_label.startswith("@user") and bo.current_label.endswith(" · @acme")
    assert moved.attention == snap.attention and moved.depth == snap.depth
