"""Facebook Pages and Instagram: Graph answers and webhooks from the recorded fixtures."""

import asyncio
import hashlib
import hmac
import json
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.channels import facebook, instagram, meta_graph, meta_webhooks
from console.channels.connector import OutgoingReply, PermanentError, TransientError
from console.domain.mention import BrandAccount, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures

GRAPH = "https://graph.facebook.com/v11.0"
FB = BrandAccount("acc-fb", Network.FACEBOOK, "19292868552", "Facebook for Developers")
IG = BrandAccount("acc-ig", Network.INSTAGRAM, "17841406338772941", "ikroskun")
HOOK_PAGE = BrandAccount("acc-hook", Network.FACEBOOK, "1234567890321", "Testers Paradise")
HOOK_MESSENGER = BrandAccount("acc-msg", Network.FACEBOOK, "12345654332", "Messenger page")
HOOK_IG = BrandAccount("acc-hig", Network.INSTAGRAM, "17841452691600098", "ig account")
HOOK_ACCOUNTS = {a.handle: a for a in (HOOK_PAGE, HOOK_MESSENGER, HOOK_IG)} | {"0": HOOK_IG}

BENCH_SAMPLES = [
    (
        "facebook-instagram/testdata/facebook/apidata/comments/comments_p1.json",
        f"{GRAPH}/19292868552_10158407654328553/comments",
        "facebook",
    ),
    (
        "facebook-instagram/testdata/instagram/apidata/medias/comments_p1.json",
        f"{GRAPH}/17846368219941692/comments",
        "instagram",
    ),
    ("meta-webhooks/src/test/resources/json/webhooks/feed-comment-add-25.json", "webhook", "facebook"),
]


def _data(*parts: str) -> Path:
    return fixtures().joinpath("facebook-instagram", "testdata", *parts)


def _hook(*parts: str) -> Path:
    return fixtures().joinpath("meta-webhooks", "src", "test", "resources", "json", *parts)


def _load(path: Path) -> object:
    return json.loads(path.read_text("utf-8"))


# --- every fixture, no exception ---------------------------------------------------------------


def test_every_graph_fixture_normalizes_without_an_exception():
    paths = sorted(fixtures().joinpath("facebook-instagram", "testdata").rglob("*.json"))
    assert len(paths) > 150
    counts = {"mentions": 0, "quarantined": 0}
    for path in paths:
        body = _load(path)
        for module, account in ((facebook, FB), (instagram, IG)):
            for url in (
                f"{GRAPH}/1_2/comments",
                f"{GRAPH}/1/feed",
                f"{GRAPH}/1",
                f"{GRAPH}/?ids=a",
                f"{GRAPH}/1/x",
            ):
                page = module.normalize(body, url=url, account=account, received_ms=0)
                counts["mentions"] += len(page.mentions)
                counts["quarantined"] += len(page.quarantined)
    assert counts["mentions"] > 100 and counts["quarantined"] > 100


def test_every_webhook_fixture_file_normalizes_or_says_why():
    paths = sorted(_hook().rglob("*.json"))
    assert len(paths) > 450
    mentions = skipped = 0
    for path in paths:
        try:
            body = _load(path)
        except ValueError:
            body = path.read_text("utf-8")  # two files are not JSON; the text itself must not crash
        page = meta_webhooks.normalize_webhook(body, accounts_by_page_id=HOOK_ACCOUNTS, received_ms=1)
        assert page.mentions or page.skipped or page.quarantined, path
        assert all(q.reason for q in page.quarantined)
        mentions += len(page.mentions)
        skipped += page.skipped
    assert mentions >= 40 and skipped >= 80


# --- Facebook ----------------------------------------------------------------------------------


