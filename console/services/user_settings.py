"""The agent's settings on this workstation: declared once, typed, each with a default and a line of help.

They live in ``settings.json`` in the user's config directory (``HORSESHOE_CONFIG_DIR`` or the
platform's: ``~/.config/horseshoe`` on Linux), written atomically. A damaged file is set aside as
``settings.damaged.json`` with a warning and the defaults are used; a value of the wrong kind is
warned about and its default used; keys this version does not know (a newer version's, or a
colleague's hand edit) are kept as they are when the file is written again.

Where a value comes from, first match wins: the command line, the environment (``HORSESHOE_*``), this
file, the default. Only the start-up settings (:mod:`console.settings`: hub, history horizon, theme)
have the first two; the rest are set in the settings dialog.
"""

import json
import logging
import os
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from console.domain.translatable import translatable
from console.services.atomic_file import write_atomically

log = logging.getLogger(__name__)

THEMES = ("light", "dark", "high-contrast")
LANGUAGES = ("system", "en", "de")  # "system": the desktop's language when there is a translation
HELP = "UserSettings"  # the translation context of the help texts
FONT_SCALE_RANGE = (80, 200)


def _about(help: str, *, restart: bool = False, **checks: Any) -> dict[str, Any]:
    """A setting's help text (shown in the settings dialog); ``restart`` says it only takes effect at
    the next start; ``checks`` (choices, minimum, maximum) bound its values."""
    return {"help": help, "restart": restart, **checks}


@dataclass(frozen=True)
class UserSettings:
    theme: str = field(
        default="light",
        metadata=_about(
            translatable(
                "UserSettings", "Colours of the whole application; high contrast is for low vision."
            ),
            choices=THEMES,
        ),
    )
    language: str = field(
        default="system",
        metadata=_about(
            translatable("UserSettings", "Language of the interface; System follows the desktop's."),
            restart=True,
            choices=LANGUAGES,
        ),
    )
    font_scale: int = field(
        default=100,
        metadata=_about(
            translatable("UserSettings", "Text size, in percent of the system's."),
            minimum=FONT_SCALE_RANGE[0],
            maximum=FONT_SCALE_RANGE[1],
        ),
    )
    notify_sla_breach: bool = field(
        default=True,
        metadata=_about(
            translatable("UserSettings", "Tell me when a case's response or resolution falls overdue.")
        ),
    )
    notify_crisis: bool = field(
        default=True,
        metadata=_about(translatable("UserSettings", "Tell me when the hub raises a crisis alert.")),
    )
    notify_team_notes: bool = field(
        default=True,
        metadata=_about(
            translatable("UserSettings", "Tell me when a supervisor sends a note to my team or everyone.")
        ),
    )
    notify_mentions: bool = field(
        default=True,
        metadata=_about(
            translatable("UserSettings", "Tell me when a colleague @mentions me in a case note.")
        ),
    )
    notify_claim_requests: bool = field(
        default=True,
        metadata=_about(translatable("UserSettings", "Tell me when a colleague asks for a case I hold.")),
    )
    notify_assigned: bool = field(
        default=True,
        metadata=_about(translatable("UserSettings", "Tell me when someone else assigns a case to me.")),
    )
    notification_sound: bool = field(
        default=False,
        metadata=_about(
            translatable("UserSettings", "Play the system's alert sound with each desktop notification.")
        ),
    )
    notifications_muted: bool = field(
        default=False,
        metadata=_about(
            translatable("UserSettings", "Mute every desktop notification (the kinds above are kept).")
        ),
    )
    shortcuts: dict = field(
        default_factory=dict,
        metadata=_about(
            translatable("UserSettings", "Keyboard shortcuts changed from their defaults: action id → key.")
        ),
    )
    history_days: int | None = field(
        default=None,
        metadata=_about(
            translatable(
                "UserSettings",
                "Sync only cases unresolved or active in the last this many days (empty: all history).",
            ),
            restart=True,
            minimum=1,
        ),
    )
    hub_url: str | None = field(
        default=None,
        metadata=_about(
            translatable(
                "UserSettings", "The hub this workstation syncs with (empty: the embedded demo hub)."
            ),
            restart=True,
        ),
    )


# The notice kinds (console.services.notifications.NoticeKind values) each switch governs.
NOTICE_SWITCHES = {
    "sla_breach": "notify_sla_breach",
    "crisis": "notify_crisis",
    "broadcast": "notify_team_notes",
    "note_mention": "notify_mentions",
    "claim_request": "notify_claim_requests",
    "assigned": "notify_assigned",
}


def setting_fields() -> tuple[Field, ...]:
    return fields(UserSettings)


def help_text(name: str) -> str:
    return next(f.metadata["help"] for f in setting_fields() if f.name == name)


def needs_restart(name: str) -> bool:
    return next(bool(f.metadata["restart"]) for f in setting_fields() if f.name == name)


