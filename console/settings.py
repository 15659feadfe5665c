"""The workstation's settings: declared once, typed, with defaults and a line of doc each.

Where a value comes from, first match wins: the command line, the environment (``HORSESHOE_*``),
the user's settings file (:mod:`console.services.user_settings`, edited in Edit → Settings…), these
defaults. Secrets never live here: they go through :mod:`console.services.credentials`.
"""

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from console.log_files import LOG_NAME
from console.services.user_settings import check, default_config_dir, read_settings


def _default_data_dir() -> Path:
    return Path(os.environ.get("HORSESHOE_DATA_DIR") or user_data_path("horseshoe", appauthor=False))


def log_name_for(data_dir: Path) -> str:
    """``horseshoe.log`` for the usual desk; a desk on another data directory (``--data-dir``) logs to
    a file of its own, so two desks never rotate one file under each other."""
    usual = Path(user_data_path("horseshoe", appauthor=False))
    if Path(data_dir).expanduser().resolve() == usual.expanduser().resolve():
        return LOG_NAME
    digest = hashlib.sha256(str(Path(data_dir).expanduser().resolve()).encode()).hexdigest()[:8]
    return f"horseshoe-{digest}.log"


def default_log_dir() -> Path:
    """Where ``horseshoe.log`` and its rotated predecessors live (``HORSESHOE_LOG_DIR`` overrides)."""
    return Path(os.environ.get("HORSESHOE_LOG_DIR") or user_log_path("horseshoe", appauthor=False))


def _optional_path(variable: str) -> Path | None:
    return Path(os.environ[variable]) if os.environ.get(variable) else None


def _history_days(text: str | None) -> int | None:
    """``HORSESHOE_HISTORY_DAYS``: a whole number of days, at least 1; empty for no horizon."""
    if not text:
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"HORSESHOE_HISTORY_DAYS must be a whole number of days (1 or more), not {text!r}")
    return int(text)


def _from_file(name: str):
    """Setting ``name`` as the user's settings file has it (its default when absent or unreadable;
    the settings store warns about a damaged file and sets it aside)."""
    values, _raw, _problems = read_settings(default_config_dir() / "settings.json")
    return getattr(values, name)


def _theme() -> str:
    """``HORSESHOE_THEME`` (light, dark or high-contrast), else the settings file's."""
    chosen = os.environ.get("HORSESHOE_THEME")
    return check("theme", chosen) if chosen else _from_file("theme")


def _language() -> str:
    """``HORSESHOE_LANG`` (system, en or de), else the settings file's."""
    chosen = os.environ.get("HORSESHOE_LANG")
    return check("language", chosen) if chosen else _from_file("language")


@dataclass(frozen=True)
class Settings:
    hub_url: str | None = field(default_factory=lambda: os.environ.get("HORSESHOE_HUB") or None)
    """The hub to sync with; None: the workspace chosen in the first-run wizard (``workspace.json``,
    with the certificate trusted for it), else the embedded hub with the demo channel. The settings
    file does not name a hub: it would override that choice without its certificate."""
    data_dir: Path = field(default_factory=_default_data_dir)
    """Where the local cache (and the embedded hub's database) live."""
    demo_rate: float = 20.0
    """Demo mentions per minute on the embedded hub."""
    demo_answer_after: float = 20.0
    """Seconds before a demo customer writes back after the brand's reply is published."""
    poll_interval: float = 1.0
    """Seconds between pulls while online but without the hub's live stream."""
    live_poll_interval: float = 15.0
    """Seconds between pulls while the live stream is up: its hints wake the puller at once, so
    polling is only the safety net for a hint that never came."""
    history_days: int | None = field(
        default_factory=lambda: (
            _history_days(os.environ.get("HORSESHOE_HISTORY_DAYS")) or _from_file("history_days")
        )
    )
    """The history horizon: sync leaves out cases resolved and last active more than this many days
    before the first sync (None: every case, however old). File → Keep offline… downloads older
    ranges on demand. Changing it refills the cache from the hub."""
    page_size: int = 200
    """Queue rows fetched per page."""
    screenshot: Path | None = None
    """Render the main window to this PNG once the queue has loaded, then exit."""
    screenshot_after: float = 2.0
    """Seconds to wait before taking the screenshot (after the queue has loaded)."""
    debug: bool = False
    """Verbose logging."""
    theme: str = field(default_factory=_theme)
    """The colour theme at start (light, dark, high-contrast); the settings dialog changes it live."""
    language: str = field(default_factory=_language)
    """The language of the interface (system, en, de); a change in the settings dialog applies at the
    next start."""
    config_dir: Path = field(default_factory=default_config_dir)
    """Where the user's settings file lives (``HORSESHOE_CONFIG_DIR`` or the platform's config dir), and
    the workspace chosen in the first-run wizard with the certificates trusted for it."""
    hub_ca_file: Path | None = field(default_factory=lambda: _optional_path("HORSESHOE_HUB_CA"))
    """A CA file (PEM) the hub's certificate is verified with besides the system store; set by the
    saved workspace when a CA file was chosen or a certificate trusted explicitly."""
    first_run: bool = False
    """Show the first-run wizard even when a workspace is configured (with --screenshot: picture it)."""

    @property
    def embedded(self) -> bool:
        return self.hub_url is None

    @property
    def cache_path(self) -> Path:
        """One cache per hub, so switching hubs never mixes their histories."""
        if self.hub_url is None:
            return self.data_dir / "cache-embedded.sqlite"
        digest = hashlib.sha1(self.hub_url.rstrip("/").encode()).hexdigest()[:12]
        return self.data_dir / f"cache-{digest}.sqlite"

    @property
    def embedded_hub_db(self) -> Path:
        return self.data_dir / "embedded-hub.sqlite"

    @property
    def log_dir(self) -> Path:
        return default_log_dir()

    @property
    def log_name(self) -> str:
        return log_name_for(self.data_dir)
