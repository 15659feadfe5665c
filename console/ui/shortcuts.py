"""The main window's keyboard shortcuts: one table (action id, default key, what it does) and the map
of keys in force, which the agent edits in Settings → Shortcuts.

Every shortcut of the main window is bound through :meth:`ShortcutMap.bind` (or read with
:meth:`ShortcutMap.matches` where a view handles its own keys), so a key changed in the dialog
works at once, menus show it, and the help overlay lists it. The keys of panels' own little
vocabularies (the guidance panel's 1–9, the composer's Ctrl+Enter, the replay's arrows, the floor
view's F11) are :data:`PANEL_KEYS`: listed in the help under where they work, not remapped.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ShortcutSpec:
    id: str
    default: str
    """The default key, in QKeySequence's portable text ("Ctrl+Shift+K")."""
    description: str


SHORTCUTS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec("queue.next", "J", QT_TRANSLATE_NOOP("Shortcuts", "Next mention (loads more at the end)")),
    ShortcutSpec("queue.previous", "K", QT_TRANSLATE_NOOP("Shortcuts", "Previous mention")),
    ShortcutSpec("queue.open", "Return", QT_TRANSLATE_NOOP("Shortcuts", "Open the case in the side pane")),
    ShortcutSpec("queue.claim", "C", QT_TRANSLATE_NOOP("Shortcuts", "Claim the selected cases")),
    ShortcutSpec(
        "queue.release", "Ctrl+Shift+K", QT_TRANSLATE_NOOP("Shortcuts", "Release the selected cases")
    ),
    ShortcutSpec("queue.tag", "T", QT_TRANSLATE_NOOP("Shortcuts", "Tag the selected cases…")),
    ShortcutSpec(
        "queue.spam", "Shift+S", QT_TRANSLATE_NOOP("Shortcuts", "Resolve the selected cases as spam")
    ),
    ShortcutSpec(
        "queue.next_case",
        "N",
        QT_TRANSLATE_NOOP("Shortcuts", "Get next: claim the case you should work on now"),
    ),
    ShortcutSpec(
        "queue.assign",
        "A",
        QT_TRANSLATE_NOOP("Shortcuts", "Assign the selected cases to someone, to you, or to nobody…"),
    ),
    ShortcutSpec(
        "case.note",
        "Shift+N",
        QT_TRANSLATE_NOOP("Shortcuts", "Add a note to the case (@name tells a colleague)…"),
    ),
    ShortcutSpec(
        "case.resolve", "R", QT_TRANSLATE_NOOP("Shortcuts", "Resolve the selected cases with a disposition…")
    ),
    ShortcutSpec("case.reopen", "Shift+R", QT_TRANSLATE_NOOP("Shortcuts", "Reopen the selected cases")),
    ShortcutSpec(
        "case.snooze", "Z", QT_TRANSLATE_NOOP("Shortcuts", "Snooze the selected cases until a time…")
    ),
    ShortcutSpec(
        "case.handoff",
        "H",
        QT_TRANSLATE_NOOP("Shortcuts", "Hand the selected cases off to another team, with a reason…"),
    ),
    ShortcutSpec(
        "case.hide",
        "Shift+H",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Hide the selected customer message on its network (X, Facebook, Instagram)"
        ),
    ),
    ShortcutSpec(
        "case.replay",
        "Ctrl+Shift+R",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Replay the selected case event by event (←/→, Home/End, Space plays)"
        ),
    ),
    ShortcutSpec("window.search", "Ctrl+F", QT_TRANSLATE_NOOP("Shortcuts", "Quick search")),
    ShortcutSpec(
        "window.guidance",
        "Ctrl+G",
        QT_TRANSLATE_NOOP("Shortcuts", "Guidance: the decision-tree panel takes the keyboard"),
    ),
    ShortcutSpec(
        "window.guide", "F1", QT_TRANSLATE_NOOP("Shortcuts", "User guide: how to do each task, for each role")
    ),
    ShortcutSpec("window.help", "?", QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts (this list)")),
    ShortcutSpec("window.settings", "Ctrl+,", QT_TRANSLATE_NOOP("Shortcuts", "Settings")),
)

SPECS = {spec.id: spec for spec in SHORTCUTS}

