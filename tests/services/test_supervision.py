"""Supervisor actions against a real hub on loopback: a desk status set live and adopted by the
agent's workstation; a team note through the outbox, once, to the agents it addresses."""

import asyncio
import socket

import pytest

from console.domain.agent import Role
from console.domain.broadcast import MAX_BROADCAST_TEXT
from console.domain.mutation import MutationKind
from console.domain.presence import DESK, Activity, Presence
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.live import LiveBroker
from console.hub.server import EmbeddedHub
from console.services import presence as presence_module
from console.services.notifications import Notice, NoticeKind, Notifier
from console.services.presence import PresenceReporter
from console.services.supervision import Supervision, SupervisionError
from console.services.team_notes import FRESH_MS, TeamNotes
from console.storage.broadcasts_repo import BroadcastRepository
from console.storage.database import open_cache
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.live import LiveClient
from console.sync.puller import Puller
from console.sync.pusher import Pusher

PASSWORD = "correct horse battery"
WAIT = 20.0  # only to end a hung test
DEAD = "http://127.0.0.1:9"  # nothing listens there: the hub is unreachable


@pytest.fixture
def floor(tmp_path):
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    people = {
        name: auth.add_user(engine, name, PASSWORD, role, name=name.title(), team_names=teams)
        for name, role, teams in (
            ("ana", Role.AGENT, ["Support"]),
            ("lee", Role.AGENT, ["Legal"]),
            ("sue", Role.SUPERVISOR, ["Support"]),
            ("ada", Role.ADMIN, []),
        )
    }
    broker = LiveBroker(engine, heartbeat_s=0.5)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = EmbeddedHub(create_app(engine, live=broker), port=port)
    hub.start()
    yield engine, hub.url, people, broker
    hub.stop()
    engine.dispose()


def client_of(engine, url: str, agent) -> HubClient:
    return HubClient(url, token=auth.issue_token(engine, agent).token)


class Shown:
    """The notifier's display: records what it would show."""

    def __init__(self):
        self.notices: list[Notice] = []

    def __call__(self, notice: Notice) -> None:
        self.notices.append(notice)


class Mute:
    def __init__(self, muted: bool = False):
        self.notifications_muted = muted

    def set_notifications_muted(self, muted: bool) -> None:
        self.notifications_muted = muted

    def notifies(self, kind: str) -> bool:
        return True

    notification_sound = False


# -- desk status ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_supervisor_sets_an_agents_status_and_the_agents_desk_adopts_it(floor, monkeypatch):
    engine, url, people, broker = floor
    monkeypatch.setattr(presence_module, "REFRESH_S", 0.1)
    ana, sue = people["ana"], people["sue"]
    ana_client, sue_client = client_of(engine, url, ana), client_of(engine, url, sue)
    reporter = PresenceReporter(ana_client)
    told: list[Presence] = []
    boards = asyncio.Event()

    def on_presence(board) -> None:  # what the app does with each board: the reporter adopts first
        adopted = reporter.adopt(board, ana.id)
        if adopted is not None:
            told.append(adopted)
        boards.set()

    async def until(check) -> None:
        async with asyncio.timeout(WAIT):
            while not check():
                boards.clear()
                await boards.wait()

    live = LiveClient(ana_client, on_change=lambda _hint: None, on_presence=on_presence)
    tasks = [asyncio.create_task(live.run()), asyncio.create_task(reporter.run())]
    try:
        await until(lambda: broker.desk_statuses().get(ana.id) is Activity.AVAILABLE)
        await Supervision(sue_client, None, None, lambda: sue.id).set_agent_status(ana.id, Activity.AWAY)
        assert broker.desk_statuses()[ana.id] is Activity.AWAY  # routing follows at once
        await until(lambda: bool(told))
        assert reporter.status is Activity.AWAY
        assert (told[0].set_by_name, told[0].activity) == ("Sue", Activity.AWAY)
        # The agent's desk keeps refreshing (every 0.1 s here): the hub still says away, told once.
        await asyncio.sleep(0.5)
        assert broker.desk_statuses()[ana.id] is Activity.AWAY and len(told) == 1
        reporter.set_status(Activity.AVAILABLE)  # the agent's own choice ends the setting
        await until(lambda: broker.desk_statuses().get(ana.id) is Activity.AVAILABLE)
        await asyncio.sleep(0.3)
        assert broker.desk_statuses()[ana.id] is Activity.AVAILABLE and reporter.status is Activity.AVAILABLE
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await ana_client.aclose()
        await sue_client.aclose()


