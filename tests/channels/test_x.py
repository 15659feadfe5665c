"""The X connector against the bodies python-twitter recorded from the real X API v2
(../shared/fixtures/x/testdata): normalizing, fetching, paging, publishing."""

import copy
import functools
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.channels.connector import OutgoingReply, PermanentError, TransientError, UncertainError
from console.channels.normalized import Page
from console.channels.x import XConnector, normalize, rate_limit, url_for_body
from console.domain.mention import BrandAccount, Media, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures

ACCOUNT = BrandAccount("acme-x", Network.X, "@TwitterDev", "Twitter Dev")
BRAND_ID = "2244994945"  # @TwitterDev, whose mentions timeline python-twitter recorded
NOW_S = 1_700_000_000.0

# Each relevant recording and the endpoint that answered it (the recordings are bare bodies).
ENDPOINTS = {
    "apis/timeline/timeline_mentions.json": f"https://api.x.com/2/users/{BRAND_ID}/mentions",
    "apis/timeline/timeline_tweets.json": f"https://api.x.com/2/users/{BRAND_ID}/tweets",
    "apis/searches/search_tweets_query.json": "https://api.x.com/2/tweets/search/recent",
    "apis/searches/search_tweets_for_nyc.json": "https://api.x.com/2/tweets/search/recent",
    "apis/tweet/tweets_resp.json": "https://api.x.com/2/tweets",
    "apis/tweet/tweet_resp.json": "https://api.x.com/2/tweets/1067094924124872705",
    "apis/tweet/tweet_quote_tweets_resp.json": "https://api.x.com/2/tweets/1409931481552543749/quote_tweets",
    "apis/dm_events/events.json": "https://api.x.com/2/dm_events",
    "apis/dm_events/events_by_conversation.json": (
        "https://api.x.com/2/dm_conversations/1585094756761149440/dm_events"
    ),
    "apis/dm_events/events_by_participant.json": (
        "https://api.x.com/2/dm_conversations/with/906948460078698496/dm_events"
    ),
}
# (recording, url, mentions, skipped) — what each relevant recording reads to.
EXPECTED = [
    ("apis/timeline/timeline_mentions.json", 5, 0),
    ("apis/timeline/timeline_tweets.json", 0, 5),  # the brand's own announcements
    ("apis/searches/search_tweets_query.json", 4, 0),
    ("apis/searches/search_tweets_for_nyc.json", 3, 7),  # seven reposts
    ("apis/tweet/tweets_resp.json", 1, 1),  # @TwitterDev's own post is the brand's
    ("apis/tweet/tweet_resp.json", 1, 0),
    ("apis/tweet/tweet_quote_tweets_resp.json", 15, 0),
    ("apis/dm_events/events.json", 1, 0),
    ("apis/dm_events/events_by_conversation.json", 1, 0),
    ("apis/dm_events/events_by_participant.json", 1, 0),
]
# For the lead's one bench over all networks: (recording, url).
BENCH_SAMPLES = [(f"x/testdata/{name}", url) for name, url in ENDPOINTS.items()]


def recorded(name: str) -> object:
    return json.loads((fixtures() / "x" / "testdata" / name).read_text("utf-8"))


@functools.cache
def recorded_once(name: str) -> object:
    return recorded(name)


def read(name: str, body: object = None, **keywords) -> Page:
    body = recorded(name) if body is None else body
    return normalize(body, url=ENDPOINTS[name], account=ACCOUNT, received_ms=0, **keywords)


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp() * 1000)


# --- normalizing ---------------------------------------------------------------------------------


