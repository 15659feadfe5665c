"""Edit → Settings…: appearance, notifications, shortcuts and sync, each change saved and applied as
it is made (theme, text size and keys at once; the history horizon at the next start)."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.services.user_settings import FONT_SCALE_RANGE, HELP, LANGUAGES, SettingsStore, help_text
from console.ui import accessible
from console.ui.shortcuts import SHORTCUTS, ShortcutConflictError, ShortcutMap, translated
from console.ui.style import THEMES, apply_theme, load_theme
from console.ui.translation import shown

# The themes' labels (resources/styles/themes/*.json), for the extractor: the combo box translates them.
_THEME_LABELS = (
    QT_TRANSLATE_NOOP("SettingsDialog", "Light"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Dark"),
    QT_TRANSLATE_NOOP("SettingsDialog", "High contrast"),
)


class SettingsDialog(QDialog):
    applied = Signal(str)
    """A setting was saved and applied (its name)."""

    def __init__(
        self, store: SettingsStore, keys: ShortcutMap, hub_label: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self._store = store
        self.keys = keys
        layout = QVBoxLayout(self)
        if store.problems:  # a damaged file set aside, a bad value replaced: say so where it is edited
            problems = QLabel("\n".join(store.problems), objectName="settingsProblem", wordWrap=True)
            layout.addWidget(problems)
        self.tabs = QTabWidget(objectName="settingsTabs")
        accessible.name(self.tabs, self.tr("Settings pages"))
        self.tabs.addTab(self._appearance_page(), self.tr("&Appearance"))
        self.tabs.addTab(self._notifications_page(), self.tr("&Notifications"))
        self.tabs.addTab(self._shortcuts_page(), self.tr("S&hortcuts"))
        self.tabs.addTab(self._sync_page(hub_label), self.tr("S&ync"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(QLabel(self.tr("Changes are saved as you make them."), objectName="settingsHelp"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, rejected=self.reject)
        layout.addWidget(buttons)
        self.resize(680, 560)

    # -- pages -------------------------------------------------------------------------------------

    def _help(self, name: str) -> QLabel:
        return QLabel(shown(HELP, help_text(name)), objectName="settingsHelp", wordWrap=True)

    def _appearance_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        values = self._store.values
        self.theme = QComboBox(objectName="settingsTheme")
        self.theme.setAccessibleDescription(shown(HELP, help_text("theme")))  # the help under it, read out
        for name in THEMES:
            self.theme.addItem(self.tr(load_theme(name).label), name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(values.theme)))
        self.theme.setAccessibleName(self.tr("Theme"))
        self.theme.currentIndexChanged.connect(lambda _i: self._set_appearance("theme"))
        form.addRow(self.tr("&Theme"), self.theme)
        form.addRow("", self._help("theme"))
        self.font_scale = QSpinBox(objectName="settingsFontScale")
        self.font_scale.setAccessibleDescription(shown(HELP, help_text("font_scale")))
        self.font_scale.setRange(*FONT_SCALE_RANGE)
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setValue(values.font_scale)
        self.font_scale.setAccessibleName(self.tr("Text size"))
        self.font_scale.valueChanged.connect(lambda _v: self._set_appearance("font_scale"))
        form.addRow(self.tr("Text &size"), self.font_scale)
        form.addRow("", self._help("font_scale"))
        self.language = QComboBox(objectName="settingsLanguage")
        self.language.setAccessibleDescription(shown(HELP, help_text("language")))
        # Each language by its own name, so whoever reads the list finds theirs whatever is shown now.
        names = {"system": self.tr("System"), "en": "English", "de": "Deutsch"}
        for code in LANGUAGES:
            self.language.addItem(names[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(values.language)))
        self.language.currentIndexChanged.connect(
            lambda _i: self._save("language", self.language.currentData())
        )
        form.addRow(self.tr("&Language"), self.language)
        form.addRow("", self._help("language"))
        form.addRow(
            "", QLabel(self.tr("A new language applies at the next start."), objectName="settingsHelp")
        )
        return page

    def _notifications_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.notification_boxes: dict[str, QCheckBox] = {}
        for name, label in (
            ("notify_sla_breach", self.tr("SLA &breaches")),
            ("notify_crisis", self.tr("&Crisis alerts")),
            ("notify_team_notes", self.tr("&Team notes from supervisors")),
            ("notify_mentions", self.tr("&Mentions in case notes")),
            ("notify_claim_requests", self.tr("Requests for a case I &hold")),
            ("notify_assigned", self.tr("Cases &assigned to me")),
            ("notification_sound", self.tr("&Sound")),
            ("notifications_muted", self.tr("M&ute all desktop notifications")),
        ):
            box = QCheckBox(label, objectName=f"settings_{name}")
            box.setChecked(bool(getattr(self._store.values, name)))
            box.setToolTip(shown(HELP, help_text(name)))
            box.setAccessibleDescription(shown(HELP, help_text(name)))
            box.toggled.connect(lambda checked, name=name: self._save(name, checked))
            self.notification_boxes[name] = box
            column.addWidget(box)
        self.notification_boxes["notifications_muted"].toggled.connect(self._show_mute)
        self._show_mute(self._store.values.notifications_muted)
        column.addStretch(1)
        return page

    def _shortcuts_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.shortcut_table = QTableWidget(len(SHORTCUTS), 2, objectName="settingsShortcuts")
        self.shortcut_table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Key")])
        self.shortcut_table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.shortcut_table.setAccessibleDescription(
            self.tr("Each action and its key; choose one, then press its new key in the field below")
        )
        self.shortcut_table.setTabKeyNavigation(False)  # the arrows walk the actions; Tab goes on
        self.shortcut_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.shortcut_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.shortcut_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.shortcut_table.verticalHeader().setVisible(False)
        header = self.shortcut_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)  # 20 rows: cheap
        column.addWidget(self.shortcut_table, 1)
        row = QHBoxLayout()
        self.key_edit = QKeySequenceEdit(objectName="settingsKeyEdit")
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setAccessibleName(self.tr("New key for the selected action"))
        self.key_edit.setAccessibleDescription(self.tr("Press the key; a key another action has is refused"))
        # The focus goes to the edit's own line edit, which a screen reader announces: name that too.
        accessible.name(
            self.key_edit.findChild(QLineEdit),
            self.tr("New key for the selected action"),
            self.tr("Press the key; a key another action has is refused"),
        )
        self.key_edit.editingFinished.connect(self._assign_from_edit)
        assign = QPushButton(self.tr("Assi&gn"), clicked=self._assign_from_edit)
        reset = QPushButton(self.tr("&Reset all to defaults"), clicked=self.reset_shortcuts)
        row.addWidget(QLabel(self.tr("New &key:"), buddy=self.key_edit))
        row.addWidget(self.key_edit, 1)
        row.addWidget(assign)
        row.addWidget(reset)
        column.addLayout(row)
        self.shortcut_problem = QLabel(objectName="settingsProblem", wordWrap=True)
        # Room for two lines from the start: a refusal appearing must not squeeze itself unreadable.
        self.shortcut_problem.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 6)
        column.addWidget(self.shortcut_problem)
        self._fill_shortcuts()
        self.shortcut_table.selectRow(0)
        return page

    def _sync_page(self, hub_label: str) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        hub = QLineEdit(hub_label, objectName="settingsReadOnly", readOnly=True)
        hub.setAccessibleName(self.tr("Hub"))
        hub.setAccessibleDescription(shown(HELP, help_text("hub_url")))
        form.addRow(self.tr("Hub"), hub)
        form.addRow("", self._help("hub_url"))
        self.history_days = QSpinBox(objectName="settingsHistoryDays")
        self.history_days.setAccessibleDescription(shown(HELP, help_text("history_days")))
        self.history_days.setRange(0, 3650)
        self.history_days.setSpecialValueText(self.tr("All history"))
        self.history_days.setSuffix(self.tr(" days"))
        self.history_days.setValue(self._store.values.history_days or 0)
        self.history_days.setAccessibleName(self.tr("History horizon"))
        self.history_days.valueChanged.connect(lambda days: self._save("history_days", days or None))
        form.addRow(self.tr("&History"), self.history_days)
        form.addRow("", self._help("history_days"))
        restart = QLabel(
            self.tr(
                "Applies after restart. --history-days on the command line and HORSESHOE_HISTORY_DAYS "
                "win over this value; changing the horizon refills the cache from the hub."
            ),
            objectName="settingsRestart",
            wordWrap=True,
        )
        form.addRow("", restart)
        return page

    def showEvent(self, event: QShowEvent) -> None:
        """The mute may have changed from the Queue menu since the dialog was last open."""
        for name, box in self.notification_boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(getattr(self._store.values, name)))
            box.blockSignals(False)
        self._show_mute(self._store.values.notifications_muted)
        super().showEvent(event)

    # -- applying ----------------------------------------------------------------------------------

    def _save(self, name: str, value: object) -> None:
        self._store.update(**{name: value})
        self.applied.emit(name)

    def _set_appearance(self, name: str) -> None:
        theme, scale = self.theme.currentData(), self.font_scale.value()
        self._store.update(theme=theme, font_scale=scale)
        apply_theme(QApplication.instance(), theme, scale)
        self.applied.emit(name)

    def _show_mute(self, muted: bool) -> None:
        """Muted, the switches per kind are kept but have no say: show them so."""
        for name, box in self.notification_boxes.items():
            if name.startswith("notify_"):
                box.setEnabled(not muted)

    def _fill_shortcuts(self) -> None:
        for row, spec in enumerate(SHORTCUTS):
            action = QTableWidgetItem(translated(spec.description))
            action.setData(Qt.ItemDataRole.UserRole, spec.id)
            self.shortcut_table.setItem(row, 0, action)
            key = QTableWidgetItem(self.keys.text(spec.id))
            if self.keys.key(spec.id) != QKeySequence(spec.default):
                key.setToolTip(
                    self.tr("Default: {key}").format(
                        key=QKeySequence(spec.default).toString(QKeySequence.SequenceFormat.NativeText)
                    )
                )
            self.shortcut_table.setItem(row, 1, key)

    def selected_action(self) -> str | None:
        rows = self.shortcut_table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _assign_from_edit(self) -> None:
        action_id, key = self.selected_action(), self.key_edit.keySequence()
        if action_id is not None and not key.isEmpty():
            self.assign(action_id, key)

    def assign(self, action_id: str, key: QKeySequence) -> bool:
        """Give ``action_id`` the key ``key``, or say why not (a clash names the other action)."""
        try:
            self.keys.set(action_id, key)
        except ShortcutConflictError as conflict:
            self.shortcut_problem.setText(str(conflict))
            return False
        self.shortcut_problem.clear()
        self.key_edit.clear()
        self._save("shortcuts", self.keys.overrides())
        self._fill_shortcuts()
        return True

    def reset_shortcuts(self) -> None:
        self.keys.reset()
        self.shortcut_problem.clear()
        self._save("shortcuts", {})
        self._fill_shortcuts()
