"""Reports → Channel health: the dialog over a real hub app (its HTTP API through httpx's ASGI
transport) shows each account's state and reason, says when the hub cannot be reached, and is offered
to supervisors only."""

import os
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from console.domain.agent import Role
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.services.channel_health import ChannelHealthService, HealthUnavailableError
from console.services.queue import QueueService
from console.storage.queue_repo import QueueRepository
from console.sync.hub_client import HubClient
from console.ui.changes_hub import ChangesHub
from console.ui.channel_health_dialog import STATE, ChannelHealthDialog
from console.ui.main_window import MainWindow
from console.ui.style import BADGES, stylesheet
from tests.hub.channel_states import SECRET, seed_channels
from tests.ui.conftest import until

SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))
HUB = "http://hub.test"


@pytest.fixture
def hub(tmp_path):
    engine = create_hub_engine(f"sqlite:///{tmp_path / 'hub.sqlite'}")
    migrate.upgrade(engine)
    seed_channels(engine)
    yield engine
    engine.dispose()


def _service(hub, role: Role) -> ChannelHealthService:
    agent = auth.add_user(hub, f"{role.value}-1", "correct horse battery", role, team_names=("Support",))
    token = auth.issue_token(hub, agent).token
    client = HubClient(HUB, transport=httpx.ASGITransport(app=create_app(hub)), token=token)
    return ChannelHealthService(client, lambda: role.value)


def _rows(dialog: ChannelHealthDialog) -> dict[str, list[str]]:
    view = dialog.table
    items = (view.topLevelItem(r) for r in range(view.topLevelItemCount()))
    return {item.text(0): [item.text(c) for c in range(view.columnCount())] for item in items}


def test_the_dialog_shows_each_accounts_state_and_reason(qloop, qtbot, hub):
    dialog = ChannelHealthDialog(_service(hub, Role.SUPERVISOR))
    qtbot.addWidget(dialog)
    dialog.show()
    qloop.run_until_complete(until(lambda: dialog.table.topLevelItemCount() == 6))
    rows = _rows(dialog)
    assert {name: row[2] for name, row in rows.items()} == {
        "@bare (Support)": "no credentials",
        "@failing (PR)": "failing",
        "@fine (Support)": "ok",
        "@late (Support)": "late",
        "@new (Support)": "waiting",
        "@stopped (Support)": "stopped",
    }
    failing = rows["@failing (PR)"]
    assert failing[1] == "youtube" and failing[3] == "1 h ago"
    assert failing[4].endswith("ago: HTTP 503 from youtube: backend error")
    assert (failing[5], failing[7]) == ("2", "2")
    assert rows["@stopped (Support)"][6] == "stopped" and rows["@bare (Support)"][3] == "never"
    assert rows["@fine (Support)"][6].startswith("in ")
    (fine,) = dialog.table.findItems("@fine (Support)", Qt.MatchFlag.MatchExactly, 0)
    streams = [[fine.child(i).text(c) for c in (0, 2)] for i in range(fine.childCount())]
    assert streams == [["    dms", "ok"], ["    mentions", "ok"]]
    # Fetched a minute before the seed's clock: a slow run may read "1 m 1 s ago".
    assert all(fine.child(i).text(3).startswith("1 m ") for i in range(fine.childCount()))
    assert not fine.isExpanded()  # nothing to look at: the streams stay folded
    (item,) = dialog.table.findItems("failing", Qt.MatchFlag.MatchExactly, STATE)
    assert "backend error" in item.toolTip(4)
    assert item.background(STATE).color() == QColor(BADGES["negative"][0])
    (waiting,) = dialog.table.findItems("waiting", Qt.MatchFlag.MatchExactly, STATE)
    assert waiting.background(STATE).color() == QColor(BADGES["status-new"][0])
    assert dialog.summary.text() == "6 accounts, 4 needing attention"  # the new one has nothing wrong
    assert not dialog.error.isVisible() and SECRET not in str(rows)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.setStyleSheet(stylesheet())  # as the app themes it
    assert dialog.grab().save(str(SHOTS / "channel_health.png"))


def test_an_unreachable_hub_is_said_and_refresh_tries_again(qloop, qtbot, hub):
    hub_app = httpx.ASGITransport(app=create_app(hub))
    down = True

    class Flaky(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request):
            if down:
                raise httpx.ConnectError("connection refused", request=request)
            return await hub_app.handle_async_request(request)

    client = HubClient(HUB, transport=Flaky(), token="not-a-token")
    dialog = ChannelHealthDialog(ChannelHealthService(client, lambda: "supervisor"))
    qtbot.addWidget(dialog)
    dialog.show()
    qloop.run_until_complete(until(lambda: dialog.error.isVisible()))
    assert dialog.error.text().startswith("Offline: cannot reach http://hub.test: connection refused")
    assert dialog.table.topLevelItemCount() == 0 and dialog.refresh_button.isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.setStyleSheet(stylesheet())
    assert dialog.grab().save(str(SHOTS / "channel_health_offline.png"))
    down = False  # the hub is back, and does not know the token
    dialog.refresh_button.click()
    qloop.run_until_complete(until(lambda: "Sign in" in dialog.error.text()))


def test_agents_are_refused_by_the_hub(qloop, hub):
    with pytest.raises(HealthUnavailableError, match="HTTP 403"):
        qloop.run_until_complete(_service(hub, Role.AGENT).load())


@pytest.mark.parametrize(
    ("role", "shown"),
    [("supervisor", True), ("admin", True), ("agent", False), ("reviewer", False), (None, False)],
)
def test_the_reports_menu_offers_it_to_supervisors_and_admins(qloop, qtbot, cache, role, shown):
    client = HubClient(HUB, transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "test hub",
        channel_health=ChannelHealthService(client, lambda: role),
    )
    qtbot.addWidget(window)
    assert window.channel_health_action.isVisible() is shown