def test_every_x_recording_normalizes_without_an_exception():
    """All 76 files, each with its own endpoint when it is one of mentions, else a plausible one."""
    files = sorted((fixtures() / "x" / "testdata").rglob("*.json"))
    assert len(files) >= 70
    for path in files:
        name = str(path.relative_to(fixtures() / "x" / "testdata"))
        for url in {ENDPOINTS.get(name, ""), ENDPOINTS["apis/timeline/timeline_mentions.json"]}:
            page = normalize(json.loads(path.read_text("utf-8")), url=url, account=ACCOUNT, received_ms=0)
            assert isinstance(page, Page)
            assert page.mentions or page.quarantined or page.skipped or name.startswith("apis/")


@pytest.mark.parametrize(("name", "mentions", "skipped"), EXPECTED)
def test_each_relevant_recording_reads_whole(name, mentions, skipped):
    page = read(name)
    assert (len(page.mentions), page.skipped, page.quarantined) == (mentions, skipped, ())
    assert all(m.network is Network.X and m.account_id == "acme-x" and m.id == "" for m in page.mentions)
    times = [m.created_ms for m in page.mentions]
    assert times == sorted(times)  # oldest first, though X answers newest first


def test_the_mentions_timeline_gives_each_post_and_the_cursors():
    page = read("apis/timeline/timeline_mentions.json")
    first = page.mentions[0]
    assert first.external_id == "1364367885582352386"
    assert first.text.startswith(
        "@Twitter @TwitterSafety @TwitterDev @jack Furthermore to that classic reversal"
    )
    assert first.created_ms == ms("2021-02-24T00:13:47")
    assert first.kind is MentionKind.POST
    assert first.parent_external_id is None
    assert first.conversation_key == "x:acme-x:1364367885582352386"
    assert first.url == "https://x.com/i/web/status/1364367885582352386"  # author_id was not asked for
    assert first.author.handle == "" and not first.from_brand
    assert page.mentions[-1].external_id == "1364398068313903104"
    assert page.next_cursor == "7140dibdnow9c7btw3w3ixl43r8knib48jsfyzko1h5py"
    assert page.newest == "1364398068313903104"


def test_without_created_at_the_time_is_read_from_the_id():
    body = recorded("apis/timeline/timeline_mentions.json")
    for item in body["data"]:
        del item["created_at"]
    page = read("apis/timeline/timeline_mentions.json", body)
    newest = page.mentions[-1]
    assert newest.external_id == "1364398068313903104"
    assert newest.created_ms == ms("2021-02-24T02:13:43") + 433  # the snowflake keeps milliseconds


def test_a_thread_groups_under_its_first_post_through_the_referenced_posts():
    page = read("apis/searches/search_tweets_query.json")
    by_id = {m.external_id: m for m in page.mentions}
    assert {m.conversation_key for m in page.mentions} == {"x:acme-x:1273733248749690880"}
    camper = by_id["1276035977375477760"]
    assert camper.kind is MentionKind.REPLY
    assert camper.parent_external_id == "1275653067283759104"
    assert camper.author.handle == "@happycamper" and camper.author.name == "Emily Waligoske 🏕"
    assert camper.url == "https://x.com/happycamper/status/1276035977375477760"
    assert camper.lang == "en" and camper.created_ms == ms("2020-06-25T06:14:19")
    assert by_id["1275763727908798470"].lang == ""  # "und": X could not tell
    assert page.newest == "1276035977375477760" and page.next_cursor is None


def test_conversation_id_wins_when_x_gives_it():
    page = read("apis/tweet/tweet_quote_tweets_resp.json")
    suhem = next(m for m in page.mentions if m.external_id == "1422638903412940805")
    assert suhem.conversation_key == "x:acme-x:1422610092571041793"
    assert page.next_cursor == "at3vehuk2txh"


