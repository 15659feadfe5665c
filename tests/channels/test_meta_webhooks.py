"""Meta webhooks: every envelope in the fixtures read or set aside with a reason; signature and challenge."""

import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

from console.channels import facebook, instagram, meta_webhooks
from console.domain.mention import MentionKind
from console.domain.network import Network
from tests.channels.meta_support import (
    FB,
    GRAPH,
    HOOK_ACCOUNTS,
    IG,
    data,
    hook,
    json_values,
    load,
    mutate,
)

BENCH_SAMPLES = [  # url "webhook": the body goes through normalize_webhook
    ("meta-webhooks/src/test/resources/json/webhooks/feed-comment-add-25.json", "webhook", "facebook"),
    ("meta-webhooks/src/test/resources/json/webhooks/messaging-message-basic.json", "webhook", "facebook"),
]


def test_every_webhook_fixture_file_normalizes_or_says_why():
    paths = sorted(hook().rglob("*.json"))
    assert len(paths) > 450
    mentions = skipped = 0
    for path in paths:
        try:
            body = load(path)
        except ValueError:
            body = path.read_text("utf-8")  # two files are not JSON; the text itself must not crash
        page = meta_webhooks.normalize_webhook(body, accounts_by_page_id=HOOK_ACCOUNTS, received_ms=1)
        assert page.mentions or page.skipped or page.quarantined, path
        assert all(q.reason for q in page.quarantined)
        mentions += len(page.mentions)
        skipped += page.skipped
    assert mentions >= 40 and skipped >= 80


def _webhook(*parts):
    return meta_webhooks.normalize_webhook(
        load(hook(*parts)), accounts_by_page_id=HOOK_ACCOUNTS, received_ms=5
    )


def test_webhook_feed_comment_mention_rating_and_messenger():
    (c,) = _webhook("webhooks", "feed-comment-add-211.json").mentions
    assert c.external_id == "901097836652708_903438993085259" and c.text == "and the next one"
    assert c.conversation_key == "facebook:acc-hook:1234567890321_901097836652708" and c.from_brand
    assert c.created_ms == 1449135003000 and c.kind is MentionKind.COMMENT
    (post,) = _webhook("webhooks", "feed-post-add-25.json").mentions
    assert post.kind is MentionKind.POST and post.author.name == "John Doe" and not post.from_brand
    (rating,) = _webhook("webhooks", "ratings-rating-add-25.json").mentions
    assert (
        rating.kind is MentionKind.REVIEW and rating.rating == 3 and rating.text == "Ja ziemlich coole Sache"
    )
    (mentioned,) = _webhook("webhooks", "mention-comment-add.json").mentions
    assert mentioned.external_id == "7363534231324_3754798971271444"
    (dm,) = _webhook("webhooks", "messaging-message-basic.json").mentions
    assert dm.conversation_key == "facebook:acc-msg:dm:987654321432" and dm.text == "hello, world!"
    assert dm.created_ms == 1457764197627 and not dm.from_brand
    (echo,) = _webhook("webhooks", "messaging-message-basic-echo.json").mentions
    assert echo.from_brand and echo.conversation_key == "facebook:acc-msg:dm:12345654332"
    assert _webhook("webhooks", "feed-like-add-25.json").skipped == 1
    assert _webhook("webhooks", "messaging-delivery-basic.json").skipped == 1


def test_webhook_instagram_comments_mentions_and_others():
    (c,) = _webhook("instagram", "wh-comments-2021.json").mentions
    assert c.author.handle == "testuser" and c.parent_external_id == "987654321"
    assert c.conversation_key == "instagram:acc-hig:76543987" and c.kind is MentionKind.REPLY
    mentions = _webhook("instagram", "wh-mentions.json")
    assert mentions.extra["to_fetch"] == [
        {"account_id": "acc-hig", "comment_id": "17887498072083520", "media_id": "17887498072083520"}
    ]
    (dm,) = _webhook("instagram", "messaging-attachment-unsupported.json").mentions
    assert dm.network is Network.INSTAGRAM and dm.conversation_key == "instagram:acc-hig:dm:5614879045272581"
    whatsapp = _webhook("whatsapp", "webhook-incoming-message-text.json")
    assert "WhatsApp" in whatsapp.quarantined[0].reason
    old = _webhook("v2_5", "message.json")
    assert old.quarantined and "not a Meta webhook envelope" in old.quarantined[0].reason
    unknown = meta_webhooks.normalize_webhook(
        load(hook("webhooks", "feed-comment-add-25.json")), accounts_by_page_id={}, received_ms=1
    )
    assert "no brand account" in unknown.quarantined[0].reason


