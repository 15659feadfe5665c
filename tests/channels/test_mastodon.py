"""Mastodon: mentions, conversations and stream events from real recordings; replies posted as the
recorded requests were, with the reply's id as the Idempotency-Key."""

import json
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.channels.connector import OutgoingReply, PermanentError, TransientError
from console.channels.mastodon import (
    MastodonConnector,
    html_to_text,
    iso_ms,
    link_cursors,
    normalize,
    normalize_stream,
    parse_events,
)
from console.channels.recordings import Exchange, read_recording
from console.domain.mention import BrandAccount, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures
from tests.channels.serving import Replay

BRAND = BrandAccount("acc-m", Network.MASTODON, "mastodonpy_test", "Test brand")
NOW_S = iso_ms("2026-08-01T13:52:00.000Z") / 1000

# (fixture under the fixtures folder, url it answered, interaction index): for the lead's one
# benchmark over every network.
BENCH_SAMPLES = [
    ("mastodon/tests/cassettes/test_notifications_mentions_only.yaml", "/api/v1/notifications", 1),
    ("mastodon/tests/cassettes/test_conversations.yaml", "/api/v1/conversations", 2),
    (
        "mastodon/tests/cassettes/test_get_pagination_info.yaml",
        "/api/v1/accounts/117020565966271181/statuses",
        11,
    ),
]


def cassette(name: str) -> list[Exchange]:
    return read_recording(fixtures() / "mastodon" / "tests" / "cassettes" / name)


def read(exchange: Exchange, account: BrandAccount = BRAND):
    if "/streaming/" in exchange.url:
        return normalize_stream(exchange.body.decode(), account=account, received_ms=0)
    try:
        body = exchange.json()
    except ValueError:
        body = exchange.body.decode("utf-8", "replace")
    return normalize(body, url=exchange.url, account=account, received_ms=0)


def test_every_recorded_answer_normalizes_without_an_exception():
    folder = fixtures() / "mastodon" / "tests" / "cassettes"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 150
    mentions = 0
    for path in files:
        for exchange in read_recording(path):
            page = read(exchange)
            mentions += len(page.mentions)
            for quarantined in page.quarantined:
                assert quarantined.reason
    assert mentions >= 150  # every status in every answer, notifications and streams included


def test_a_mention_notification_reads_to_the_exact_mention():
    exchange = cassette("test_notifications_mentions_only.yaml")[1]
    page = read(exchange)
    (mention,) = page.mentions
    assert mention.external_id == "117020577157693549"
    assert mention.network is Network.MASTODON and mention.account_id == "acc-m" and mention.id == ""
    assert mention.author.handle == "admin" and mention.author.followers == 1
    assert mention.text == "@mastodonpy_test hello!"
    assert mention.created_ms == iso_ms("2026-08-01T13:51:42.823Z")
    assert mention.kind is MentionKind.POST and mention.lang == "en"
    assert mention.url == "http://localhost:3000/@admin/117020577157693549"
    assert mention.parent_external_id is None and not mention.from_brand
    assert mention.conversation_key == "mastodon:acc-m:117020577157693549"
    assert page.newest == "21" and page.next_cursor == "21"  # notification ids, as since_id/max_id want


def test_the_brands_own_status_is_marked_and_a_namesake_elsewhere_is_not():
    exchange = cassette("test_notifications_mentions_only.yaml")[1]
    admin = BrandAccount("acc-x", Network.MASTODON, "@admin", "Admin")
    assert read(exchange, admin).mentions[0].from_brand
    body = exchange.json()
    body[0]["status"]["account"]["acct"] = "admin@elsewhere.example"
    assert not normalize(body, url=exchange.url, account=admin, received_ms=0).mentions[0].from_brand


def test_other_notification_types_are_skipped_not_quarantined():
    exchange = cassette("test_follow_with_notify_reblog.yaml")[5]
    page = read(exchange)
    kinds = [n["type"] for n in exchange.json()]
    assert page.skipped == sum(1 for k in kinds if k != "mention") > 0
    assert len(page.mentions) == kinds.count("mention") and not page.quarantined


def test_grouped_notifications_skip_favourites_and_mark_the_newest():
    exchanges = cassette("test_grouped_notifications.yaml")
    page = read(exchanges[3])
    assert page.skipped == 1 and not page.mentions and page.newest == "32"
    empty = read(exchanges[7])
    assert empty == type(empty)()  # nothing, and no cursor to page on


