"""Asking for what a canned response needs and the case cannot tell (an order number, a date)."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

_OK, _CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def label_of(name: str) -> str:
    """ "order.id" → "Order id", "agent.first_name" → "Agent first name"."""
    words = name.replace(".", " ").replace("_", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


class VariablesDialog(QDialog):
    def __init__(self, title: str, names: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("variablesDialog")
        self.setWindowTitle(self.tr("Fill in “{title}”").format(title=title))
        intro = QLabel(self.tr("This response needs a few details before it goes into the reply."))
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for name in names:
            field = QLineEdit(objectName="variableField")
            field.setAccessibleDescription(
                self.tr("Filled into the canned response where it names this value")
            )
            field.setAccessibleName(label_of(name))
            field.textChanged.connect(self._check)
            form.addRow(label_of(name), field)
            self.fields[name] = field
        buttons = QDialogButtonBox(_OK | _CANCEL)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Insert"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        self._check()

    def values(self) -> dict[str, str]:
        return {name: field.text().strip() for name, field in self.fields.items()}

    def _check(self) -> None:
        self.ok.setEnabled(all(value for value in self.values().values()))