def test_signature_and_challenge():
    body = hook("webhooks", "feed-comment-add-25.json").read_bytes()
    good = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert meta_webhooks.signature_ok(body, good, "s3cret")
    assert not meta_webhooks.signature_ok(body + b" ", good, "s3cret")
    assert not meta_webhooks.signature_ok(body, good, "other")
    assert not meta_webhooks.signature_ok(body, None, "s3cret")
    assert not meta_webhooks.signature_ok(body, good.replace("sha256=", "sha1="), "s3cret")
    params = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"}
    assert meta_webhooks.verify_challenge(params, "tok") == "1158201444"
    assert meta_webhooks.verify_challenge({**params, "hub.verify_token": "bad"}, "tok") is None
    assert meta_webhooks.verify_challenge({**params, "hub.mode": "unsubscribe"}, "tok") is None


_KEYS = [
    "data",
    "id",
    "message",
    "text",
    "from",
    "created_time",
    "timestamp",
    "paging",
    "entry",
    "object",
    "changes",
    "messaging",
    "value",
    "field",
    "item",
    "verb",
    "comment_id",
    "post_id",
    "sender",
    "mid",
    "to",
    "error",
    "next",  # what the endpoint guessers read: paging links, permalinks, parents, DM threads
    "permalink_url",
    "parent_id",
    "media",
    "messages",
]


_SHAPED = st.recursive(
    json_values,
    lambda inner: st.dictionaries(st.sampled_from(_KEYS), inner, max_size=6) | st.lists(inner, max_size=3),
    max_leaves=40,
)
"""JSON whose keys are the ones the readers look for, so random values reach the item readers."""


@settings(max_examples=300, deadline=None)
@given(
    body=_SHAPED | json_values,
    url=st.sampled_from(
        [
            "/1/comments",
            "/1/feed",
            "/1",
            "/?ids=a",
            "/1/messages",
            "/1/conversations",
            "/1/replies",
            "/1/tags",
            "/1/media",
        ]
    ),
)
def test_random_shapes_never_raise(body, url):
    for module, account in ((facebook, FB), (instagram, IG)):
        module.normalize(body, url=GRAPH + url, account=account, received_ms=0)
        guess = module.url_for_body(body)  # as `import` reads a raw body
        assert isinstance(guess, str)
        module.normalize(body, url=guess, account=account, received_ms=0)
    meta_webhooks.normalize_webhook(body, accounts_by_page_id=HOOK_ACCOUNTS, received_ms=0)


_REAL = [
    ("facebook", data, ("facebook", "models", "comment.json")),
    ("facebook", data, ("facebook", "apidata", "comments", "comments_p1.json")),
    ("instagram", data, ("instagram", "models", "ig_comment.json")),
    ("hook", hook, ("webhooks", "feed-comment-add-25.json")),
    ("hook", hook, ("webhooks", "messaging-message-basic.json")),
    ("hook", hook, ("instagram", "wh-comments-2021.json")),
    ("hook", hook, ("webhooks", "ratings-rating-add-25.json")),
]


@settings(max_examples=300, deadline=None)
@given(
    which=st.integers(0, len(_REAL) - 1),
    choices=st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
    replacement=json_values,
)
def test_real_bodies_with_fields_deleted_or_replaced_never_raise(which, choices, replacement):
    kind, where, parts = _REAL[which]
    body = load(where(*parts))
    for choice in choices:
        body = mutate(body, choice, replacement)
    if kind == "hook":
        meta_webhooks.normalize_webhook(body, accounts_by_page_id=HOOK_ACCOUNTS, received_ms=0)
    else:
        module = facebook if kind == "facebook" else instagram
        module.normalize(body, url=f"{GRAPH}/19292868552_1/comments", account=FB, received_ms=0)
