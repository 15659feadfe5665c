"""The guidance panel beside the case view: the decision tree chosen for the case, run step by step.

It shows the tree and why it was chosen, a breadcrumb of the answers that count (click one to change
it), the current step (guidance_step.py) and what the session did by itself on the way. Keys, on the
panel only (the queue keeps J/K/N): 1–9 choose, Enter accepts the suggestion (or starts, continues,
does the action), Backspace and Alt+Left go back, N notes the step, Ctrl+K jumps, M opens the map.

Replies of response steps go into the composer (``reply_ready``); nothing is sent from here. An
escalate step opens its reason dialog and, confirmed, hands the case off (or tells the team in a
note). Ctrl+K to a step on the way edits that answer; to a step elsewhere opens the map on it, since
the session can only get there by the answers that lead there; to a template puts it in the reply.
"""

import asyncio
import html
from collections.abc import Awaitable, Callable, Coroutine

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from console.domain.canned import TemplateError
from console.domain.canned import parse as parse_template
from console.domain.sync import AppliedChanges
from console.guidance.session_events import Entered, Event
from console.guidance.tree import ActionNode, EscalateNode, InputNode, QuestionNode
from console.services.errors import KnownError
from console.services.guidance import GuidanceRun, GuidanceService, TreeEntry
from console.ui.escalation_dialog import EscalationDialog
from console.ui.guidance_map import TreeMap
from console.ui.guidance_palette import JumpPalette, JumpTarget
from console.ui.guidance_step import MAX_KEYED, StepView
from console.ui.translation import error_text

Move = Callable[[GuidanceRun], Awaitable[tuple[Event, ...]]]


