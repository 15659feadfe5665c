"""``horseshoe-hub import``: recorded API responses ingested as if they had just been fetched — for
migrating history, backfilling a gap, and demos.

A file is either a cassette (VCR.py, Betamax or R vcr, see console.channels.recordings), whose every
response is read with the URL that fetched it, or one raw JSON body, read as the answer of
``endpoint`` (the network's own path, e.g. ``/2/users/1/mentions``), or, when none is given, the
endpoint the network's connector recognises from the body's shape. Each body goes through the
network's normalizer; mentions are ingested as fetched ones are (deduplicated, analysed, grouped into
cases), everything unreadable is quarantined with its reason, and nothing stops the rest of the run:
a file that cannot be read at all is reported and skipped.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from console.channels.normalized import Page, Quarantined, read_guarded
from console.channels.recordings import RecordingError, is_recording, parse_recording
from console.channels.registry import endpoint_guesser, normalizer
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount, Mention
from console.domain.network import Network
from console.hub import quarantine
from console.hub.ingest import ingest
from console.hub.schema import accounts

BATCH = 5_000


class ImportRefusedError(ValueError):
    """The import cannot start (no such account, no connector); the message says what to do."""


@dataclass
class FileReport:
    path: str
    responses: int = 0
    mentions: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "responses": self.responses,
            "mentions": self.mentions,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "quarantined": [{"where": q.where, "reason": q.reason} for q in self.quarantined],
            "error": self.error,
        }


def brand_account(engine: Engine, network: Network, account_id: str | None) -> BrandAccount:
    """The account the imported mentions reached: the one named, or the network's only one."""
    with engine.connect() as connection:
        rows = connection.execute(select(accounts).where(accounts.c.network == network.value)).all()
    if account_id is not None:
        rows = [r for r in rows if r.id == account_id or r.handle.lstrip("@").lower() == account_id.lower()]
        if not rows:
            known = f"no {network.label} account {account_id!r} on this hub"
            raise ImportRefusedError(f"{known} (see `accounts list`)")
    elif len(rows) != 1:
        named = ", ".join(r.id for r in rows) or "none yet: add one with `accounts add`"
        raise ImportRefusedError(f"which {network.label} account did these reach? give --account ({named})")
    row = rows[0]
    return BrandAccount(row.id, Network(row.network), row.handle, row.name, row.team)


def import_files(
    engine: Engine,
    network: Network,
    paths: Sequence[Path],
    account: BrandAccount,
    endpoint: str = "",
) -> list[FileReport]:
    normalize = normalizer(network)
    guess = endpoint_guesser(network)
    reports = []
    for path in paths:
        report = FileReport(str(path))
        received = now_ms()
        try:
            pages = list(_pages(normalize, guess, path, account, endpoint, received, report))
        except (OSError, UnicodeDecodeError, RecordingError, ValueError) as failure:
            report.error = str(failure)
            reports.append(report)
            continue
        mentions: list[Mention] = [m for page in pages for m in page.mentions]
        report.mentions = len(mentions)
        report.skipped += sum(page.skipped for page in pages)
        report.quarantined += [q for page in pages for q in page.quarantined]
        for start in range(0, len(mentions), BATCH):
            result = ingest(engine, mentions[start : start + BATCH])
            report.imported += result.inserted
            report.duplicates += len(mentions[start : start + BATCH]) - result.inserted
        quarantine.hold(engine, network, account.id, f"import {path.name}", report.quarantined, received)
        reports.append(report)
    return reports


def _pages(
    normalize, guess, path: Path, account: BrandAccount, endpoint: str, received: int, report: FileReport
):
    text = path.read_text("utf-8")
    if is_recording(text):
        for position, exchange in enumerate(parse_recording(text, str(path))):
            report.responses += 1
            try:
                body = exchange.json()
            except RecordingError:
                if exchange.status >= 400:
                    reason = f"HTTP {exchange.status} with a body that is not JSON"
                    yield Page(
                        quarantined=(Quarantined.of(reason, exchange.body.decode("utf-8", "replace")),)
                    )
                else:
                    report.skipped += 1  # an empty answer, a stream, a media upload
                continue
            yield read_guarded(
                normalize,
                body,
                url=exchange.url,
                account=account,
                received_ms=received,
                where=f"interaction {position}",
            )
        return
    report.responses = 1
    try:
        body = json.loads(text)
    except ValueError as failure:
        raise ValueError(f"{path}: neither a cassette nor a JSON body ({failure})") from None
    if not endpoint and guess is not None:
        endpoint = guess(body)
    yield read_guarded(normalize, body, url=endpoint, account=account, received_ms=received)
