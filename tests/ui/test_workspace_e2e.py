"""The whole workspace on the embedded hub: a demo mention arrives, is claimed, answered through the
composer, published by the demo connector, the demo customer writes back, and the change in their
sentiment is recorded on the case and shown."""

from PySide6.QtCore import Qt

from console.app import Workstation
from console.channels.demo import FollowUps
from console.settings import Settings
from console.ui.queue_model import RowRole
from tests.ui.conftest import until


def test_a_case_from_arrival_to_the_customers_answer(qloop, qtbot, tmp_path):
    settings = Settings(
        hub_url=None, data_dir=tmp_path, demo_rate=1, poll_interval=0.2, demo_answer_after=0.5
    )
    workstation = Workstation(settings)
    qloop.run_until_complete(workstation.start())
    try:
        window = workstation.window
        qloop.run_until_complete(until(lambda: window.model.rowCount() >= 40, limit=20))
        # The first customer mention nobody holds: the agent reads it, claims it (C) and answers.
        first = next(
            r
            for r in map(window.model.row_at, range(window.model.rowCount()))
            if not r.from_brand and r.case_id and r.claim_holder is None
        )
        window.view.selectRow(
            next(i for i in range(window.model.rowCount()) if window.model.row_at(i) is first)
        )
        case_view, composer = window.case.case_view, window.case.composer
        qloop.run_until_complete(until(lambda: case_view.case_id == first.case_id and case_view.detail))
        assert first.text.splitlines()[0][:30] in case_view.conversation.toPlainText().replace("\n", " ")
        qloop.run_until_complete(until(lambda: "Unclaimed" in window.preview.claim.text()))
        window.view.setFocus()
        qtbot.keyClick(window.view, Qt.Key.Key_C)
        qloop.run_until_complete(until(lambda: "Claimed by you" in window.preview.claim.text(), limit=15))
        qloop.run_until_complete(until(lambda: composer.ready))
        qtbot.keyClick(window.view, Qt.Key.Key_Return)  # Enter: the composer takes the keyboard
        assert composer.editor.hasFocus()
        qtbot.keyClicks(composer.editor, "We are on it, sorry for the wait.")
        qloop.run_until_complete(until(lambda: composer.send_button.isEnabled(), limit=10))
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qloop.run_until_complete(until(lambda: composer.sending))  # the undo window
        published = lambda: "published" in composer.status.text()  # noqa: E731
        qloop.run_until_complete(until(published, limit=30))
        row = window.view.selectionModel().selectedRows()[0].data(RowRole)
        assert row.case_id == first.case_id
        # The brand's reply is in the conversation; then the customer writes back, in their language.
        text = lambda: case_view.conversation.toPlainText()  # noqa: E731
        qloop.run_until_complete(until(lambda: "We are on it, sorry for the wait." in text(), limit=20))
        answers = FollowUps.bundled().by_language.get(first.lang) or FollowUps.bundled().by_language["en"]
        said = lambda: any(a in text() for a in answers["better"] + answers["worse"])  # noqa: E731
        qloop.run_until_complete(until(said, limit=30))
        # The answer's effect on the customer is recorded on the case and shown in its header.
        mood = case_view.mood.text
        qloop.run_until_complete(until(lambda: "Sentiment after the answer" in mood(), limit=15))
        header = case_view.detail.header
        assert header.sentiment_before is not None and header.sentiment_after is not None
        assert f"{header.sentiment_change:+.2f}" in mood()
    finally:
        qloop.run_until_complete(workstation.stop())
