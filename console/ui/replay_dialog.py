"""Replay case…: a case as it was after each of its events, scrubbed along a timeline.

The slider has a tick per event and the event list beside it follows (either moves the other);
← / → step, Home / End go to the first and last event, Space plays and pauses at a reading pace.
Each frame shows the event in words, the case's facts then, the conversation so far (what came
later greyed, on request), the guidance path taken so far, the notes so far, and what the customer
said next. Everything comes from the desk's cache (console.services.case_replay), so a replay
works with the hub stopped.
"""

import asyncio
import html
import sys
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.case_detail import TEMPLATES
from console.services.case_replay import CaseReplay, CaseReview
from console.services.errors import KnownError
from console.ui import replay_text as text
from console.ui.case_thread_html import conversation_html, pill, safe_text, when

PLAY_MS = 1_600  # a frame's time on screen while playing: long enough to read its sentence


class ReplayDialog(QDialog):
    frame_shown = Signal(int)
    """Frame ``index`` is on screen (after a scrub, a key, a click or a play step)."""

    def __init__(
        self,
        review: CaseReview,
        case_id: str,
        export: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, objectName="replayDialog")
        self._review = review
        self._export = export
        self.case_id = case_id
        self.replay: CaseReplay | None = None
        self.index = -1
        self._task: asyncio.Task | None = None
        self.setWindowTitle(self.tr("Replay case"))
        self._build_ui()
        self.resize(1280, 800)
        self.load()

    def _build_ui(self) -> None:
        tr = self.tr
        self.title = QLabel(tr("Reading the case from this desk's cache…"), objectName="caseTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="replaySlider")
        self.slider.setAccessibleDescription(
            self.tr("The arrows step one event; Home and End go to the first and last")
        )
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(5)
        self.slider.setAccessibleName(tr("Timeline: one step per event"))
        self.slider.valueChanged.connect(self.show_frame)
        self.play_button = QPushButton(tr("▶ Play"), objectName="replayPlay")
        self.play_button.setToolTip(tr("Play or pause (Space)"))
        self.play_button.clicked.connect(self.toggle_play)
        self.position = QLabel(objectName="caseMeta")
        scrubber = QHBoxLayout()
        scrubber.addWidget(self.play_button)
        scrubber.addWidget(self.slider, 1)
        scrubber.addWidget(self.position)

        self.events = QTreeWidget(objectName="replayEvents")
        self.events.setAccessibleDescription(
            self.tr("Every event of the case in order; selecting one moves the replay there")
        )
        self.events.setAccessibleName(tr("Events"))
        self.events.setHeaderLabels([tr("When"), tr("What")])
        self.events.setRootIsDecorated(False)
        self.events.setUniformRowHeights(True)
        self.events.setAlternatingRowColors(True)
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events.setColumnWidth(0, 92)
        self.events.currentItemChanged.connect(self._on_event_chosen)

        self.event_text = QLabel(objectName="replayEvent", wordWrap=True)
        self.event_text.setTextFormat(Qt.TextFormat.RichText)
        self.event_text.setAccessibleName(tr("This event"))
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(12)
        self.facts.setVerticalSpacing(2)
        facts_box = QFrame(objectName="replayFacts")
        facts_box.setLayout(self.facts)
        self.conversation = QTextBrowser(objectName="replayConversation")
        self.conversation.setAccessibleDescription(
            self.tr("The messages and replies as they stood at this event")
        )
        self.conversation.setAccessibleName(tr("Conversation at this point"))
        self.conversation.setOpenLinks(False)  # a replay is for reading: links are not followed from here
        self.show_later = QCheckBox(tr("Show what came &later (greyed)"), objectName="replayShowLater")
        self.show_later.toggled.connect(lambda _: self._show_conversation())
        self.path = QTreeWidget(objectName="replayPath")
        self.path.setAccessibleDescription(self.tr("The guidance steps taken up to this event"))
        self.path.setAccessibleName(tr("Guidance path so far"))
        self.path.setHeaderLabels([tr("Guidance step"), tr("Answer"), tr("How")])
        self.path.setUniformRowHeights(True)
        # A path is a handful of rows: fitting columns to them is cheap.
        for column in (0, 1):
            self.path.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.notes = QTextBrowser(objectName="replayNotes")
        self.notes.setAccessibleDescription(self.tr("Internal notes written up to this event"))
        self.notes.setAccessibleName(tr("Notes so far"))
        self.next_said = QLabel(objectName="replayNext", wordWrap=True)
        self.next_said.setTextFormat(Qt.TextFormat.RichText)
        self.next_said.setAccessibleName(tr("What the customer said next"))
        self.next_said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        conversation_side = QWidget()
        conversation_layout = QVBoxLayout(conversation_side)
        conversation_layout.setContentsMargins(0, 0, 0, 0)
        conversation_layout.addWidget(_caption(tr("Conversation at this point")))
        conversation_layout.addWidget(self.conversation, 1)
        conversation_layout.addWidget(self.show_later)
        guidance_side = QWidget()
        guidance_layout = QVBoxLayout(guidance_side)
        guidance_layout.setContentsMargins(0, 0, 0, 0)
        guidance_layout.addWidget(_caption(tr("Guidance path so far")))
        guidance_layout.addWidget(self.path, 3)
        guidance_layout.addWidget(_caption(tr("Notes so far")))
        guidance_layout.addWidget(self.notes, 1)
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(conversation_side)
        panes.addWidget(guidance_side)
        panes.setSizes([480, 440])
        next_box = QFrame(objectName="replayNextBox")
        next_layout = QVBoxLayout(next_box)
        next_layout.setContentsMargins(0, 4, 0, 0)
        next_layout.addWidget(_caption(tr("What the customer said next")))
        next_layout.addWidget(self.next_said)

        frame_side = QWidget()
        frame_layout = QVBoxLayout(frame_side)
        frame_layout.setContentsMargins(8, 0, 0, 0)
        frame_layout.addWidget(self.event_text)
        frame_layout.addWidget(facts_box)
        frame_layout.addWidget(panes, 1)
        frame_layout.addWidget(next_box)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.events)
        body.addWidget(frame_side)
        body.setStretchFactor(1, 1)
        body.setSizes([360, 920])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(tr("&Export PDF report…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self._export and self._export(self.case_id))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(scrubber)
        layout.addWidget(body, 1)
        layout.addWidget(buttons)

        self._player = QTimer(self, interval=PLAY_MS, timeout=self._play_step)
        # The dialog's keys work wherever its focus is (the list's own arrows move through it too).
        for keys, slot in (
            (Qt.Key.Key_Left, lambda: self.step(-1)),
            (Qt.Key.Key_Right, lambda: self.step(1)),
            (Qt.Key.Key_Home, lambda: self.go_to(0)),
            (Qt.Key.Key_End, lambda: self.go_to(len(self.replay) - 1 if self.replay else 0)),
            (Qt.Key.Key_Space, self.toggle_play),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)

    # --- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = asyncio.ensure_future(self._load())
        self._task.add_done_callback(self._on_done)

    async def _load(self) -> None:
        replay = await self._review.replay(self.case_id)
        if replay is None:
            self.title.setText(html.escape(self.tr("This case is not in the local cache.")))
            return
        self.show_replay(replay)

    def _on_done(self, task: asyncio.Task) -> None:
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        self.title.setText(
            html.escape(self.tr("The case could not be replayed: {error}").format(error=error))
        )
        if not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)

    def show_replay(self, replay: CaseReplay) -> None:
        """Show ``replay`` from its first frame."""
        self.replay = replay
        header = replay.detail.header
        customer = next((e for e in replay.detail.conversation if not e.from_brand), None)
        who = customer.author_name or customer.author_handle if customer else ""
        self.title.setText(
            self.tr("Replay: {network} <b>{account}</b> · {customer} · opened {opened}").format(
                network=pill(header.network.value, header.network.label),
                account=html.escape(header.account_handle),
                customer=html.escape(who) or self.tr("no customer message"),
                opened=when(header.opened_ms),
            )
        )
        self.events.clear()
        items = []
        for frame in replay.frames:
            said = text.sentence(frame.entry)
            item = QTreeWidgetItem([text.short_time(frame.at_ms), said])
            item.setToolTip(0, when(frame.at_ms))
            item.setToolTip(1, f"{frame.entry.actor}: {said}")
            if frame.entry.template == TEMPLATES["mention_received"]:
                bold = item.font(1)  # the customer's messages stand out: the conversation's rhythm
                bold.setBold(True)
                item.setFont(1, bold)
            items.append(item)
        self.events.addTopLevelItems(items)
        self.export_button.setEnabled(self._export is not None)
        self.slider.setRange(0, max(0, len(replay) - 1))
        self.index = -1
        if len(replay):
            self.go_to(0)
        self.slider.setFocus()

    # --- moving -------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        if self.replay is None or not len(self.replay):
            return
        self.slider.setValue(max(0, min(index, len(self.replay) - 1)))
        self.show_frame(self.slider.value())

    def step(self, by: int) -> None:
        self.go_to(self.index + by)

    def toggle_play(self) -> None:
        if self._player.isActive():
            self.pause()
        elif self.replay is not None and len(self.replay):
            if self.index >= len(self.replay) - 1:
                self.go_to(0)  # played to the end: play again from the start
            self._player.start()
            self.play_button.setText(self.tr("⏸ Pause"))

    def pause(self) -> None:
        self._player.stop()
        self.play_button.setText(self.tr("▶ Play"))

    @property
    def playing(self) -> bool:
        return self._player.isActive()

    def _play_step(self) -> None:
        if self.replay is None or self.index >= len(self.replay) - 1:
            self.pause()
        else:
            self.step(1)

    def _on_event_chosen(self, item: QTreeWidgetItem | None, _previous) -> None:
        if item is not None:
            self.go_to(self.events.indexOfTopLevelItem(item))

    # --- showing a frame ----------------------------------------------------------------------

    def show_frame(self, index: int) -> None:
        if self.replay is None or index == self.index or not 0 <= index < len(self.replay):
            return
        self.index = index
        replay, frame = self.replay, self.replay.frames[index]
        item = self.events.topLevelItem(index)
        if self.events.currentItem() is not item:
            self.events.setCurrentItem(item)
        self.events.scrollToItem(item)
        self.position.setText(
            self.tr("Event {n} of {total} · {at}").format(
                n=index + 1, total=len(replay), at=when(frame.at_ms)
            )
        )
        said = html.escape(text.sentence(frame.entry))
        self.event_text.setText(
            f'<span style="font-size:15px;"><b>{said}</b></span>'
            + (
                f"<br><i>{html.escape(self.tr('The customer wrote again after the answer.'))}</i>"
                if frame.mood_changed
                else ""
            )
        )
        self._show_facts(index)
        self._show_conversation()
        self._show_path(frame.guidance)
        notes = replay.notes(index)
        self.notes.setHtml(
            "".join(
                f"<p><b>{html.escape(n.author)}</b> · {when(n.at_ms)}<br>{safe_text(n.text)}</p>"
                for n in notes
            )
            or f"<p><i>{html.escape(self.tr('No notes yet.'))}</i></p>"
        )
        entry, line = text.next_message(replay, index)
        shown = html.escape(line)
        if entry is not None:
            shown = f"<b>{shown}</b><br>“{safe_text(entry.text)}”"
        self.next_said.setText(shown)
        self.frame_shown.emit(index)

    def _show_facts(self, index: int) -> None:
        while self.facts.count():
            widget = self.facts.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        rows = text.facts(self.replay, index)
        half = (len(rows) + 1) // 2  # two columns of facts: the conversation keeps the height
        for i, (label, value) in enumerate(rows):
            row, column = i % half, (i // half) * 2
            name = QLabel(label + ":", objectName="caseMeta")
            shown = QLabel(value, objectName="replayFact", wordWrap=True)
            shown.setTextFormat(Qt.TextFormat.PlainText)  # names and tags are data, never markup
            top = Qt.AlignmentFlag.AlignTop
            self.facts.addWidget(name, row, column, top)
            self.facts.addWidget(shown, row, column + 1, top)
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 1)

    def _show_conversation(self) -> None:
        if self.replay is None or self.index < 0:
            return
        replay, index = self.replay, self.index
        later = replay.later(index) if self.show_later.isChecked() else ()
        document = conversation_html(
            replay.detail.context, replay.conversation(index), text.followers, later=later
        )
        self.conversation.setHtml(document)
        bar = self.conversation.verticalScrollBar()
        bar.setValue(bar.maximum() if not later else 0)  # the latest message is what happened now

    def _show_path(self, sessions) -> None:
        self.path.clear()
        if not sessions:
            self.path.addTopLevelItem(QTreeWidgetItem([self.tr("No guidance used yet.")]))
            return
        for session in sessions:
            top = QTreeWidgetItem([text.session_title(session)])
            top.setFirstColumnSpanned(True)
            for step in session.steps:
                label = step.node if step.tree == session.tree else f"{step.node} ({step.tree})"
                child = QTreeWidgetItem([label, text.step_answer(step), text.how(step)])
                tip = [f"{step.node}: {text.step_answer(step)}"]
                if step.suggested:
                    tip.append(
                        self.tr("Suggested “{option}” as {why}").format(option=step.suggested, why=step.why)
                    )
                tip += [self.tr("Note: {text}").format(text=note) for note in step.notes]
                child.setToolTip(0, "\n".join(tip))
                top.addChild(child)
            for team, mode, reason in session.escalations:
                top.addChild(
                    QTreeWidgetItem(
                        [self.tr("escalated to {team}").format(team=team), reason, mode.replace("_", " ")]
                    )
                )
            self.path.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)

    def closeEvent(self, event) -> None:
        self._stop()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def _stop(self) -> None:
        self.pause()
        if self._task is not None:
            self._task.cancel()


def _caption(label: str) -> QLabel:
    return QLabel(f"<b>{html.escape(label)}</b>", objectName="replayCaption")
