"""The guidance panel beside the case view, driven by the keyboard on a real cache and outbox: a whole
session (numbers, Enter with its why, override, Backspace, a breadcrumb edit, a note, typed input,
replies into the composer, the action, the end), an escalation's hand-off, resume, Ctrl+K, the map."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit
from sqlalchemy import select

from console.domain.case import CaseStatus
from console.domain.mention import MentionKind
from console.domain.network import Network
from console.domain.queue import QueueRow
from console.domain.sentiment import Sentiment
from console.services.case_view import CaseViewService
from console.services.cases import CaseActions
from console.services.guidance import GuidanceService
from console.storage.case_repo import CaseRepository
from console.storage.guidance_repo import GuidanceRepository
from console.storage.outbox import Outbox
from console.storage.schema import outbox
from console.ui.case_pane import CasePane
from console.ui.escalation_dialog import EscalationDialog
from console.ui.guidance_map import TreeMap
from console.ui.guidance_palette import JumpPalette, JumpTarget
from tests.services.tree_folder import BundledTrees, choose_by_intent
from tests.storage.case_data import ANA, CASE, T0, maria_case
from tests.ui import composer_desk
from tests.ui.conftest import until

TREES = Path(__file__).parents[1] / "services" / "trees"

ROW = QueueRow(
    mention_id="m3",
    case_id=CASE,
    network=Network.X,
    account_id="northwind-x",
    account_handle="@NorthwindAir",
    author_handle="@maria_kowal",
    author_name="Maria Kowalska",
    author_followers=1240,
    author_verified=False,
    text="Cancelled. At 19:05. Rebooked on TOMORROW evening. No hotel offered.",
    lang="en",
    kind=MentionKind.POST,
    sentiment=Sentiment.NEGATIVE,
    sentiment_score=-0.9,
    created_ms=T0,
    case_status=CaseStatus.OPEN,
    claim_holder=ANA,
    claim_holder_name="Ana Ribeiro",
    claim_token=3,
    claim_expires_ms=None,
    sort_value=0,
    intent="complaint",
    priority=72,
)


def guidance_service(cache):
    actions = CaseActions(Outbox(cache), composer_desk.QuietPusher(), lambda: ANA)
    return GuidanceService(BundledTrees(TREES), GuidanceRepository(cache), actions, choose_by_intent)


@pytest.fixture
def pane(qloop, qtbot, cache):
    maria_case().apply(cache)
    composer_service, _outbox = composer_desk.service(cache)
    pane = CasePane(
        None,
        None,
        None,
        case_view=CaseViewService(CaseRepository(cache)),
        composer=composer_service,
        guidance=guidance_service(cache),
    )
    qtbot.addWidget(pane)
    pane.resize(1100, 800)
    pane.show()
    pane.show_row(ROW)
    qloop.run_until_complete(until(lambda: pane.guidance.loaded and pane.composer.ready))
    yield pane
    pane.shutdown()


def press(qloop, qtbot, panel, key, modifier=Qt.KeyboardModifier.NoModifier, *, settle=True):
    before = len(panel.run.session.events) if panel.run else 0
    if QApplication.activeWindow() is None:  # offscreen gives no window the focus back after a dialog
        panel.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)
        panel.setFocus()
    target = QApplication.focusWidget()
    qtbot.keyClick(target if target is not None and panel.isAncestorOf(target) else panel, key, modifier)
    if settle:
        qloop.run_until_complete(until(lambda: not panel._busy and len(panel.run.session.events) != before))


def activate(qtbot, dialog):
    """Offscreen, a new dialog is not made the active window: keys would go by the old one's shortcuts."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def steps(cache):
    rows = cache.read_sync(
        lambda c: c.execute(select(outbox.c.kind, outbox.c.payload).order_by(outbox.c.seq)).all()
    )
    return [(kind, json.loads(payload)) for kind, payload in rows]


