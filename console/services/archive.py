"""Reports → Case archive…: the reviewer's search over every case this desk's cache holds — words in
mentions, brand replies and notes, filters on the case's facts — and exports of a search result or
of one case, as CSV or JSON.

Everything reads the local cache only, so the archive works with the hub unreachable. Searching runs
on the cache's reader thread; an export reads a page at a time and writes it in a worker thread, to a
temporary file renamed over the target at the end: a full disk or a refused path leaves no half file.
"""

import asyncio
import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from console.domain.archive import (
    ArchiveCount,
    ArchiveFilters,
    ArchiveKey,
    ArchiveRow,
    FilterChoices,
    sentiment_change,
)
from console.domain.case_detail import CaseDetail
from console.domain.clock import to_datetime
from console.domain.translatable import translatable
from console.services.atomic_file import AtomicFile
from console.services.errors import KnownError
from console.storage.archive_records import ArchiveRecords
from console.storage.archive_repo import ArchiveRepository
from console.storage.case_repo import CaseRepository
from console.storage.database import CacheError

PAGE = 100  # rows per page in the table
EXPORT_PAGE = 500  # cases read (and written) per step of an export


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class ArchiveError(KnownError):
    """The cache cannot be read, or an export cannot be written; the message says which and why."""


RESULT_HEADERS = (
    "case_id",
    "opened",
    "updated",
    "network",
    "account",
    "customer",
    "status",
    "agent",
    "disposition",
    "guidance_path",
    "sentiment_change",
    "sentiment",
    "matched_in",
    "snippet",
)
CASE_HEADERS = ("at", "kind", "who", "type", "text", "url")


