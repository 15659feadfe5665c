"""The reply composer on a real cache and outbox: counting, privacy, canned responses, drafts, sending."""

import asyncio
import functools
import time

import pytest
from PySide6.QtCore import Qt

from console.domain.mutation import MutationKind
from console.domain.network import Network
from console.storage.outbox import entries_for_case
from console.storage.replica import Replica
from console.ui.composer import Composer
from tests.storage.conftest import as_tables
from tests.ui.composer_desk import ANA, case, seed_accounts, service
from tests.ui.conftest import until
from tests.ui.test_case_replies import reply_change


def on_loop(test):
    """Run the test's body on the qasync loop, as the app runs: Qt delivers the composer's timers
    and the tasks it starts while the loop runs, never between two steps of a test."""

    @functools.wraps(test)
    def run(qloop, qtbot, desk):
        qloop.run_until_complete(test(qloop, qtbot, desk))

    return run


@pytest.fixture
def desk(cache):
    seed_accounts(cache)
    return cache


async def open_composer(qtbot, cache, context, **timing) -> tuple[Composer, object]:
    composer_service, outbox = service(cache)
    composer = Composer(composer_service, **timing)
    qtbot.addWidget(composer)
    composer.resize(560, 360)
    composer.show()
    composer.show_case(context)
    await until(lambda: composer.ready)
    return composer, outbox


def queued(cache, kind: MutationKind, case_id: str = "case-1") -> list:
    """What the durable outbox holds of ``kind`` for the case, read straight from the cache."""
    entries = cache.read_sync(lambda c: entries_for_case(c, case_id))
    return [entry.mutation for entry in entries if entry.mutation.kind is kind]


@on_loop
async def test_the_counter_counts_as_x_and_bluesky_do_and_never_cuts(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case())
    assert composer.counter.text() == "280 characters left" and not composer.send_button.isEnabled()
    # X weighs CJK double: 150 of them count 300.
    cjk = "日本語のお客様" * 21 + "日本語"
    composer.editor.insertPlainText(cjk)
    assert len(cjk) == 150
    assert composer.counter.text() == "20 characters over X's 280 — shorten it to send"
    assert composer.counter.property("state") == "over" and not composer.send_button.isEnabled()
    assert composer.editor.toPlainText() == cjk  # nothing typed is cut
    # Bluesky counts graphemes: a flag is one, however many code points it takes.
    composer.show_case(case("case-2", Network.BLUESKY, "northwind-bluesky"))
    await until(lambda: composer.ready)
    composer.editor.insertPlainText("🇫🇷" * 300)
    assert composer.counter.text() == "0 characters left" and composer.send_button.isEnabled()
    composer.editor.insertPlainText("🇫🇷")
    assert composer.counter.text() == "1 character over Bluesky's 300 — shorten it to send"
    assert not composer.send_button.isEnabled()


@on_loop
async def test_private_messages_where_the_network_has_them(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case())
    assert composer.private.isEnabled()
    composer.editor.insertPlainText("x" * 300)
    assert "over X's 280" in composer.counter.text()
    composer.private.setChecked(True)  # a direct message on X holds 10,000
    assert composer.counter.text() == "9,700 characters left" and composer.send_button.isEnabled()
    composer.show_case(case("case-2", Network.YOUTUBE, "fernbank-youtube"))
    await until(lambda: composer.ready)
    assert not composer.private.isEnabled() and not composer.private.isChecked()
    assert composer.private.toolTip() == "YouTube can only be answered in public"


@on_loop
async def test_a_public_reply_with_personal_data_is_nudged_to_private(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case())
    composer.editor.insertPlainText("Hi Maria, order 12345678 is on its way. ")
    assert composer.nudge.isHidden()  # an order number is no personal data
    composer.editor.insertPlainText("Write to refunds.desk@northwind.example if it is late.")
    assert composer.nudge.isVisible()
    assert composer.nudge.text.text() == "This reply shows an e-mail address — send it privately?"
    qtbot.mouseClick(composer.nudge.switch, Qt.MouseButton.LeftButton)
    assert composer.private.isChecked() and composer.nudge.isHidden()
    # Where there is nothing private to switch to, the nudge says so and offers no switch.
    composer.show_case(case("case-2", Network.YOUTUBE, "fernbank-youtube"))
    await until(lambda: composer.ready)
    composer.editor.insertPlainText("Call us on +44 20 7946 0958 or write to help@fernbank.example")
    assert composer.nudge.text.text() == (
        "This reply shows a phone number and an e-mail address, and YouTube replies are public — take it out?"
    )
    assert composer.nudge.switch.isHidden()


