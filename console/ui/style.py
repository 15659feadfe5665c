"""Themes: QSS from resources/styles with {{token}} placeholders filled from one theme's tokens.

Each theme is one file, ``resources/styles/themes/<name>.json``: named colour tokens (the QSS, the
QPalette and painted widgets read them), badge pairs for delegates, and whether it is dark. Font
scaling multiplies the application font and every ``font-size: Npx`` of the QSS, so the two stay in
proportion.

The theme in force is kept here (:func:`current`): delegates and painted widgets ask it at paint time,
so a theme changed in the settings dialog reaches them on their next paint without a registry of
widgets to tell.
"""

import json
import re
from dataclasses import dataclass
from functools import cache

from horseshoe_resources import resource
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("light", "dark", "high-contrast")
FONT_SCALES = (80, 200)  # percent, inclusive


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    dark: bool
    tokens: dict[str, str]
    badges: dict[str, tuple[str, str]]


@cache
def load_theme(name: str) -> Theme:
    """The bundled theme ``name``; an unknown name is an error (settings check it before)."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}; one of {', '.join(THEMES)}")
    data = json.loads(resource("styles", "themes", f"{name}.json").read_text("utf-8"))
    badges = {key: (pair[0], pair[1]) for key, pair in data["badges"].items()}
    return Theme(name, data["label"], bool(data["dark"]), dict(data["tokens"]), badges)


# The light theme's tokens and badges: what paper gets (PDF reports print light whatever the screen).
LIGHT = load_theme("light").tokens
BADGES = load_theme("light").badges

_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


class _Active:
    """The theme and font scale in force (one per process, as the QApplication is)."""

    theme: Theme = load_theme("light")
    font_scale: int = 100
    base_point_size: float | None = None  # the platform's font size before any scaling
    platform_style: str | None = None  # the native style's name, restored when going back to light


def current() -> Theme:
    return _Active.theme


def tokens() -> dict[str, str]:
    """The colour tokens of the theme in force."""
    return _Active.theme.tokens


def stylesheet(palette: dict[str, str] | Theme = LIGHT, font_scale: int = 100) -> str:
    """base.qss with the tokens filled in and its pixel font sizes scaled by ``font_scale`` percent."""
    values = dict(palette.tokens if isinstance(palette, Theme) else palette)
    dark = palette.dark if isinstance(palette, Theme) else False
    for direction in ("up", "down"):  # images the QSS names by path: the bundled files, as they lie
        arrow = resource("styles", "arrows", f"{direction}-{'light' if dark else 'dark'}.svg")
        values[f"arrow_{direction}"] = str(arrow).replace("\\", "/")
    source = resource("styles", "base.qss").read_text("utf-8")
    filled = _TOKEN.sub(lambda match: values[match.group(1)], source)
    if font_scale == 100:
        return filled
    return _FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * font_scale / 100)}px", filled)


def badge_colors(key: str) -> tuple[QColor, QColor]:
    """(background, foreground) for a badge in the theme in force; unknown keys get the neutral pair."""
    badges = _Active.theme.badges
    background, foreground = badges.get(key, badges["neutral"])
    return QColor(background), QColor(foreground)


def palette_for(theme: Theme) -> QPalette:
    """A QPalette from the theme's tokens, for widgets the QSS does not name (dialogs, menus, charts)."""
    t = {name: QColor(value) for name, value in theme.tokens.items() if value.startswith("#")}
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    for which, colour in (
        (role.Window, t["window"]),
        (role.WindowText, t["text"]),
        (role.Base, t["input"]),
        (role.AlternateBase, t["surface_alt"]),
        (role.Text, t["text"]),
        (role.Button, t["surface"]),
        (role.ButtonText, t["text"]),
        (role.BrightText, t["danger"]),
        (role.Highlight, t["accent"]),
        (role.HighlightedText, t["on_accent"]),
        (role.ToolTipBase, t["surface"]),
        (role.ToolTipText, t["text"]),
        (role.PlaceholderText, t["muted"]),
        (role.Link, t["accent"]),
        (role.LinkVisited, t["accent"]),
        (role.Light, t["surface_alt"]),
        (role.Midlight, t["border"]),
        (role.Mid, t["border"]),
        (role.Dark, t["row_border"]),
        (role.Shadow, t["text"] if theme.dark else t["border"]),
    ):
        palette.setColor(which, colour)
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, which, t["muted"])
    return palette


def apply_theme(app: QApplication, theme: str | Theme = "light", font_scale: int = 100) -> Theme:
    """Put ``theme`` and ``font_scale`` (percent) in force: stylesheet, palette and application font."""
    chosen = theme if isinstance(theme, Theme) else load_theme(theme)
    low, high = FONT_SCALES
    scale = min(max(int(font_scale), low), high)
    if _Active.base_point_size is None:
        _Active.base_point_size = app.font().pointSizeF()
        _Active.platform_style = app.style().name()
    # The platform's own style draws dark widgets light on Windows and macOS: Fusion follows the
    # palette everywhere, so dark themes use it; light keeps the native look.
    wanted = "fusion" if chosen.dark else _Active.platform_style
    if wanted and app.style().name().lower() != wanted.lower():
        app.setStyle(wanted)
    _Active.theme, _Active.font_scale = chosen, scale
    font = QFont(app.font())
    font.setPointSizeF(_Active.base_point_size * scale / 100)
    app.setFont(font)
    app.setPalette(palette_for(chosen))
    app.setStyleSheet(stylesheet(chosen, scale))
    return chosen