@pytest.mark.asyncio
async def test_setting_a_status_fails_with_the_reason(floor):
    engine, url, people, _broker = floor
    ana_client, sue_client = client_of(engine, url, people["ana"]), client_of(engine, url, people["sue"])
    dead = HubClient(DEAD, token="t")
    try:
        as_agent = Supervision(ana_client, None, None, lambda: people["ana"].id)
        with pytest.raises(SupervisionError, match="refused: only supervisors and admins"):
            await as_agent.set_agent_status(people["lee"].id, Activity.AWAY)
        as_sue = Supervision(sue_client, None, None, lambda: people["sue"].id)
        with pytest.raises(SupervisionError, match="refused: no active user nobody"):
            await as_sue.set_agent_status("nobody", Activity.AWAY)
        with pytest.raises(SupervisionError, match="Ada has the admin role; only agents and supervisors"):
            await as_sue.set_agent_status(people["ada"].id, Activity.BUSY)
        with pytest.raises(SupervisionError, match="not a desk status"):
            await as_sue.set_agent_status(people["ana"].id, Activity.TYPING)
        with pytest.raises(SupervisionError, match=r"^Offline: cannot reach"):
            await Supervision(dead, None, None, lambda: "u").set_agent_status(people["ana"].id, Activity.AWAY)
    finally:
        for client in (ana_client, sue_client, dead):
            await client.aclose()


class FakeHub:
    """Records the reporter's presence calls."""

    def __init__(self):
        self.calls: list[tuple[str, str, bool]] = []
        self.clock = 100  # the hub's

    async def presence(self, case_id: str, activity: str, chosen: bool = False) -> dict:
        self.calls.append((case_id, activity, chosen))
        self.clock += 1
        return {"activity": activity, "at_ms": self.clock}


def _setting(user: str, activity: Activity, by: str, at: int) -> Presence:
    return Presence(user, user, user.title(), DESK, activity, at, by, by.title(), at)


@pytest.mark.asyncio
async def test_the_reporter_adopts_a_setting_once_and_sends_the_agents_choice_marked_chosen():
    hub = FakeHub()
    reporter = PresenceReporter(hub)
    assert reporter.adopt([_setting("ana", Activity.BUSY, "ana", 5)], "ana") is None  # her own
    assert reporter.adopt([_setting("bo", Activity.BUSY, "sue", 5)], "ana") is None  # someone else's
    assert reporter.adopt([_setting("ana", Activity.BUSY, "sue", 5)], None) is None  # signed out
    adopted = reporter.adopt([_setting("ana", Activity.BUSY, "sue", 5)], "ana")
    assert adopted is not None and reporter.status is Activity.BUSY
    assert reporter.adopt([_setting("ana", Activity.BUSY, "sue", 5)], "ana") is None  # told once
    await reporter._report()
    assert hub.calls[-1] == (DESK, "busy", False)  # a refresh: keeps the setting on the hub
    reporter.set_status(Activity.BUSY)  # the same status, but now the agent's own choice
    assert reporter.adopt([_setting("ana", Activity.AWAY, "sue", 9)], "ana") is None  # choice pending
    await reporter._report()
    assert hub.calls[-1] == (DESK, "busy", True)
    await reporter._report()
    assert hub.calls[-1] == (DESK, "busy", False)  # heard once: refreshes again
    # A board not yet caught up with the choice still shows a setting the choice ended: not taken.
    assert reporter.adopt([_setting("ana", Activity.AWAY, "sue", 9)], "ana") is None
    assert reporter.status is Activity.BUSY
    newer = reporter.adopt([_setting("ana", Activity.AWAY, "sue", hub.clock + 1)], "ana")
    assert newer is not None and reporter.status is Activity.AWAY
    reporter.set_status(Activity.AWAY)  # the same status as set for her, now her own choice
    await reporter._report()
    assert hub.calls[-1] == (DESK, "away", True)


