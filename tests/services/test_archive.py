"""The archive service: searching re-derives changed facts first, exports of a whole result (not only
the page shown) and of one case in CSV and JSON, read back and checked, and exports that cannot be
written leave no file — nor a half one — and say why."""

import csv
import errno
import json
from datetime import UTC, datetime

import pytest

from console.domain.archive import ArchiveFilters, SentimentChange
from console.services import archive as archive_module
from console.services.archive import Archive, ArchiveError, ExportFormat
from console.services.atomic_file import AtomicFile
from console.storage.archive_records import ArchiveRecords
from console.storage.archive_repo import ArchiveRepository
from console.storage.case_repo import CaseRepository
from tests.storage.archive_data import ANA, T0, archive_cases, filler
from tests.storage.case_data import Changes

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def service(cache):
    changes = archive_cases()
    filler(changes, 30, T0 + 3 * 86_400_000)
    changes.apply(cache)
    return Archive(ArchiveRepository(cache), ArchiveRecords(cache), CaseRepository(cache), now=lambda: NOW)


def _csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.asyncio
async def test_a_search_reads_facts_derived_from_what_just_arrived(service, cache):
    assert [
        r.case_id for r in await service.search("", ArchiveFilters(sentiment=SentimentChange.IMPROVED))
    ] == ["A"]
    # Dan writes again, happier: B's change (mean after − before the reply) moves from −0.7 to
    # (−0.9 + 0.5) / 2 − (−0.2) = 0
    later = Changes(start=9000)
    later.mention("B-m3", "B-3", "ok it works now", T0 + 200 * 60_000, case_id="B", sentiment_score=0.5)
    later.apply(cache)
    assert [
        r.case_id for r in await service.search("", ArchiveFilters(sentiment=SentimentChange.UNCHANGED))
    ] == ["B"]
    later = Changes(start=9100)
    later.mention("B-m4", "B-4", "great, thanks", T0 + 210 * 60_000, case_id="B", sentiment_score=0.9)
    later.apply(cache)
    improved = await service.search("", ArchiveFilters(sentiment=SentimentChange.IMPROVED))
    assert [r.case_id for r in improved] == ["B", "A"]  # B: (−0.9 + 0.5 + 0.9) / 3 + 0.2 ≈ +0.37


@pytest.mark.asyncio
async def test_the_result_as_csv_holds_every_matching_case(service, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "EXPORT_PAGE", 4)  # many pages
    target = tmp_path / "out" / "parcel.csv"
    target.parent.mkdir()
    written = await service.export_result("parcel", ArchiveFilters(), target, ExportFormat.CSV)
    rows = _csv(target)
    assert written == len(rows) == 31
    assert [r["case_id"] for r in rows[:2]] == ["P029", "P028"] and rows[-1]["case_id"] == "A"
    a = rows[-1]
    assert a["opened"] == "2025-12-29T09:20:00+00:00" and a["account"] == "@Northwind"
    assert (a["agent"], a["disposition"], a["guidance_path"]) == (
        "Ana Ribeiro",
        "refund_issued",
        "refund_request · refund_issued",
    )
    assert (a["sentiment_change"], a["sentiment"]) == ("1.200", "improved")
    assert (a["matched_in"], a["snippet"]) == ("note", "Customer also asked about a lost parcel")
    assert list(target.parent.iterdir()) == [target]  # no temporary file left beside it


@pytest.mark.asyncio
async def test_spreadsheet_formulas_in_network_text_stay_text(service, tmp_path):
    target = tmp_path / "crash.csv"
    await service.export_result("crash", ArchiveFilters(), target, ExportFormat.CSV)
    (b,) = _csv(target)
    assert b["snippet"] == 'The app crashes at login =HYPERLINK("x")'  # not at the start: harmless
    assert b["sentiment_change"] == "-0.700"  # a negative number stays a number
    later = Changes(start=9000)
    later.mention("B-m9", "B-9", '=HYPERLINK("http://evil.invalid","crash")', T0, case_id="Z")
    later.case("Z", T0, conversation_key="z")
    later.apply(service._cases._db)
    await service.export_result("evil", ArchiveFilters(), target, ExportFormat.CSV)
    (z,) = _csv(target)
    assert z["snippet"].startswith("'=HYPERLINK")


