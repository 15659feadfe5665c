"""The filter bar: saved views, one drop-down per filter, quick search. It builds a QueueQuery;
the query runs in SQL (never a proxy model)."""

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from console.domain.case import CaseStatus
from console.domain.clock import now_ms
from console.domain.intent import Intent
from console.domain.network import Network
from console.domain.queue import UNASSIGNED, FilterChoices, QueueQuery
from console.domain.sentiment import Sentiment
from console.domain.sla import SlaState
from console.domain.views import SavedView, builtin_views
from console.services.preferences import Preferences

_HOUR = 3_600_000
# The choices shown through ``self.tr(value.capitalize())``: sentiments, statuses and intents.
_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("FilterBar", "Negative"),
    QT_TRANSLATE_NOOP("FilterBar", "Neutral"),
    QT_TRANSLATE_NOOP("FilterBar", "Positive"),
    QT_TRANSLATE_NOOP("FilterBar", "New"),
    QT_TRANSLATE_NOOP("FilterBar", "Open"),
    QT_TRANSLATE_NOOP("FilterBar", "Pending"),
    QT_TRANSLATE_NOOP("FilterBar", "Resolved"),
    QT_TRANSLATE_NOOP("FilterBar", "Crisis"),
    QT_TRANSLATE_NOOP("FilterBar", "Spam"),
    QT_TRANSLATE_NOOP("FilterBar", "Complaint"),
    QT_TRANSLATE_NOOP("FilterBar", "Lead"),
    QT_TRANSLATE_NOOP("FilterBar", "Question"),
    QT_TRANSLATE_NOOP("FilterBar", "Praise"),
    QT_TRANSLATE_NOOP("FilterBar", "Other"),
)
_DATE_RANGES = (
    (QT_TRANSLATE_NOOP("FilterBar", "Any time"), None),
    (QT_TRANSLATE_NOOP("FilterBar", "Last hour"), _HOUR),
    (QT_TRANSLATE_NOOP("FilterBar", "Last 24 hours"), 24 * _HOUR),
    (QT_TRANSLATE_NOOP("FilterBar", "Last 7 days"), 168 * _HOUR),
)


