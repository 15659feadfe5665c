"""The themes' tokens: every one the QSS names exists in every theme, and text is readable — WCAG AA
(4.5:1) for text and badges in each theme, AAA (7:1) for text in high contrast."""

import re

import pytest
from horseshoe_resources import resource

from console.services.user_settings import THEMES as SETTING_THEMES
from console.ui import style


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_settings_and_the_style_know_the_same_themes():
    assert style.THEMES == SETTING_THEMES


@pytest.mark.parametrize("name", style.THEMES)
def test_every_token_the_stylesheet_names_is_in_the_theme_and_badges_are_complete(name):
    theme = style.load_theme(name)
    named = set(re.findall(r"\{\{(\w+)\}\}", resource("styles", "base.qss").read_text("utf-8")))
    assert named <= set(theme.tokens) | {"arrow_up", "arrow_down"}  # the spin box arrows, by path
    assert set(theme.badges) == set(style.BADGES)
    assert "{{" not in style.stylesheet(theme)


@pytest.mark.parametrize("name", style.THEMES)
def test_text_and_badges_are_readable_in_every_theme(name):
    theme = style.load_theme(name)
    t = theme.tokens
    need = 7.0 if name == "high-contrast" else 4.5
    for background in ("window", "surface", "surface_alt", "input"):
        for text in ("text", "muted", "danger", "ok", "warning"):
            assert contrast(t[text], t[background]) >= (need if text in ("text", "muted") else 4.5), (
                text,
                background,
            )
    assert contrast(t["text"], t["selection"]) >= need
    assert contrast(t["on_accent"], t["accent"]) >= 4.5
    assert contrast(t["focus"], t["surface"]) >= 3.0  # a focus ring is a graphic: WCAG asks 3:1
    for key, (background, foreground) in theme.badges.items():
        assert contrast(foreground, background) >= 4.5, key


def test_high_contrast_draws_a_thicker_focus_ring():
    assert style.load_theme("high-contrast").tokens["focus_width"] == "3px"
    assert style.load_theme("light").tokens["focus_width"] == "2px"
