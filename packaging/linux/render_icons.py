#!/usr/bin/env python3
"""Render resources/icons/horseshoe.svg to the PNG sizes shipped with Horseshoe.

Usage (from anywhere):

    python packaging/linux/render_icons.py

Writes resources/icons/horseshoe-<size>.png for every size in SIZES. Paths are
resolved relative to this file, so the current working directory does not matter.
Rendering uses QtSvg (QSvgRenderer onto a transparent QImage) on the offscreen
platform, so no display is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
ICON_DIR = HERE.parent.parent / "resources" / "icons"
SVG_PATH = ICON_DIR / "horseshoe.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)  # fully transparent
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SVG_PATH))
    if not renderer.isValid():
        print(f"error: cannot parse {SVG_PATH}", file=sys.stderr)
        return 1
    for size in SIZES:
        out = ICON_DIR / f"horseshoe-{size}.png"
        if not render(renderer, size).save(str(out), "PNG"):
            print(f"error: cannot write {out}", file=sys.stderr)
            return 1
        print(f"wrote {out.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