def test_a_whole_session_by_keyboard(pane, qloop, qtbot, cache):
    panel, composer = pane.guidance, pane.composer
    assert panel.isVisible()
    assert panel.title.text().startswith("Complaint triage")
    assert "intent is complaint" in panel.why.text()
    assert panel.step.kind.text() == "Not started"
    panel.setFocus()

    press(qloop, qtbot, panel, Qt.Key.Key_Return)  # Enter starts
    assert panel.run.session.current.id == "kind"
    assert "ℹ Read the whole thread" in panel.step.passed.text()
    why = panel.step.suggestion.text()
    assert "★ A refund — Enter accepts" in why
    assert "Why: mention.sentiment == 'negative' and case.priority >= 50" in why
    assert "case.priority = 72" in why and "mention.sentiment = negative" in why
    assert [b.text().split("  ")[0] for b in panel.step.options] == ["1", "2", "3"]

    press(qloop, qtbot, panel, Qt.Key.Key_3)  # another option than the suggestion: an override
    assert panel.run.session.current.id == "legal_check"
    assert panel.run.session.answers[-1].how == "override"
    press(qloop, qtbot, panel, Qt.Key.Key_Backspace)
    assert panel.run.session.current.id == "kind"

    press(qloop, qtbot, panel, Qt.Key.Key_Return)  # accepts the suggestion
    assert panel.run.session.answers[-1].how == "auto"
    assert panel.run.session.current.id == "booking"
    assert "Hi Maria Kowalska, we're sorry about this" in composer.editor.toPlainText()
    assert "kind: A refund" in panel.crumbs.text()

    panel.crumbs.linkActivated.emit("complaint_triage@1|kind")  # a breadcrumb: edit that answer
    qloop.run_until_complete(until(lambda: panel.run.session.current.id == "kind" and not panel._busy))
    composer.editor.clear()
    panel.setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    assert panel.run.session.current.id == "booking"

    panel.setFocus()  # N in a field is a letter; on the panel, a note
    qtbot.keyClick(panel, Qt.Key.Key_N)
    dialog = panel.dialog
    assert dialog is not None
    dialog.setTextValue("Booking ref in her second post")
    dialog.accept()
    qloop.run_until_complete(until(lambda: panel.run.session.notes and not panel._busy))
    assert panel.run.session.notes[-1].text == "Booking ref in her second post"

    fields = panel.step.fields
    assert isinstance(fields["booking"], QLineEdit) and isinstance(fields["vip"], QCheckBox)
    assert isinstance(fields["cabin"], QComboBox)
    qtbot.keyClicks(fields["booking"], "NW221-X")  # digits type into the field, not choose options
    qtbot.keyClicks(fields["nights"], "2")
    fields["vip"].setChecked(True)
    fields["cabin"].setCurrentIndex(fields["cabin"].findData("business"))
    fields["booking"].setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    assert dict(panel.run.session.answers[-1].values) == {
        "booking": "NW221-X",
        "nights": 2.0,
        "vip": True,
        "cabin": "business",
    }
    assert panel.run.session.current.id == "tag" and panel.step.kind.text() == "Action"

    press(qloop, qtbot, panel, Qt.Key.Key_Return)  # does the action: tags the case
    assert panel.run.ended and panel.run.session.disposition == "refund_issued"
    assert "Done: booking NW221-X is refunded" in composer.editor.toPlainText()
    assert panel.step.kind.text() == "Ended"
    assert "refund_issued" in panel.step.prompt.text()
    assert "greet → kind → apologise → booking → tag → done_reply → refunded" in panel.step.path_label.text()

    recorded = steps(cache)
    assert ("tag", {"tag": "refund"}) in recorded
    guidance = [p for kind, p in recorded if kind == "guidance_step"]
    assert [p["event"] for p in guidance] == [
        json.loads(json.dumps(e.as_dict())) for e in panel.run.session.events
    ]
    assert {p["session"] for p in guidance} == {panel.run.session_id}
    assert not any(kind == "reply" for kind, _ in recorded)  # nothing is sent from the panel