def test_the_author_reach_comes_from_the_user_expansion():
    """tweets_resp with its users expanded with public_metrics (the real @TwitterDev object of
    user_resp), as the connector asks for them."""
    body = recorded("apis/tweet/tweets_resp.json")
    body["includes"]["users"][0] = recorded("apis/user/user_resp.json")["data"]
    other = BrandAccount("other-x", Network.X, "@NorthwindAir", "Northwind Air")
    page = normalize(body, url=ENDPOINTS["apis/tweet/tweets_resp.json"], account=other, received_ms=0)
    dev = next(m for m in page.mentions if m.external_id == "1261326399320715264")
    assert dev.author.handle == "@TwitterDev" and dev.author.name == "Twitter Dev"
    assert dev.author.followers == 514020 and dev.author.verified
    assert not dev.from_brand


def test_the_brands_own_posts_are_skipped_alone_and_kept_in_a_thread():
    page = read("apis/tweet/tweets_resp.json")
    assert [m.author.handle for m in page.mentions] == ["@Twitter"] and page.skipped == 1
    # The same posts as answers in a thread: the brand's reply reads in the conversation.
    body = recorded("apis/tweet/tweets_resp.json")
    for item in body["data"]:
        item["referenced_tweets"] = [{"type": "replied_to", "id": "1261326399320715000"}]
    page = read("apis/tweet/tweets_resp.json", body)
    assert [(m.author.handle, m.from_brand) for m in page.mentions] == [
        ("@TwitterDev", True),
        ("@Twitter", False),
    ]
    own = read("apis/timeline/timeline_tweets.json", brand_user_id=BRAND_ID)
    assert own.mentions == () and own.skipped == 5


def test_media_come_from_the_media_expansion():
    body = recorded("apis/tweet/tweet_resp.json")
    assert read("apis/tweet/tweet_resp.json", body).mentions[0].media == ()  # a video with no preview
    video = recorded("models/media.json") | {"media_key": "13_1064638969197977600"}
    body["includes"]["media"] = [video]
    (mention,) = read("apis/tweet/tweet_resp.json", body).mentions
    preview = "https://pbs.twimg.com/media/EYeX7akWsAIP1_1.jpg"
    assert mention.media == (Media("video", preview, preview),)


def test_a_dm_event_reads_as_a_direct_message_of_its_conversation():
    page = read("apis/dm_events/events.json")
    (dm,) = page.mentions
    assert dm.external_id == "1585321444547837956"
    assert dm.kind is MentionKind.DIRECT_MESSAGE
    assert dm.text == "Another photo https://t.co/J5KotyeIyd"
    assert dm.created_ms == ms("2022-10-26T17:24:21")
    assert dm.conversation_key == "x:acme-x:dm:1585094756761149440"
    assert dm.url == "https://x.com/messages/1585094756761149440"
    assert dm.parent_external_id is None and not dm.from_brand
    assert page.newest == "1585321444547837956"  # dm_events has no meta.newest_id: the largest id
    for name in ("apis/dm_events/events_by_conversation.json", "apis/dm_events/events_by_participant.json"):
        assert read(name).mentions[0].conversation_key == dm.conversation_key
    mine = read("apis/dm_events/events.json", brand_user_id="906948460078698496")
    assert mine.mentions[0].from_brand


def test_a_dm_of_another_kind_is_skipped():
    body = recorded("apis/dm_events/events.json")
    body["data"][0]["event_type"] = "ParticipantsJoin"
    page = read("apis/dm_events/events.json", body)
    assert page.mentions == () and page.skipped == 1 and page.quarantined == ()


# --- quarantine ----------------------------------------------------------------------------------


def test_an_error_body_is_quarantined_with_xs_own_words():
    body = recorded("streams/delete_error.json")
    page = normalize(
        body, url=ENDPOINTS["apis/timeline/timeline_mentions.json"], account=ACCOUNT, received_ms=0
    )
    (why,) = page.quarantined
    assert page.mentions == ()
    assert "Invalid Request" in why.reason and "JSON doesn't match expected schema" in why.reason
    assert json.loads(why.payload) == body


