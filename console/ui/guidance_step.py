"""The current step of a guidance session, as the panel shows it: a question's numbered options with
the suggestion and its why, an input's typed fields, an action to do, the end with its disposition —
and what the session passed by itself on the way (info, replies, escalations).

It only shows and collects; the panel (guidance_panel.py) decides what each choice does.
"""

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from console.domain.excerpt import excerpt
from console.guidance.session_events import Suggested
from console.guidance.tree import (
    ActionNode,
    CallNode,
    EndNode,
    EscalateNode,
    InfoNode,
    InputField,
    InputNode,
    QuestionNode,
    ResponseNode,
)
from console.services.guidance import GuidanceRun

MAX_KEYED = 9  # options 1–9 have a number key


WHY_SHOWN = 140  # a long condition (a word list) is cut in the panel; the tooltip has all of it


def why_text(suggested: Suggested, limit: int | None = None) -> str:
    """ "case.priority >= 50 (case.priority = 72)": the condition and what it read."""
    read = ", ".join(f"{path} = {excerpt(_shown(value), 60)}" for path, value in suggested.read)
    why = " ".join(suggested.why.split())
    if limit is not None:
        why = excerpt(why, limit)
    return why + (f" ({read})" if read else "")


def _shown(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(map(_shown, value)) + "]"
    return str(value)


class OptionButton(QPushButton):
    """A choice whose label wraps (an option can be a sentence): the panel is narrow, and a cut-off
    option cannot be chosen knowingly."""

    _PAD_X, _PAD_Y = 10, 7

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="guidanceOption")
        self.label = QLabel(text, objectName="guidanceOptionText", wordWrap=True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(self._PAD_X, self._PAD_Y, self._PAD_X, self._PAD_Y)
        row.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(text)

    def text(self) -> str:  # the label is the text; QPushButton's own stays empty
        return self.label.text()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width - 2 * self._PAD_X) + 2 * self._PAD_Y

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.heightForWidth(max(self.width(), 200)))