@pytest.mark.asyncio
async def test_the_result_as_json_holds_whole_cases(service, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "EXPORT_PAGE", 2)
    target = tmp_path / "x.json"
    filters = ArchiveFilters(network="x", end_ms=T0 + 86_400_000)
    assert await service.export_result("", filters, target, ExportFormat.JSON) == 2
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["exported"] == "2026-01-05T12:00:00+00:00"
    assert data["search"] == {
        "words": "",
        "filters": {
            "date_field": "opened",
            "start_ms": None,
            "end_ms": str(T0 + 86_400_000),
            "network": "x",
            "account_id": None,
            "agent": None,
            "disposition": None,
            "guidance": None,
            "sentiment": None,
        },
    }
    b, a = data["cases"]
    assert (b["id"], a["id"]) == ("B", "A")
    assert [r["text"] for r in b["replies"]] == ["Please update the app; here is a voucher for the trouble."]
    assert [n["text"] for n in a["notes"]] == [
        "Checked the payment log",
        "Customer also asked about a lost parcel",
    ]
    assert {e["type"] for e in a["events"]} == {"guidance_step", "reply_published", "note_added", "resolved"}
    # An empty result is still a whole document
    assert await service.export_result("nothing-like-it", ArchiveFilters(), target, ExportFormat.JSON) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["cases"] == []


@pytest.mark.asyncio
async def test_one_case_as_json_and_as_csv_timeline(service, tmp_path):
    await service.export_case("A", tmp_path / "a.json", ExportFormat.JSON)
    case = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["case"]
    assert case["id"] == "A" and len(case["mentions"]) == 2 and case["agent"] == "Ana Ribeiro"
    await service.export_case("A", tmp_path / "a.csv", ExportFormat.CSV)
    rows = _csv(tmp_path / "a.csv")
    assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)  # oldest first
    assert rows[0] == {
        "at": "2025-12-29T09:20:00+00:00",
        "kind": "message",
        "who": "@maria_kowal",
        "type": "post",
        "text": "My refund never arrived, three weeks now!",
        "url": "https://x.com/maria_kowal/status/A-1",
    }
    sentences = [r["text"] for r in rows if r["kind"] == "event"]
    assert "Ana Ribeiro noted: Customer also asked about a lost parcel" in sentences
    assert "Guidance refund_request@2: noted at check: Checked the payment log" in sentences
    assert any(r["kind"] == "reply" and r["who"] == "Ana Ribeiro" for r in rows)
    with pytest.raises(ArchiveError, match="no longer in this desk's cache"):
        await service.export_case("nope", tmp_path / "nope.json", ExportFormat.JSON)
    assert not (tmp_path / "nope.json").exists()


@pytest.mark.asyncio
async def test_an_unwritable_path_says_why_and_leaves_nothing(service, tmp_path):
    with pytest.raises(ArchiveError, match=r"could not be written to .*No such file or directory"):
        await service.export_result("", ArchiveFilters(), tmp_path / "missing" / "x.csv", ExportFormat.CSV)
    with pytest.raises(ArchiveError, match="could not be written"):
        await service.export_case("A", tmp_path / "missing" / "a.json", ExportFormat.JSON)


@pytest.mark.asyncio
async def test_a_full_disk_midway_keeps_the_old_file_and_no_half_one(service, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "result.json"
    target.write_text("the previous export", encoding="utf-8")
    monkeypatch.setattr(archive_module, "EXPORT_PAGE", 3)
    writes = []
    original = AtomicFile.write

    def filling_up(self, text):
        writes.append(text)
        if len(writes) == 4:  # the head and two pages went; the disk fills on the third
            raise OSError(errno.ENOSPC, "No space left on device")
        original(self, text)

    monkeypatch.setattr(AtomicFile, "write", filling_up)
    with pytest.raises(ArchiveError, match=r"No space left on device\. Nothing was saved there"):
        await service.export_result("parcel", ArchiveFilters(), target, ExportFormat.JSON)
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert list(target.parent.iterdir()) == [target]


@pytest.mark.asyncio
async def test_choices_and_the_preview(service):
    assert await service.prepare() == 34  # every case's facts derived, once
    assert await service.prepare() == 0
    choices = await service.choices()
    assert choices.agents == ((ANA, "Ana Ribeiro"), ("user-bob", "Bob Lee"))
    detail = await service.case("C")
    assert detail is not None and detail.header.id == "C"
    assert await service.case("nope") is None


@pytest.mark.asyncio
async def test_a_case_dropped_meanwhile_leaves_valid_json(service, tmp_path, monkeypatch):
    """A sync may drop a case (handed to another team) while a long export runs."""
    monkeypatch.setattr(archive_module, "EXPORT_PAGE", 1)
    real = service._records.records

    async def dropping(case_ids):
        return [] if case_ids == ["B"] else await real(case_ids)

    monkeypatch.setattr(service._records, "records", dropping)
    target = tmp_path / "x.json"
    filters = ArchiveFilters(network="x", end_ms=T0 + 86_400_000)
    assert await service.export_result("", filters, target, ExportFormat.JSON) == 1
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [case["id"] for case in data["cases"]] == ["A"]
