"""Bluesky: notifications, threads, searches and chat from real recordings; replies made with the
right root and parent refs and facets at UTF-8 byte offsets; chat messages; the rkey marker."""

import json
import uuid
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.channels.bluesky import (
    BlueskyConnector,
    build_facets,
    byte_offset,
    mentioned_handles,
    normalize,
    record_key,
)
from console.channels.connector import OutgoingReply, PermanentError, TransientError
from console.channels.recordings import Exchange, read_recording
from console.domain.mention import BrandAccount, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures
from tests.channels.serving import Replay

BRAND = BrandAccount("acc-b", Network.BLUESKY, "bskyr.bsky.social", "bskyr")
BRAND_DID = "did:plc:5c2r73erhng4bszmxlfdtscf"
NOW_S = 1_747_676_700.0

# (fixture under the fixtures folder, url it answered, interaction index): for the lead's one
# benchmark over every network.
BENCH_SAMPLES = [
    ("bluesky/tests/testthat/_vcr/n_notifications.yml", "/xrpc/app.bsky.notification.listNotifications", 0),
    ("bluesky/tests/testthat/_vcr/f_search.yml", "/xrpc/app.bsky.feed.searchPosts", 0),
]


def cassette(name: str) -> list[Exchange]:
    return read_recording(fixtures() / "bluesky" / "tests" / "testthat" / "_vcr" / name)


def read(exchange: Exchange, **extra):
    try:
        body = exchange.json()
    except ValueError:
        body = exchange.body.decode("utf-8", "replace")
    return normalize(body, url=exchange.url, account=BRAND, received_ms=0, **extra)


def notifications() -> dict:
    return cassette("n_notifications.yml")[0].json()


def test_every_recorded_answer_normalizes_without_an_exception():
    files = sorted((fixtures() / "bluesky" / "tests" / "testthat" / "_vcr").glob("*.yml"))
    assert len(files) >= 86
    mentions = 0
    for path in files:
        for exchange in read_recording(path):
            page = read(exchange)
            mentions += len(page.mentions)
            assert all(q.reason for q in page.quarantined)
    assert mentions >= 40


def test_notifications_keep_mentions_and_replies_and_skip_the_rest():
    page = read(cassette("n_notifications.yml")[0])
    reasons = [n["reason"] for n in notifications()["notifications"]]
    assert len(page.mentions) == sum(r in ("mention", "reply") for r in reasons) == 11
    assert page.skipped == len(reasons) - 11 and not page.quarantined
    assert page.next_cursor == "2024-12-19T06:43:45.863Z"
    assert page.newest == max(n["indexedAt"] for n in notifications()["notifications"])


def test_a_mention_reads_to_the_exact_fields():
    page = read(cassette("n_notifications.yml")[0])
    uri = "at://did:plc:lprqqpoyjspuma25n5gofocf/app.bsky.feed.post/3lmicbemya22g"
    (mention,) = [m for m in page.mentions if m.external_id == uri]
    assert mention.author.handle == "josephjefe.bsky.social" and mention.author.name == "Joseph Hefner"
    assert mention.text.startswith("Ok, @bskyr.bsky.social makes this ridiculously easy.")
    assert mention.created_ms == 1744315313909  # 2025-04-10T20:01:53.909Z
    assert mention.kind is MentionKind.REPLY and mention.lang == "en"
    assert mention.url == "https://bsky.app/profile/josephjefe.bsky.social/post/3lmicbemya22g"
    assert (
        mention.parent_external_id == "at://did:plc:lprqqpoyjspuma25n5gofocf/app.bsky.feed.post/3lmib4yep2k2g"
    )
    root = "at://did:plc:lprqqpoyjspuma25n5gofocf/app.bsky.feed.post/3lmiagxqgas2s"
    assert mention.conversation_key == f"bluesky:acc-b:{root}"
    assert mention.media and mention.media[0].kind == "image"
    assert not mention.from_brand and mention.account_id == "acc-b" and mention.id == ""


