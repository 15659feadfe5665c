"""The "Snooze…" dialog: out of the queue until a preset time or a chosen one.

Presets show the time they mean ("Tomorrow 09:00 — Tue 8 Dec"); "At" takes a date and time typed
or picked from the calendar. A time in the past or more than 30 days ahead is refused here, with
the reason, before the hub would refuse it. "Wake now" appears for a case that is snoozed already.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms as clock_now_ms
from console.domain.snooze import Preset, SnoozeProblem, check_until, local_ms, preset_until_ms

_CUSTOM = 100  # a button id of its own; -1 would ask QButtonGroup for an automatic one


def system_zone() -> tzinfo:
    """The workstation's zone as a zoneinfo zone (so DST applies); a fixed offset when unknown."""
    try:
        return ZoneInfo(QTimeZone.systemTimeZoneId().data().decode())
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.now().astimezone().tzinfo or UTC


class SnoozeDialog(QDialog):
    snooze_chosen = Signal(object)
    """A time was chosen: UTC epoch milliseconds, or None to wake a snoozed case now."""

    def __init__(
        self,
        snoozed_until_ms: int | None = None,
        zone: tzinfo | None = None,
        clock: Callable[[], int] = clock_now_ms,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, objectName="snoozeDialog")
        self.setWindowTitle(self.tr("Snooze case"))
        self._zone = zone or system_zone()
        self._clock = clock
        self._snoozed = snoozed_until_ms
        self._build_ui()

    def _labels(self) -> dict[Preset, str]:
        return {
            Preset.ONE_HOUR: self.tr("In &1 hour"),
            Preset.FOUR_HOURS: self.tr("In &4 hours"),
            Preset.TOMORROW_MORNING: self.tr("&Tomorrow 09:00"),
            Preset.NEXT_MONDAY_MORNING: self.tr("Next &Monday 09:00"),
        }

    def _build_ui(self) -> None:
        now = self._clock()
        heading = QLabel(self.tr("Take the case out of the queue until:"))
        self.group = QButtonGroup(self)
        self.presets: dict[Preset, QRadioButton] = {}
        grid = QGridLayout()
        for row, (preset, label) in enumerate(self._labels().items()):
            button = QRadioButton(label)
            when = QLabel(self._when(preset_until_ms(preset, now, self._zone)), objectName="snoozeWhen")
            button.setAccessibleDescription(when.text())
            self.group.addButton(button, row)
            self.presets[preset] = button
            grid.addWidget(button, row, 0)
            grid.addWidget(when, row, 1)
        self.custom = QRadioButton(self.tr("&At:"))
        self.group.addButton(self.custom, _CUSTOM)
        self.at = QDateTimeEdit(calendarPopup=True, objectName="snoozeAt")
        self.at.setAccessibleName(self.tr("Snooze until date and time"))
        self.at.setDisplayFormat(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        self.set_custom(self._local(preset_until_ms(Preset.TOMORROW_MORNING, now, self._zone)))
        self.at.setEnabled(False)
        grid.addWidget(self.custom, len(self.presets), 0)
        grid.addWidget(self.at, len(self.presets), 1)
        self.problem = QLabel(objectName="dialogProblem", wordWrap=True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.snooze_button = QPushButton(self.tr("&Snooze"), default=True)
        self.buttons.addButton(self.snooze_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.wake_button = QPushButton(self.tr("&Wake now"))
        self.buttons.addButton(self.wake_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.wake_button.setVisible(self._snoozed is not None)  # after addButton, which shows it
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if self._snoozed is not None:
            now_until = self.tr("Snoozed now until {when}.").format(when=self._when(self._snoozed))
            layout.addWidget(QLabel(now_until))
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.group.idToggled.connect(self._toggled)
        self.at.dateTimeChanged.connect(lambda _value: self.problem.hide())
        self.buttons.accepted.connect(self._snooze)
        self.buttons.rejected.connect(self.reject)
        self.wake_button.clicked.connect(self._wake)
        self.presets[Preset.ONE_HOUR].setChecked(True)

    def showEvent(self, event: QShowEvent) -> None:
        # Focus set before the first show is lost to the dialog's own choice (its default button).
        super().showEvent(event)
        self.group.checkedButton().setFocus()

    def _local(self, ms: int) -> datetime:
        return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(self._zone)

    def _when(self, ms: int) -> str:
        moment = self._local(ms)
        value = QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))
        return QLocale().toString(value, "ddd d MMM, HH:mm")

    def set_custom(self, moment: datetime) -> None:
        """Put a wall-clock time (in the dialog's zone) in the "At" field."""
        self.at.setDateTime(
            QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))
        )

    def _toggled(self, button_id: int, checked: bool) -> None:
        if button_id == _CUSTOM:
            self.at.setEnabled(checked)
            if checked:
                self.at.setFocus()
        self.problem.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter snoozes from anywhere, the date field included (it would otherwise swallow it).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._snooze()
            return
        super().keyPressEvent(event)

    def until_ms(self) -> int:
        """The time currently chosen, as UTC epoch ms."""
        now = self._clock()
        for preset, button in self.presets.items():
            if button.isChecked():
                return preset_until_ms(preset, now, self._zone)
        value = self.at.dateTime()
        day, clock = value.date(), value.time()
        wall = date(day.year(), day.month(), day.day()), time(clock.hour(), clock.minute())
        return local_ms(*wall, self._zone)

    def _snooze(self) -> None:
        until = self.until_ms()
        problem = check_until(until, self._clock())
        if problem is SnoozeProblem.PAST:
            self._refuse(self.tr("That time has passed: choose a time later than now."))
        elif problem is SnoozeProblem.TOO_FAR:
            self._refuse(self.tr("Snooze for 30 days at most; for longer, resolve the case instead."))
        else:
            self.snooze_chosen.emit(until)
            self.accept()

    def _refuse(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.at.setFocus()

    def _wake(self) -> None:
        self.snooze_chosen.emit(None)
        self.accept()
