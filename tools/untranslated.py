"""List string literals that reach a Qt text setter in console/ui without tr() or translate().

Run ``python tools/untranslated.py`` to see them; tests/ui/test_untranslated.py fails on any new one.
Reads the source with ``ast`` only, so it needs neither Qt nor the app's imports.
"""

import ast
import re
import sys
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "console" / "ui"

# Methods and constructors whose text argument an agent reads (or a screen reader speaks).
SETTERS = frozenset(
    {
        "setText",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setWindowTitle",
        "setPlaceholderText",
        "setTitle",
        "setLabelText",
        "setSpecialValueText",
        "setSuffix",
        "setPrefix",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setItemText",
        "setTabText",
        "setTabToolTip",
        "setAccessibleName",
        "setAccessibleDescription",
        "setInformativeText",
        "setDetailedText",
        "setHtml",
        "setMarkdown",
        "setButtonText",
        "showMessage",
        "addAction",
        "addMenu",
        "addItem",
        "addItems",
        "insertItem",
        "addTab",
        "insertTab",
        "addRow",
        "addButton",
        "information",
        "warning",
        "critical",
        "question",
        "getText",
        "getItem",
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QMessageBox",
        "QCommandLinkButton",
    }
)

# Literals that are not language: symbols, units, protocol words. Each is explained.
ALLOWED = frozenset(
    {
        "Horseshoe",  # the product's name
        "English",  # languages are listed by their own names (settings dialog), never translated
        "Deutsch",
    }
)


def _has_words(text: str) -> bool:
    """Two letters in a row outside markup make it language; "—", "42 %", "→" and "<b>" are not."""
    text = re.sub(r"<[^>]*>", "", text)
    run = 0
    for char in text:
        run = run + 1 if char.isalpha() else 0
        if run >= 2:
            return True
    return False


def _literal_text(node: ast.AST) -> str | None:
    """The words a literal argument shows, if it is one: a string, an f-string or a concatenation."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        if left is None and right is None:
            return None
        return (left or "") + (right or "")
    if isinstance(node, ast.IfExp):
        texts = [t for t in (_literal_text(node.body), _literal_text(node.orelse)) if t is not None]
        return " ".join(texts) if texts else None
    if isinstance(node, (ast.List, ast.Tuple)):
        texts = [t for t in (_literal_text(e) for e in node.elts) if t is not None]
        return " ".join(texts) if texts else None
    return None


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_log(func: ast.AST) -> bool:
    """``log.warning(...)`` writes to the log file, which stays in English for whoever reads it."""
    owner = func.value if isinstance(func, ast.Attribute) else None
    return isinstance(owner, ast.Name) and owner.id.lstrip("_").lower() in {"log", "logger", "logging"}


def findings(root: Path = UI) -> list[str]:
    """``path:line: setter("text")`` for each untranslated literal, in file order."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in SETTERS or _is_log(node.func):
                continue
            arguments = [
                *node.args,
                *(k.value for k in node.keywords if k.arg in {"text", "title", "toolTip"}),
            ]
            for argument in arguments:
                text = _literal_text(argument)
                if text is None or not _has_words(text) or text.strip() in ALLOWED:
                    continue
                found.append(
                    f"{path.relative_to(root.parent.parent)}:{node.lineno}: {_name(node.func)}({text!r})"
                )
    return found


if __name__ == "__main__":
    lines = findings()
    print("\n".join(lines))
    sys.exit(1 if lines else 0)