class ChoiceFilter(QToolButton):
    """A drop-down of checkable choices; none checked means "any"."""

    changed = Signal()
    """The agent checked or unchecked a choice."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None):
        super().__init__(parent, objectName=f"{name}Filter")
        self._title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName(title)
        self.setMenu(QMenu(self))
        self._actions: dict[object, QAction] = {}
        self._update_text()

    def set_choices(self, choices: list[tuple[object, str]]) -> None:
        """Replace the choices, keeping what was checked among them."""
        checked = self.values()
        menu = self.menu()
        menu.clear()
        self._actions = {}
        for value, label in choices:
            action = QAction(label, menu, checkable=True)
            action.setChecked(value in checked)
            action.toggled.connect(self._toggled)
            menu.addAction(action)
            self._actions[value] = action
        self._update_text()

    def values(self) -> frozenset:
        return frozenset(v for v, a in self._actions.items() if a.isChecked())

    def set_values(self, values: frozenset) -> None:
        for value, action in self._actions.items():
            blocker = action.blockSignals(True)
            action.setChecked(value in values)
            action.blockSignals(blocker)
        self._update_text()

    def _toggled(self, _on: bool) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        chosen = [a.text() for a in self._actions.values() if a.isChecked()]
        if not chosen:
            self.setText(self._title)
        elif len(chosen) == 1:
            self.setText(f"{self._title}: {chosen[0]}")
        else:
            self.setText(f"{self._title} ({len(chosen)})")
        self.setProperty("active", bool(chosen))
        self.style().unpolish(self)
        self.style().polish(self)


class FilterBar(QWidget):
    changed = Signal()
    """A filter, the view or the search text changed (the search after a short pause)."""

    def __init__(self, preferences: Preferences | None, parent: QWidget | None = None):
        super().__init__(parent, objectName="filterControls")
        self._preferences = preferences
        self._user_id: str | None = None
        self.views = QComboBox(objectName="viewChooser")
        self.views.setAccessibleDescription(self.tr("A saved set of filters and sort for the queue"))
        self.views.setAccessibleName(self.tr("Saved view"))
        self.save_view = QToolButton(objectName="saveViewButton", text=self.tr("Save view…"))
        self.save_view.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        view_menu = QMenu(self.save_view)
        view_menu.addAction(self.tr("Delete this view"), self.delete_current_view)
        self.save_view.setMenu(view_menu)
        self.save_view.clicked.connect(self.ask_to_save_view)
        self.network = ChoiceFilter(self.tr("Network"), "network")
        self.network.set_choices([(n, n.label) for n in Network])
        self.account = ChoiceFilter(self.tr("Account"), "account")
        self.team = ChoiceFilter(self.tr("Team"), "team")
        self.sentiment = ChoiceFilter(self.tr("Sentiment"), "sentiment")
        self.sentiment.set_choices([(s, self.tr(s.value.capitalize())) for s in Sentiment])
        self.status = ChoiceFilter(self.tr("Status"), "status")
        self.status.set_choices([(s, self.tr(s.value.capitalize())) for s in CaseStatus])
        self.assignee = ChoiceFilter(self.tr("Assignee"), "assignee")
        self.assignee.set_choices([(UNASSIGNED, self.tr("Unassigned"))])
        self.language = ChoiceFilter(self.tr("Language"), "language")
        self.intent = ChoiceFilter(self.tr("Intent"), "intent")
        self.intent.set_choices([(i.value, self.tr(i.value.capitalize())) for i in Intent])
        self.sla = ChoiceFilter(self.tr("SLA"), "sla")
        self.sla.set_choices(
            [
                (SlaState.BREACHED, self.tr("Breached")),
                (SlaState.AT_RISK, self.tr("At risk")),
                (SlaState.OK, self.tr("On time")),
            ]
        )
        self.date = QComboBox(objectName="dateFilter")
        self.date.setAccessibleDescription(self.tr("Shows only mentions from this period"))
        self.date.setAccessibleName(self.tr("Date filter"))
        for label, span in _DATE_RANGES:
            self.date.addItem(self.tr(label), span)
        self.search = QLineEdit(objectName="searchField")
        self.search.setPlaceholderText(self.tr("Search words and authors  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the queue"))
        self.search.setMinimumWidth(240)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for widget in (self.views, self.save_view, *self.filters, self.date):
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=250, timeout=self.changed.emit)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        for choice in self.filters:
            choice.changed.connect(self._edited)
        self.date.currentIndexChanged.connect(self._date_changed)
        self.views.activated.connect(self._view_chosen)
        self._since_ms: int | None = None
        self._crisis = False
        self._fill_views()

    @property
    def user_id(self) -> str | None:
        """Whose "Me" and "My queue" the bar offers."""
        return self._user_id

    @property
    def filters(self) -> tuple[ChoiceFilter, ...]:
        return (
            self.network,
            self.account,
            self.team,
            self.sentiment,
            self.status,
            self.assignee,
            self.language,
            self.intent,
            self.sla,
        )

    def set_choices(self, choices: FilterChoices, user_id: str | None) -> None:
        self.account.set_choices(list(choices.accounts))
        self.team.set_choices([(t, t) for t in choices.teams])
        me = [(user_id, self.tr("Me"))] if user_id else []
        others = [(i, n) for i, n in choices.people if i != user_id]
        self.assignee.set_choices([(UNASSIGNED, self.tr("Unassigned")), *me, *others])
        self.language.set_choices([(code, code or "?") for code in choices.languages])
        if user_id != self._user_id:
            self._user_id = user_id
            self._fill_views()

    def query(self, current: QueueQuery) -> QueueQuery:
        """The filters as the agent set them, under ``current``'s sort."""
        span = self.date.currentData()
        if span is None:
            self._since_ms = None
        elif self._since_ms is None:
            self._since_ms = now_ms() - span  # fixed when chosen: the queue does not shift under the agent
        return replace(
            current,
            networks=self.network.values(),
            accounts=self.account.values(),
            teams=self.team.values(),
            sentiments=self.sentiment.values(),
            statuses=self.status.values(),
            assignees=self.assignee.values(),
            languages=self.language.values(),
            intents=self.intent.values(),
            sla_states=self.sla.values(),
            crisis=self._crisis,
            since_ms=self._since_ms,
            until_ms=None,
            text=self.search.text().strip(),
        )

    def show_query(self, query: QueueQuery) -> None:
        """Set every control from ``query`` (a saved view), then announce one change."""
        for choice, values in zip(
            self.filters,
            (
                query.networks,
                query.accounts,
                query.teams,
                query.sentiments,
                query.statuses,
                query.assignees,
                query.languages,
                query.intents,
                query.sla_states,
            ),
            strict=True,
        ):
            choice.set_values(values)
        self._crisis = query.crisis  # only views set it: no control of its own
        blocker = self.date.blockSignals(True)
        self.date.setCurrentIndex(0)
        self.date.blockSignals(blocker)
        self._since_ms = query.since_ms
        blocker = self.search.blockSignals(True)
        self.search.setText(query.text)
        self.search.blockSignals(blocker)
        self.changed.emit()

    # -- saved views -------------------------------------------------------------------------------

    def all_views(self) -> list[SavedView]:
        own = self._preferences.views if self._preferences else []
        return builtin_views(self._user_id) + own

    def _fill_views(self) -> None:
        current = self.views.currentText()
        blocker = self.views.blockSignals(True)
        self.views.clear()
        for view in self.all_views():
            self.views.addItem(self.tr(view.name) if view.builtin else view.name, view)
        found = self.views.findText(current)
        self.views.setCurrentIndex(max(found, 0))
        self.views.blockSignals(blocker)

    def choose_view(self, name: str) -> None:
        index = self.views.findText(name)
        if index >= 0:
            self.views.setCurrentIndex(index)
            self._view_chosen(index)

    def _view_chosen(self, index: int) -> None:
        view: SavedView | None = self.views.itemData(index)
        if view is not None:
            self.show_query(view.query)

    def _edited(self) -> None:
        self.changed.emit()

    def _date_changed(self, _index: int) -> None:
        self._since_ms = None  # measured again from now
        self.changed.emit()

    def ask_to_save_view(self) -> None:
        if self._preferences is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Save view"), self.tr("Name of this view:"))
        if ok and name.strip():
            self.save_current_view(name.strip())

    def save_current_view(self, name: str) -> None:
        if self._preferences is None:
            return
        self._preferences.save_view(SavedView(name, self.query(QueueQuery())))
        self._fill_views()
        self.views.setCurrentIndex(self.views.findText(name))

    def delete_current_view(self) -> None:
        view: SavedView | None = self.views.currentData()
        if self._preferences is None or view is None or view.builtin:
            return
        self._preferences.delete_view(view.name)
        self._fill_views()
        self.views.setCurrentIndex(0)
        self._view_chosen(0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