def test_replies_in_one_thread_share_its_roots_key():
    page = read(cassette("n_notifications.yml")[0])
    root = "at://did:plc:5c2r73erhng4bszmxlfdtscf/app.bsky.feed.post/3kexwuoyqj32g"
    thread = [m for m in page.mentions if m.parent_external_id == root]
    assert len(thread) == 7
    assert {m.conversation_key for m in thread} == {f"bluesky:acc-b:{root}"}
    top = [m for m in page.mentions if m.kind is MentionKind.POST]
    assert all(m.conversation_key == f"bluesky:acc-b:{m.external_id}" for m in top)


def test_a_thread_reads_its_post():
    (post,) = read(cassette("f_postthread.yml")[0]).mentions
    assert post.author.handle == "soubhikbarari.bsky.social" and post.author.name == "Soubhik Barari"
    assert post.external_id == "at://did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/app.bsky.feed.post/3k7qmjev5lr2s"
    assert post.kind is MentionKind.POST and post.lang == "en"
    assert post.media[0].url.startswith("https://cdn.bsky.app/img/feed_fullsize/")


def test_chat_messages_are_direct_messages_keyed_by_the_conversation_and_the_brands_are_marked():
    (listed,) = cassette("c_list.yml")
    convos = read(listed)
    (last,) = convos.mentions
    assert (
        last.kind is MentionKind.DIRECT_MESSAGE and last.conversation_key == "bluesky:acc-b:dm:3ku7w6h4vog2d"
    )
    assert last.from_brand and last.author.name == "bskyr R package"
    members = {m["did"]: m for m in listed.json()["convos"][0]["members"]}
    page = read(cassette("c_messages.yml")[0], profiles=members)
    assert [m.text for m in page.mentions] == ["Test test test", "Can you hear me?", "Hello", "Hello"]
    assert {m.conversation_key for m in page.mentions} == {"bluesky:acc-b:dm:3ku7w6h4vog2d"}
    assert [m.from_brand for m in page.mentions] == [False, False, True, True]
    assert page.mentions[0].author.handle == "chriskenny.bsky.social"
    assert page.mentions[2].external_id == "chat:3ku7w6h4vog2d:3lpihqlkh7s26"
    assert page.next_cursor == "222222226r2sq"