# Where a key works, for the help's headings: the editable ones by their id's first part.
PLACES: dict[str, str] = {
    "queue": QT_TRANSLATE_NOOP("Shortcuts", "Queue (on the selected mentions)"),
    "case": QT_TRANSLATE_NOOP("Shortcuts", "Cases (on the selected mentions)"),
    "window": QT_TRANSLATE_NOOP("Shortcuts", "Anywhere in the main window"),
    "case_pane": QT_TRANSLATE_NOOP("Shortcuts", "Case pane and composer"),
    "guidance": QT_TRANSLATE_NOOP("Shortcuts", "Guidance panel (after Ctrl+G or a click)"),
    "dialogs": QT_TRANSLATE_NOOP("Shortcuts", "Dialogs and pickers"),
    "replay": QT_TRANSLATE_NOOP("Shortcuts", "Replay and case archive"),
    "floor": QT_TRANSLATE_NOOP("Shortcuts", "Floor view (supervisors)"),
    "guide": QT_TRANSLATE_NOOP("Shortcuts", "User guide window"),
}

# Keys of a panel's own vocabulary: shown in the help, fixed. (place, keys, what they do)
PANEL_KEYS: tuple[tuple[str, str, str], ...] = (
    ("queue", "Shift+Click / Ctrl+Click", QT_TRANSLATE_NOOP("Shortcuts", "Select several mentions")),
    ("queue", "Esc", QT_TRANSLATE_NOOP("Shortcuts", "Leave the quick search (back to the queue)")),
    ("case_pane", "Esc", QT_TRANSLATE_NOOP("Shortcuts", "Back from the case pane to the queue")),
    (
        "case_pane",
        "Ctrl+1 / 2 / 3",
        QT_TRANSLATE_NOOP("Shortcuts", "Conversation / timeline / customer, in the case pane"),
    ),
    ("case_pane", "Ctrl+Enter", QT_TRANSLATE_NOOP("Shortcuts", "Send the reply (after 5 s to undo)")),
    ("case_pane", "Ctrl+Z", QT_TRANSLATE_NOOP("Shortcuts", "Undo the send, during those 5 s")),
    ("case_pane", "Ctrl+Space", QT_TRANSLATE_NOOP("Shortcuts", "Canned responses in the composer")),
    ("guidance", "1–9", QT_TRANSLATE_NOOP("Shortcuts", "Choose an option")),
    (
        "guidance",
        "Enter",
        QT_TRANSLATE_NOOP("Shortcuts", "Start; accept the suggestion (its why is shown); do the step"),
    ),
    ("guidance", "Backspace / Alt+Left", QT_TRANSLATE_NOOP("Shortcuts", "Back to the previous decision")),
    ("guidance", "Ctrl+K", QT_TRANSLATE_NOOP("Shortcuts", "Jump to a step or a template")),
    ("guidance", "M", QT_TRANSLATE_NOOP("Shortcuts", "Map of the whole tree, the way taken highlighted")),
    ("guidance", "N", QT_TRANSLATE_NOOP("Shortcuts", "Note on the current step")),
    (
        "dialogs",
        "Up / Down",
        QT_TRANSLATE_NOOP("Shortcuts", "Move through the list while typing to narrow it"),
    ),
    ("dialogs", "Enter", QT_TRANSLATE_NOOP("Shortcuts", "Take the highlighted choice")),
    (
        "dialogs",
        "Ctrl+Enter",
        QT_TRANSLATE_NOOP("Shortcuts", "Save the note, or resolve, from inside the text you are writing"),
    ),
    ("replay", "Left / Right", QT_TRANSLATE_NOOP("Shortcuts", "Replay: previous / next event")),
    ("replay", "Home / End", QT_TRANSLATE_NOOP("Shortcuts", "Replay: first / last event")),
    ("replay", "Space", QT_TRANSLATE_NOOP("Shortcuts", "Replay: play / pause")),
    ("replay", "Enter", QT_TRANSLATE_NOOP("Shortcuts", "Archive: replay the selected case")),
    ("floor", "F11", QT_TRANSLATE_NOOP("Shortcuts", "Wall board: full screen, large type")),
    ("floor", "Esc", QT_TRANSLATE_NOOP("Shortcuts", "Leave the wall board")),
    ("guide", "Ctrl+F", QT_TRANSLATE_NOOP("Shortcuts", "Search the guide")),
    ("guide", "Esc", QT_TRANSLATE_NOOP("Shortcuts", "Close the keyboard shortcuts or the guide")),
)