def test_an_unknown_endpoint_or_a_body_that_is_no_object_is_quarantined():
    users = recorded("apis/user/users_resp.json")
    page = normalize(users, url="https://api.x.com/2/users", account=ACCOUNT, received_ms=0)
    assert "not an X endpoint of mentions or messages: '/2/users'" in page.quarantined[0].reason
    for body in ([1, 2], "text", None, 3.5):
        page = read("apis/timeline/timeline_mentions.json", body if body is not None else "null")
        assert len(page.quarantined) == 1 and "not an X API answer" in page.quarantined[0].reason


def test_no_new_mentions_is_an_empty_page_not_a_problem():
    body = {"meta": {"result_count": 0}}  # what X answers a since_id with nothing after it
    page = read("apis/timeline/timeline_mentions.json", body)
    assert page == Page()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda item: item.pop("text"), "no 'text' in data[2]"),
        (lambda item: item.pop("id"), "no 'id' in data[2]"),
        (
            lambda item: item.update(id=1364377404156772352),
            "'id' is not an id: 1364377404156772352 in data[2]",
        ),
        (lambda item: item.update(text=["@TwitterDev"]), "'text' is list in data[2]"),
        (lambda item: item.update(created_at=1614127896), "'created_at' is int, not a time in data[2]"),
        (lambda item: item.update(created_at="yesterday"), "'created_at' is not a time: 'yesterday'"),
        (lambda item: item.update(author_id={"id": "1"}), "'author_id' is not an id"),
    ],
)
def test_an_unreadable_post_is_quarantined_and_the_others_read(change, reason):
    body = recorded("apis/timeline/timeline_mentions.json")
    change(body["data"][2])
    page = read("apis/timeline/timeline_mentions.json", body)
    assert len(page.mentions) == 4
    (why,) = page.quarantined
    assert reason in why.reason and why.where == "data[2]"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda event: event.pop("sender_id"), "'sender_id' is not an id: None"),
        (lambda event: event.pop("dm_conversation_id"), "'dm_conversation_id' is not a conversation id"),
        (lambda event: event.update(text=None), "no 'text'"),
    ],
)
def test_an_unreadable_dm_is_quarantined(change, reason):
    body = recorded("apis/dm_events/events.json")
    change(body["data"][0])
    page = read("apis/dm_events/events.json", body)
    assert page.mentions == () and reason in page.quarantined[0].reason


KEYS = st.sampled_from(
    ["data", "includes", "meta", "users", "tweets", "media", "id", "text", "created_at", "author_id",
     "referenced_tweets", "conversation_id", "attachments", "media_keys", "sender_id", "event_type",
     "dm_conversation_id", "public_metrics", "followers_count", "username", "errors", "next_token"]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)
URLS = st.sampled_from([*ENDPOINTS.values(), "", "::", "https://api.x.com/2/users/1/tweets?x=1"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=JSON, url=URLS)
def test_any_json_shape_never_raises(body, url):
    assert isinstance(normalize(body, url=url, account=ACCOUNT, received_ms=0), Page)


def _mangle(value, paths, replacement):
    """``value`` with the fields at ``paths`` (chosen by index among all its fields) removed or replaced."""
    fields = []

    def walk(node):
        if isinstance(node, dict):
            for key in list(node):
                fields.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for position in range(len(node)):
                fields.append((node, position))
                walk(node[position])

    walk(value)
    for index in paths:
        if not fields:
            break
        node, key = fields[index % len(fields)]
        try:
            if replacement is None and isinstance(node, dict):
                del node[key]
            else:
                node[key] = replacement
        except (KeyError, IndexError):
            pass
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(ENDPOINTS)),
    paths=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6),
    replacement=st.none() | JSON | KEYS,
)
def test_real_bodies_with_fields_deleted_or_replaced_never_raise(name, paths, replacement):
    body = _mangle(copy.deepcopy(recorded_once(name)), paths, replacement)
    page = normalize(body, url=ENDPOINTS[name], account=ACCOUNT, received_ms=0)
    assert isinstance(page, Page)
    assert len(page.mentions) + len(page.quarantined) + page.skipped >= 0