def test_a_reply_is_keyed_by_the_status_it_answers_so_the_thread_groups():
    first, _, answer, *_ = cassette("test_status_reply.yaml")
    (original,) = read(first).mentions
    (reply,) = read(answer).mentions
    assert reply.kind is MentionKind.REPLY and reply.parent_external_id == original.external_id
    assert reply.conversation_key == original.conversation_key == "mastodon:acc-m:117020583245459824"
    assert reply.text == "@mastodonpy_test_2 same!"


def test_a_reply_takes_its_threads_root_when_the_page_holds_the_chain():
    body = cassette("test_status_reply.yaml")
    statuses = [body[0].json(), body[2].json()]
    page = normalize(
        statuses, url="http://localhost:3000/api/v1/timelines/home", account=BRAND, received_ms=0
    )
    assert {m.conversation_key for m in page.mentions} == {"mastodon:acc-m:117020583245459824"}


def test_conversations_are_direct_messages_keyed_by_the_other_people():
    page = read(cassette("test_conversations.yaml")[2])
    assert [m.kind for m in page.mentions] == [MentionKind.DIRECT_MESSAGE] * 2
    by_text = {m.text: m for m in page.mentions}
    assert by_text["@mastodonpy_test pssssst!"].conversation_key == "mastodon:acc-m:dm:117020565966271181"
    assert by_text["@admin ilu bby ;3"].lang == "ja"


def test_a_direct_exchange_from_the_stream_is_one_conversation_and_the_brands_part_is_marked():
    stream = cassette("test_stream_user_direct.yaml")[-2]
    assert stream.url.endswith("/streaming/direct")
    page = read(stream)
    assert len(page.mentions) == 2
    assert len({m.conversation_key for m in page.mentions}) == 1
    mine = [m for m in page.mentions if m.from_brand]
    assert [m.text for m in mine] == ["@mastodonpy_test_2 pssssst"]


def test_stream_events_are_parsed_and_only_mentions_and_conversations_are_read():
    stream = cassette("test_stream_user_direct.yaml")[-1].body.decode()
    events = parse_events(stream)
    assert [e for e, _ in events] == [
        "update",
        "notification",
        "update",
        "notification",
        "status.update",
        "delete",
    ]
    page = normalize_stream(stream, account=BRAND, received_ms=0)
    notes = [json.loads(data) for event, data in events if event == "notification"]
    assert len(page.mentions) == sum(1 for n in notes if n["type"] == "mention")
    assert page.skipped == 4 + sum(1 for n in notes if n["type"] != "mention")


def test_html_becomes_what_a_reader_sees():
    assert html_to_text("<p>one<br>two</p><p>three &amp; <a href='x'>@<span>a</span></a></p>") == (
        "one\ntwo\n\nthree & @a"
    )
    # Mastodon hides the scheme and the tail of a long link in spans; the text keeps the whole link.
    linked = (
        '<p><a href="https://example.org/a/b"><span class="invisible">https://</span>'
        '<span class="ellipsis">example.org/a</span><span class="invisible">/b</span></a></p>'
    )
    assert html_to_text(linked) == "https://example.org/a/b"