def test_an_escalation_opens_its_reason_dialog_and_queues_the_hand_off(pane, qloop, qtbot, cache):
    panel = pane.guidance
    panel.setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    press(qloop, qtbot, panel, Qt.Key.Key_3)
    press(qloop, qtbot, panel, Qt.Key.Key_1)  # "Yes": the tree hands the case to Legal
    assert panel.step.kind.text() == "Escalate" and panel.dialog is None
    press(qloop, qtbot, panel, Qt.Key.Key_Return, settle=False)  # opens the reason dialog
    dialog = panel.dialog
    assert isinstance(dialog, EscalationDialog)
    dialog.reject()  # not now: nothing is recorded, the session stays at the step
    assert panel.run.session.escalations == () and panel.step.kind.text() == "Escalate"
    press(qloop, qtbot, panel, Qt.Key.Key_Return, settle=False)
    dialog = panel.dialog
    assert isinstance(dialog, EscalationDialog)
    assert dialog.reason.text() == "The customer threatens legal action."
    dialog.reason.setText("Threatens to sue over the cancelled flight")
    dialog.confirm.click()
    qloop.run_until_complete(until(lambda: any(kind == "handoff" for kind, _ in steps(cache))))
    (handoff,) = [p for kind, p in steps(cache) if kind == "handoff"]
    assert handoff == {"team": "Legal", "reason": "Threatens to sue over the cancelled flight"}
    qloop.run_until_complete(until(lambda: panel.run.session.disposition == "escalated_legal"))
    assert panel.run.session.escalations[0].reason == "Threatens to sue over the cancelled flight"


def test_the_session_resumes_in_a_new_panel_and_start_again_begins_another(pane, qloop, qtbot, cache):
    panel = pane.guidance
    panel.setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    press(qloop, qtbot, panel, Qt.Key.Key_2)  # "An answer": the end
    first = panel.run.session_id
    assert panel.run.ended

    again = CasePane(
        None, None, None, case_view=CaseViewService(CaseRepository(cache)), guidance=guidance_service(cache)
    )
    qtbot.addWidget(again)
    again.show()
    again.show_row(ROW)
    qloop.run_until_complete(until(lambda: again.guidance.loaded))
    resumed = again.guidance.run
    assert resumed.session_id == first and resumed.ended
    assert again.guidance.step.kind.text() == "Ended"
    assert "greet → kind → answered" in again.guidance.step.path_label.text()
    again.guidance.step.options[-1].click()  # Start again
    qloop.run_until_complete(until(lambda: again.guidance.run.session_id != first))
    assert not again.guidance.run.started
    again.shutdown()


def test_ctrl_k_jumps_back_to_a_step_on_the_way_and_puts_a_template_in_the_reply(pane, qloop, qtbot):
    panel, composer = pane.guidance, pane.composer
    panel.setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    press(qloop, qtbot, panel, Qt.Key.Key_Return)  # at booking
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = activate(qtbot, panel.dialog)
    assert isinstance(palette, JumpPalette)
    qtbot.keyClicks(palette.filter, "kind")
    assert [t.name for t in palette.visible_targets()] == ["kind"]
    qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
    qloop.run_until_complete(until(lambda: panel.run.session.current.id == "kind" and not panel._busy))

    composer.editor.clear()
    panel.open_palette()
    activate(qtbot, panel.dialog)
    panel.dialog.filter.setText("✎ sorry")  # QTest types ASCII only
    assert [t.kind for t in panel.dialog.visible_targets()] == ["template"]
    qtbot.keyClick(panel.dialog.filter, Qt.Key.Key_Return)
    qloop.run_until_complete(until(lambda: "Hi Maria Kowalska, we're" in composer.editor.toPlainText()))
    composer.editor.clear()
    panel.jump(JumpTarget("template", "refunded", ""))  # its booking is not known here: the composer asks
    assert composer.variables_dialog is not None and list(composer.variables_dialog.fields) == [
        "session.booking"
    ]
    composer.variables_dialog.reject()

    panel.open_palette()  # a step not on the way: the map opens on it
    activate(qtbot, panel.dialog)
    panel.dialog.filter.setText("to_legal")
    qtbot.keyClick(panel.dialog.filter, Qt.Key.Key_Return)
    qloop.run_until_complete(until(lambda: isinstance(panel.dialog, TreeMap)))
    assert panel.run.session.current.id == "kind"
    panel.dialog.reject()