def default_config_dir() -> Path:
    return Path(os.environ.get("HORSESHOE_CONFIG_DIR") or user_config_path("horseshoe", appauthor=False))


def check(name: str, value: Any) -> Any:
    """``value`` for setting ``name`` as stored, or ValueError saying what was expected."""
    spec = next((f for f in setting_fields() if f.name == name), None)
    if spec is None:
        raise ValueError(f"there is no setting {name!r}")
    default = spec.default if spec.default is not MISSING else spec.default_factory()
    meta = spec.metadata
    if value is None and name in ("history_days", "hub_url"):
        return None
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, not {value!r}")
    elif name in ("font_scale", "history_days"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
    elif name == "shortcuts":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ValueError(f"{name} must map action ids to keys, not {value!r}")
        return dict(value)
    elif not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {value!r}")
    if "choices" in meta and value not in meta["choices"]:
        raise ValueError(f"{name} must be one of {', '.join(meta['choices'])}, not {value!r}")
    if "minimum" in meta and value < meta["minimum"]:
        raise ValueError(f"{name} must be at least {meta['minimum']}, not {value!r}")
    if "maximum" in meta and value > meta["maximum"]:
        raise ValueError(f"{name} must be at most {meta['maximum']}, not {value!r}")
    if name == "hub_url" and not value.strip():
        return None
    return value


def read_settings(path: Path) -> tuple[UserSettings, dict, list[str]]:
    """(settings, the file's whole mapping, problems) — without touching the file: a damaged one
    reads as the defaults and its problem."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UserSettings(), {}, []
    except (OSError, ValueError) as error:
        return UserSettings(), {}, [f"{path} is unreadable ({error})"]
    if not isinstance(raw, dict):
        return UserSettings(), {}, [f"{path} is not a JSON object"]
    values, problems = {}, []
    for spec in setting_fields():
        if spec.name in raw:
            try:
                values[spec.name] = check(spec.name, raw[spec.name])
            except ValueError as error:
                problems.append(f"{path}: {error}; the default is used")
    return UserSettings(**values), raw, problems


class SettingsStore:
    """The settings file: :attr:`values` now, :meth:`update` to change and save them. Readers ask
    :attr:`values` when they need a value (the notifier at each notice), so a change needs no
    announcing."""

    FILE = "settings.json"

    def __init__(self, config_dir: Path | None = None):
        self.path = Path(config_dir or default_config_dir()) / self.FILE
        self.values, self._raw, self.problems = read_settings(self.path)
        self._unsaved: dict[str, Any] = {}  # changes the file could not take yet
        if self.problems and not self._raw and self.path.exists():
            self._set_aside()
        for problem in self.problems:
            log.warning("settings: %s", problem)

    def update(self, **changes: Any) -> UserSettings:
        """Check, keep and save ``changes``; ValueError (nothing kept) when one is not acceptable. A
        file that cannot be written (a read-only config directory) keeps the change for this run
        and says why in the log: a theme or a mute still works, and is written with the next change
        that can be."""
        checked = self._unsaved | {name: check(name, value) for name, value in changes.items()}
        # Onto the file as it is now, not as this store read it: another window or process (a desk
        # for another data directory) may have saved since, and its change must not be lost. Only
        # the keys changed are written: the rest stay as they stand, a value this version does not
        # understand (a newer version's theme, say) included.
        current, raw, problems = read_settings(self.path)
        if problems and not raw:  # unreadable now: what this store holds is the best base
            current, raw = self.values, self._raw
        values = replace(current, **checked)
        if values == current and all(name in raw for name in checked):
            self.values, self._raw = values, raw
            return values
        raw = dict(raw) | checked  # unknown keys ride along untouched
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(raw, indent=2, ensure_ascii=False) + "\n")
        except OSError as error:
            log.warning(
                "settings: %s cannot be written (%s); the change holds until Horseshoe closes",
                self.path,
                error,
            )
            self._unsaved = checked
        else:
            self._unsaved = {}
        self.values, self._raw = values, raw
        return values

    # The notifier's view of its switches (console.services.notifications.Notifier).

    @property
    def notifications_muted(self) -> bool:
        return self.values.notifications_muted

    def set_notifications_muted(self, muted: bool) -> None:
        self.update(notifications_muted=muted)

    def notifies(self, kind: str) -> bool:
        """Whether notices of ``kind`` are wanted (kinds without a switch always are)."""
        switch = NOTICE_SWITCHES.get(kind)
        return True if switch is None else bool(getattr(self.values, switch))

    @property
    def notification_sound(self) -> bool:
        return self.values.notification_sound

    def _set_aside(self) -> None:
        damaged = self.path.with_suffix(".damaged.json")
        try:
            os.replace(self.path, damaged)
        except OSError as error:
            self.problems.append(f"could not set {self.path} aside: {error}")
            return
        self.problems.append(f"the damaged file was kept as {damaged}; starting from the defaults")
