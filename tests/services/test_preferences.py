from console.domain.case import CaseStatus
from console.domain.network import Network
from console.domain.queue import UNASSIGNED, QueueQuery
from console.domain.views import SavedView
from console.services.notifications import Notice, NoticeKind, Notifier
from console.services.preferences import Preferences, QueueLayout
from console.services.user_settings import SettingsStore


def test_layout_and_views_survive_a_restart_per_user(tmp_path):
    ana = Preferences(tmp_path, "u-ana")
    ana.save_layout(QueueLayout(["age", "excerpt"], ["reach"]))
    query = QueueQuery(
        networks=frozenset({Network.X}),
        statuses=frozenset({CaseStatus.OPEN}),
        assignees=frozenset({UNASSIGNED}),
    )
    ana.save_view(SavedView("Open on X", query))
    ana.save_view(SavedView("Open on X", query))  # same name: replaced, not doubled
    again = Preferences(tmp_path, "u-ana")
    assert again.layout == QueueLayout(["age", "excerpt"], ["reach"])
    assert [(v.name, v.query) for v in again.views] == [("Open on X", query)]
    other = Preferences(tmp_path, "u-bo")
    assert other.views == [] and other.layout == QueueLayout()
    again.delete_view("Open on X")
    assert Preferences(tmp_path, "u-ana").views == []


def test_a_damaged_file_is_set_aside_and_a_bad_view_skipped(tmp_path):
    first = Preferences(tmp_path, "u-ana")
    first.path.write_text("{not json")
    fresh = Preferences(tmp_path, "u-ana")
    assert fresh.views == [] and first.path.with_suffix(".damaged.json").exists()
    fresh.path.write_text(
        '{"views": [{"name": "ok", "filters": {"languages": ["ar"]}},'
        ' {"name": "bad", "filters": {"priority_above": 3}},'
        ' {"name": "worse", "filters": {"networks": ["myspace"]}}]}'
    )
    assert [(v.name, v.query.languages) for v in Preferences(tmp_path, "u-ana").views] == [
        ("ok", frozenset({"ar"}))
    ]


def test_notices_respect_the_mute_and_come_once_per_case(tmp_path):
    shown = []
    notifier = Notifier(SettingsStore(tmp_path), shown.append)
    breach = Notice(NoticeKind.SLA_BREACH, "SLA breached", "Case c1 is late", case_id="c1")
    assert notifier.notify(breach) and not notifier.notify(breach)
    notifier.set_muted(True)
    assert not notifier.notify(Notice(NoticeKind.CRISIS, "Crisis", "Spike on @brand", case_id="c2"))
    assert Notifier(SettingsStore(tmp_path)).muted
    notifier.set_muted(False)
    assert notifier.notify(Notice(NoticeKind.CRISIS, "Crisis", "Spike on @brand", case_id="c2"))
    assert [n.case_id for n in shown] == ["c1", "c2"]
    notifier.attach(None)  # no system tray: nothing to show on, nothing raised
    assert not notifier.notify(Notice(NoticeKind.CRISIS, "Crisis", "again", case_id="c3"))
