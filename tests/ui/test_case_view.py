"""The case view: header, conversation and timeline of one case; latest wins; refresh on its changes."""

import asyncio

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from console.domain.sync import AppliedChanges
from console.services.case_view import CaseViewService
from console.storage.case_repo import CaseRepository
from console.ui.case_view import CaseView
from tests.storage.case_data import CASE, MIN, T0, Changes, maria_case
from tests.ui.conftest import until


class GatedService(CaseViewService):
    """Loads ``slow`` only when the test opens the gate: a read that takes its time."""

    def __init__(self, repository: CaseRepository, slow: str):
        super().__init__(repository)
        self.slow = slow
        self.gate = asyncio.Event()
        self.loads: list[str] = []

    async def load(self, case_id: str):
        self.loads.append(case_id)
        if case_id == self.slow:
            await self.gate.wait()
        return await super().load(case_id)


def other_case(cache) -> None:
    c = Changes(start=1000)
    text = "Does the Unlimited 5G plan include hotspot or is that extra?"
    c.mention("o1", "9001", text, T0, case_id="c-other")
    c.case("c-other", tags="[]", team=None)
    c.apply(cache)


def test_shows_a_case_header_thread_and_timeline(qtbot, qloop, cache):
    maria_case().apply(cache)
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    assert view.pages.currentWidget() is view.empty and view.empty.text() == "Select a case"
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    assert view.pages.currentWidget() is view.body
    assert "@NorthwindAir" in view.title.text() and "priority 72" in view.title.text()
    assert view.people.text().startswith("Team Legal · assigned to Bob Lee")
    assert "delay" in view.tags.text() and "rebooking" in view.tags.text()
    thread = view.conversation.toPlainText()
    # The brand's post the conversation hangs under comes first (found by its network id).
    first = "Storms over Warsaw"
    order = [thread.index(t) for t in (first, "NW221 delayed", "crew swap", "4 hours", "Cancelled")]
    assert order == sorted(order)
    assert "failed: the post being answered was deleted" in thread and "sending" in thread
    # m2 ("4 hours…") is hidden on the network; m3 was hidden and shown again, so it is not marked.
    assert thread.count("· hidden") == 1
    assert thread.index("· hidden") < thread.index("4 hours") < thread.index("Cancelled")
    assert view.timeline.topLevelItemCount() == 36
    last = view.timeline.topLevelItem(26)
    assert last.text(2) == "Reply held for review: the claim was lost" and last.text(3) == "the hub"
    handed = [view.timeline.topLevelItem(i).text(2) for i in range(31)]
    assert "Handed to Legal: possible defamation" in handed
    assert view.tabs.tabText(0) == "&Conversation" and view.timeline.accessibleName() == "Case timeline"
    view.show_case(None)
    assert view.pages.currentWidget() is view.empty and view.detail is None


def test_a_slow_load_of_an_earlier_case_never_overwrites_the_current_one(qtbot, qloop, cache):
    maria_case().apply(cache)
    other_case(cache)
    service = GatedService(CaseRepository(cache), slow=CASE)
    view = CaseView(service)
    qtbot.addWidget(view)
    shown = []
    view.case_loaded.connect(lambda detail: shown.append(detail.header.id))
    view.show_case(CASE)  # waits at the gate
    view.show_case("c-other")
    qloop.run_until_complete(until(lambda: shown == ["c-other"]))
    service.gate.set()
    qloop.run_until_complete(asyncio.sleep(0.1))
    assert shown == ["c-other"] and view.case_id == "c-other"
    assert "hotspot" in view.conversation.toPlainText()


def test_refreshes_on_a_change_of_its_case_and_not_of_another(qtbot, qloop, cache):
    maria_case().apply(cache)
    other_case(cache)
    service = GatedService(CaseRepository(cache), slow="none")
    view = CaseView(service)
    qtbot.addWidget(view)
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    view.apply_changes(AppliedChanges(cases=frozenset({"c-other"}), mentions=frozenset({"o1"})))
    assert service.loads == [CASE]
    c = Changes(start=2000)
    text = "Hotel booked, thank you. Still want the refund for tonight's flight."
    c.mention("m4", "2005", text, T0 + 300 * MIN)
    c.event("e31", "mention_received", T0 + 300 * MIN, "customer", mention_id="m4")
    c.case(mention_count=4)
    c.apply(cache)
    view.apply_changes(AppliedChanges(cases=frozenset({CASE}), mentions=frozenset({"m4"})))
    qloop.run_until_complete(until(lambda: "Still want the refund" in view.conversation.toPlainText()))
    assert service.loads == [CASE, CASE] and view.timeline.topLevelItemCount() == 37