def translated(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


class ShortcutConflictError(ValueError):
    """A key already does something else; the message names what."""


class ShortcutMap(QObject):
    changed = Signal()
    """A key was changed or reset: menus and the help overlay show the new one."""

    def __init__(self, overrides: Mapping[str, str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._keys = {spec.id: QKeySequence(spec.default) for spec in SHORTCUTS}
        self._bound: dict[str, list[QShortcut]] = {}
        self._apply_saved(overrides or {})

    def _apply_saved(self, overrides: Mapping[str, str]) -> None:
        """The saved keys, all at once (a key may have moved away from the action that takes it);
        a stale id, an empty key or one that clashes after all is dropped, not crashed on."""
        saved = {
            action_id: QKeySequence(text)
            for action_id, text in overrides.items()
            if action_id in SPECS and isinstance(text, str) and not QKeySequence(text).isEmpty()
        }
        self._keys.update(saved)
        while clashing := [a for a in saved if self.conflict(a, self._keys[a]) is not None]:
            for action_id in clashing:  # back to the default; that may clash too, so look again
                self._keys[action_id] = QKeySequence(SPECS[action_id].default)
                del saved[action_id]

    def key(self, action_id: str) -> QKeySequence:
        return self._keys[action_id]

    def text(self, action_id: str) -> str:
        """The key as the user reads it on this platform ("Ctrl+Shift+K", "⇧⌘K")."""
        return self._keys[action_id].toString(QKeySequence.SequenceFormat.NativeText)

    def conflict(self, action_id: str, key: QKeySequence) -> ShortcutSpec | None:
        """The other action ``key`` already triggers, if any."""
        for other, existing in self._keys.items():
            if other != action_id and existing == key:
                return SPECS[other]
        return None

    def set(self, action_id: str, key: QKeySequence) -> None:
        """Give ``action_id`` the key ``key``; ShortcutConflictError (nothing changed) when it is taken."""
        if key.isEmpty():
            raise ShortcutConflictError(self.tr("Press a key for this action."))
        clash = self.conflict(action_id, key)
        if clash is not None:
            raise ShortcutConflictError(
                self.tr("{key} already does “{action}”. Change that one first.").format(
                    key=key.toString(QKeySequence.SequenceFormat.NativeText),
                    action=translated(clash.description),
                )
            )
        self._put(action_id, key)

    def reset(self) -> None:
        """Every key back to its default."""
        for spec in SHORTCUTS:
            self._keys[spec.id] = QKeySequence(spec.default)
            for shortcut in self._bound.get(spec.id, ()):
                shortcut.setKey(self._keys[spec.id])
        self.changed.emit()

    def overrides(self) -> dict[str, str]:
        """The keys that differ from their defaults, in portable text (what the settings file keeps)."""
        return {
            spec.id: self._keys[spec.id].toString(QKeySequence.SequenceFormat.PortableText)
            for spec in SHORTCUTS
            if self._keys[spec.id] != QKeySequence(spec.default)
        }

    def bind(
        self,
        action_id: str,
        parent: QWidget,
        slot: Callable[[], object],
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    ) -> QShortcut:
        """A QShortcut on ``parent`` that follows the key of ``action_id`` when it changes."""
        shortcut = QShortcut(self._keys[action_id], parent, activated=slot, context=context)
        bound = self._bound.setdefault(action_id, [])
        bound.append(shortcut)
        shortcut.destroyed.connect(lambda *_args, s=shortcut: bound.remove(s) if s in bound else None)
        return shortcut

    def matches(self, action_id: str, event: QKeyEvent) -> bool:
        """Whether ``event`` is ``action_id``'s key (the keypad's Enter counts as Return)."""
        key = Qt.Key.Key_Return if event.key() == Qt.Key.Key_Enter else Qt.Key(event.key())
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return QKeySequence(QKeyCombination(modifiers, key)) == self._keys[action_id]

    def _put(self, action_id: str, key: QKeySequence) -> None:
        self._keys[action_id] = key
        for shortcut in self._bound.get(action_id, ()):
            shortcut.setKey(key)
        self.changed.emit()