def test_facebook_comments_page_reads_ids_threads_and_cursor():
    body = _load(_data("facebook", "apidata", "comments", "comments_p1.json"))
    page = facebook.normalize(
        body, url=f"{GRAPH}/19292868552_10158407654328553/comments", account=FB, received_ms=0
    )
    assert len(page.mentions) == 10 and not page.quarantined
    assert page.next_cursor == "after"
    first = page.mentions[0]
    assert first.external_id == "10158407654328553_10158407835073553"
    assert first.kind is MentionKind.COMMENT
    assert first.text.startswith("Boa noite peço ajuda")
    assert first.created_ms == 1628621103000  # 2021-08-10T18:45:03+0000
    assert first.conversation_key == "facebook:acc-fb:19292868552_10158407654328553"
    reply = next(m for m in page.mentions if m.external_id == "10158407654328553_10158409983033553")
    assert reply.kind is MentionKind.REPLY
    assert reply.parent_external_id == "10158407654328553_10158407903973553"
    assert reply.conversation_key == first.conversation_key  # one thread, one case
    assert page.newest == str(max(m.created_ms for m in page.mentions) // 1000)
    last = facebook.normalize(
        _load(_data("facebook", "apidata", "comments", "comments_p2.json")),
        url=f"{GRAPH}/19292868552_10158407654328553/comments",
        account=FB,
        received_ms=0,
    )
    assert last.next_cursor is None and len(last.mentions) == 5


def test_facebook_comment_with_author_and_brand():
    item = _load(_data("facebook", "models", "comment.json"))
    page_account = BrandAccount("acc-p", Network.FACEBOOK, "2121008874780932", "MyLife")
    page = facebook.normalize(
        item, url=f"{GRAPH}/2954961744718970_2966313500250461", account=page_account, received_ms=0
    )
    (mention,) = page.mentions
    assert mention.author.handle == "2711636948859886" and mention.author.name == "Kun Liu"
    assert mention.media and mention.media[0].kind == "image"
    assert not mention.from_brand
    mine = BrandAccount("acc-k", Network.FACEBOOK, "2711636948859886", "Kun")
    assert facebook.normalize(item, url=f"{GRAPH}/x", account=mine, received_ms=0).mentions[0].from_brand


def test_facebook_messages_are_dms_keyed_by_the_customer():
    body = _load(_data("facebook", "apidata", "messages", "messages_info.json"))
    page_account = BrandAccount("acc-p", Network.FACEBOOK, "2121008874780932", "MyLife")
    page = facebook.normalize(body, url=f"{GRAPH}/?ids=a,b", account=page_account, received_ms=0)
    assert len(page.mentions) == 2
    assert {m.kind for m in page.mentions} == {MentionKind.DIRECT_MESSAGE}
    assert {m.conversation_key for m in page.mentions} == {"facebook:acc-p:dm:2711636948859886"}
    assert [m.media[0].kind for m in page.mentions] == ["image", "video"]
    # The brand's own message (a hand-made variant: the same message, sent by the Page)
    message = dict(_load(_data("facebook", "models", "message.json")))
    message["from"], message["to"] = message["to"]["data"][0], {"data": [message["from"]]}
    (own,) = facebook.normalize(
        {"data": [message]}, url=f"{GRAPH}/t_1/messages", account=page_account, received_ms=0
    ).mentions
    assert own.from_brand and own.conversation_key == "facebook:acc-p:dm:2711636948859886"


def test_facebook_feed_without_from_is_quarantined_and_own_posts_skipped():
    body = _load(_data("facebook", "apidata", "posts", "feeds_default_fields_p1.json"))
    page = facebook.normalize(body, url=f"{GRAPH}/19292868552/feed", account=FB, received_ms=0)
    assert not page.mentions and len(page.quarantined) == 5
    assert "no 'from'" in page.quarantined[0].reason and page.quarantined[0].where == "data[0]"
    own = facebook.normalize(
        _load(_data("facebook", "apidata", "posts", "feed_fields_p1.json")),
        url=f"{GRAPH}/4/posts",
        account=FB,
        received_ms=0,
    )
    assert own.skipped == 5 and own.next_cursor.startswith("https://graph.facebook.com/v10.0/4/posts")


def test_quarantine_error_body_missing_field_and_wrong_type():
    error = facebook.normalize(_load(_data("error.json")), url=f"{GRAPH}/1/feed", account=FB, received_ms=0)
    assert (
        "Pages Public Content Access" in error.quarantined[0].reason
        and "code 100" in error.quarantined[0].reason
    )
    body = _load(_data("facebook", "apidata", "comments", "comments_p1.json"))
    del body["data"][0]["created_time"]
    body["data"][1]["message"] = 42
    del body["data"][2]["permalink_url"]
    page = facebook.normalize(body, url=f"{GRAPH}/19292868552_1/comments", account=FB, received_ms=0)
    reasons = sorted(q.reason for q in page.quarantined)
    assert reasons == [
        "Facebook comment: 'message' is not text",
        "Facebook comment: no 'created_time'",
        "Facebook comment: no 'id' (nor a permalink_url naming the comment)",
    ]
    assert len(page.mentions) == 7
    assert facebook.normalize([1], url=f"{GRAPH}/1/feed", account=FB, received_ms=0).quarantined
    unknown = facebook.normalize({"data": []}, url=f"{GRAPH}/1/insights", account=FB, received_ms=0)
    assert "not a Facebook endpoint" in unknown.quarantined[0].reason


# --- Instagram ---------------------------------------------------------------------------------


def test_instagram_comments_replies_and_mentions():
    page = instagram.normalize(
        _load(_data("instagram", "apidata", "medias", "comments_p1.json")),
        url=f"{GRAPH}/17846368219941692/comments",
        account=IG,
        received_ms=0,
    )
    assert [m.external_id for m in page.mentions] == [
        "17874875428706419",
        "17858154961981086",
    ]  # oldest first
    assert page.mentions[0].conversation_key == "instagram:acc-ig:17846368219941692"
    assert page.mentions[0].parent_external_id == "17846368219941692" and page.next_cursor == "after"
    replies = instagram.normalize(
        _load(_data("instagram", "apidata", "comments", "replies.json")),
        url=f"{GRAPH}/17892250648466172/replies",
        account=IG,
        received_ms=0,
    )
    (reply,) = replies.mentions
    assert reply.kind is MentionKind.REPLY and reply.parent_external_id == "17892250648466172"
    assert reply.text == "@lixiangguodu123 nihao"
    nested = instagram.normalize(
        {"data": [_load(_data("instagram", "models", "ig_comment.json"))]},
        url=f"{GRAPH}/17846368219941692/comments",
        account=IG,
        received_ms=0,
    )
    top, inner = sorted(nested.mentions, key=lambda m: m.created_ms)
    assert top.from_brand and top.author.handle == "ikroskun"
    assert inner.parent_external_id == top.external_id and inner.conversation_key == top.conversation_key
    mentioned = instagram.normalize(
        _load(_data("instagram", "apidata", "users", "mentioned_comment.json")),
        url=f"{GRAPH}/17841406338772941",
        account=IG,
        received_ms=0,
    )
    assert (
        mentioned.mentions[0].external_id == "17967008497439572"
        and mentioned.mentions[0].text == "@ikroskun good"
    )
    media = instagram.normalize(
        _load(_data("instagram", "apidata", "users", "mentioned_media.json")),
        url=f"{GRAPH}/17841406338772941",
        account=IG,
        received_ms=0,
    )
    assert media.mentions[0].kind is MentionKind.POST and media.mentions[0].media


def test_instagram_dm_from_the_graph():
    message = _load(_hook("v10_0", "instagram-message-story.json"))
    page = instagram.normalize({"data": [message]}, url=f"{GRAPH}/aWdf/messages", account=IG, received_ms=0)
    (dm,) = page.mentions
    assert dm.text == "Nice shot !👍🏼" and dm.author.handle == "some_username"
    assert dm.conversation_key == "instagram:acc-ig:dm:123456789"


# --- webhooks ----------------------------------------------------------------------------------


def _webhook(*parts):
    return meta_webhooks.normalize_webhook(
        _load(_hook(*parts)), accounts_by_page_id=HOOK_ACCOUNTS, received_ms=5
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
        _load(_hook("webhooks", "feed-comment-add-25.json")), accounts_by_page_id={}, received_ms=1
    )
    assert "no brand account" in unknown.quarantined[0].reason


def test_signature_and_challenge():
    body = _hook("webhooks", "feed-comment-add-25.json").read_bytes()
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


# --- never raises ------------------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
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
]


