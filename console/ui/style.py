"""Themes: QSS from resources/styles with {{token}} placeholders filled from one palette."""

import re

from horseshoe_resources import resource
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

LIGHT = {
    "window": "#f4f6f8",
    "surface": "#ffffff",
    "surface_alt": "#f8fafb",
    "input": "#ffffff",
    "border": "#dde3e8",
    "row_border": "#eef1f4",
    "text": "#1c2630",
    "muted": "#66727e",
    "accent": "#0f766e",
    "selection": "#d7efec",
    "ok": "#0f7a3e",
    "warning": "#9a5b00",
    "danger": "#b42318",
}

# Badge colours for delegates, by the semantic key a model role gives (sentiment, network).
BADGES = {
    "negative": ("#fde8e7", "#b42318"),
    "neutral": ("#eef1f4", "#4b5763"),
    "positive": ("#e3f5ea", "#0f7a3e"),
    "x": ("#e8e8e8", "#111111"),
    "facebook": ("#e7effd", "#1f5fd1"),
    "instagram": ("#fce8f3", "#b8337a"),
    "youtube": ("#fde8e8", "#c4161c"),
    "reddit": ("#ffede3", "#c2410c"),
    "mastodon": ("#ece9fb", "#563acc"),
    "bluesky": ("#e3f1fd", "#0a6fc2"),
    "reviews": ("#fdf4dc", "#8a6100"),
    "status-new": ("#e3f1fd", "#0a6fc2"),
    "status-open": ("#fdf4dc", "#8a6100"),
    "status-pending": ("#ece9fb", "#563acc"),
    "status-resolved": ("#e3f5ea", "#0f7a3e"),
    "intent-crisis": ("#b42318", "#ffffff"),
    "intent-complaint": ("#fde8e7", "#b42318"),
    "intent-question": ("#e3f1fd", "#0a6fc2"),
    "intent-lead": ("#e3f5ea", "#0f7a3e"),
    "intent-praise": ("#e3f5ea", "#0f7a3e"),
    "intent-spam": ("#eef1f4", "#4b5763"),
    "intent-other": ("#eef1f4", "#4b5763"),
    "sla-ok": ("#e3f5ea", "#0f7a3e"),
    "sla-at_risk": ("#fdf4dc", "#8a6100"),
    "sla-breached": ("#b42318", "#ffffff"),
}

_TOKEN = re.compile(r"\{\{(\w+)\}\}")


def stylesheet(palette: dict[str, str] = LIGHT) -> str:
    source = resource("styles", "base.qss").read_text("utf-8")
    return _TOKEN.sub(lambda match: palette[match.group(1)], source)


def badge_colors(key: str) -> tuple[QColor, QColor]:
    """(background, foreground) for a badge; unknown keys get the neutral pair."""
    background, foreground = BADGES.get(key, BADGES["neutral"])
    return QColor(background), QColor(foreground)


def apply_theme(app: QApplication, palette: dict[str, str] = LIGHT) -> None:
    app.setStyleSheet(stylesheet(palette))