class Archive:
    def __init__(
        self,
        repository: ArchiveRepository,
        records: ArchiveRecords,
        cases: CaseRepository,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self._repository = repository
        self._records = records
        self._cases = cases
        self._now = now

    async def search(
        self, words: str, filters: ArchiveFilters, after: ArchiveKey | None = None, limit: int = PAGE
    ) -> tuple[ArchiveRow, ...]:
        """A page of matching cases, newest first. A new search (``after`` None) filtering on the
        case facts (agent, guidance path, sentiment change) first derives those of cases changed
        since the last time, so the filter reads current facts; other searches do not wait for that
        (after a big initial sync it takes seconds): :meth:`choices`, asked when the window opens,
        derives them beside the first search."""
        try:
            if after is None and filters.reads_facts:
                await self._repository.refresh_facts()
            return await self._repository.page(words, filters, after, limit)
        except CacheError as error:
            raise ArchiveError(str(error)) from error

    async def count(self, words: str, filters: ArchiveFilters) -> ArchiveCount:
        return await self._repository.count(words, filters)

    async def prepare(self) -> int:
        """Derive the facts of cases changed since they last were (seconds after a big initial sync,
        nothing most times); returns how many cases' facts changed."""
        return await self._repository.refresh_facts()

    async def choices(self) -> FilterChoices:
        """What the filters offer, from the cache (run :meth:`prepare` first for current facts)."""
        return await self._repository.choices()

    async def case(self, case_id: str) -> CaseDetail | None:
        """One case as the case view shows it (the preview)."""
        return await self._cases.detail(case_id)

    # --- exports --------------------------------------------------------------------------------

    async def export_result(self, words: str, filters: ArchiveFilters, path: Path, form: ExportFormat) -> int:
        """Every case matching (not only the pages shown) to ``path``; returns how many were written."""
        path = Path(path)
        written = 0
        await self._repository.refresh_facts()  # the filters and columns read current facts
        file = await _open(path)
        try:
            if form is ExportFormat.JSON:
                head = {"exported": self._stamp(), "search": {"words": words, "filters": _filters(filters)}}
                await _write(file, json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [\n')
            else:
                await _write(file, _csv_line(RESULT_HEADERS))
            after = None
            while rows := await self._repository.page(words, filters, after, EXPORT_PAGE):
                if form is ExportFormat.JSON:
                    # A case a sync dropped since its page was read has no record: it is left out,
                    # and the separators follow the records written, so the file stays valid JSON.
                    cases = await self._records.records([r.case_id for r in rows])
                    if cases:
                        text = ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases)
                        await _write(file, (",\n" if written else "") + text)
                    written += len(cases)
                else:
                    await _write(file, "".join(_csv_line(_result_cells(r)) for r in rows))
                    written += len(rows)
                after = rows[-1].key
            if form is ExportFormat.JSON:
                await _write(file, "\n]}\n")
            await _finish(file)
        except BaseException as error:
            file.discard()  # quick (a close and an unlink), and must happen even when cancelled
            known = _export_error(path, error)
            if known is error:
                raise
            raise known from error
        return written

    async def export_case(self, case_id: str, path: Path, form: ExportFormat) -> None:
        """One case to ``path``: JSON with all its rows, or CSV with its messages and timeline."""
        path = Path(path)
        if form is ExportFormat.JSON:
            await self._repository.refresh_facts()
            found = await self._records.records([case_id])
            if not found:
                raise ArchiveError(self._gone(case_id))
            text = json.dumps({"exported": self._stamp(), "case": found[0]}, ensure_ascii=False, indent=1)
        else:
            detail = await self._cases.detail(case_id)
            if detail is None:
                raise ArchiveError(self._gone(case_id))
            text = "".join(_csv_line(row) for row in (CASE_HEADERS, *case_rows(detail)))
        file = await _open(path)
        try:
            await _write(file, text)
            await _finish(file)
        except BaseException as error:
            file.discard()  # quick (a close and an unlink), and must happen even when cancelled
            known = _export_error(path, error)
            if known is error:
                raise
            raise known from error

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    @staticmethod
    def _gone(case_id: str) -> str:
        return f"The case {case_id} is no longer in this desk's cache."


def case_rows(detail: CaseDetail) -> list[tuple]:
    """A case's messages and timeline, oldest first, as CSV rows (:data:`CASE_HEADERS`)."""
    rows = [
        (
            e.created_ms,
            "reply" if e.from_brand else "message",
            e.written_by or e.author_handle,
            e.kind.value,
            e.text,
            e.url,
        )
        for e in detail.conversation
    ]
    rows += [(t.at_ms, "event", t.actor, str(t.type), t.sentence, t.url) for t in detail.timeline]
    rows.sort(key=lambda row: row[0])
    return [(_iso(at), *rest) for at, *rest in rows]


def _result_cells(row: ArchiveRow) -> tuple:
    change = row.sentiment_change
    return (
        row.case_id,
        _iso(row.opened_ms),
        _iso(row.updated_ms),
        row.network,
        row.account,
        row.customer,
        row.status,
        row.agent,
        row.disposition,
        row.guidance,
        "" if change is None else f"{change:.3f}",
        sentiment_change(change).value,
        row.snippet.source.value if row.snippet else "",
        row.snippet.text if row.snippet else "",
    )


def _iso(ms: int | None) -> str:
    return "" if ms is None else to_datetime(ms).isoformat(timespec="seconds")


_FORMULA = ("=", "+", "-", "\t", "\r")


def _cell(value: object) -> object:
    """Network text that a spreadsheet would run as a formula (``=HYPERLINK(…)``) is kept as text.
    A leading ``@`` is one only with a call in it (``@SUM(…)``): handles such as ``@Northwind`` stay."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA) or (value.startswith("@") and "(" in value):
        try:
            float(value)
            return value  # a negative number, such as a sentiment change
        except ValueError:
            return "'" + value
    return value


def _csv_line(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([_cell(c) for c in cells])
    return out.getvalue()


def _filters(filters: ArchiveFilters) -> dict:
    return {k: (str(v) if v is not None else None) for k, v in asdict(filters).items()}


async def _open(path: Path) -> AtomicFile:
    try:
        return await asyncio.to_thread(AtomicFile, path)
    except OSError as error:
        raise _export_error(path, error) from error


async def _write(file: AtomicFile, text: str) -> None:
    await asyncio.to_thread(file.write, text)


async def _finish(file: AtomicFile) -> None:
    await asyncio.to_thread(file.commit)


def _export_error(path: Path, error: BaseException) -> BaseException:
    if isinstance(error, ArchiveError):
        return error
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return ArchiveError(
            translatable(
                "Errors", "The export could not be written to {path}: {reason}. Nothing was saved there."
            ),
            path=path,
            reason=reason,
        )
    if isinstance(error, CacheError):
        return ArchiveError(str(error))
    return error


__all__ = ["Archive", "ArchiveError", "ExportFormat", "case_rows"]
