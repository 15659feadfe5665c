"""What the tree checker reports: one problem per finding, pointing at a file, a line and a node."""

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the tree must not be published
    WARNING = "warning"  # worth a look; does not fail the check


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem is about the file as a whole
    node: str  # the node's id, or "" when the problem is not inside a node
    rule: str  # stable name ("missing-target"), for documentation, filters and tests
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        node = f" {self.node}:" if self.node else ""
        return f"{where}:{node} {self.rule}: {self.message}" + (
            " (warning)" if self.severity is Severity.WARNING else ""
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "node": self.node,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


def error(file: str, line: int, node: str, rule: str, message: str) -> Problem:
    return Problem(file, line, node, rule, Severity.ERROR, message)


def warning(file: str, line: int, node: str, rule: str, message: str) -> Problem:
    return Problem(file, line, node, rule, Severity.WARNING, message)