# --- fetch ---------------------------------------------------------------------------------------


def serve(*answers, seen: list | None = None):
    """A client whose transport answers each request with the next (status, body, headers)."""
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        status, body, headers = queue.pop(0)
        return httpx.Response(status, json=body, headers=headers)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def connector(client: httpx.AsyncClient, user_id: str = BRAND_ID) -> XConnector:
    return XConnector(ACCOUNT, user_id=user_id, token="test-token", client=client, clock=lambda: NOW_S)


LIMITS = {
    "x-rate-limit-limit": "450",
    "x-rate-limit-remaining": "449",
    "x-rate-limit-reset": str(int(NOW_S) + 900),
}


@pytest.mark.asyncio
async def test_fetching_mentions_asks_with_since_id_and_pages_with_next_token():
    seen: list[httpx.Request] = []
    body = recorded("apis/timeline/timeline_mentions.json")
    async with serve((200, body, LIMITS), (200, body, {}), seen=seen) as client:
        x = connector(client)
        page = await x.fetch_mentions(since_id="1364000000000000000")
        older = await x.fetch_mentions(since_id="1364000000000000000", pagination_token=page.next_cursor)
    first, second = seen
    assert first.method == "GET" and first.url.path == f"/2/users/{BRAND_ID}/mentions"
    assert first.headers["authorization"] == "Bearer test-token"
    params = first.url.params
    assert params["since_id"] == "1364000000000000000" and "pagination_token" not in params
    assert params["max_results"] == "100"
    assert "author_id" in params["expansions"] and "referenced_tweets.id" in params["expansions"]
    assert "public_metrics" in params["user.fields"] and "verified" in params["user.fields"]
    assert "conversation_id" in params["tweet.fields"] and "created_at" in params["tweet.fields"]
    assert second.url.params["pagination_token"] == "7140dibdnow9c7btw3w3ixl43r8knib48jsfyzko1h5py"
    assert len(page.mentions) == 5 and page.newest == "1364398068313903104"
    assert page.extra["rate_limit"] == {"remaining": 449, "limit": 450, "reset_s": 900.0}
    assert "rate_limit" not in older.extra


@pytest.mark.asyncio
async def test_fetching_dms_asks_for_message_events_with_their_senders():
    seen: list[httpx.Request] = []
    async with serve((200, recorded("apis/dm_events/events.json"), LIMITS), seen=seen) as client:
        page = await connector(client, user_id="906948460078698496").fetch_dms(pagination_token="abc")
    (request,) = seen
    assert request.url.path == "/2/dm_events"
    assert request.url.params["event_types"] == "MessageCreate"
    assert "sender_id" in request.url.params["expansions"]
    assert "dm_conversation_id" in request.url.params["dm_event.fields"]
    assert request.url.params["pagination_token"] == "abc"
    (dm,) = page.mentions
    assert dm.conversation_key == "x:acme-x:dm:1585094756761149440" and dm.from_brand


@pytest.mark.asyncio
async def test_a_rate_limited_fetch_says_when_to_come_back():
    async with serve(
        (429, {"title": "Too Many Requests"}, {"Retry-After": "120"}),
        (429, {"title": "Too Many Requests"}, {**LIMITS, "x-rate-limit-remaining": "0"}),
        (503, {"title": "Service Unavailable"}, {}),
    ) as client:
        x = connector(client)
        with pytest.raises(TransientError) as told:
            await x.fetch_mentions()
        assert told.value.retry_after_s == 120
        with pytest.raises(TransientError) as told:
            await x.fetch_mentions()
        assert told.value.retry_after_s == 900  # no Retry-After: the window's reset
        assert "Too Many Requests" in told.value.reason
        with pytest.raises(TransientError):
            await x.fetch_mentions()


