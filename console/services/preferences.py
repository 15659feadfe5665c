"""The agent's own preferences on this workstation: queue columns, saved views, notification mute,
and where the windows were.

One small JSON file per user in the data directory (written atomically), so they survive restarts
and follow nobody else who signs in at the same desk. A damaged file is set aside, not crashed on.
"""

import contextlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from console.domain.views import InvalidViewError, SavedView, filters_from_json, filters_to_json
from console.services.atomic_file import write_atomically

log = logging.getLogger(__name__)

MAX_COLUMN_WIDTH = 4000  # pixels; more is a damaged file, not a wish


@dataclass
class QueueLayout:
    """Column keys in display order, those hidden, and the widths the agent dragged them to."""

    order: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)


class Preferences:
    def __init__(self, data_dir: Path, user: str | None):
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", user or "local")
        self.path = Path(data_dir) / f"preferences-{safe}.json"
        self._data = self._load()

    # -- queue layout ------------------------------------------------------------------------------

    @property
    def layout(self) -> QueueLayout:
        raw = self._data.get("queue_layout")
        if not isinstance(raw, dict):
            return QueueLayout()
        order, hidden, widths = raw.get("order", []), raw.get("hidden", []), raw.get("widths", {})
        if not (isinstance(order, list) and isinstance(hidden, list)) or not all(
            isinstance(k, str) for k in [*order, *hidden]
        ):
            return QueueLayout()
        # A width that is not a sensible number of pixels is dropped alone; the order still counts.
        kept = (
            {k: w for k, w in widths.items() if type(w) is int and 0 < w <= MAX_COLUMN_WIDTH}
            if isinstance(widths, dict)
            else {}
        )
        return QueueLayout(list(order), list(hidden), kept)

    def save_layout(self, layout: QueueLayout) -> None:
        self._data["queue_layout"] = {"order": layout.order, "hidden": layout.hidden, "widths": layout.widths}
        self._save()

    # -- window state ------------------------------------------------------------------------------

    def window_state(self, window: str) -> dict[str, str]:
        """What the ui saved for ``window`` (geometry, toolbars and docks, splitters), as opaque
        strings: the ui encodes Qt's state blobs, this layer only keeps them."""
        windows = self._data.get("windows")
        raw = windows.get(window) if isinstance(windows, dict) else None
        if not isinstance(raw, dict):
            return {}
        return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}

    def save_window_state(self, window: str, state: dict[str, str]) -> None:
        windows = self._data.get("windows")
        if not isinstance(windows, dict):
            windows = self._data["windows"] = {}
        windows[window] = dict(state)
        self._save()

    # -- saved views -------------------------------------------------------------------------------

    @property
    def views(self) -> list[SavedView]:
        views = []
        for entry in self._data.get("views", []):
            try:
                views.append(SavedView(str(entry["name"]), filters_from_json(entry["filters"])))
            except (InvalidViewError, KeyError, TypeError) as error:
                log.warning("skipping saved view %r: %s", entry, error)
        return views

    def save_view(self, view: SavedView) -> None:
        """Save (or replace, by name) one of the agent's views."""
        name = view.name.strip()
        if not name:
            raise ValueError("A saved view needs a name.")
        kept = [e for e in self._data.get("views", []) if e.get("name") != name]
        kept.append({"name": name, "filters": filters_to_json(view.query)})
        self._data["views"] = kept
        self._save()

    def delete_view(self, name: str) -> None:
        self._data["views"] = [e for e in self._data.get("views", []) if e.get("name") != name]
        self._save()

    # -- notifications -----------------------------------------------------------------------------

    @property
    def notifications_muted(self) -> bool:
        return bool(self._data.get("notifications_muted", False))

    def set_notifications_muted(self, muted: bool) -> None:
        self._data["notifications_muted"] = muted
        self._save()

    # -- the file ----------------------------------------------------------------------------------

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            return self._set_aside(error)
        return data if isinstance(data, dict) else self._set_aside(TypeError("not a JSON object"))

    def _set_aside(self, error: Exception) -> dict:
        damaged = self.path.with_suffix(".damaged.json")
        log.warning("preferences %s unreadable (%s); kept as %s, starting afresh", self.path, error, damaged)
        with contextlib.suppress(OSError):
            os.replace(self.path, damaged)
        return {}

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(self._data, indent=1, ensure_ascii=False))