# -- team notes ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_note_queued_offline_reaches_the_hub_once_and_the_agents_it_addresses(floor, tmp_path):
    engine, url, people, _broker = floor
    sue, ana, lee = people["sue"], people["ana"], people["lee"]
    sue_cache = open_cache(tmp_path / "sue.sqlite")
    caches = {name: open_cache(tmp_path / f"{name}.cache") for name in ("ana", "lee")}
    clients = [client_of(engine, url, sue)]
    try:
        outbox = Outbox(sue_cache)
        dead = HubClient(DEAD, token="t")
        clients.append(dead)
        offline = Pusher(dead, outbox)
        offline.user_id = sue.id
        supervision = Supervision(dead, outbox, offline, lambda: sue.id)
        await supervision.broadcast("  Checkout is down: use the holding reply.  ", "Support")
        await supervision.broadcast("Team meeting at 3.")
        with pytest.raises(Exception, match="cannot reach"):
            await offline.drain()  # offline: kept in the outbox
        assert len(await outbox.pending(sue.id)) == 2
        online = Pusher(clients[0], outbox)
        online.user_id = sue.id
        assert await online.drain() == 2
        outcomes = [(m.kind, m.payload["text"]) for m in await outbox.pending(sue.id)]
        assert outcomes == []  # both answered
        assert await online.drain() == 0  # nothing is sent twice

        shown: dict[str, Shown] = {}
        arrived = {}
        for person in (ana, lee):
            client = client_of(engine, url, person)
            clients.append(client)
            changes = await Puller(client, Replica(caches[person.username])).sync_once()
            shown[person.username] = Shown()
            notes = TeamNotes(
                BroadcastRepository(caches[person.username]),
                Notifier(Mute(), shown[person.username]),
                lambda p=person: p.id,
            )
            arrived[person.username] = await notes.arrived(changes)
            assert await notes.arrived(changes) == []  # told once
        assert [n.text for n in arrived["ana"]] == [
            "Team meeting at 3.",
            "Checkout is down: use the holding reply.",
        ]
        assert [(n.team_id, n.author_name) for n in arrived["ana"]] == [(None, "Sue"), ("Support", "Sue")]
        assert [n.text for n in arrived["lee"]] == ["Team meeting at 3."]
        assert [(n.kind, n.title) for n in shown["lee"].notices] == [
            (NoticeKind.BROADCAST, "Team note from Sue to everyone")
        ]
        assert shown["ana"].notices[1].title == "Team note from Sue to Support"
    finally:
        for client in clients:
            await client.aclose()
        sue_cache.close()
        for cache in caches.values():
            cache.close()


@pytest.mark.asyncio
async def test_a_bad_note_is_refused_before_it_is_queued(cache):
    outbox = Outbox(cache)
    dead = HubClient(DEAD, token="t")
    pusher = Pusher(dead, outbox)
    supervision = Supervision(dead, outbox, pusher, lambda: "u-sue")
    with pytest.raises(SupervisionError, match="the note is empty"):
        await supervision.broadcast("   ")
    with pytest.raises(SupervisionError, match=f"the limit is {MAX_BROADCAST_TEXT:,}"):
        await supervision.broadcast("x" * (MAX_BROADCAST_TEXT + 1))
    with pytest.raises(SupervisionError, match="Sign in"):
        await Supervision(dead, outbox, pusher, lambda: None).broadcast("hello")
    assert await outbox.pending("u-sue") == []
    await supervision.broadcast("x" * MAX_BROADCAST_TEXT, "Legal")  # exactly the limit is fine
    (queued,) = await outbox.pending("u-sue")
    assert (queued.kind, queued.case_id, queued.payload["team_id"]) == (MutationKind.BROADCAST, "", "Legal")
    await dead.aclose()


@pytest.mark.asyncio
async def test_old_own_and_muted_notes_make_no_banner_or_notice(cache):
    from console.domain.sync import AppliedChanges
    from console.storage.schema import broadcasts

    now = 10 * FRESH_MS
    rows = [
        ("old", None, "u-sue", "from yesterday", now - FRESH_MS - 1),
        ("mine", None, "u-ana", "my own note", now),
        ("new", "Support", "u-sue", "fresh", now - 1),
    ]
    await cache.write(
        lambda c: c.execute(
            broadcasts.insert(),
            [
                dict(zip(("id", "team_id", "author_id", "text", "created_ms"), r, strict=True), seq=i)
                for i, r in enumerate(rows)
            ],
        )
    )
    shown = Shown()
    notes = TeamNotes(
        BroadcastRepository(cache), Notifier(Mute(muted=True), shown), lambda: "u-ana", lambda: now
    )
    fresh = await notes.arrived(AppliedChanges(broadcasts=frozenset({"old", "mine", "new"})))
    assert [n.id for n in fresh] == ["new"] and fresh[0].author_name == "u-sue"  # not in the directory
    assert shown.notices == []  # muted: the banner still shows it, the desktop does not
    assert [n.id for n in await notes.recent()] == ["mine", "new", "old"]
