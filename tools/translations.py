"""Extract the interface's messages into resources/translations/*.ts, keeping their translations.

    python tools/translations.py            # update every horseshoe_<lang>.ts from the source
    python tools/translations.py --check    # exit 1 if a .ts is out of date (CI, tests)

Then translate (Qt Linguist: ``pyside6-linguist resources/translations/horseshoe_de.ts``) and compile
with ``pyside6-lrelease resources/translations/horseshoe_de.ts``.

Why not ``pyside6-lupdate``: it files ``tr = self.tr; tr("…")`` and module helpers such as
``_tr(text) -> QCoreApplication.translate("QueueColumns", text)`` under the wrong (empty) context, so
their translations would never be found at run time. This reads the source with ``ast`` and knows:

* ``self.tr("…")``, ``tr("…")`` after ``tr = self.tr``, ``QT_TR_NOOP("…")``: the enclosing class;
* ``QCoreApplication.translate("Ctx", "…")``, ``QT_TRANSLATE_NOOP("Ctx", "…")`` and the Qt-free
  layers' ``translatable("Ctx", "…")`` (console/domain/translatable.py): the given context;
* ``helper("…")`` where ``def helper(text): return QCoreApplication.translate("Ctx", text)``;
* a third argument (``self.tr("%n more…", "", n)``) makes a plural message.
"""

import ast
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "console"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = {"de": "de_DE"}  # the .ts files kept: horseshoe_<key>.ts, with the locale Qt reads


@dataclass(frozen=True, order=True)
class Message:
    context: str
    source: str
    plural: bool = False


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _helpers(tree: ast.AST) -> dict[str, str]:
    """Functions that only translate their argument under a fixed context: name → context."""
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or len(node.body) < 1:
            continue
        body = [n for n in node.body if not (isinstance(n, ast.Expr) and _text(n.value) is not None)]
        if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Call):
            call = body[0].value
            if _called(call) == "translate" and len(call.args) >= 2 and _text(call.args[0]) is not None:
                found[node.name] = _text(call.args[0])
    return found


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


class _Extractor(ast.NodeVisitor):
    def __init__(self, helpers: dict[str, str], where: str) -> None:
        self.helpers = helpers
        self.where = where
        self.classes: list[str] = []
        self.messages: list[Message] = []
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        name = _called(node)
        args = node.args
        context = text = None
        plural = False
        if name in ("tr", "QT_TR_NOOP") and not (name == "tr" and name in self.helpers and self._bare(node)):
            if self.classes:
                context, text = self.classes[-1], _text(args[0]) if args else None
                plural = len(args) >= 3 or any(k.arg == "n" for k in node.keywords)
            elif args and _text(args[0]) is not None:
                self.problems.append(f"{self.where}:{node.lineno}: tr() outside a class has no context")
        elif name in ("translate", "QT_TRANSLATE_NOOP", "translatable") and len(args) >= 2:
            context, text = _text(args[0]), _text(args[1])
            plural = len(args) >= 4 or any(k.arg == "n" for k in node.keywords)
        elif name in self.helpers and self._bare(node) and args:
            context, text = self.helpers[name], _text(args[0])
        if context is not None and text:
            self.messages.append(Message(context, text, plural))
        self.generic_visit(node)

    @staticmethod
    def _bare(node: ast.Call) -> bool:
        return isinstance(node.func, ast.Name)


def extract(root: Path = SOURCES) -> tuple[list[Message], list[str]]:
    """Every message in the source, once, in context then source order; and what could not be read."""
    messages: set[Message] = set()
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        extractor = _Extractor(_helpers(tree), str(path.relative_to(ROOT)))
        extractor.visit(tree)
        messages.update(extractor.messages)
        problems.extend(extractor.problems)
    return sorted(messages), problems


def read_ts(path: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) → its translation forms (one, or one per plural form) as the file has them;
    unfinished ones are left out."""
    if not path.exists():
        return {}
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            if any(forms):
                found[(name, message.findtext("source") or "")] = forms
    return found


def write_ts(
    path: Path, language: str, messages: list[Message], known: dict[tuple[str, str], list[str]]
) -> str:
    """The .ts text for ``messages``, with the ``known`` translations; returns it (and writes it)."""
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    for message in messages:
        if message.context not in contexts:
            contexts[message.context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[message.context], "name").text = message.context
        element = ET.SubElement(contexts[message.context], "message")
        if message.plural:
            element.set("numerus", "yes")
        ET.SubElement(element, "source").text = message.source
        forms = known.get((message.context, message.source))
        translation = ET.SubElement(element, "translation")
        if not forms:
            translation.set("type", "unfinished")
        if message.plural:
            for form in forms or ["", ""]:
                ET.SubElement(translation, "numerusform").text = form
        elif forms:
            translation.text = forms[0]
    ET.indent(root, space="    ")
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str]) -> int:
    messages, problems = extract()
    for problem in problems:
        print(problem, file=sys.stderr)
    stale = []
    for key, language in LANGUAGES.items():
        path = TRANSLATIONS / f"horseshoe_{key}.ts"
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if "--check" in argv:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                after = write_ts(Path(folder) / path.name, language, messages, read_ts(path))
        else:
            after = write_ts(path, language, messages, read_ts(path))
        if after != before:
            stale.append(path.name)
    done = len(messages)
    print(f"{done} messages; " + (f"out of date: {', '.join(stale)}" if stale else "every .ts up to date"))
    return 1 if problems or ("--check" in argv and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