@pytest.mark.asyncio
async def test_a_refused_fetch_is_permanent_in_xs_words():
    async with serve((400, recorded("streams/delete_error.json"), {})) as client:
        with pytest.raises(PermanentError) as told:
            await connector(client).fetch_dms()
    assert "JSON doesn't match expected schema" in told.value.reason and "HTTP 400" in told.value.reason


# --- publish -------------------------------------------------------------------------------------


def reply(**fields) -> OutgoingReply:
    base = dict(
        id="0190a0b0-0000-7000-8000-000000000001",
        case_id="case-1",
        network=Network.X,
        account=ACCOUNT,
        text="We're sorry about that. Could you DM us the details?",
        private=False,
        in_reply_to="1364398068313903104",
        conversation_key="x:acme-x:1364398068313903104",
    )
    return OutgoingReply(**(base | fields))


@pytest.mark.asyncio
async def test_a_public_reply_posts_in_reply_to_the_customers_post():
    seen: list[httpx.Request] = []
    async with serve((201, recorded("apis/tweet/create_tweet_resp.json"), {}), seen=seen) as client:
        published = await connector(client).publish(reply())
    (request,) = seen
    assert request.method == "POST" and request.url.path == "/2/tweets"
    assert json.loads(request.content) == {
        "text": "We're sorry about that. Could you DM us the details?",
        "reply": {"in_reply_to_tweet_id": "1364398068313903104"},
    }
    assert published.external_id == "1445880548472328192"
    assert published.url == "https://x.com/TwitterDev/status/1445880548472328192"


@pytest.mark.asyncio
async def test_a_dm_goes_to_the_other_party_of_a_one_to_one_conversation():
    seen: list[httpx.Request] = []
    answer = recorded("apis/dm_events/events_create.json")
    async with serve((201, answer, {}), seen=seen) as client:
        published = await connector(client).publish(
            reply(
                private=True, in_reply_to=None, conversation_key=f"x:acme-x:dm:{BRAND_ID}-906948460078698496"
            )
        )
    (request,) = seen
    assert request.url.path == "/2/dm_conversations/with/906948460078698496/messages"
    assert json.loads(request.content) == {"text": "We're sorry about that. Could you DM us the details?"}
    assert published.external_id == "128341038123"
    assert published.url == "https://x.com/messages/1346889436626259968"


@pytest.mark.asyncio
async def test_a_dm_in_a_group_conversation_goes_to_the_conversation():
    seen: list[httpx.Request] = []
    async with serve((201, recorded("apis/dm_events/events_create.json"), {}), seen=seen) as client:
        await connector(client).publish(
            reply(private=True, conversation_key="x:acme-x:dm:1585094756761149440")
        )
    assert seen[0].url.path == "/2/dm_conversations/1585094756761149440/messages"


@pytest.mark.asyncio
async def test_a_private_answer_to_a_public_post_goes_to_its_author():
    seen: list[httpx.Request] = []
    post = {"data": recorded("models/tweet.json")}  # a real post object, as GET /2/tweets/:id wraps it
    async with serve(
        (200, post, {}), (201, recorded("apis/dm_events/events_create.json"), {}), seen=seen
    ) as client:
        await connector(client, user_id="17200003").publish(
            reply(
                private=True,
                in_reply_to="1212092628029698048",
                conversation_key="x:acme-x:1212092627178287104",
            )
        )
    lookup, send = seen
    assert lookup.method == "GET" and lookup.url.path == "/2/tweets/1212092628029698048"
    assert send.url.path == "/2/dm_conversations/with/2244994945/messages"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "headers", "kind"),
    [(403, {}, PermanentError), (429, {"Retry-After": "60"}, TransientError), (500, {}, UncertainError)],
)
async def test_a_failed_post_says_what_the_publisher_should_do(status, headers, kind):
    async with serve((status, recorded("streams/delete_error.json"), headers)) as client:
        with pytest.raises(kind) as told:
            await connector(client).publish(reply())
    assert "JSON doesn't match expected schema" in told.value.reason
    if kind is TransientError:
        assert told.value.retry_after_s == 60


