"""The agent's own preferences on this workstation: queue columns and saved views.

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

log = logging.getLogger(__name__)


@dataclass
class QueueLayout:
    """Column keys in display order, and those hidden."""

    order: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


class Preferences:
    def __init__(self, data_dir: Path, user: str | None):
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", user or "local")
        self.path = Path(data_dir) / f"preferences-{safe}.json"
        self._data = self._load()

    # -- queue layout ------------------------------------------------------------------------------

    @property
    def layout(self) -> QueueLayout:
        raw = self._data.get("queue_layout") or {}
        order, hidden = raw.get("order", []), raw.get("hidden", [])
        if not all(isinstance(k, str) for k in [*order, *hidden]):
            return QueueLayout()
        return QueueLayout(list(order), list(hidden))

    def save_layout(self, layout: QueueLayout) -> None:
        self._data["queue_layout"] = {"order": layout.order, "hidden": layout.hidden}
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
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self._data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.path)