class StepView(QFrame):
    option_chosen = Signal(int)
    """An option (question) or outcome (action) was clicked: its number, from 1."""
    submitted = Signal()
    """The input's Continue was clicked."""
    start_requested = Signal()
    """Start (a new session) was clicked."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="guidanceStep")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 10, 12, 10)
        self._layout.setSpacing(6)
        self.kind = QLabel(objectName="guidanceKind")
        self.prompt = QLabel(objectName="guidancePrompt", wordWrap=True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.passed = QLabel(objectName="guidancePassed", wordWrap=True)
        self.passed.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion = QLabel(objectName="guidanceSuggestion", wordWrap=True)
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QWidget(objectName="guidanceBody")
        for widget in (self.passed, self.kind, self.prompt, self.body, self.suggestion):
            self._layout.addWidget(widget)
        self._layout.addStretch(1)
        self.options: list[QPushButton] = []
        self.fields: dict[str, QWidget] = {}
        self._field_specs: dict[str, InputField] = {}
        self.path_label: QLabel | None = None  # the ended session's way

    # What is shown.

    def show_empty(self, text: str) -> None:
        self._reset()
        self.prompt.setText(text)

    def show_ready(self, run: GuidanceRun) -> None:
        self._reset()
        self.kind.setText(self.tr("Not started"))
        about = run.tree.description or self.tr("Guidance for this case.")
        self.prompt.setText(about)
        self._buttons([self.tr("Start the session  (Enter)")], lambda _n: self.start_requested.emit())

    def show_run(self, run: GuidanceRun) -> None:
        self._reset()
        session = run.session
        node = session.current
        self.passed.setText("\n".join(self._passed(run)))
        self.passed.setVisible(bool(self.passed.text()))
        if session.ended is not None:
            self._show_end(run)
        elif isinstance(node, QuestionNode):
            self.kind.setText(self.tr("Question"))
            self.prompt.setText(node.prompt)
            suggested = session.suggestion
            labels = []
            for number, option in enumerate(node.options, start=1):
                key = f"{number}  " if number <= MAX_KEYED else "    "
                mark = "  ★ suggested" if suggested is not None and suggested.option == option.label else ""
                labels.append(f"{key}{option.label}{mark}")
            self._buttons(labels, self.option_chosen.emit)
            if suggested is not None:
                text = self.tr("★ {option} — Enter accepts; any other choice overrides.\nWhy: {why}")
                short = why_text(suggested, WHY_SHOWN)
                self.suggestion.setText(text.format(option=suggested.option, why=short))
                self.suggestion.setToolTip(text.format(option=suggested.option, why=why_text(suggested)))
                self.suggestion.show()
        elif isinstance(node, InputNode):
            self.kind.setText(self.tr("Input"))
            self.prompt.setText(node.prompt or self.tr("Fill in what the customer sent"))
            self._form(node, session.inputs)
        elif isinstance(node, ActionNode):
            self.kind.setText(self.tr("Action"))
            self.prompt.setText(_action_text(node))
            self._buttons(
                [self.tr("1  Do it  (Enter)"), self.tr("2  It cannot be done: take the failure way")],
                self.option_chosen.emit,
            )
        elif isinstance(node, EscalateNode):
            self.kind.setText(self.tr("Escalate"))
            what = self.tr("Hand the case to {team}") if node.mode == "hand_off" else self.tr("Tell {team}")
            self.prompt.setText(f"{what.format(team=node.team)}: {node.reason}")
            self._buttons([self.tr("1  Escalate, with the reason…  (Enter)")], self.option_chosen.emit)

    def input_values(self) -> dict[str, object]:
        """The input form's values by field name (a number as float; an empty field left out)."""
        values: dict[str, object] = {}
        for name, widget in self.fields.items():
            spec = self._field_specs[name]
            if isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                if widget.currentData():
                    values[name] = widget.currentData()
            elif isinstance(widget, QLineEdit) and widget.text().strip():
                text = widget.text().strip()
                if spec.type == "number":
                    try:
                        values[name] = float(text.replace(",", "."))
                    except ValueError:
                        raise ValueError(self.tr("{label} takes a number").format(label=spec.label)) from None
                else:
                    values[name] = text
        return values

    def first_field(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    # Inside.

    def _reset(self) -> None:
        for label in (self.kind, self.prompt, self.passed, self.suggestion):
            label.clear()
        self.suggestion.hide()
        self.passed.hide()
        old = self.body
        self.body = QWidget(objectName="guidanceBody")
        self._layout.replaceWidget(old, self.body)
        old.deleteLater()
        self.options = []
        self.fields = {}
        self._field_specs = {}

    def _buttons(self, labels: list[str], chosen) -> None:
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 4, 0, 4)
        column.setSpacing(4)
        for number, label in enumerate(labels, start=1):
            button = OptionButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the panel: 1–9, Enter
            button.setProperty("suggested", "★" in label)
            button.clicked.connect(lambda _checked=False, n=number: chosen(n))
            column.addWidget(button)
            self.options.append(button)

    def _form(self, node: InputNode, known: Mapping[str, object]) -> None:
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 4, 0, 4)
        for spec in node.fields:
            current = known.get(spec.path)
            widget: QWidget
            if spec.type == "boolean":
                widget = QCheckBox()
                widget.setChecked(bool(current))
            elif spec.type == "choice":
                widget = QComboBox()
                if not spec.required:
                    widget.addItem(self.tr("(not given)"), "")
                for choice in spec.choices:
                    widget.addItem(choice, choice)
                if current in spec.choices:
                    widget.setCurrentIndex(widget.findData(current))
            else:
                widget = QLineEdit()
                if spec.max_length:
                    widget.setMaxLength(spec.max_length)
                if spec.type == "number":
                    widget.setValidator(QDoubleValidator(widget))
                if current is not None:
                    widget.setText(
                        _shown(current).removesuffix(".0") if spec.type == "number" else str(current)
                    )
            widget.setObjectName(f"guidanceField_{spec.name}")
            widget.setAccessibleName(spec.label)
            label = spec.label + ("" if spec.required else self.tr(" (optional)"))
            form.addRow(label, widget)
            self.fields[spec.name] = widget
            self._field_specs[spec.name] = spec
        button = QPushButton(self.tr("Continue  (Enter)"), objectName="guidanceOption")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(self.submitted.emit)
        form.addRow(button)
        self.options.append(button)

    def _show_end(self, run: GuidanceRun) -> None:
        ended = run.session.ended
        self.kind.setText(self.tr("Ended"))
        self.prompt.setText(self.tr("Disposition: {d}").format(d=ended.disposition))
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 4, 0, 4)
        self.path_label = QLabel(
            self.tr("Path: {path}").format(path=" → ".join(run.session.path)), objectName="guidancePath"
        )
        self.path_label.setWordWrap(True)
        column.addWidget(self.path_label)
        again = QPushButton(self.tr("Start again"), objectName="guidanceOption")
        again.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        again.clicked.connect(self.start_requested.emit)
        column.addWidget(again)
        self.options.append(again)

    def _passed(self, run: GuidanceRun) -> list[str]:
        """What the session went through by itself since the last decision (before the current step)."""
        steps = run.session.steps
        lines: list[str] = []
        for step in reversed(steps[:-1]):
            node = run.node(step.tree, step.node)
            if isinstance(node, QuestionNode | InputNode | ActionNode | EscalateNode):
                break
            if isinstance(node, InfoNode):
                lines.append(f"ℹ {node.text}")
            elif isinstance(node, ResponseNode):
                lines.append(self.tr("✎ Reply “{name}” put into the composer").format(name=node.template))
            elif isinstance(node, EscalateNode):
                what = self.tr("handed off to") if node.mode == "hand_off" else self.tr("told")
                lines.append(f"⚑ {what} {node.team}: {node.reason}")
            elif isinstance(node, CallNode):
                lines.append(self.tr("↳ into {tree}@{version}").format(tree=node.tree, version=node.version))
            elif isinstance(node, EndNode):
                pass
        return lines[::-1]


def _action_text(node: ActionNode) -> str:
    def tr(text: str) -> str:
        return QCoreApplication.translate("StepView", text)

    if node.action == "tag":
        return tr("Tag the case “{value}”").format(value=node.value)
    if node.action == "set_priority":
        return tr("Set the case's priority to {value}").format(value=node.value)
    if node.action == "assign":
        return tr("Assign the case to {value}").format(value=node.value)
    return f"{node.action}: {node.value}"