@pytest.mark.asyncio
async def test_an_exchange_that_fails_midway_is_uncertain_and_one_never_sent_is_transient():
    def cut(request):
        raise httpx.ReadTimeout("read timed out", request=request)

    def refused(request):
        raise httpx.ConnectError("connection refused", request=request)

    for handler, kind in ((cut, UncertainError), (refused, TransientError)):
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            with pytest.raises(kind):
                await connector(client).publish(reply())


@pytest.mark.asyncio
async def test_hide_reply_puts_hidden_true():
    seen: list[httpx.Request] = []
    # No recording of this endpoint exists; the answer is X's documented {"data": {"hidden": true}}.
    async with serve((200, {"data": {"hidden": True}}, {}), seen=seen) as client:
        assert await connector(client).hide_reply("1364377404156772352") is True
    assert seen[0].method == "PUT" and seen[0].url.path == "/2/tweets/1364377404156772352/hidden"
    assert json.loads(seen[0].content) == {"hidden": True}


@pytest.mark.asyncio
async def test_hide_and_unhide_through_the_connector_interface():
    seen: list[httpx.Request] = []
    # No recording of this endpoint exists; the answers are X's documented {"data": {"hidden": …}}.
    answers = ((200, {"data": {"hidden": True}}, {}), (200, {"data": {"hidden": False}}, {}))
    async with serve(*answers, seen=seen) as client:
        x = connector(client)
        await x.hide(ACCOUNT, "1364377404156772352", True)
        await x.hide(ACCOUNT, "1364377404156772352", False)
    assert [json.loads(r.content) for r in seen] == [{"hidden": True}, {"hidden": False}]
    assert all(r.method == "PUT" and r.url.path == "/2/tweets/1364377404156772352/hidden" for r in seen)


@pytest.mark.asyncio
async def test_hide_an_answer_that_does_not_confirm_is_uncertain_and_a_refusal_permanent():
    async with serve((200, {"data": {"hidden": False}}, {})) as client:
        with pytest.raises(UncertainError):
            await connector(client).hide(ACCOUNT, "1364377404156772352", True)
    async with serve((403, recorded("streams/delete_error.json"), {})) as client:
        with pytest.raises(PermanentError) as told:
            await connector(client).hide(ACCOUNT, "1364377404156772352", True)
    assert "JSON doesn't match expected schema" in told.value.reason


# --- find ----------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_find_looks_through_the_accounts_latest_posts_for_the_reply():
    """search_tweets_query served as @happycamper's (63046977) own latest posts: the reply is
    found though X put the @name before it, and a t.co link in place of the link sent."""
    seen: list[httpx.Request] = []
    posts = recorded("apis/searches/search_tweets_query.json")
    sent = reply(
        text="Ooo, thanks error message, public_metircs are not the metrics you’re looking for https://x.co/p",
        in_reply_to="1275653067283759104",
    )
    async with serve((200, posts, {}), (200, posts, {}), seen=seen) as client:
        x = connector(client, user_id="63046977")
        found = await x.find(sent)
        elsewhere = await x.find(reply(text=sent.text, in_reply_to="1273733248749690880"))
    assert seen[0].url.path == "/2/users/63046977/tweets"
    assert found is not None and found.external_id == "1276035977375477760"
    assert elsewhere is None  # the same words answering another post are another reply


