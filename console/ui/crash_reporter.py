"""Unexpected errors, from wherever they are raised, logged and told to the agent — once.

Three doors lead here: ``sys.excepthook`` (Qt slots, and qasync's ``asyncSlot``, which hands a
failed slot's exception to it), ``threading.excepthook`` (worker threads) and the asyncio loop's
exception handler (a task whose exception nobody retrieved). Each error is logged with its traceback;
the agent sees one :class:`CrashDialog` at a time. The same error again is counted on the open
dialog — or, once the agent chose to continue, only logged — so a timer failing every second never
buries the desk under dialogs.
"""

import asyncio
import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot

from console.ui.crash_dialog import CrashDialog

log = logging.getLogger("horseshoe.crash")


@dataclass(frozen=True)
class Crash:
    """One unexpected error: ``key`` tells repeats apart (its type and where it was raised)."""

    key: str
    summary: str
    details: str


def describe(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> Crash:
    frames = traceback.extract_tb(tb)
    # Type and place, not the message: a timer failing on case after case is one error, not many.
    said = _said(value)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else said
    summary = f"{kind.__name__}: {said}" if said else kind.__name__
    details = "".join(traceback.format_exception(kind, value, tb))
    return Crash(f"{kind.__qualname__}|{where}", summary, details)


def _said(value: BaseException) -> str:
    """The error's message; an error whose ``__str__`` itself fails must still be reported, not
    break the hook that reports it (Python would only print "Error in sys.excepthook")."""
    try:
        return str(value)
    except Exception:
        return f"<the {type(value).__name__}'s message could not be read>"


class CrashReporter(QObject):
    """Installs the hooks, logs each error, and keeps at most one dialog open."""

    _raised = Signal(object)
    """An error was logged (on any thread); the dialog part runs on the GUI thread."""
    dialog_shown = Signal(object)
    """A crash dialog was opened (tests and the app can find it)."""

    def __init__(self, log_path: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self._counts: dict[str, int] = {}  # key → times seen this session
        self._dismissed: set[str] = set()  # errors the agent already saw and continued past
        self._previous: tuple = ()
        # Queued even from the GUI thread: a dialog never opens inside the failing code's stack.
        self._raised.connect(self._tell, Qt.ConnectionType.QueuedConnection)

    # -- hooks -------------------------------------------------------------------------------------

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._previous = (sys.excepthook, threading.excepthook, loop, loop and loop.get_exception_handler())
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook
        if loop is not None:
            loop.set_exception_handler(self._loop_handler)

    def uninstall(self) -> None:
        if not self._previous:
            return
        sys.excepthook, threading.excepthook, loop, handler = self._previous
        if loop is not None:
            loop.set_exception_handler(handler)
        self._previous = ()

    def excepthook(self, kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal: not a crash
            sys.__excepthook__(kind, value, tb)
            return
        self.report(describe(kind, value, tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread else "?"
        crash = describe(args.exc_type, args.exc_value, args.exc_traceback)
        self.report(Crash(crash.key, crash.summary, f"In thread {name}:\n{crash.details}"))

    def _loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        error = context.get("exception")
        if error is None or isinstance(error, asyncio.CancelledError):
            loop.default_exception_handler(context)  # asyncio's own warnings: logged as asyncio does
            return
        crash = describe(type(error), error, error.__traceback__)
        self.report(Crash(crash.key, crash.summary, f"{context.get('message', '')}\n{crash.details}"))

    # -- telling -----------------------------------------------------------------------------------

    def report(self, crash: Crash) -> None:
        """Log ``crash`` (the full traceback the first time, a line after) and tell the agent. Any thread."""
        seen = self._counts.get(crash.key, 0) + 1
        self._counts[crash.key] = seen
        if seen == 1:
            log.critical("unexpected error: %s\n%s", crash.summary, crash.details)
        else:
            log.error("the same unexpected error again (%d times): %s", seen, crash.summary)
        self._raised.emit(crash)

    @Slot(object)
    def _tell(self, crash: Crash) -> None:
        try:
            self._show(crash)
        except Exception:  # never through the hook again: a failing dialog would report itself forever
            log.exception("the crash dialog could not be shown")

    def _show(self, crash: Crash) -> None:
        if self.dialog is not None:
            self.dialog.count(crash.key, crash.summary)
            return
        if crash.key in self._dismissed:
            return  # seen and continued past: the log has it, the agent already knows
        self.dialog = CrashDialog(crash.key, crash.summary, crash.details, self.log_path)
        self.dialog.finished.connect(self._closed)
        self.dialog.show()
        self.dialog_shown.emit(self.dialog)

    def _closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            self._dismissed.update(dialog.keys)
            dialog.deleteLater()
