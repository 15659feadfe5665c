"""Working on the selected cases from the queue: notes, resolve with a disposition, reopen, snooze,
hand off. Each opens its dialog (one at a time), then queues one mutation per selected case through
the window's bulk path, so refusals are told the same way as for claim or assign. Hiding acts on the
selected message itself (the first selected row): hidden on its network, where the network can.

Keys on the queue: Shift+N note, R resolve, Shift+R reopen, Z snooze, H hand off, Shift+H hide.
"""

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMenu, QWidget
from qasync import asyncSlot

from console.domain.case import CaseStatus
from console.domain.disposition import DispositionCatalog
from console.domain.moderation import hide_problem
from console.domain.queue import QueueRow
from console.services.case_view import CaseViewService
from console.services.cases import CaseActions
from console.ui.handoff_dialog import HandoffDialog
from console.ui.note_dialog import NoteDialog
from console.ui.resolve_dialog import ResolveDialog
from console.ui.shortcuts import ShortcutMap
from console.ui.snooze_dialog import SnoozeDialog

Act = Callable[[Callable[[CaseActions, str], Awaitable], str], Awaitable]


class CaseWork(QObject):
    def __init__(
        self,
        window: QWidget,
        view: QWidget,
        actions: CaseActions | None,
        act: Act,
        selected_rows: Callable[[], list[QueueRow]],
        teams: Callable[[], tuple[str, ...]],
        dispositions: DispositionCatalog | None = None,
        case_view: CaseViewService | None = None,
        keys: ShortcutMap | None = None,
    ):
        super().__init__(window)
        self.keys = keys if keys is not None else ShortcutMap(parent=self)
        self._window = window
        self._actions = actions
        self._act = act
        self._rows = selected_rows
        self._teams = teams
        self._dispositions = dispositions
        self._case_view = case_view
        self.dialog: QDialog | None = None  # the one open now (kept for tests)
        on_view = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for action_id, slot in (
            ("case.note", self.ask_note),
            ("case.resolve", self.ask_resolve),
            ("case.reopen", self.reopen),
            ("case.snooze", self.ask_snooze),
            ("case.handoff", self.ask_handoff),
            ("case.hide", lambda: self.hide_selected(True)),
        ):
            self.keys.bind(action_id, view, slot, on_view)

    def fill_menu(self, menu: QMenu, suffix: str, enabled: bool) -> None:
        key = self.keys.text
        for text, slot, needs in (
            (self.tr("&Note…") + "\t" + key("case.note"), self.ask_note, True),
            (
                self.tr("Resol&ve…") + suffix + "\t" + key("case.resolve"),
                self.ask_resolve,
                self._dispositions is not None,
            ),
            (self.tr("Re&open") + suffix + "\t" + key("case.reopen"), self.reopen, True),
            (self.tr("Snoo&ze…") + suffix + "\t" + key("case.snooze"), self.ask_snooze, True),
            (self.tr("&Hand off…") + suffix + "\t" + key("case.handoff"), self.ask_handoff, True),
        ):
            menu.addAction(text, slot).setEnabled(enabled and needs)
        self._fill_moderation(menu, enabled)

    def _fill_moderation(self, menu: QMenu, enabled: bool) -> None:
        """Hide / Unhide on the selected message's network, greyed out with the reason where it cannot."""
        row, problem = self._hideable()
        network = row.network.label if row is not None else self.tr("the network")
        for text, hidden in (
            (
                self.tr("H&ide on {network}").format(network=network) + "\t" + self.keys.text("case.hide"),
                True,
            ),
            (self.tr("Unhi&de on {network}").format(network=network), False),
        ):
            action = menu.addAction(text, lambda *_checked, hidden=hidden: self.hide_selected(hidden))
            action.setEnabled(enabled and not problem)
            if problem:
                action.setToolTip(problem)
        menu.setToolTipsVisible(True)

    def _hideable(self) -> tuple[QueueRow | None, str]:
        """The message to hide (the first selected) and why it cannot be, or "" when it can."""
        rows = self._rows()
        if not rows or not rows[0].case_id:
            return None, self.tr("Select a customer's message first")
        row = rows[0]
        return row, hide_problem(row.network, row.kind, row.from_brand)

    @asyncSlot(bool)
    async def hide_selected(self, hidden: bool = True) -> None:
        row, problem = self._hideable()
        if self._actions is None:
            return
        if problem:
            self._window.statusBar().showMessage(problem, 8_000)
            return
        done = (self.tr("Hiding on {network}…") if hidden else self.tr("Showing again on {network}…")).format(
            network=row.network.label
        )
        await self._act(lambda actions, case: actions.hide(case, row.mention_id, hidden), done, [row.case_id])

    def _cases(self) -> list[QueueRow]:
        """One row per selected case, in display order."""
        seen: dict[str, QueueRow] = {}
        for row in self._rows():
            if row.case_id and row.case_id not in seen:
                seen[row.case_id] = row
        return list(seen.values())

    def _ready(self) -> list[QueueRow]:
        if self._actions is None or self.dialog is not None:  # one dialog at a time
            return []
        return self._cases()

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    @asyncSlot()
    async def ask_note(self) -> None:
        """A note on the case being read (the first selected), @mentioning colleagues."""
        rows = self._ready()
        if not rows:
            return
        directory = await self._case_view.colleagues() if self._case_view is not None else ()
        dialog = NoteDialog(directory, parent=self._window)
        case_id = rows[0].case_id
        dialog.note_saved.connect(lambda text: self._queue_note(case_id, text))
        self._open(dialog)

    @asyncSlot(str, str)
    async def _queue_note(self, case_id: str, text: str) -> None:
        await self._act(lambda actions, case: actions.note(case, text), self.tr("Note added"), [case_id])

    def ask_resolve(self) -> None:
        rows = self._ready()
        if not rows or self._dispositions is None:
            return
        dialog = ResolveDialog(self._dispositions, parent=self._window)
        dialog.resolution_chosen.connect(self._resolve)
        self._open(dialog)

    @asyncSlot(str, str)
    async def _resolve(self, disposition: str, note: str) -> None:
        known = self._dispositions.by_id(disposition)
        label = known.label if known is not None else disposition

        async def resolve(actions: CaseActions, case_id: str):
            if note:
                await actions.note(case_id, note)
            return await actions.resolve(case_id, disposition)

        await self._act(resolve, self.tr("Resolved: {label}").format(label=label))

    @asyncSlot()
    async def reopen(self) -> None:
        rows = [row for row in self._ready() if row.case_status is CaseStatus.RESOLVED]
        if not rows:
            self._window.statusBar().showMessage(self.tr("Only a resolved case can be reopened"), 5_000)
            return
        ids = [row.case_id for row in rows]
        await self._act(lambda actions, case: actions.reopen(case), self.tr("Reopen requested"), ids)

    def ask_snooze(self) -> None:
        rows = self._ready()
        if not rows:
            return
        dialog = SnoozeDialog(parent=self._window)
        dialog.snooze_chosen.connect(self._snooze)
        self._open(dialog)

    @asyncSlot(object)
    async def _snooze(self, until_ms: int | None) -> None:
        done = self.tr("Snoozed") if until_ms is not None else self.tr("Woken")
        await self._act(lambda actions, case: actions.snooze(case, until_ms), done)

    def ask_handoff(self) -> None:
        rows = self._ready()
        if not rows:
            return
        owners = {row.team for row in rows}
        current = owners.pop() if len(owners) == 1 else None
        dialog = HandoffDialog(self._teams(), current, parent=self._window)
        dialog.handoff_chosen.connect(self._hand_off)
        self._open(dialog)

    @asyncSlot(str, str)
    async def _hand_off(self, team: str, reason: str) -> None:
        await self._act(
            lambda actions, case: actions.hand_off(case, team, reason),
            self.tr("Handed to {team} · Queue › My hand-offs follows it").format(team=team),
        )