@pytest.mark.asyncio
async def test_find_looks_through_the_conversations_dm_events():
    seen: list[httpx.Request] = []
    events = recorded("apis/dm_events/events_by_conversation.json")
    async with serve((200, events, {}), (200, events, {}), seen=seen) as client:
        x = connector(client, user_id="906948460078698496")
        key = "x:acme-x:dm:1585094756761149440"
        found = await x.find(
            reply(private=True, text="Another photo https://example.com/1", conversation_key=key)
        )
        missing = await x.find(reply(private=True, text="Something else", conversation_key=key))
    assert seen[0].url.path == "/2/dm_conversations/1585094756761149440/dm_events"
    assert found is not None and found.external_id == "1585321444547837956"
    assert missing is None


@pytest.mark.asyncio
async def test_find_that_cannot_ask_is_transient():
    async with serve((502, {"title": "Bad Gateway"}, {})) as client:
        with pytest.raises(TransientError):
            await connector(client).find(reply())


def test_bench_samples_name_real_recordings():
    for name, _url in BENCH_SAMPLES:
        assert (fixtures() / Path(name)).is_file()


def test_a_bare_recording_is_read_as_the_endpoint_its_items_come_from():
    """For importing raw bodies, which carry no URL."""
    assert url_for_body(recorded("apis/dm_events/events.json")) == "https://api.x.com/2/dm_events"
    assert url_for_body(recorded("apis/timeline/timeline_mentions.json")) == "https://api.x.com/2/tweets"
    assert url_for_body(recorded("streams/delete_error.json")) == "https://api.x.com/2/tweets"
    users = recorded("apis/user/users_resp.json")
    assert url_for_body(users) == ""
    (why,) = normalize(users, url="", account=ACCOUNT, received_ms=0).quarantined
    assert "not a body of posts or messages" in why.reason
    page = normalize(
        recorded("apis/dm_events/events.json"),
        url=url_for_body(recorded("apis/dm_events/events.json")),
        account=ACCOUNT,
        received_ms=0,
    )
    assert page.mentions[0].kind is MentionKind.DIRECT_MESSAGE


def test_rate_limit_headers_that_are_not_counts_are_ignored():
    def answer(**headers):
        return httpx.Response(200, headers=headers)

    assert rate_limit(answer(), NOW_S) is None
    assert rate_limit(answer(**{"x-rate-limit-remaining": "\u00b2".encode("latin-1")}), NOW_S) is None
    assert rate_limit(answer(**{"x-rate-limit-remaining": "3", "x-rate-limit-reset": "soon"}), NOW_S) == {
        "remaining": 3
    }
    assert rate_limit(answer(**{"x-rate-limit-remaining": "0", "x-rate-limit-reset": "1"}), NOW_S) == {
        "remaining": 0,
        "reset_s": 0.0,
    }


@pytest.mark.asyncio
async def test_search_pages_with_next_token():
    seen: list[httpx.Request] = []
    body = recorded("apis/searches/search_tweets_for_nyc.json")
    async with serve((200, body, {}), seen=seen) as client:
        page = await connector(client).fetch_search("nyc", since_id="1275840000000000000", next_token="t1")
    params = seen[0].url.params
    assert seen[0].url.path == "/2/tweets/search/recent"
    assert (params["query"], params["since_id"], params["next_token"]) == ("nyc", "1275840000000000000", "t1")
    assert page.next_cursor == "b26v89c19zqg8o3fo7gesq314zlbjb2xlwutmy72r47lp" and len(page.mentions) == 3


@pytest.mark.asyncio
async def test_a_reply_without_the_post_answered_goes_to_the_threads_first_post():
    seen: list[httpx.Request] = []
    async with serve((201, recorded("apis/tweet/create_tweet_resp.json"), {}), seen=seen) as client:
        x = connector(client)
        await x.publish(reply(in_reply_to=None, conversation_key="x:acme-x:1273733248749690880"))
        with pytest.raises(PermanentError):
            await x.publish(reply(in_reply_to=None, conversation_key="x:acme-x:dm:1585094756761149440"))
    assert json.loads(seen[0].content)["reply"] == {"in_reply_to_tweet_id": "1273733248749690880"}
    assert len(seen) == 1