def test_error_bodies_missing_fields_and_wrong_types_are_quarantined_with_reasons():
    (refused,) = read(cassette("r_post_errors.yml")[0]).quarantined
    assert refused.reason.startswith("Bluesky said: InvalidRequest: Invalid app.bsky.feed.post record")
    url = cassette("n_notifications.yml")[0].url
    body = notifications()
    index = next(i for i, n in enumerate(body["notifications"]) if n["reason"] == "mention")
    del body["notifications"][index]["record"]["text"]
    (held,) = normalize(body, url=url, account=BRAND, received_ms=0).quarantined
    assert "text" in held.reason and held.where == f"notifications[{index}]"
    body = notifications()
    body["notifications"][index]["record"]["createdAt"] = 12
    assert "time" in normalize(body, url=url, account=BRAND, received_ms=0).quarantined[0].reason
    body = notifications()
    body["notifications"][index]["uri"] = ["not", "a", "uri"]
    assert "at://" in normalize(body, url=url, account=BRAND, received_ms=0).quarantined[0].reason
    del body["notifications"]
    assert "'notifications'" in normalize(body, url=url, account=BRAND, received_ms=0).quarantined[0].reason
    assert normalize([], url=url, account=BRAND, received_ms=0).quarantined


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_URLS = st.sampled_from(
    [
        "https://h/xrpc/app.bsky.notification.listNotifications",
        "https://h/xrpc/app.bsky.feed.getPostThread",
        "https://h/xrpc/app.bsky.feed.searchPosts",
        "https://h/xrpc/chat.bsky.convo.listConvos",
        "https://h/xrpc/chat.bsky.convo.getMessages?convoId=c1",
        "https://h/xrpc/else",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(body=_JSON, url=_URLS)
def test_random_json_never_raises(body, url):
    normalize(body, url=url, account=BRAND, received_ms=0)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_real_bodies_with_fields_deleted_or_replaced_never_raise(data):
    name = data.draw(
        st.sampled_from(["n_notifications.yml", "f_postthread.yml", "c_list.yml", "f_search.yml"])
    )
    exchange = cassette(name)[-1] if name != "n_notifications.yml" else cassette(name)[0]
    body = exchange.json()
    node = body
    for _ in range(data.draw(st.integers(1, 6))):
        keys = (
            list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        )
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        if data.draw(st.booleans()) or not isinstance(node[key], dict | list):
            if isinstance(node, dict) and data.draw(st.booleans()):
                del node[key]
            else:
                node[key] = data.draw(_JSON)
            break
        node = node[key]
    normalize(body, url=exchange.url, account=BRAND, received_ms=0)


# --- facets -----------------------------------------------------------------------------------


def test_facets_match_the_ones_the_network_recorded():
    for n in notifications()["notifications"]:
        record = n["record"]
        recorded = [
            {"index": f["index"], "features": f["features"]}
            for f in record.get("facets") or ()
            if f["features"][0]["$type"].endswith(("#mention", "#link"))
        ]
        if not recorded:
            continue
        dids = {
            handle: f["features"][0]["did"]
            for f in record["facets"]
            if f["features"][0]["$type"].endswith("#mention")
            for handle in [
                record["text"].encode()[f["index"]["byteStart"] + 1 : f["index"]["byteEnd"]].decode()
            ]
        }
        built = build_facets(record["text"], dids)
        # A link the author's client shortened in the text ("christophertkenny.com/bskyr/index....")
        # is not in the text to be found; every mention, and every whole link, is.
        whole = [
            f for f in recorded if "uri" not in f["features"][0] or f["features"][0]["uri"] in record["text"]
        ]
        assert whole == built, record["text"]


def test_byte_offsets_count_utf8_bytes_past_emoji_and_accents():
    text = "Hej 👋 Ålö @bskyr.bsky.social, se https://example.com/x."
    (mention, link) = build_facets(text, {"bskyr.bsky.social": BRAND_DID})
    encoded = text.encode()
    assert encoded[mention["index"]["byteStart"] : mention["index"]["byteEnd"]] == b"@bskyr.bsky.social"
    assert mention["index"]["byteStart"] == len(b"Hej ") + 4 + 1 + len("Ålö ".encode())
    assert encoded[link["index"]["byteStart"] : link["index"]["byteEnd"]] == b"https://example.com/x"
    assert link["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com/x"}]
    assert byte_offset("é👋", 2) == 6
    assert mentioned_handles("hi @A.example and @a.example, not me@mail.example") == ["a.example"]
    assert build_facets("@unknown.example hi", {}) == []  # a handle that did not resolve stays text


@settings(max_examples=300, deadline=None, database=None)
@given(
    before=st.text(max_size=12),
    handle=st.from_regex(r"[a-z0-9]{1,8}\.(bsky\.social|example)", fullmatch=True),
    after=st.text(max_size=12),
)
def test_every_facet_spans_exactly_its_text_in_utf8_whatever_comes_around_it(before, handle, after):
    text = f"{before} @{handle} {after} https://example.com/{handle}"
    encoded = text.encode()
    facets = build_facets(text, dict.fromkeys(mentioned_handles(text), "did:plc:x"))
    assert any(f["features"][0].get("did") for f in facets)
    for facet in facets:
        piece = encoded[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode()
        feature = facet["features"][0]
        assert piece == feature["uri"] if "uri" in feature else piece.lower()[1:] in mentioned_handles(text)


def test_record_keys_are_tids_stable_for_a_reply_and_sorted_by_time():
    first, later = "0190a5b4-7c3e-7aa1-8b2c-3d4e5f607182", "0190a5b4-7d00-7aa1-8b2c-3d4e5f607182"
    assert record_key(first) == record_key(first) and len(record_key(first)) == 13
    assert set(record_key(first)) <= set("234567abcdefghijklmnopqrstuvwxyz")
    assert record_key(first)[0] in "234567abcdefghij"  # the top bit is zero
    assert record_key(first) < record_key(later)
    assert record_key("imported-7") == record_key("imported-7") != record_key("imported-8")
    assert uuid.UUID(first).version == 7


# --- over HTTP --------------------------------------------------------------------------------


def connector(replay: Replay) -> BlueskyConnector:
    return BlueskyConnector(replay.client(), "https://bsky.social", "JWT", BRAND_DID, clock=lambda: NOW_S)


@pytest.mark.asyncio
async def test_fetch_asks_for_mentions_and_replies_and_reads_the_rate_limit():
    replay = Replay(cassette("n_notifications.yml"))
    page = await connector(replay).fetch(BRAND, cursor="2025-01-01T00:00:00.000Z")
    (request,) = replay.requests
    assert request.url.path == "/xrpc/app.bsky.notification.listNotifications"
    query = parse_qs(request.url.query.decode())
    assert query["reasons"] == ["mention", "reply"] and query["cursor"] == ["2025-01-01T00:00:00.000Z"]
    assert request.headers["authorization"] == "Bearer JWT" and "atproto-proxy" not in request.headers
    assert len(page.mentions) == 11 and page.next_cursor == "2024-12-19T06:43:45.863Z"
    assert page.extra["rate_limit"] == {"remaining": 2963, "limit": 3000, "reset_s": 1747676784 - NOW_S}


@pytest.mark.asyncio
async def test_chat_is_asked_through_the_chat_proxy_and_senders_are_named_from_the_conversations():
    replay = Replay(cassette("c_list.yml") + cassette("c_messages.yml"))
    client = connector(replay)
    await client.fetch_conversations(BRAND)
    page = await client.fetch_messages(BRAND, "3ku7w6h4vog2d")
    assert [r.url.path for r in replay.requests] == [
        "/xrpc/chat.bsky.convo.listConvos",
        "/xrpc/chat.bsky.convo.getMessages",
    ]
    assert all(r.headers["atproto-proxy"] == "did:web:api.bsky.chat#bsky_chat" for r in replay.requests)
    assert page.mentions[0].author.handle == "chriskenny.bsky.social"


@pytest.mark.asyncio
async def test_a_rate_limited_fetch_is_transient_with_the_networks_wait():
    def limited(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "12"})

    client = BlueskyConnector(
        httpx.AsyncClient(transport=httpx.MockTransport(limited)), "https://h", "T", "did:x"
    )
    with pytest.raises(TransientError) as raised:
        await client.fetch(BRAND)
    assert raised.value.retry_after_s == 12


def reply(text: str, in_reply_to: str | None, *, private: bool = False, key: str = "") -> OutgoingReply:
    return OutgoingReply(
        id="0190a5b4-7c3e-7aa1-8b2c-3d4e5f607182",
        case_id="case-1",
        network=Network.BLUESKY,
        account=BRAND,
        text=text,
        private=private,
        in_reply_to=in_reply_to,
        conversation_key=key or f"bluesky:acc-b:{in_reply_to}",
    )


@pytest.mark.asyncio
async def test_a_reply_to_a_thread_starter_names_it_as_root_and_parent_and_carries_facets():
    thread = cassette("f_postthread.yml")[0]
    resolved, *_, created = cassette("r_post_reply.yml")
    replay = Replay([thread, resolved, created])
    uri = thread.json()["thread"]["post"]["uri"]
    published = await connector(replay).publish(
        reply("Thanks @bskyr.bsky.social 🙌 https://example.com", uri)
    )
    assert published.external_id == "at://did:plc:5c2r73erhng4bszmxlfdtscf/app.bsky.feed.post/3lprdue7ggw26"
    assert published.url == "https://bsky.app/profile/bskyr.bsky.social/post/3lprdue7ggw26"
    paths = [r.url.path for r in replay.requests]
    assert paths == [
        "/xrpc/app.bsky.feed.getPostThread",
        "/xrpc/com.atproto.identity.resolveHandle",
        "/xrpc/com.atproto.repo.createRecord",
    ]
    assert paths[-1] == "/xrpc/" + created.url.rsplit("/", 1)[-1]  # the recorded create
    sent = json.loads(replay.requests[-1].content)
    assert sent["repo"] == BRAND_DID and sent["collection"] == "app.bsky.feed.post"
    assert sent["rkey"] == record_key("0190a5b4-7c3e-7aa1-8b2c-3d4e5f607182")
    ref = {"uri": uri, "cid": thread.json()["thread"]["post"]["cid"]}
    assert sent["record"]["reply"] == {"root": ref, "parent": ref}
    assert sent["record"]["$type"] == "app.bsky.feed.post" and sent["record"]["createdAt"].endswith("Z")
    mention, link = sent["record"]["facets"]
    assert mention["features"] == [
        {"$type": "app.bsky.richtext.facet#mention", "did": resolved.json()["did"]}
    ]
    assert mention["index"] == {"byteStart": 7, "byteEnd": 25}
    assert link["index"]["byteStart"] == 25 + 1 + 4 + 1  # the emoji is four bytes


@pytest.mark.asyncio
async def test_a_reply_to_a_reply_keeps_the_threads_root():
    # getPostThread of a reply: the thread view around a real recorded post view that is a reply.
    view = next(p for p in cassette("f_search.yml")[0].json()["posts"] if p["record"].get("reply"))
    replay = Replay(cassette("r_post_reply.yml")[-1:])
    replay.answers[("GET", "/xrpc/app.bsky.feed.getPostThread")] = [
        Exchange("GET", "", b"", 200, {}, json.dumps({"thread": {"post": view}}).encode())
    ]
    await connector(replay).publish(reply("Thank you", view["uri"]))
    sent = json.loads(replay.requests[-1].content)["record"]["reply"]
    assert sent["parent"] == {"uri": view["uri"], "cid": view["cid"]}
    assert sent["root"] == view["record"]["reply"]["root"] != sent["parent"]


@pytest.mark.asyncio
async def test_a_refused_post_is_permanent_with_blueskys_message():
    replay = Replay(cassette("f_postthread.yml") + cassette("r_post_errors.yml"))
    uri = cassette("f_postthread.yml")[0].json()["thread"]["post"]["uri"]
    with pytest.raises(PermanentError, match="300 graphemes"):
        await connector(replay).publish(reply("x" * 301, uri))


@pytest.mark.asyncio
async def test_a_private_reply_is_a_chat_message_in_the_cases_conversation():
    replay = Replay(cassette("c_send.yml"))
    key = "bluesky:acc-b:dm:3ku7w6h4vog2d"
    published = await connector(replay).publish(
        reply("[example] sent with bskyr", None, private=True, key=key)
    )
    assert published.external_id == "chat:3ku7w6h4vog2d:3lprddijuyg26"
    (request,) = replay.requests
    assert request.url.path == "/xrpc/chat.bsky.convo.sendMessage"
    assert request.headers["atproto-proxy"] == "did:web:api.bsky.chat#bsky_chat"
    assert json.loads(request.content) == {
        "convoId": "3ku7w6h4vog2d",
        "message": {"text": "[example] sent with bskyr"},
    }
    with pytest.raises(PermanentError):
        await connector(replay).publish(reply("hi", "at://x/app.bsky.feed.post/1", private=True))


@pytest.mark.asyncio
async def test_find_asks_for_the_record_the_replys_key_names():
    got = next(e for e in cassette("r_post_delete_like.yml") if "getRecord" in e.url)
    replay = Replay([got])
    found = await connector(replay).find(reply("hi", "at://x/app.bsky.feed.post/1"))
    assert found is not None and found.external_id == got.json()["uri"]
    query = parse_qs(replay.requests[0].url.query.decode())
    assert query["rkey"] == [record_key("0190a5b4-7c3e-7aa1-8b2c-3d4e5f607182")]
    assert query["repo"] == [BRAND_DID] and query["collection"] == ["app.bsky.feed.post"]

    def missing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "RecordNotFound", "message": "Could not locate record"})

    absent = BlueskyConnector(
        httpx.AsyncClient(transport=httpx.MockTransport(missing)), "https://h", "T", BRAND_DID
    )
    assert await absent.find(reply("hi", "at://x/app.bsky.feed.post/1")) is None


@pytest.mark.asyncio
async def test_find_of_a_chat_message_looks_for_the_brands_message_with_the_text():
    replay = Replay(cassette("c_messages.yml"))
    key = "bluesky:acc-b:dm:3ku7w6h4vog2d"
    found = await connector(replay).find(reply("Hello", None, private=True, key=key))
    assert found is not None and found.external_id == "chat:3ku7w6h4vog2d:3lpihs4gjyp2g"
    assert await connector(replay).find(reply("Can you hear me?", None, private=True, key=key)) is None


def test_bench_samples_exist():
    for name, url, index in BENCH_SAMPLES:
        exchange = read_recording(fixtures() / Path(name))[index]
        assert exchange.status == 200 and exchange.url.split("?")[0].rstrip("/").endswith(
            url.rsplit("/", 1)[-1]
        )
