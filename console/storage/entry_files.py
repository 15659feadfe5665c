"""What the loaders of the console's own entry files (canned responses, dispositions) say is wrong:
the file, the entry, the problem — one bad entry is left out and reported, the good ones kept."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileProblem:
    file: str
    entry: str  # "entry 3 (refund-status)"; "" when the whole file is at fault
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}, {self.entry}" if self.entry else self.file
        return f"{where}: {self.problem}"