def test_error_bodies_missing_fields_and_wrong_types_are_quarantined_with_reasons():
    missing = read(cassette("test_status_missing.yaml")[0])
    assert missing.quarantined[0].reason == "Mastodon said: Not Found" and not missing.mentions
    exchange = cassette("test_notifications_mentions_only.yaml")[1]
    body = exchange.json()
    del body[0]["status"]["content"]
    (held,) = normalize(body, url=exchange.url, account=BRAND, received_ms=0).quarantined
    assert "content" in held.reason and held.where == "[0].status"
    body = exchange.json()
    body[0]["status"]["created_at"] = 1754056302
    assert "time" in normalize(body, url=exchange.url, account=BRAND, received_ms=0).quarantined[0].reason
    body = exchange.json()
    body[0]["status"]["account"] = "admin"
    assert normalize(body, url=exchange.url, account=BRAND, received_ms=0).quarantined
    not_a_list = normalize({"id": 1}, url="http://x/api/v1/conversations", account=BRAND, received_ms=0)
    assert "expected a list" in not_a_list.quarantined[0].reason
    unknown = normalize([], url="http://x/api/v1/somewhere", account=BRAND, received_ms=0)
    assert "not a Mastodon endpoint" in unknown.quarantined[0].reason


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_URLS = st.sampled_from(
    [
        "http://h/api/v1/notifications",
        "http://h/api/v2/notifications",
        "http://h/api/v1/conversations",
        "http://h/api/v1/statuses/1",
        "http://h/api/v1/statuses/1/context",
        "http://h/api/v1/timelines/home",
        "http://h/elsewhere",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(body=_JSON, url=_URLS)
def test_random_json_never_raises(body, url):
    normalize(body, url=url, account=BRAND, received_ms=0)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_real_bodies_with_fields_deleted_or_replaced_never_raise(data):
    exchange = data.draw(
        st.sampled_from(
            [
                cassette("test_notifications_mentions_only.yaml")[1],
                cassette("test_conversations.yaml")[2],
                cassette("test_grouped_notifications.yaml")[3],
            ]
        )
    )
    body = exchange.json()
    node = body
    for _ in range(data.draw(st.integers(1, 4))):
        keys = (
            list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        )
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        if data.draw(st.booleans()) or not isinstance(node[key], dict | list):
            if data.draw(st.booleans()) and isinstance(node, dict):
                del node[key]
            else:
                node[key] = data.draw(_JSON)
            break
        node = node[key]
    page = normalize(body, url=exchange.url, account=BRAND, received_ms=0)
    assert len(page.mentions) + len(page.quarantined) + page.skipped >= 0


def test_link_headers_give_the_cursors():
    link = cassette("test_get_pagination_info.yaml")[11].headers["link"]
    assert link_cursors(link)["next"] == {"limit": "5", "max_id": "117020581882406424"}
    assert link_cursors(link)["prev"]["min_id"] == "117020581915050941"


# --- over HTTP --------------------------------------------------------------------------------


def connector(replay: Replay) -> MastodonConnector:
    return MastodonConnector(replay.client(), "http://localhost:3000", "TOKEN", clock=lambda: NOW_S)


@pytest.mark.asyncio
async def test_fetch_asks_for_mentions_since_the_last_and_reads_link_and_rate_limit_headers():
    recorded = cassette("test_notifications_mentions_only.yaml")[1]
    replay = Replay([recorded])
    page = await connector(replay).fetch(BRAND, since="20")
    (request,) = replay.requests
    assert request.url.path == "/api/v1/notifications"
    query = parse_qs(request.url.query.decode())
    assert query["types[]"] == ["mention"] == parse_qs(recorded.url.split("?")[1])["types[]"]
    assert query["since_id"] == ["20"]
    assert request.headers["authorization"] == "Bearer TOKEN"
    assert [m.external_id for m in page.mentions] == ["117020577157693549"]
    assert page.next_cursor == "21" and page.newest == "21"
    limits = page.extra["rate_limit"]
    assert limits["remaining"] == 299 and limits["limit"] == 300
    assert limits["reset_s"] == pytest.approx(iso_ms("2026-08-01T13:55:00.940463Z") / 1000 - NOW_S, abs=0.01)


@pytest.mark.asyncio
async def test_fetch_keys_a_reply_by_its_threads_first_status_from_the_context():
    notified = cassette("test_notifications_mentions_only.yaml")[1]
    original, _, answer, *_ = cassette("test_status_reply.yaml")
    # The recorded notification, carrying the recorded reply; the context of the status it
    # answers, whose ancestor is a recorded status too (the cassettes hold no deeper thread).
    body = notified.json()
    body[0]["status"] = answer.json()
    context = {"ancestors": [cassette("test_notifications_mentions_only.yaml")[0].json()], "descendants": []}
    parent = answer.json()["in_reply_to_id"]
    replay = Replay([])
    replay.answers[("GET", "/api/v1/notifications")] = [
        Exchange("GET", notified.url, b"", 200, notified.headers, json.dumps(body).encode())
    ]
    replay.answers[("GET", f"/api/v1/statuses/{parent}/context")] = [
        Exchange("GET", "", b"", 200, {}, json.dumps(context).encode())
    ]
    client = connector(replay)
    (mention,) = (await client.fetch(BRAND)).mentions
    assert mention.conversation_key == "mastodon:acc-m:117020577157693549"  # the ancestor's id
    assert mention.parent_external_id == parent
    await client.fetch(BRAND)
    assert [r.url.path for r in replay.requests].count(f"/api/v1/statuses/{parent}/context") == 1
    assert original.json()["id"] == parent


@pytest.mark.asyncio
async def test_fetch_pages_back_with_max_id():
    replay = Replay([cassette("test_notifications_mentions_only.yaml")[1]])
    await connector(replay).fetch(BRAND, cursor="21")
    assert parse_qs(replay.requests[0].url.query.decode())["max_id"] == ["21"]


@pytest.mark.asyncio
async def test_fetch_conversations_reads_direct_messages():
    replay = Replay([cassette("test_conversations.yaml")[2]])
    page = await connector(replay).fetch_conversations(BRAND)
    assert replay.requests[0].url.path == "/api/v1/conversations"
    assert {m.kind for m in page.mentions} == {MentionKind.DIRECT_MESSAGE}


@pytest.mark.asyncio
async def test_a_rate_limited_fetch_is_transient_with_the_networks_wait():
    def limited(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "30"}, json={"error": "Too many requests"})

    client = MastodonConnector(httpx.AsyncClient(transport=httpx.MockTransport(limited)), "http://h", "T")
    with pytest.raises(TransientError) as raised:
        await client.fetch(BRAND)
    assert raised.value.retry_after_s == 30


@pytest.mark.asyncio
async def test_an_unauthorized_fetch_says_what_mastodon_said():
    replay = Replay(cassette("test_home_tl_anonymous_throws.yaml"))
    replay.answers[("GET", "/api/v1/notifications")] = replay.answers.pop(("GET", "/api/v1/timelines/home"))
    with pytest.raises(PermanentError, match="The access token is invalid"):
        await connector(replay).fetch(BRAND)


def reply(text: str, in_reply_to: str | None, private: bool = False) -> OutgoingReply:
    return OutgoingReply(
        id="0190a5b4-7c3e-7aa1-8b2c-3d4e5f607182",
        case_id="case-1",
        network=Network.MASTODON,
        account=BrandAccount("acc-a", Network.MASTODON, "admin", "Admin"),
        text=text,
        private=private,
        in_reply_to=in_reply_to,
        conversation_key="mastodon:acc-a:117020583245459824",
    )


@pytest.mark.asyncio
async def test_publish_answers_the_status_addressed_to_its_author_as_recorded_with_an_idempotency_key():
    original, _, posted, *_ = cassette("test_status_reply.yaml")
    replay = Replay([posted])
    replay.answers[("GET", "/api/v1/statuses/117020583245459824")] = [original]  # the status answered
    published = await connector(replay).publish(reply("same!", "117020583245459824"))
    assert published.external_id == "117020583258292382"
    assert published.url == "http://localhost:3000/@admin/117020583258292382"
    sent = replay.requests[-1]
    assert sent.method == "POST" and sent.url.path == "/api/v1/statuses"
    assert sent.headers["idempotency-key"] == "0190a5b4-7c3e-7aa1-8b2c-3d4e5f607182"
    form = parse_qs(sent.content.decode())
    recorded = parse_qs(posted.request_body.decode())
    for field in ("status", "in_reply_to_id", "visibility"):
        assert form[field] == recorded[field]


@pytest.mark.asyncio
async def test_a_private_reply_is_a_direct_status():
    (posted, _) = cassette("test_status_post[None-direct].yaml")
    replay = Replay([posted])
    published = await connector(replay).publish(reply("Toot!", None, private=True))
    assert published.external_id == "117020585877056474"
    assert parse_qs(replay.requests[-1].content.decode()) == parse_qs(posted.request_body.decode())


@pytest.mark.asyncio
async def test_a_refused_status_is_permanent_with_mastodons_reason():
    replay = Replay(cassette("test_status_empty.yaml"))
    with pytest.raises(PermanentError) as raised:
        await connector(replay).publish(reply("", None))
    assert "Text" in raised.value.reason and "422" in raised.value.reason


@pytest.mark.asyncio
async def test_find_looks_for_the_reply_among_the_accounts_latest_statuses():
    exchanges = cassette("test_get_pagination_info.yaml")
    replay = Replay([exchanges[0], exchanges[11]])
    statuses = exchanges[11].json()
    text = html_to_text(statuses[2]["content"])
    found = await connector(replay).find(reply(text, None))
    assert found is not None and found.external_id == statuses[2]["id"]
    assert replay.requests[-1].url.path == "/api/v1/accounts/117020565966271181/statuses"
    assert await connector(Replay([exchanges[0], exchanges[11]])).find(reply("never said", None)) is None


@pytest.mark.asyncio
async def test_a_lost_connection_is_transient_and_a_cut_answer_uncertain():
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = MastodonConnector(httpx.AsyncClient(transport=httpx.MockTransport(refused)), "http://h", "T")
    with pytest.raises(TransientError):
        await client.publish(reply("hi", None))


def test_bench_samples_exist():
    for name, url, index in BENCH_SAMPLES:
        exchange = read_recording(fixtures() / Path(name))[index]
        assert exchange.status == 200 and exchange.url.split("?")[0].rstrip("/").endswith(
            url.rsplit("/", 1)[-1]
        )


# --- listening to the streaming API --------------------------------------------------------------


def recorded_stream() -> bytes:
    return cassette("test_stream_user_direct.yaml")[-1].body


def streaming_client(chunks, status: int = 200, seen: list | None = None) -> httpx.AsyncClient:
    """Serves ``chunks`` (bytes, or an exception to raise mid-stream) as a streaming answer."""

    async def body():
        for chunk in chunks:
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        if request.url.path.endswith("/context"):
            return httpx.Response(404, json={"error": "Record not found"})
        return httpx.Response(status, headers={"content-type": "text/event-stream"}, content=body())

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def listened(client: httpx.AsyncClient) -> list:
    connector = MastodonConnector(client, "http://localhost:4000", "T")
    return [page async for page in connector.listen(BRAND)]


@pytest.mark.asyncio
async def test_listening_yields_each_mention_as_its_event_arrives_whatever_the_chunking():
    raw = recorded_stream()
    seen: list = []
    # Cut at awkward places: mid-line, mid-UTF-8 character, between the two newlines of an event's end.
    cuts = sorted({7, 64, 1000, raw.index(b"\n\n") + 1, len(raw) // 2, len(raw) - 3})
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    pages = await listened(streaming_client(chunks, seen=seen))
    assert [len(p.mentions) for p in pages] == [1, 1]  # the two mention notifications, one at a time
    expected = normalize_stream(raw.decode(), account=BRAND, received_ms=0).mentions
    assert [p.mentions[0].external_id for p in pages] == [m.external_id for m in expected]
    request = seen[0]
    assert request.url.path == "/api/v1/streaming/user/notification"
    assert request.headers["authorization"] == "Bearer T" and request.headers["accept"] == "text/event-stream"


@pytest.mark.asyncio
async def test_a_refused_or_broken_stream_says_whether_to_try_again():
    with pytest.raises(PermanentError):
        await listened(streaming_client([b'{"error":"The access token is invalid"}'], status=401))
    with pytest.raises(TransientError, match="HTTP 502"):
        await listened(streaming_client([b"bad gateway"], status=502))
    raw = recorded_stream()
    cut = raw.index(b"event: notification")
    broken = [raw[: cut + 400], httpx.ReadError("connection reset")]
    with pytest.raises(TransientError, match="broke off: ReadError"):
        await listened(streaming_client(broken))


def _full_reading(html: str) -> str:
    from console.channels.mastodon import text

    parser = text._TextParser()
    parser.feed(html)
    parser.close()
    return text.re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


def test_the_quick_reading_of_status_html_agrees_with_the_full_parser_on_every_recording():
    from console.channels.mastodon.text import html_to_text

    contents = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("content"), str) and node["content"]:
                contents.append(node["content"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (fixtures() / "mastodon").rglob("*.yaml"):
        for exchange in read_recording(path):
            try:
                walk(json.loads(exchange.body))
            except ValueError:
                continue
    assert len(contents) >= 200
    assert [html_to_text(c) for c in contents] == [_full_reading(c) for c in contents]


HTML_PIECES = [
    "<p>", "</p>", "<br>", "<br />", '<a href="https://x.example/a?b=1&amp;c">', "</a>",
    '<span class="invisible">', "</span>", "<div>", "<li>", "<B>", "hello", " ", "&amp;",
    "&lt;3", "caf\u00e9", "\n", "<", ">", '"', "<!-- c -->", "&#128512;", "@brand",
    '<a title="x>y">', "<a title='a<b'>", "</P>", "<P class=x>", "=", "'", "<p", "/", "</", "\t",
    "<br/>", "<p/>",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=25))
def test_the_quick_reading_agrees_with_the_full_parser_on_generated_html(pieces):
    from console.channels.mastodon.text import html_to_text

    html = "".join(pieces)
    assert html_to_text(html) == _full_reading(html)