@settings(max_examples=300, deadline=None)
@given(
    body=_json,
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
    meta_webhooks.normalize_webhook(body, accounts_by_page_id=HOOK_ACCOUNTS, received_ms=0)


_REAL = [
    ("facebook", _data, ("facebook", "models", "comment.json")),
    ("facebook", _data, ("facebook", "apidata", "comments", "comments_p1.json")),
    ("instagram", _data, ("instagram", "models", "ig_comment.json")),
    ("hook", _hook, ("webhooks", "feed-comment-add-25.json")),
    ("hook", _hook, ("webhooks", "messaging-message-basic.json")),
    ("hook", _hook, ("instagram", "wh-comments-2021.json")),
    ("hook", _hook, ("webhooks", "ratings-rating-add-25.json")),
]


def _mutate(value, choices, replacement):
    if isinstance(value, dict) and value:
        key = sorted(value)[choices % len(value)]
        out = dict(value)
        if choices % 3 == 0:
            del out[key]
        elif choices % 3 == 1:
            out[key] = replacement
        else:
            out[key] = _mutate(out[key], choices // 3, replacement)
        return out
    if isinstance(value, list) and value:
        out = list(value)
        out[choices % len(out)] = _mutate(out[choices % len(out)], choices // 2, replacement)
        return out
    return replacement


@settings(max_examples=300, deadline=None)
@given(
    which=st.integers(0, len(_REAL) - 1),
    choices=st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
    replacement=_json,
)
def test_real_bodies_with_fields_deleted_or_replaced_never_raise(which, choices, replacement):
    kind, where, parts = _REAL[which]
    body = _load(where(*parts))
    for choice in choices:
        body = _mutate(body, choice, replacement)
    if kind == "hook":
        meta_webhooks.normalize_webhook(body, accounts_by_page_id=HOOK_ACCOUNTS, received_ms=0)
    else:
        module = facebook if kind == "facebook" else instagram
        module.normalize(body, url=f"{GRAPH}/19292868552_1/comments", account=FB, received_ms=0)


# --- fetch and publish through a mock transport ------------------------------------------------


def _client(handler):
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def _reply(account, **overrides):
    fields = dict(
        id="0190-reply",
        case_id="case-1",
        network=account.network,
        account=account,
        text="Thanks, we're on it",
        private=False,
        in_reply_to=None,
        conversation_key="",
    )
    fields.update(overrides)
    return OutgoingReply(**fields)


def test_fetch_comments_sends_the_request_and_reads_rate_limits():
    seen = []
    body = _data("facebook", "apidata", "comments", "comments_p1.json").read_bytes()

    def handler(request):
        seen.append(request)
        usage = '{"call_count":28,"total_time":25,"total_cputime":25}'
        return httpx.Response(200, content=body, headers={"X-App-Usage": usage})

    async def run():
        connector = facebook.FacebookConnector(_client(handler), {"acc-fb": "TOKEN"}, base_url=GRAPH)
        return await connector.fetch(FB, "19292868552_10158407654328553/comments", cursor="after")

    page = asyncio.run(run())
    (request,) = seen
    assert request.method == "GET" and request.url.path == "/v11.0/19292868552_10158407654328553/comments"
    assert request.url.params["after"] == "after" and request.url.params["filter"] == "stream"
    assert request.headers["authorization"] == "Bearer TOKEN"
    assert len(page.mentions) == 10 and page.extra["rate_limit"] == {"remaining": 72, "reset_s": 0.0}


def test_fetch_rate_limited_and_429_are_transient():
    error = {
        "error": {"message": "(#4) Application request limit reached", "type": "OAuthException", "code": 4}
    }
    buc = (
        '{"1":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,'
        '"estimated_time_to_regain_access":3}]}'
    )

    async def run(response):
        connector = instagram.InstagramConnector(_client(lambda r: response), {"acc-ig": "T"}, base_url=GRAPH)
        return await connector.fetch(IG, "media")

    with pytest.raises(TransientError) as limited:
        asyncio.run(run(httpx.Response(400, json=error, headers={"X-Business-Use-Case-Usage": buc})))
    assert "request limit" in limited.value.reason and limited.value.retry_after_s == 180.0
    with pytest.raises(TransientError) as too_many:
        asyncio.run(run(httpx.Response(429, headers={"Retry-After": "30"})))
    assert too_many.value.retry_after_s == 30.0
    quarantined = asyncio.run(run(httpx.Response(400, content=_data("error.json").read_bytes())))
    assert "code 100" in quarantined.quarantined[0].reason


def test_publish_comment_reply_and_private_reply():
    seen = []
    created = _data("facebook", "apidata", "comments", "create_resp.json").read_bytes()
    sent = _hook("v2_6", "sendresponse.json").read_bytes()

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=sent if request.url.path.endswith("/messages") else created)

    async def run():
        connector = facebook.FacebookConnector(_client(handler), {"acc-fb": "T"}, base_url=GRAPH)
        public = await connector.publish(
            _reply(
                FB,
                in_reply_to="245778718206154_1",
                conversation_key="facebook:acc-fb:245628824887810_245778718206154",
            )
        )
        private = await connector.publish(
            _reply(FB, private=True, in_reply_to="c_1", conversation_key="facebook:acc-fb:p_1")
        )
        dm = await connector.publish(
            _reply(FB, private=True, conversation_key="facebook:acc-fb:dm:1008372609250235")
        )
        return public, private, dm

    public, private, dm = asyncio.run(run())
    assert public.external_id == "245778718206154_229887283291835"
    assert (
        public.url
        == "https://www.facebook.com/245628824887810/posts/245778718206154?comment_id=229887283291835"
    )
    assert seen[0].method == "POST" and seen[0].url.path == "/v11.0/245778718206154_1/comments"
    assert b"message=Thanks" in seen[0].content
    assert json.loads(seen[1].content)["recipient"] == {"comment_id": "c_1"}
    assert seen[1].url.path == "/v11.0/19292868552/messages"
    assert json.loads(seen[2].content)["recipient"] == {"id": "1008372609250235"}
    assert private.external_id == dm.external_id == "mid.1456970487936:c34767dfe57ee6e339"


def test_publish_instagram_reply_and_errors():
    seen = []

    def handler(request):
        seen.append(request)
        if b"fail" in request.content:
            return httpx.Response(400, content=_data("error.json").read_bytes())
        if b"limit" in request.content:
            return httpx.Response(
                403, json={"error": {"message": "(#32) Page request limit reached", "code": 32}}
            )
        return httpx.Response(200, json={"id": "17847314687296283"})  # the id of the recorded reply

    async def run(text):
        connector = instagram.InstagramConnector(_client(handler), {"acc-ig": "T"}, base_url=GRAPH)
        return await connector.publish(
            _reply(
                IG,
                text=text,
                in_reply_to="17892250648466172",
                conversation_key="instagram:acc-ig:17846368219941692",
            )
        )

    assert asyncio.run(run("hello")).external_id == "17847314687296283"
    assert seen[0].url.path == "/v11.0/17892250648466172/replies"
    with pytest.raises(PermanentError, match="Pages Public Content Access"):
        asyncio.run(run("fail"))
    with pytest.raises(TransientError, match="request limit"):
        asyncio.run(run("limit"))


def test_find_a_posted_comment_reply_by_its_text():
    body = _data("facebook", "apidata", "comments", "comments_p1.json").read_bytes()

    async def run(text):
        connector = facebook.FacebookConnector(
            _client(lambda r: httpx.Response(200, content=body)), {"acc-fb": "T"}, base_url=GRAPH
        )
        return await connector.find(
            _reply(
                FB,
                text=text,
                in_reply_to="10158407654328553_10158407903973553",
                conversation_key="facebook:acc-fb:x_y",
            )
        )

    found = asyncio.run(
        run("Hi, please access the Instagram Help Center for further assistance: http://bit.ly/2NsSg8i")
    )
    assert found.external_id == "10158407654328553_10158409983033553"
    assert asyncio.run(run("never written")) is None


def test_rate_limit_headers():
    assert meta_graph.rate_limit({"x-app-usage": '{"call_count": 95, "total_time": 10}'}) == {
        "remaining": 5,
        "reset_s": 0.0,
    }
    assert meta_graph.rate_limit({"x-app-usage": "not json"}) is None
