import random

import pytest

from console.storage.database import open_cache
from console.storage.replica import Replica

NETWORKS = ["x", "facebook", "instagram", "youtube", "reddit", "mastodon", "bluesky", "reviews"]


@pytest.fixture
def cache(tmp_path):
    db = open_cache(tmp_path / "cache.sqlite")
    yield db
    db.close()


def mention_change(n: int, rng: random.Random, case_id: str | None = None) -> dict:
    network = rng.choice(NETWORKS)
    return {
        "seq": n,
        "kind": "mention",
        "data": {
            "id": f"m{n:06d}",
            "network": network,
            "external_id": f"ext{n}",
            "account_id": f"acct-{network}-{n % 3}",
            "kind": "post",
            "author_handle": f"@user{rng.randint(0, 400)}",
            "author_name": f"User {n}",
            "author_followers": rng.randint(0, 50_000),
            "author_verified": rng.random() < 0.05,
            "text": f"message number {n} about {'refund' if n % 7 == 0 else 'delivery'}",
            "lang": "en",
            "url": f"https://demo.horseshoe.invalid/{n}",
            "created_ms": 1_700_000_000_000 + rng.randint(0, 1_000) * 1000,  # many ties on purpose
            "parent_external_id": None,
            "conversation_key": f"k{n}",
            "sentiment": rng.choice(["negative", "neutral", "positive"]),
            "sentiment_score": round(rng.uniform(-1, 1), 1),  # ties again
            "rating": None,
            "from_brand": False,
            "intent": rng.choice(["complaint", "question", "praise", "other"]),
            "priority": rng.randint(0, 100),
            "priority_reasons": '[["intent complaint", 25], ["reach 12k followers", 10]]',
            "case_id": case_id or f"c{n:06d}",
            "seq": n,
        },
    }


def case_change(n: int, case_id: str, status: str = "new") -> dict:
    return {
        "seq": n,
        "kind": "case",
        "data": {
            "id": case_id,
            "network": "x",
            "account_id": "acct-x-0",
            "conversation_key": f"k-{case_id}",
            "status": status,
            "opened_ms": 1,
            "updated_ms": n,
            "last_mention_ms": 1,
            "mention_count": 1,
            "assignee": None,
            "claim_holder": None,
            "tags": "[]",
            "first_response_ms": None,
            "resolved_ms": None,
            "reopen_count": 0,
            "version": 2,
            "claim_token": 0,
            "claim_expires_ms": None,
            "team": None,
            "priority": 40 + n % 50,
            "sla_policy": "standard",
            "first_response_due_ms": 3_600_001,
            "resolution_due_ms": 86_400_001,
            "seq": n,
        },
    }


def as_tables(changes: list[dict]) -> dict[str, dict]:
    """Row dicts → the columnar page format the hub sends (see console.hub.pull)."""
    tables: dict[str, dict] = {}
    for change in changes:
        data = change["data"]
        table = tables.setdefault(change["kind"], {"columns": list(data), "rows": []})
        table["rows"].append([data[name] for name in table["columns"]])
    return tables


@pytest.fixture
def filled(cache):
    """A cache holding 1,500 mentions with deliberate ties in the sort columns."""
    rng = random.Random(42)
    changes = [mention_change(n, rng) for n in range(1, 1501)]
    cache.write_sync(
        lambda c: Replica(cache).apply_sync(c, "http://hub", "ep", "ep:1500", 1500, as_tables(changes))
    )
    return cache, [c["data"] for c in changes]