def test_the_map_highlights_the_way_taken_and_rings_the_current_step(pane, qloop, qtbot):
    panel = pane.guidance
    panel.setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    press(qloop, qtbot, panel, Qt.Key.Key_3)
    qtbot.keyClick(panel, Qt.Key.Key_M)
    tree_map = panel.dialog
    assert isinstance(tree_map, TreeMap)
    assert tree_map.highlighted == {"greet", "kind", "legal_check"}
    assert set(tree_map.boxes) == {n.id for n in panel.run.tree.nodes}
    assert tree_map.boxes["legal_check"].pen().width() == 3 and tree_map.boxes["kind"].pen().width() == 1
    assert tree_map.boxes["kind"].brush().color() != tree_map.boxes["refunded"].brush().color()
    tree_map.node_clicked.emit("kind")  # a step on the way: edit it
    qloop.run_until_complete(until(lambda: panel.run.session.current.id == "kind"))


def test_the_panel_hides_without_a_case_and_the_queue_keys_are_not_taken(pane, qtbot):
    pane.show_row(None)
    assert not pane.guidance.isVisible()


def test_in_the_window_the_queue_keeps_its_keys_and_ctrl_g_gives_the_panel_the_keyboard(
    qloop, qtbot, cache, tmp_path
):
    from console.services.preferences import Preferences
    from console.services.queue import QueueService
    from console.storage.queue_repo import QueueRepository
    from console.ui.changes_hub import ChangesHub
    from console.ui.main_window import MainWindow
    from tests.ui.test_assign import fill_with_people
    from tests.ui.test_queue_window import ME

    fill_with_people(cache)
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "test hub",
        actions=CaseActions(Outbox(cache), composer_desk.QuietPusher(), lambda: ME),
        preferences=Preferences(tmp_path, ME),
        case_view=CaseViewService(CaseRepository(cache)),
        guidance=guidance_service(cache),
    )
    window.show()
    qtbot.addWidget(window)
    qloop.run_until_complete(until(lambda: window.model.rowCount() == 6 and window.guidance.isVisible()))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    first = window.view.currentIndex().row()
    qtbot.keyClick(window.view, Qt.Key.Key_J)  # the queue's J, with the panel on screen
    assert window.view.currentIndex().row() == first + 1
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # a number on the queue chooses nothing in the panel
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.guidance.hasFocus()
    window.shutdown()


def test_a_catch_up_the_cache_refuses_leaves_the_run_shown_and_no_task_failed(
    pane, qloop, qtbot, monkeypatch
):
    from console.domain.sync import AppliedChanges
    from console.services.guidance import GuidanceError

    panel = pane.guidance
    panel.setFocus()
    press(qloop, qtbot, panel, Qt.Key.Key_Return)
    shown = panel.run

    async def refused(*_args, **_kwargs):
        raise GuidanceError("Tree complaint_triage@1 is not in the local cache")

    monkeypatch.setattr(panel._service, "open", refused)
    panel.apply_changes(AppliedChanges(cases=frozenset({CASE})))
    (task,) = panel._tasks
    qloop.run_until_complete(until(task.done))
    assert task.exception() is None  # not a "Task exception was never retrieved" in the log
    assert panel.run is shown and panel.step.kind.text() == "Question"


def test_a_case_with_no_tree_looks_again_when_published_trees_arrive(qloop, qtbot, cache):
    from console.domain.sync import AppliedChanges
    from console.ui.guidance_panel import GuidancePanel

    maria_case().apply(cache)
    catalog = BundledTrees(TREES)
    catalog._trees = []  # a new desk: the first pull has not brought the trees yet
    actions = CaseActions(Outbox(cache), composer_desk.QuietPusher(), lambda: ANA)
    panel = GuidancePanel(GuidanceService(catalog, GuidanceRepository(cache), actions, choose_by_intent))
    qtbot.addWidget(panel)
    panel.show_case(CASE, "m3")
    qloop.run_until_complete(until(lambda: panel.loaded))
    assert panel.run is None and panel.title.text() == "No tree for this case"

    panel.apply_changes(AppliedChanges(cases=frozenset({"another-case"})))  # nothing about trees
    assert panel.loaded and panel.run is None
    catalog._trees = None  # the pull brought them: read the folder again
    panel.apply_changes(AppliedChanges(trees=frozenset({"complaint_triage@1"})))
    qloop.run_until_complete(until(lambda: panel.run is not None))
    assert panel.title.text().startswith("Complaint triage") and not panel.run.started
    panel.shutdown()
