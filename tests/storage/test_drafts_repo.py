"""Restoring a draft: the newest of the replicated row and this workstation's last queued one."""

from console.domain.mutation import MutationKind
from console.storage.drafts_repo import latest
from console.storage.outbox import enqueue
from console.storage.replica import Replica
from tests.storage.conftest import as_tables

ANA, BOB = "user-ana", "user-bob"


def replicate_draft(cache, user: str, text: str, updated_ms: int, seq: int = 1) -> None:
    data = {
        "id": f"case-1:{user}",
        "case_id": "case-1",
        "user_id": user,
        "text": text,
        "updated_ms": updated_ms,
        "seq": seq,
    }
    tables = as_tables([{"seq": seq, "kind": "draft", "data": data}])
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "http://hub", "e", f"e:{seq}", seq, tables))


def queue_draft(cache, user: str, text: str, case_id: str = "case-1"):
    return cache.write_sync(lambda c: enqueue(c, user, MutationKind.DRAFT, case_id, {"text": text}))


def test_no_draft_yet(cache):
    assert cache.read_sync(lambda c: latest(c, "case-1", ANA)) is None


def test_the_newest_of_replica_and_outbox_wins(cache):
    replicate_draft(cache, ANA, "from another desk", updated_ms=1_000)
    draft = cache.read_sync(lambda c: latest(c, "case-1", ANA))
    assert draft.text == "from another desk" and not draft.local
    queue_draft(cache, ANA, "first words")
    queue_draft(cache, ANA, "first words, then more")
    queue_draft(cache, ANA, "elsewhere", case_id="case-2")
    queue_draft(cache, BOB, "Bob's, not mine")
    draft = cache.read_sync(lambda c: latest(c, "case-1", ANA))
    assert draft.text == "first words, then more" and draft.local
    # A later save from another workstation, pulled after ours was queued, is the newer one.
    replicate_draft(cache, ANA, "newer, from the laptop", updated_ms=draft.saved_ms + 5_000, seq=2)
    assert cache.read_sync(lambda c: latest(c, "case-1", ANA)).text == "newer, from the laptop"
    assert cache.read_sync(lambda c: latest(c, "case-1", BOB)).text == "Bob's, not mine"