@on_loop
async def test_a_canned_response_is_filtered_filled_and_asks_for_what_is_missing(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case())
    composer.editor.insertPlainText("Hello! ")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    picker = composer.picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.filter, "refund sta")
    assert picker.list.count() == 1 and picker.chosen.id == "refund-status"
    # The preview reads as it will be sent: the case's values in, the ones to ask for named.
    assert (
        "Hi Maria Lopez, thanks for your patience. Your refund for order [Order id] was"
        in picker.preview.text()
    )
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    dialog = composer.variables_dialog
    assert dialog is not None and list(dialog.fields) == ["order.id", "refund.date"]  # the rest is known
    assert not dialog.ok.isEnabled()
    dialog.fields["order.id"].setText("NW-48213")
    assert not dialog.ok.isEnabled()
    dialog.fields["refund.date"].setText("2 December")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    text = composer.editor.toPlainText()
    assert text.startswith("Hello! Hi Maria Lopez, thanks for your patience. Your refund for order NW-48213")
    assert "approved on 2 December" in text and text.endswith("^Ana")


@on_loop
async def test_the_picker_puts_the_case_language_first_and_fills_the_brand(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(language="de"))
    composer.open_canned()
    assert composer.picker.chosen.language == "de"
    qtbot.keyClicks(composer.picker.filter, "phishing report")
    composer.picker.accept()  # every variable is known: inserted without asking
    assert composer.variables_dialog is None
    assert "That message didn't come from Northwind Air:" in composer.editor.toPlainText()


@on_loop
async def test_drafts_are_saved_as_typing_pauses_and_come_back(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(), autosave_ms=150)
    qtbot.keyClicks(composer.editor, "Sorry about the delay, Maria")
    drafts = lambda: queued(desk, MutationKind.DRAFT)  # noqa: E731
    await until(lambda: any(m.payload["text"].endswith("Maria") for m in drafts()))
    assert len(drafts()) == 1  # one save for the whole burst of typing
    # Another case: this one's draft is saved at once, whatever the debounce.
    qtbot.keyClicks(composer.editor, "!")
    composer.show_case(case("case-2"))
    await until(lambda: drafts()[-1].payload["text"].endswith("Maria!"))
    await until(lambda: composer.ready)
    assert composer.editor.toPlainText() == ""
    again, _ = await open_composer(qtbot, desk, case())
    assert again.editor.toPlainText() == "Sorry about the delay, Maria!"
    assert len(drafts()) == 2  # restoring saves nothing


@on_loop
async def test_leaving_the_editor_saves_the_draft(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(), autosave_ms=60_000)
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "Checking now")
    composer.canned_button.setFocus()
    await until(lambda: queued(desk, MutationKind.DRAFT))
    assert queued(desk, MutationKind.DRAFT)[-1].payload["text"] == "Checking now"


@on_loop
async def test_sending_without_a_claim_is_refused_and_the_text_stays(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(claimed=False), undo_seconds=1)
    qtbot.keyClicks(composer.editor, "We are on it")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: composer.note.text())
    assert composer.note.text() == "Claim the case first (C): a reply goes out under your claim."
    assert composer.editor.toPlainText() == "We are on it" and not composer.sending
    assert not queued(desk, MutationKind.REPLY)