def test_links_open_in_the_system_browser_and_only_web_links(qtbot, qloop, cache, monkeypatch):
    maria_case().apply(cache)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    html = view.conversation.toHtml()
    assert 'href="https://x.com/maria_kowal/status/2001"' in html  # "Open original"
    view.conversation.anchorClicked.emit(QUrl("https://x.com/maria_kowal/status/2001"))
    assert opened == ["https://x.com/maria_kowal/status/2001"]
    assert not view.open_link("file:///etc/passwd") and not view.open_link("javascript:alert(1)")
    published = next(
        view.timeline.topLevelItem(i)
        for i in range(view.timeline.topLevelItemCount())
        if view.timeline.topLevelItem(i).text(2) == "Reply published on X"
    )
    view.timeline.itemActivated.emit(published, 0)
    assert opened[-1] == "https://x.com/NorthwindAir/status/2002"


def test_network_text_is_shown_not_obeyed(qtbot, qloop, cache):
    c = Changes()
    hostile = "<b>bold?</b> \u202eevil\u202c bell\x07 مرحبا 👩‍👩‍👧 see https://status.example.com/nw221"
    c.mention("h1", "1", hostile, T0, case_id="c-h", author_name="<i>Mallory</i>")
    c.mention("h2", "2", "مرحبا، رحلتي متأخرة", T0 + MIN, case_id="c-h", parent_external_id="1")
    c.case("c-h", tags='["<script>"]')
    c.apply(cache)
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    view.show_case("c-h")
    qloop.run_until_complete(until(lambda: view.detail is not None))
    text = view.conversation.toPlainText()
    assert "<b>bold?</b>" in text and "<i>Mallory</i>" in text  # shown as typed, not as markup
    assert "\u202e" not in text and "␇" in text  # no override leaks; the bell is made visible
    assert "👩‍👩‍👧" in text
    assert 'href="https://status.example.com/nw221"' in view.conversation.toHtml()
    assert "&lt;script&gt;" in view.tags.text() and "<script>" not in view.tags.text()
    document = view.conversation.document()
    directions = {
        document.findBlockByNumber(n).text(): document.findBlockByNumber(n).textDirection()
        for n in range(document.blockCount())
    }
    assert directions["مرحبا، رحلتي متأخرة"] == Qt.LayoutDirection.RightToLeft


def test_ctrl_2_and_ctrl_1_switch_tabs(qtbot, qloop, cache):
    maria_case().apply(cache)
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    view.show()
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    view.conversation.setFocus()
    qtbot.keyClick(view.conversation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == view.TIMELINE
    qtbot.keyClick(view.timeline, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == view.CONVERSATION


def test_a_case_the_cache_does_not_hold_says_so(qtbot, qloop, cache):
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    loaded = []
    view.case_loaded.connect(loaded.append)
    view.show_case("missing")
    qloop.run_until_complete(until(lambda: loaded == [None]))
    assert view.pages.currentWidget() is view.empty and "not in the local cache" in view.empty.text()


def test_a_refresh_keeps_the_reader_where_they_were(qtbot, qloop, cache):
    c = Changes()
    for n in range(60):
        c.mention(f"m{n}", f"x{n}", f"message {n} about the lost suitcase BIO-43321", T0 + n * MIN)
    c.case()
    c.apply(cache)
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    bar = view.conversation.verticalScrollBar()
    assert bar.maximum() > 200
    bar.setValue(200)
    loaded = []
    view.case_loaded.connect(loaded.append)
    view.refresh()
    qloop.run_until_complete(until(lambda: len(loaded) == 1))
    assert bar.value() == 200


def test_media_shows_as_links_that_open_in_the_browser(qtbot, qloop, cache, monkeypatch):
    from sqlalchemy import text as sql

    maria_case().apply(cache)
    media = '[{"kind": "image", "url": "https://example.org/boarding-pass.jpg"}]'
    cache.write_sync(lambda c: c.execute(sql("UPDATE mentions SET media = :m WHERE id = 'm1'"), {"m": media}))
    view = CaseView(CaseViewService(CaseRepository(cache)))
    qtbot.addWidget(view)
    view.show_case(CASE)
    qloop.run_until_complete(until(lambda: view.detail is not None))
    assert "🖼 picture" in view.conversation.toPlainText()
    assert 'href="https://example.org/boarding-pass.jpg"' in view.conversation.toHtml()