class GuidancePanel(QFrame):
    message = Signal(str)
    """Something to tell the agent in the status area (a step refused, an escalation carried out)."""
    reply_ready = Signal(str, object, object)
    """A reply for the composer: (title, Template, values by variable)."""

    def __init__(self, service: GuidanceService, parent: QWidget | None = None):
        super().__init__(parent, objectName="guidancePanel")
        self.setAccessibleDescription(
            self.tr("Steps for this case: the number keys choose an option, Enter takes the suggested one")
        )
        self.setAccessibleName(self.tr("Guidance"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._service = service
        self._run: GuidanceRun | None = None
        self._case_id: str | None = None
        self._mention_id: str | None = None
        self._load_task: asyncio.Task | None = None
        self._busy = False
        self._tasks: set[asyncio.Task] = set()
        self.dialog: QDialog | None = None  # the one open now (kept for tests)
        self.loaded = False  # the shown case's run (or its absence) is known
        self._build_ui()
        self._shortcuts()
        self.setVisible(False)

    @property
    def run(self) -> GuidanceRun | None:
        return self._run

    def _build_ui(self) -> None:
        self.title = QLabel(objectName="guidanceTitle", wordWrap=True)
        self.why = QLabel(objectName="guidanceWhy", wordWrap=True)
        self.switch_button = QPushButton(self.tr("Switch tree…"), objectName="guidanceButton")
        self.switch_button.setToolTip(self.tr("Run another tree on this case; this session stays in the log"))
        self.switch_button.clicked.connect(self.ask_switch)
        self.map_button = QPushButton(self.tr("Map"), objectName="guidanceButton")
        self.map_button.setToolTip(self.tr("The whole tree, the way taken highlighted (M)"))
        self.map_button.clicked.connect(lambda: self.show_map())
        self.jump_button = QPushButton(self.tr("Jump…"), objectName="guidanceButton")
        self.jump_button.setToolTip(self.tr("Jump to a step or template (Ctrl+K)"))
        self.jump_button.clicked.connect(self.open_palette)
        tools = QHBoxLayout()
        tools.setSpacing(6)
        for button in (self.switch_button, self.map_button, self.jump_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tools.addWidget(button)
        tools.addStretch(1)
        self.crumbs = QLabel(objectName="guidanceCrumbs", wordWrap=True)
        self.crumbs.setTextFormat(Qt.TextFormat.RichText)
        self.crumbs.setToolTip(self.tr("The answers so far: click one to change it"))
        self.crumbs.linkActivated.connect(self._crumb_clicked)
        self.step = StepView()
        self.step.option_chosen.connect(self.choose)
        self.step.submitted.connect(self.accept)
        self.step.start_requested.connect(self.start)
        self.back_button = QPushButton(self.tr("← Back"), objectName="guidanceButton")
        self.back_button.setToolTip(self.tr("Back to the previous decision (Backspace, Alt+Left)"))
        self.back_button.clicked.connect(self.back)
        self.note_button = QPushButton(self.tr("Note…"), objectName="guidanceButton")
        self.note_button.setToolTip(self.tr("A note on this step (N)"))
        self.note_button.clicked.connect(self.ask_note)
        footer = QHBoxLayout()
        for button in (self.back_button, self.note_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            footer.addWidget(button)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        heading = QLabel(self.tr("Guidance"), objectName="guidanceHeading")
        layout.addWidget(heading)
        layout.addWidget(self.title)
        layout.addWidget(self.why)
        layout.addLayout(tools)
        layout.addWidget(self.crumbs)
        # A long prompt or many fields scroll inside the step; the tools and Back/Note stay in view.
        scroll = QScrollArea(objectName="guidanceScroll", widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.step)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)

    def _shortcuts(self) -> None:
        here = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for number in range(1, MAX_KEYED + 1):
            QShortcut(
                QKeySequence(str(number)), self, activated=lambda n=number: self.choose(n), context=here
            )
        for keys, slot in (
            (Qt.Key.Key_Return, self.accept),
            (Qt.Key.Key_Enter, self.accept),
            (Qt.Key.Key_Backspace, self.back),
            ("Alt+Left", self.back),
            ("N", self.ask_note),
            ("Ctrl+K", self.open_palette),
            ("M", lambda: self.show_map()),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot, context=here)

    # The shown case.

    def show_case(self, case_id: str | None, mention_id: str | None = None) -> None:
        """Guide ``case_id`` (None: no case, the panel hides). Latest wins."""
        if case_id == self._case_id:
            return
        if self._load_task and not self._load_task.done():
            self._load_task.cancel()
        self._case_id, self._mention_id = case_id, mention_id
        self._run = None
        self.loaded = False
        self.setVisible(case_id is not None)
        self._render()
        if case_id is not None:
            self._load_task = asyncio.ensure_future(self._load(case_id, mention_id))

    async def _load(self, case_id: str, mention_id: str | None) -> None:
        try:
            run = await self._service.open(case_id, mention_id)
        except KnownError as error:
            run = None
            self.message.emit(error_text(error))
        if case_id != self._case_id:
            return
        self._run = run
        self.loaded = True
        self._render()

    def apply_changes(self, changes: AppliedChanges) -> None:
        """Another desk may have moved this case's session on: take it up if it is further along. A
        case no tree was found for looks again when published trees or choice rules arrive."""
        run = self._run
        if run is None and self.loaded and self._case_id is not None and (changes.trees or changes.reset):
            # "No tree for this case" may only mean the trees or their rules had not synced yet
            self._load_task = asyncio.ensure_future(self._load(self._case_id, self._mention_id))
            return
        if run is None or not run.started or self._busy or self._case_id not in changes.cases:
            return
        self._task(self._catch_up(run))

    async def _catch_up(self, run: GuidanceRun) -> None:
        try:
            fresh = await self._service.open(run.case_id, self._mention_id)
        except KnownError:
            return  # only a hint that another desk moved on: the run shown stays as it is
        if (
            fresh is not None
            and self._run is run
            and fresh.session_id == run.session_id
            and len(fresh.session.events) > len(run.session.events)
        ):
            self._run = fresh
            self._render()

    def shutdown(self) -> None:
        for task in [self._load_task, *self._tasks]:
            if task is not None:
                task.cancel()

    def _task(self, work: Coroutine) -> asyncio.Task:
        """Keep a reference while it runs: the loop holds tasks only weakly."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # What the agent does (keys and clicks).

    def choose(self, number: int) -> None:
        """Key 1–9: a question's option (an override when another is suggested), an action's outcome."""
        run = self._run
        if run is None or not run.started or run.ended:
            return
        node = run.session.current
        if isinstance(node, QuestionNode) and 1 <= number <= len(node.options):
            label = node.options[number - 1].label
            self._spawn(lambda r: r.answer(label))
        elif isinstance(node, ActionNode) and number == 1:
            self._perform()
        elif isinstance(node, ActionNode) and number == 2:
            self._spawn(lambda r: r.answer("failure"))
        elif isinstance(node, EscalateNode) and number == 1:
            self._ask_escalation(node)

    def accept(self) -> None:
        """Enter: start; accept the suggestion; continue past an input; do the action."""
        run = self._run
        if run is None:
            return
        if not run.started:
            self.start()
            return
        if run.ended:
            self.message.emit(self.tr("This session has ended: “Start again” begins a new one"))
            return
        node = run.session.current
        if isinstance(node, InputNode):
            try:
                values = self.step.input_values()
            except ValueError as problem:
                self.message.emit(str(problem))
                return
            self._spawn(lambda r: r.answer(values))
        elif isinstance(node, ActionNode):
            self._perform()
        elif isinstance(node, EscalateNode):
            self._ask_escalation(node)
        elif run.session.suggestion is not None:
            self._spawn(lambda r: r.accept())
        else:
            self.message.emit(self.tr("Nothing is suggested here: choose with the number keys"))

    def start(self) -> None:
        run = self._run
        if run is None:
            return
        if run.ended:
            self._restart(run)
            return
        self._spawn(lambda r: r.start())

    def back(self) -> None:
        run = self._run
        if run is not None and run.started and not run.ended:
            self._spawn(lambda r: r.back())

    def edit(self, node_id: str, tree: str | None = None) -> None:
        run = self._run
        if run is not None and run.started and not run.ended:
            self._spawn(lambda r: r.edit(node_id, tree))

    def ask_note(self) -> None:
        run = self._run
        if run is None or not run.started or self.dialog is not None:
            return
        dialog = QInputDialog(self.window(), objectName="guidanceNoteDialog")
        dialog.setWindowTitle(self.tr("Note on this step"))
        dialog.setLabelText(
            self.tr("A note on “{node}” (kept with the session):").format(node=run.session.current.id)
        )
        dialog.textValueSelected.connect(lambda text: self._spawn(lambda r: r.note(text)))
        self._open(dialog)

    def open_palette(self) -> None:
        run = self._run
        if run is None or self.dialog is not None:
            return
        palette = JumpPalette(run.tree, run.session.path, self.window())
        palette.jumped.connect(self.jump)
        self._open(palette)

    def jump(self, target: JumpTarget) -> None:
        run = self._run
        if run is None:
            return
        if target.kind == "template":
            found = run.template(target.name)
            if found is not None:
                self.reply_ready.emit(target.name, *found)
                self.message.emit(self.tr("Template “{name}” put into the reply").format(name=target.name))
            return
        current = run.session.current
        on_way = run.started and target.name in run.session.path
        if current is not None and target.name == current.id and not run.ended:
            return
        if on_way and not run.ended:
            self.edit(target.name)
            return
        self.message.emit(
            self.tr("“{node}” is not on the way here: the map shows where it sits").format(node=target.name)
        )
        self.show_map(target.name)

    def show_map(self, selected: str | None = None) -> None:
        run = self._run
        if run is None or self.dialog is not None:
            return
        path = run.session.path if run.started else ()
        current = run.session.current.id if run.started and run.session.current is not None else None
        tree_map = TreeMap(run.tree, path, current, selected, self.window())
        tree_map.node_clicked.connect(self._map_clicked)
        self._open(tree_map)

    @asyncSlot()
    async def ask_switch(self) -> None:
        if self._case_id is None:
            return
        try:
            entries = await self._service.trees()
        except KnownError as error:
            self.message.emit(error_text(error))
            return
        menu = QMenu(self)
        current = self._run.entry.key if self._run else None
        for entry in entries:
            action = menu.addAction(f"{entry.title}  ·  v{entry.version}", lambda e=entry: self.switch_to(e))
            action.setCheckable(True)
            action.setChecked(entry.key == current)
        self.switch_menu = menu  # kept for tests
        menu.popup(self.switch_button.mapToGlobal(self.switch_button.rect().bottomLeft()))

    @asyncSlot(object)
    async def switch_to(self, entry: TreeEntry) -> None:
        """A new session on ``entry`` (not started); the current one stays in the case's log as left."""
        case_id = self._case_id
        if case_id is None:
            return
        was = self._run.entry.title if self._run else None
        why = self.tr("switched by you") + (self.tr(" from {title}").format(title=was) if was else "")
        try:
            run = await self._service.new_run(case_id, entry.tree_id, entry.version, why)
        except KnownError as error:
            self.message.emit(error_text(error))
            return
        if case_id == self._case_id:
            self._run = run
            self._render()
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    # Inside.

    def _restart(self, run: GuidanceRun) -> None:
        async def restart() -> None:
            try:
                fresh = await self._service.new_run(
                    run.case_id, run.entry.tree_id, run.entry.version, "started again"
                )
            except KnownError as error:
                self.message.emit(error_text(error))
                return
            if self._run is run:
                self._run = fresh
                self._render()

        self._task(restart())

    def _perform(self) -> None:
        async def perform(run: GuidanceRun) -> tuple[Event, ...]:
            reason, added = await run.perform()
            self.message.emit(
                self.tr("The action failed: {reason}").format(reason=reason) if reason else self.tr("Done")
            )
            return added

        self._spawn(perform)

    def _spawn(self, move: Move) -> None:
        run = self._run
        if run is None or self._busy:
            return
        self._busy = True
        self._task(self._move(run, move))

    async def _move(self, run: GuidanceRun, move: Move) -> None:
        had_focus = self.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        try:
            added = await move(run)
        except KnownError as error:
            self.message.emit(error_text(error))
            return
        finally:
            self._busy = False
        if run is not self._run:
            return
        self._render()
        self._after(run, added)
        if had_focus or self.hasFocus():  # after the replies: the composer took the focus to insert them
            self._settle_focus()

    def _after(self, run: GuidanceRun, added: tuple[Event, ...]) -> None:
        """Replies the session reached go into the composer."""
        steps = {s.index: s for s in run.session.steps}
        for event in added:
            if isinstance(event, Entered) and event.index in steps and steps[event.index].reply is not None:
                reply = steps[event.index].reply
                try:
                    template = parse_template(reply.source)
                except TemplateError:
                    continue
                self.reply_ready.emit(reply.template, template, dict(reply.values))

    def _ask_escalation(self, node: EscalateNode) -> None:
        """The reason dialog; confirmed, the case is handed off (or the team told) and only then is
        the escalation recorded and the session goes on. Cancelled, the session stays at the step."""
        if self.dialog is not None or self._run is None:
            return
        dialog = EscalationDialog(node, self.window())
        dialog.reason_given.connect(lambda reason: self._spawn(lambda r: self._escalate(r, reason)))
        dialog.rejected.connect(
            lambda: self.message.emit(
                self.tr("Not escalated to {team} yet: Enter asks again, Backspace goes back").format(
                    team=node.team
                )
            )
        )
        self._open(dialog)

    async def _escalate(self, run: GuidanceRun, reason: str) -> tuple[Event, ...]:
        done, added = await run.escalate(reason)
        self.message.emit(done)
        return added

    def _open(self, dialog: QDialog) -> None:
        """Dialogs belong to the window, not the panel: the panel's keys (Enter, 1–9) must not reach
        into them."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _map_clicked(self, node_id: str) -> None:
        run = self._run
        if run is not None and run.started and not run.ended and node_id in run.session.path[:-1]:
            if self.dialog is not None:
                self.dialog.accept()
            self.edit(node_id)

    def _crumb_clicked(self, link: str) -> None:
        tree, _, node = link.partition("|")
        run = self._run
        self.edit(node, None if run is not None and tree == run.entry.key else tree)

    def _settle_focus(self) -> None:
        field = self.step.first_field()
        (field or self).setFocus(Qt.FocusReason.OtherFocusReason)

    def _render(self) -> None:
        run = self._run
        has_run = run is not None
        for button in (self.map_button, self.jump_button):
            button.setEnabled(has_run)
        self.switch_button.setEnabled(self._case_id is not None)
        started = has_run and run.started and not run.ended
        self.back_button.setEnabled(started and any(True for _ in run.session.answers))
        self.note_button.setEnabled(has_run and run.started)
        if run is None:
            self.title.setText(self.tr("No tree for this case") if self.loaded else self.tr("Loading…"))
            self.why.clear()
            self.crumbs.clear()
            self.crumbs.hide()
            text = self.tr("No decision tree applies. “Switch tree…” picks one.") if self.loaded else ""
            self.step.show_empty(text)
            return
        self.title.setText(f"{run.entry.title}  ·  v{run.entry.version}")
        self.why.setText(self.tr("Chosen: {why}").format(why=run.why))
        self.crumbs.setText(self._crumb_html(run))
        self.crumbs.setVisible(bool(self.crumbs.text()))
        if not run.started:
            self.step.show_ready(run)
        else:
            self.step.show_run(run)

    def _crumb_html(self, run: GuidanceRun) -> str:
        parts = []
        for answer in run.session.answers:
            if answer.values is not None:
                given = ", ".join(f"{name} {value}" for name, value in answer.values if value is not None)
                text = given or self.tr("(nothing)")
            else:
                text = answer.option or ""
            label = html.escape(f"{answer.node}: {text}")
            link = html.escape(f"{answer.tree}|{answer.node}", quote=True)
            parts.append(f'<a href="{link}">{label}</a>')
        return " › ".join(parts)
