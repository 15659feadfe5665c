"""A case to replay, as the hub replicates it: Lena's lost bag on X — her complaint, routing and a
claim, a guidance session (a suggestion taken, an answer given by hand, one overridden, a step
gone back over), a note, the reply published and echoed back, Lena's thanks, and the resolution."""

from datetime import UTC, datetime

from console.guidance.session_events import (
    Answered,
    Back,
    Ended,
    Entered,
    How,
    SessionStarted,
    Suggested,
    step_payload,
)
from tests.storage.case_data import ANA, MIN, T0, Changes

CASE = "case-lena"
SESSION = "session-lena-1"
TREE = "baggage@3"
COMPLAINT = (
    "@NorthwindAir my bag never arrived on NW118 from Lisbon. Two days, nobody answers the phone, "
    "and my insulin is in it."
)
REPLY = (
    "@lena_novak We're so sorry, Lena. Your bag is in Lisbon and flies on NW120 tonight; a courier "
    "brings it to your door by 09:00. Pharmacy costs until then are on us: keep the receipt."
)
THANKS = "Courier just called, bag arrives at 9. Thank you for actually sorting this out!"


def _at(minutes: float) -> int:
    return T0 + round(minutes * MIN)


def lena_case() -> Changes:
    c = Changes()
    c.user(ANA, "Ana Ribeiro")
    c.account("northwind-x", "@NorthwindAir")
    customer = {
        "case_id": CASE,
        "author_handle": "@lena_novak",
        "author_name": "Lena Novák",
        "author_followers": 830,
        "conversation_key": "x:3001",
    }
    c.mention("m1", "3001", COMPLAINT, _at(0), sentiment_score=-0.8, **customer)
    c.mention(
        "m-brand",
        "3002",
        REPLY,
        _at(21),
        parent_external_id="3001",
        from_brand=True,
        sentiment="neutral",
        sentiment_score=0.0,
        author_verified=True,
        url="https://x.com/NorthwindAir/status/3002",
        **(
            customer
            | {"author_handle": "@NorthwindAir", "author_name": "Northwind Air", "author_followers": 210_000}
        ),
    )
    c.mention(
        "m2",
        "3003",
        THANKS,
        _at(95),
        parent_external_id="3002",
        sentiment="positive",
        sentiment_score=0.7,
        **customer,
    )
    c.add(
        "reply",
        id="r1",
        case_id=CASE,
        author_id=ANA,
        account_id="northwind-x",
        text=REPLY,
        private=False,
        claim_token=1,
        status="published",
        reason="",
        external_id="3002",
        attempts=1,
        created_ms=_at(19),
        updated_ms=_at(20),
        url="https://x.com/NorthwindAir/status/3002",
    )
    for event_id, kind, minutes, actor, data in _events():
        c.event(event_id, kind, _at(minutes), actor, case_id=CASE, **data)
    c.case(
        CASE,
        conversation_key="x:3001",
        status="resolved",
        updated_ms=_at(101),
        last_mention_ms=_at(95),
        mention_count=2,
        assignee=ANA,
        claim_holder=None,
        tags='["baggage"]',
        first_response_ms=_at(20),
        resolved_ms=_at(101),
        reopen_count=0,
        version=len(_events()),
        claim_token=1,
        claim_expires_ms=None,
        team=None,
        priority=78,
        first_response_due_ms=_at(30),
        resolution_due_ms=_at(24 * 60),
        disposition="bag_traced",
        sentiment_before=-0.8,
        sentiment_after=0.7,
    )
    return c


def _step(event) -> dict:
    return step_payload(SESSION, TREE, "d1g3st", event)


def _session() -> list[tuple[float, object]]:
    def at(minutes: float) -> datetime:
        return datetime.fromtimestamp(_at(minutes) / 1000, tz=UTC)

    why = "intent is complaint and the text names a bag"
    return [
        (5.0, SessionStarted(0, at(5.0), TREE, "d1g3st")),
        (5.1, Entered(1, at(5.1), TREE, "what_happened")),
        (
            5.2,
            Suggested(
                2, at(5.2), TREE, "what_happened", "Delayed bag", why, (("mention.intent", "complaint"),)
            ),
        ),
        (6.0, Answered(3, at(6.0), TREE, "what_happened", "Delayed bag", None, How.AUTO)),
        (6.1, Entered(4, at(6.1), TREE, "file_reference")),
        (7.0, Answered(5, at(7.0), TREE, "file_reference", "Has a file", None, How.MANUAL)),
        (7.5, Back(6, at(7.5), TREE, "file_reference", 4)),  # she had no file reference after all
        (8.0, Answered(7, at(8.0), TREE, "file_reference", "No file yet", None, How.MANUAL)),
        (8.1, Entered(8, at(8.1), TREE, "urgent_items")),
        (8.2, Suggested(9, at(8.2), TREE, "urgent_items", "Nothing urgent", "no urgent word", ())),
        (9.0, Answered(10, at(9.0), TREE, "urgent_items", "Medication", None, How.OVERRIDE)),
        (9.1, Entered(11, at(9.1), TREE, "reply_urgent_bag")),
        (18.0, Answered(12, at(18.0), TREE, "reply_urgent_bag", "success", None, How.AUTO)),
        (18.1, Ended(13, at(18.1), TREE, "reply_urgent_bag", "bag_traced")),
    ]


def _events() -> list[tuple[str, str, float, str, dict]]:
    events = [
        ("e01", "case_created", 0, "system", {"network": "x", "account_id": "northwind-x"}),
        (
            "e02",
            "mention_received",
            0,
            "customer",
            {"mention_id": "m1", "sentiment": "negative", "score": -0.8},
        ),
        (
            "e03",
            "routed",
            0.05,
            "system",
            {
                "priority": 78,
                "sla_policy": "standard",
                "first_response_due_ms": _at(30),
                "resolution_due_ms": _at(24 * 60),
            },
        ),
        ("e04", "assigned", 1, "system", {"assignee": ANA, "reason": "auto: fewest open cases"}),
        ("e05", "claimed", 3, ANA, {"token": 1, "expires_ms": _at(18), "mutation": "mu-1"}),
        ("e06", "viewed", 4, ANA, {"mutation": "mu-2"}),
    ]
    for n, (minutes, event) in enumerate(_session()):
        events.append((f"g{n:02d}", "guidance_step", minutes, ANA, _step(event)))
    events += [
        ("e07", "note_added", 12, ANA, {"text": "Bag traced in LIS, on NW120 tonight; courier booked."}),
        ("e08", "tagged", 13, ANA, {"tag": "baggage"}),
        ("e09", "reply_queued", 19, ANA, {"reply_id": "r1", "status": "queued", "mutation": "mu-3"}),
        (
            "e10",
            "reply_published",
            20,
            ANA,
            {"reply_id": "r1", "external_id": "3002", "url": "https://x.com/NorthwindAir/status/3002"},
        ),
        ("e11", "mention_received", 21, "customer", {"mention_id": "m-brand", "from_brand": True}),
        (
            "e12",
            "mention_received",
            95,
            "customer",
            {"mention_id": "m2", "sentiment": "positive", "score": 0.7},
        ),
        ("e13", "resolved", 101, ANA, {"disposition": "bag_traced", "mutation": "mu-4"}),
    ]
    return sorted(events, key=lambda e: e[2])
