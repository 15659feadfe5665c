"""The shown case's replies with their publishing status, from the cache and the outbox."""

from console.domain.mutation import MutationKind
from console.services.replies import ReplyService
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.storage.replies_repo import ReplyRepository
from console.ui.case_replies import CaseReplies
from tests.storage.conftest import as_tables, case_change
from tests.ui.conftest import until

ANA, BOB = "user-ana", "user-bob"


def reply_change(seq: int, reply_id: str, author: str, status: str, reason: str = "", url=None) -> dict:
    data = {
        "id": reply_id,
        "case_id": "case-1",
        "author_id": author,
        "account_id": "acct-x-0",
        "text": f"text of {reply_id}",
        "private": False,
        "claim_token": 1,
        "status": status,
        "reason": reason,
        "external_id": None,
        "attempts": 1,
        "created_ms": 1_700_000_000_000 + seq * 60_000,
        "updated_ms": 1_700_000_000_000 + seq * 60_000,
        "seq": seq,
        "url": url,
    }
    return {"seq": seq, "kind": "reply", "data": data}


def user_change(seq: int, user_id: str, name: str) -> dict:
    data = {
        "id": user_id,
        "username": name.lower(),
        "name": name,
        "role": "agent",
        "teams": '["Support"]',
        "disabled": False,
        "created_ms": 1,
        "seq": seq,
    }
    return {"seq": seq, "kind": "user", "data": data}


def test_each_reply_says_where_it_is_on_its_way_out(qloop, cache):
    changes = [
        case_change(1, "case-1"),
        user_change(2, BOB, "Bob"),
        reply_change(3, "r-published", ANA, "published", url="https://demo.invalid/x/1"),
        reply_change(4, "r-retrying", ANA, "queued", "attempt 1 of 8 failed: rate limited; trying again"),
        reply_change(5, "r-sending", ANA, "sending"),
        reply_change(6, "r-failed", ANA, "failed", "the post being answered was deleted"),
        reply_change(7, "r-review", BOB, "needs_review", "the claim was lost (written under token 1; now 2)"),
    ]
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "http://hub", "e", "e:7", 7, as_tables(changes)))
    outbox = Outbox(cache)
    payload = {"reply_id": "r-unsent", "text": "written offline", "claim_token": 1}
    qloop.run_until_complete(outbox.enqueue(ANA, MutationKind.REPLY, "case-1", payload))
    widget = CaseReplies(ReplyService(ReplyRepository(cache), outbox, lambda: ANA))
    assert widget.isHidden()  # no case shown
    widget.show_case("case-1")
    qloop.run_until_complete(until(lambda: len(widget.entries) == 6))
    headings = [entry.text().splitlines()[0] for entry in widget.entries]
    assert headings[0].startswith("You · ") and headings[0].endswith("· published")
    assert headings[1].endswith("queued · attempt 1 of 8 failed: rate limited; trying again")
    assert headings[2].endswith("sending…")
    assert headings[3].endswith("failed: the post being answered was deleted")
    assert headings[4].startswith("Bob · ") and "needs review: the claim was lost" in headings[4]
    assert headings[5].endswith("not at the hub yet (in the outbox)")
    assert widget.entries[0].toolTip() == "https://demo.invalid/x/1"
    assert [e.property("state") for e in widget.entries] == [
        "published",
        "queued",
        "sending",
        "failed",
        "needs_review",
        "unsent",
    ]
    assert widget.entries[5].text().endswith("written offline") and not widget.empty.isVisible()
    widget.show_case("case-without-replies")
    qloop.run_until_complete(until(lambda: not widget.entries))
    assert widget.empty.isVisibleTo(widget)
    widget.show_case(None)
    assert widget.isHidden()
    widget.deleteLater()