@on_loop
async def test_undo_within_the_window_queues_nothing(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case())
    qtbot.keyClicks(composer.editor, "Refund sent today")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: composer.sending)
    assert composer.undo_bar.text.text() == "Sending in 5 s · Undo (Ctrl+Z)" and composer.undo_bar.isVisible()
    assert composer.editor.toPlainText() == "Refund sent today" and composer.editor.isReadOnly()
    assert not composer.canned_button.isEnabled() and not composer.account.isEnabled()
    qtbot.keyClick(composer.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not composer.sending and composer.undo_bar.isHidden()
    assert composer.editor.toPlainText() == "Refund sent today" and not composer.editor.isReadOnly()
    assert composer.note.text() == "Not sent. Your reply is back in the editor."
    # The Undo button works as well.
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    await until(lambda: composer.sending)
    qtbot.mouseClick(composer.undo_bar.button, Qt.MouseButton.LeftButton)
    assert composer.editor.toPlainText() == "Refund sent today"
    await _pause(0.3)
    assert not queued(desk, MutationKind.REPLY)


async def _pause(seconds: float) -> None:
    await asyncio.sleep(seconds)


@on_loop
async def test_after_the_window_exactly_one_reply_is_queued_and_followed(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(), undo_seconds=1, follow_ms=100)
    composer.account.setCurrentIndex(1)
    assert composer.current_account().id == "northwind-careers-x"
    composer.editor.insertPlainText("Hi Maria,\x0b your refund\x00 is on its way. ^Ana")  # as pasted
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # twice: once
    replies = lambda: queued(desk, MutationKind.REPLY)  # noqa: E731
    await until(replies)
    await _pause(0.3)
    [reply] = replies()
    assert reply.payload["text"] == "Hi Maria, your refund is on its way. ^Ana"
    assert reply.payload["claim_token"] == 3 and reply.payload["account_id"] == "northwind-careers-x"
    assert reply.payload["private"] is False
    assert composer.note.text() == "Removed 2 invisible control character(s) that networks refuse."
    assert composer.editor.toPlainText() == "" and not composer.editor.isReadOnly()
    assert queued(desk, MutationKind.DRAFT)[-1].payload["text"] == ""  # the draft became the reply
    # Ready for the next reply: what the undo window locked is back.
    assert composer.account.isEnabled() and composer.canned_button.isEnabled()
    await until(lambda: composer.status.text() == "Your reply: queued (in the outbox, not at the hub yet)")
    # The hub publishes it; the composer follows the reply until it settles.
    row = reply_change(9, reply.payload["reply_id"], ANA, "published")
    tables = as_tables([row])
    desk.write_sync(lambda c: Replica(desk).apply_sync(c, "http://hub", "e", "e:9", 9, tables))
    await until(lambda: composer.status.text() == "Your reply: published")
    assert composer.status.property("state") == "published"


@on_loop
async def test_a_failed_reply_shows_why(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(), undo_seconds=1, follow_ms=100)
    qtbot.keyClicks(composer.editor, "On it")
    composer.send()
    await until(lambda: queued(desk, MutationKind.REPLY))
    [reply] = queued(desk, MutationKind.REPLY)
    row = reply_change(9, reply.payload["reply_id"], ANA, "failed", "the post being answered was deleted")
    tables = as_tables([row])
    desk.write_sync(lambda c: Replica(desk).apply_sync(c, "http://hub", "e", "e:9", 9, tables))
    await until(lambda: "failed" in composer.status.text())
    assert composer.status.text() == "Your reply: failed: the post being answered was deleted"


@on_loop
async def test_a_huge_paste_stays_whole_responsive_and_unsendable(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(), autosave_ms=100)
    huge = ("Order NW-48213 arrived damaged, see attached photos and my notes. " * 3100)[:200_000]
    started = time.perf_counter()
    composer.editor.insertPlainText(huge)
    qtbot.keyClicks(composer.editor, "ok")  # typing on top of it stays quick too
    assert time.perf_counter() - started < 2.0
    assert composer.editor.toPlainText() == huge + "ok"
    await until(lambda: "200,002 characters" in composer.counter.text())
    assert composer.counter.text() == "200,002 characters: a reply stops at 20,000 — shorten it to send"
    assert not composer.send_button.isEnabled()
    composer.send()
    await until(lambda: composer.note.text())
    assert not composer.sending and not queued(desk, MutationKind.REPLY)
    assert composer.editor.toPlainText() == huge + "ok"


@on_loop
async def test_switching_case_in_the_window_sends_and_closing_keeps_the_draft(qloop, qtbot, desk):
    composer, _ = await open_composer(qtbot, desk, case(), autosave_ms=60_000)
    qtbot.keyClicks(composer.editor, "Thanks Maria, all sorted")
    composer.send()
    await until(lambda: composer.sending)
    composer.show_case(case("case-2"))  # the agent moved on: the reply goes, as they asked
    await until(lambda: queued(desk, MutationKind.REPLY))
    assert queued(desk, MutationKind.REPLY)[0].payload["text"] == "Thanks Maria, all sorted"
    await until(lambda: composer.ready)
    assert composer.editor.toPlainText() == "" and composer.undo_bar.isHidden()
    # Closing in the window sends nothing; the text stays as the case's draft.
    qtbot.keyClicks(composer.editor, "Half a thought")
    composer.send()
    await until(lambda: composer.sending)
    composer.shutdown()
    await until(lambda: queued(desk, MutationKind.DRAFT, "case-2"))
    assert queued(desk, MutationKind.DRAFT, "case-2")[-1].payload["text"] == "Half a thought"
    assert not queued(desk, MutationKind.REPLY, "case-2")
