"""Reddit: the inbox listings, message conversations and /api/comment answers of the recorded
cassettes normalize to mentions; fetch, reply and compose are served the same recordings through
httpx's mock transport, and the requests the connector sends match the recorded ones."""

import copy
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.channels import reddit
from console.channels.connector import (
    OutgoingReply,
    PermanentError,
    Published,
    TransientError,
    UncertainError,
)
from console.channels.recordings import Exchange, read_recording
from console.domain.mention import BrandAccount, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures

# The recordings replace the test account's name with this placeholder, so it is the brand here.
ACCOUNT = BrandAccount("rd-1", Network.REDDIT, "<USERNAME>", "Brand")


def cassette(name: str) -> list[Exchange]:
    return read_recording(fixtures() / "reddit" / "tests" / "integration" / "cassettes" / f"{name}.json")


def exchange(name: str, path: str) -> Exchange:
    return next(e for e in cassette(name) if urlsplit(e.url).path == path)


def normalize(e: Exchange, account: BrandAccount = ACCOUNT):
    return reddit.normalize(e.json(), url=e.url, account=account, received_ms=0)


def _body(e: Exchange) -> object:
    try:
        return e.json()
    except ValueError:
        return e.body.decode("utf-8", "replace")


def _handled(e: Exchange) -> bool:
    path = urlsplit(e.url).path
    return e.url.startswith(reddit.API) and (
        path.startswith("/message/") or path.rstrip("/") in ("/api/comment", "/api/info")
    )


# (cassette, the recorded request's URL): the answers the normalizer reads, for the lead's bench —
# a bench reads the cassette and normalizes the exchange whose url is this one
_CASSETTES = "reddit/tests/integration/cassettes"
BENCH_SAMPLES = [
    (f"{_CASSETTES}/TestInbox.test_all.json", f"{reddit.API}/message/inbox/?limit=100&raw_json=1"),
    (
        f"{_CASSETTES}/TestInbox.test_unread.json",
        f"{reddit.API}/message/unread/?mark=False&limit=64&raw_json=1",
    ),
    (f"{_CASSETTES}/TestInbox.test_mentions.json", f"{reddit.API}/message/mentions?limit=16&raw_json=1"),
    (
        f"{_CASSETTES}/TestInbox.test_comment_replies.json",
        f"{reddit.API}/message/comments/?limit=64&raw_json=1",
    ),
    (
        f"{_CASSETTES}/TestInbox.test_submission_replies.json",
        f"{reddit.API}/message/selfreply/?limit=64&raw_json=1",
    ),
    (f"{_CASSETTES}/TestMessage.test_block.json", f"{reddit.API}/message/messages/?limit=100&raw_json=1"),
    (f"{_CASSETTES}/TestComment.test_reply.json", f"{reddit.API}/api/comment/?raw_json=1"),
]


def test_every_exchange_of_every_cassette_normalizes_without_an_exception():
    folder = fixtures() / "reddit" / "tests" / "integration" / "cassettes"
    read = quarantined = mentions = 0
    for path in sorted(folder.glob("*.json")):
        for e in read_recording(path):
            page = reddit.normalize(_body(e), url=e.url, account=ACCOUNT, received_ms=0)
            read += 1
            mentions += len(page.mentions)
            if _handled(e) and e.status < 300:
                assert page.quarantined == (), (path.name, e.url, page.quarantined[:1])
            quarantined += len(page.quarantined)
    assert (read, mentions) == (251, 1048) and quarantined > 0


def test_the_bench_samples_are_real_and_full():
    counts = []
    for file, url in BENCH_SAMPLES:
        (e,) = [x for x in read_recording(fixtures() / file) if x.url == url]
        counts.append(len(normalize(e).mentions))
    assert counts == [100, 64, 16, 64, 64, 110, 1]


def test_an_inbox_comment_reply_reads_to_exact_fields():
    page = normalize(exchange("TestInbox.test_all", "/message/inbox/"))
    assert len(page.mentions) == 100 and page.next_cursor == "t4_22u9cpc"
    reply = next(m for m in page.mentions if m.external_id == "t1_myngt77")
    assert reply.text == "Reply" and reply.author.handle == "Lil_SpazTest"
    assert reply.created_ms == 1750348671000
    assert reply.kind is MentionKind.REPLY
    assert reply.parent_external_id == "t1_mynfuan"
    # inbox comments carry no link_id: the thread is the submission in their context link
    assert reply.conversation_key == "reddit:rd-1:t3_1j7g9uj"
    assert (
        reply.url == "https://www.reddit.com/r/Lil_SpazJoekp/comments/1j7g9uj/test_post_pls_ignore/myngt77/"
    )
    assert not reply.from_brand and reply.id == "" and reply.network is Network.REDDIT
    message = next(m for m in page.mentions if m.external_id == "t4_2r17c8r")
    assert (message.kind, message.text, message.conversation_key) == (
        MentionKind.DIRECT_MESSAGE,
        "test",
        "reddit:rd-1:dm:t4_2r17c8r",
    )
    assert message.url == "https://www.reddit.com/message/messages/2r17c8r"
    # oldest first; the newest (Reddit's first child) is the since-marker
    assert [m.created_ms for m in page.mentions] == sorted(m.created_ms for m in page.mentions)
    assert page.newest == page.mentions[-1].external_id


def test_username_mentions_are_comments_in_their_submissions_thread():
    page = normalize(exchange("TestInbox.test_mentions", "/message/mentions"))
    assert len(page.mentions) == 16 and page.next_cursor == "t1_ekfncs9"
    assert {m.kind for m in page.mentions} == {MentionKind.COMMENT}
    first = next(m for m in page.mentions if m.external_id == "t1_ekftbox")
    assert first.author.handle == "2Botter2Loop"
    assert first.conversation_key.startswith("reddit:rd-1:t3_")


def test_a_private_conversation_groups_under_its_first_message_and_nested_answers_are_read():
    page = normalize(exchange("TestMessage.test_parent", "/message/messages/30rugdg/"))
    first, answer = page.mentions
    assert (first.external_id, first.text, first.from_brand) == ("t4_30ru7t9", "message", True)
    assert (answer.external_id, answer.author.handle, answer.from_brand) == (
        "t4_30rugdg",
        "Lil_SpazBot",
        False,
    )
    assert answer.parent_external_id == "t4_30ru7t9"
    assert first.conversation_key == answer.conversation_key == "reddit:rd-1:dm:t4_30ru7t9"
    assert {m.kind for m in page.mentions} == {MentionKind.DIRECT_MESSAGE}


def test_the_brands_sent_messages_are_from_the_brand():
    page = normalize(exchange("TestInbox.test_sent", "/message/sent/"))
    assert len(page.mentions) == 64 and all(m.from_brand for m in page.mentions)
    other = BrandAccount("rd-2", Network.REDDIT, "u/someone_else", "Other")
    assert not any(
        m.from_brand for m in normalize(exchange("TestInbox.test_sent", "/message/sent/"), other).mentions
    )


def test_the_comment_answer_is_the_brands_reply_in_the_thread():
    page = normalize(exchange("TestComment.test_reply", "/api/comment/"))
    (mine,) = page.mentions
    assert (mine.external_id, mine.text, mine.parent_external_id) == (
        "t1_d1680wu",
        "Comment reply",
        "t1_d1616q2",
    )
    assert mine.from_brand and mine.conversation_key == "reddit:rd-1:t3_4b1tfm"
    assert mine.url == "https://www.reddit.com/comments/4b1tfm/_/d1680wu/"


@pytest.mark.parametrize(
    ("name", "path", "words"),
    [
        ("TestInbox.test_message__unauthorized", "/message/messages/6i8om7/", "Forbidden"),
        (
            "TestReddit.test_username_available_exception",
            "/api/username_available",
            "BAD_USERNAME: invalid user name",
        ),
        (
            "TestCommentModeration.test_send_removal_message__error",
            "/api/v1/modactions/removal_comment_message",
            "TOO_LONG — this is too long (max: 50)",
        ),
    ],
)
def test_an_error_body_is_quarantined_with_reddits_words(name, path, words):
    (entry,) = normalize(exchange(name, path)).quarantined
    assert entry.reason.startswith("Reddit answered with an error") and words in entry.reason


def test_unknown_endpoints_and_non_objects_are_quarantined_saying_so():
    me = exchange("TestInbox.test_sent", "/api/v1/me")
    assert "not a Reddit inbox endpoint: '/api/v1/me'" in normalize(me).quarantined[0].reason
    html = exchange("TestReddit.test_bad_request_without_json_text_html_response", "/api/morechildren")
    page = reddit.normalize(_body(html), url=html.url, account=ACCOUNT, received_ms=0)
    assert "not str" in page.quarantined[0].reason


def test_a_thing_missing_a_field_or_with_a_wrong_type_is_quarantined_and_the_rest_kept():
    body = exchange("TestInbox.test_mark_all_read", "/message/inbox/").json()
    assert len(body["data"]["children"]) == 2
    broken = copy.deepcopy(body)
    del broken["data"]["children"][0]["data"]["body"]
    page = reddit.normalize(broken, url=f"{reddit.API}/message/inbox/", account=ACCOUNT, received_ms=0)
    assert [q.reason for q in page.quarantined] == ["t4_30s40u5: no 'body' text"]
    assert page.quarantined[0].where == "data.children[0]" and len(page.mentions) == 1
    broken = copy.deepcopy(body)
    broken["data"]["children"][1]["data"]["created_utc"] = "yesterday"
    broken["data"]["children"][0] = 7
    page = reddit.normalize(broken, url=f"{reddit.API}/message/inbox/", account=ACCOUNT, received_ms=0)
    assert [q.reason for q in page.quarantined] == [
        "a thing without 'kind' and 'data'",
        "t4_30ryob3: 'created_utc' is not a time: 'yesterday'",
    ]
    for endless in (float("inf"), float("nan"), 10**400):
        broken["data"]["children"][1]["data"]["created_utc"] = endless
        page = reddit.normalize(broken, url=f"{reddit.API}/message/inbox/", account=ACCOUNT, received_ms=0)
        assert "'created_utc' is not a time" in page.quarantined[-1].reason
    comment = copy.deepcopy(exchange("TestInbox.test_comment_reply__refresh", "/message/comments/").json())
    thing = comment["data"]["children"][0]["data"]
    thing["context"] = ""
    (entry,) = reddit.normalize(
        comment, url=f"{reddit.API}/message/comments/", account=ACCOUNT, received_ms=0
    ).quarantined
    assert entry.reason == "t1_myngt77: no 'link_id' or 'context' to place it in its thread"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_URLS = [f"{reddit.API}/message/inbox/", f"{reddit.API}/api/comment/", f"{reddit.API}/api/info/", ""]


@settings(max_examples=150, deadline=None)
@given(value=_json_values, url=st.sampled_from(_URLS))
def test_random_json_never_raises(value, url):
    page = reddit.normalize(value, url=url, account=ACCOUNT, received_ms=0)
    assert page.mentions == () or isinstance(value, dict)


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*prefix, key)
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*prefix, index)
            yield from _paths(inner, (*prefix, index))


_REAL = [
    ("TestMessage.test_parent", "/message/messages/30rugdg/"),
    ("TestInbox.test_mark_all_read", "/message/inbox/"),
    ("TestComment.test_reply", "/api/comment/"),
]
_REAL_BODIES = {}


def _real(which):
    if which not in _REAL_BODIES:
        e = exchange(*which)
        _REAL_BODIES[which] = (e.json(), e.url)
    return _REAL_BODIES[which]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(_REAL), pick=st.integers(min_value=0), delete=st.booleans(), new=_json_values)
def test_real_bodies_with_a_field_deleted_or_replaced_never_raise(which, pick, delete, new):
    original, url = _real(which)
    value = copy.deepcopy(original)
    paths = list(_paths(value))
    *parent_keys, key = paths[pick % len(paths)]
    container = value
    for part in parent_keys:
        container = container[part]
    if delete:
        container.pop(key)
    else:
        container[key] = new
    assert isinstance(reddit.normalize(value, url=url, account=ACCOUNT, received_ms=0).mentions, tuple)


# --- through the network --------------------------------------------------------------------


class Recorded:
    """A mock transport answering each request with the recorded exchange of the same method and
    path, checking the query and form fields are the ones the recorded client sent."""

    def __init__(self, *exchanges: Exchange, status: int | None = None, headers: dict | None = None):
        self.exchanges = list(exchanges)
        self.seen: list[httpx.Request] = []
        self.status, self.headers = status, headers or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        for e in self.exchanges:
            if e.method == request.method and urlsplit(e.url).path == request.url.path:
                assert _query(str(request.url)) == _query(e.url), request.url
                if e.request_body:
                    assert parse_qs(request.content.decode()) == parse_qs(e.request_body.decode())
                headers = {k: v for k, v in e.headers.items() if k.startswith("x-ratelimit")} | self.headers
                return httpx.Response(self.status or e.status, headers=headers, content=e.body)
        raise AssertionError(f"no recording for {request.method} {request.url}")


def _query(url: str) -> dict:
    return {k: v for k, v in parse_qs(urlsplit(url).query).items()}


def _connector(transport: Recorded) -> reddit.RedditConnector:
    return reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(transport)), "token-1")


def _reply(**changes) -> OutgoingReply:
    fields = dict(
        id="0190-reply",
        case_id="case-1",
        network=Network.REDDIT,
        account=ACCOUNT,
        text="Comment reply",
        private=False,
        in_reply_to="t1_d1616q2",
        conversation_key="reddit:rd-1:t3_4b1tfm",
    )
    return OutgoingReply(**{**fields, **changes})


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "box", "limit", "count"),
    [
        ("TestInbox.test_all", "inbox", 100, 100),
        ("TestInbox.test_stream", "unread", 100, 100),
        ("TestInbox.test_mentions", "mentions", 16, 16),
        ("TestInbox.test_comment_replies", "comments", 64, 64),
        ("TestInbox.test_submission_replies", "selfreply", 64, 64),
        ("TestMessage.test_block", "messages", 100, 110),
    ],
)
async def test_fetch_asks_for_the_box_as_the_recorded_client_did(name, box, limit, count):
    recorded = Recorded(*cassette(name))
    page = await _connector(recorded).fetch(ACCOUNT, box, limit=limit)
    (request,) = recorded.seen
    assert request.headers["authorization"] == "bearer token-1"
    assert len(page.mentions) == count


@pytest.mark.asyncio
async def test_fetch_reads_the_rate_limit_headers_and_pages_on_with_after():
    recorded = Recorded(*cassette("TestInbox.test_all"))
    page = await _connector(recorded).fetch(ACCOUNT, "inbox")
    assert page.extra["rate_limit"] == {"remaining": 9344, "reset_s": 69.0}
    assert page.next_cursor == "t4_22u9cpc"
    answer = exchange("TestInbox.test_all", "/message/inbox/")

    def older(request: httpx.Request) -> httpx.Response:
        assert request.url.params["after"] == "t4_22u9cpc"
        return httpx.Response(200, content=answer.body)

    client = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(older)), "t")
    assert (await client.fetch(ACCOUNT, "inbox", page.next_cursor)).mentions


@pytest.mark.asyncio
async def test_429_is_transient_with_retry_after_or_else_the_window_reset():
    recorded = Recorded(*cassette("TestInbox.test_all"), status=429, headers={"Retry-After": "7"})
    with pytest.raises(TransientError) as raised:
        await _connector(recorded).fetch(ACCOUNT)
    assert raised.value.retry_after_s == 7
    recorded = Recorded(*cassette("TestInbox.test_all"), status=429)
    with pytest.raises(TransientError) as raised:
        await _connector(recorded).fetch(ACCOUNT)
    assert raised.value.retry_after_s == 69.0  # x-ratelimit-reset of the recorded answer


@pytest.mark.asyncio
async def test_a_forbidden_fetch_is_permanent_with_reddits_words():
    forbidden = exchange("TestInbox.test_message__unauthorized", "/message/messages/6i8om7/")
    transport = httpx.MockTransport(lambda request: httpx.Response(forbidden.status, content=forbidden.body))
    connector = reddit.RedditConnector(httpx.AsyncClient(transport=transport), "t")
    with pytest.raises(PermanentError, match=r"Reddit: Forbidden \(HTTP 403\)"):
        await connector.fetch(ACCOUNT, "messages")


@pytest.mark.asyncio
async def test_publish_comments_on_the_thing_answered_as_the_recorded_client_did():
    recorded = Recorded(*cassette("TestComment.test_reply"))
    published = await _connector(recorded).publish(_reply())
    assert published == Published("t1_d1680wu", "https://www.reddit.com/comments/4b1tfm/_/d1680wu/")
    (request,) = recorded.seen
    assert request.method == "POST" and request.url.path == "/api/comment/"
    assert parse_qs(request.content.decode()) == {
        "api_type": ["json"],
        "thing_id": ["t1_d1616q2"],
        "text": ["Comment reply"],
    }


@pytest.mark.asyncio
async def test_a_reply_reddit_took_but_did_not_return_is_uncertain():
    recorded = Recorded(*cassette("TestSubmission.test_reply__none"))
    with pytest.raises(UncertainError, match="held by a filter"):
        await _connector(recorded).publish(_reply(text="TEST", in_reply_to="t3_ah19vv"))


@pytest.mark.asyncio
async def test_json_errors_refuse_a_reply_ratelimit_transient_with_its_wait():
    answer = exchange("TestComment.test_reply", "/api/comment/")
    refused = exchange("TestReddit.test_username_available_exception", "/api/username_available").json()
    limited = copy.deepcopy(refused)  # the recorded error shape, with Reddit's rate-limit error in it
    limited["json"]["errors"] = [
        ["RATELIMIT", "you are doing that too much. try again in 9 minutes.", "ratelimit"]
    ]

    def serve(body):
        return lambda request: httpx.Response(200, json=body, headers=dict(answer.headers))

    connector = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(serve(limited))), "t")
    with pytest.raises(TransientError) as raised:
        await connector.publish(_reply())
    assert raised.value.retry_after_s == 540
    connector = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(serve(refused))), "t")
    with pytest.raises(PermanentError, match="BAD_USERNAME: invalid user name"):
        await connector.publish(_reply())


@pytest.mark.asyncio
async def test_a_private_answer_to_a_message_is_a_comment_on_it():
    answer = exchange("TestComment.test_reply", "/api/comment/")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=answer.body)

    connector = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(handler)), "t")
    await connector.publish(_reply(private=True, in_reply_to="t4_30rugdg"))
    assert seen[0].url.path == "/api/comment/"
    assert parse_qs(seen[0].content.decode())["thing_id"] == ["t4_30rugdg"]


@pytest.mark.asyncio
async def test_compose_sends_the_recorded_fields_then_finds_the_message_in_the_sent_box():
    sent = exchange("TestInbox.test_sent", "/message/sent/")
    sent_query = Exchange(
        "GET", f"{reddit.API}/message/sent/?limit=100&raw_json=1", b"", 200, sent.headers, sent.body
    )
    recorded = Recorded(*cassette("TestRedditor.test_message"), sent_query)
    published = await _connector(recorded).compose(
        ACCOUNT, "subreddit_stats", "PRAW test", "This is a test from PRAW"
    )
    assert published == Published("", "")  # the recorded sent box does not hold it
    assert [r.url.path for r in recorded.seen] == ["/api/compose/", "/message/sent/"]


@pytest.mark.asyncio
async def test_a_private_answer_to_a_comment_composes_to_its_author():
    info = exchange("TestComment.test_refresh", "/api/info/")
    author = info.json()["data"]["children"][0]["data"]["author"]
    compose = exchange("TestRedditor.test_message", "/api/compose/")
    sent = exchange("TestInbox.test_sent", "/message/sent/")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        chosen = {"/api/info/": info, "/api/compose/": compose, "/message/sent/": sent}[request.url.path]
        return httpx.Response(200, content=chosen.body)

    connector = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(handler)), "t")
    await connector.publish(_reply(private=True, in_reply_to="t1_d81vwef", text="We sent you a code"))
    assert seen[0].url.params["id"] == "t1_d81vwef"
    form = parse_qs(seen[1].content.decode())
    assert form["to"] == [author] and form["text"] == ["We sent you a code"] and form["api_type"] == ["json"]
    # find looks for it among the messages sent to that author
    seen.clear()
    assert (
        await connector.find(_reply(private=True, in_reply_to="t1_d81vwef", text="We sent you a code"))
        is None
    )
    assert [r.url.path for r in seen] == ["/api/info/", "/message/sent/"]


@pytest.mark.asyncio
async def test_a_reply_to_nothing_is_refused_for_good():
    connector = reddit.RedditConnector(
        httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(500))), "t"
    )
    for private in (False, True):
        with pytest.raises(PermanentError, match="no Reddit comment, post or message to answer"):
            await connector.publish(_reply(private=private, in_reply_to=None))


@pytest.mark.asyncio
async def test_find_a_private_answer_in_the_sent_box():
    sent = exchange("TestInbox.test_sent", "/message/sent/")
    first = sent.json()["data"]["children"][0]["data"]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/message/sent/"
        return httpx.Response(200, content=sent.body)

    connector = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(handler)), "t")
    found = await connector.find(_reply(private=True, in_reply_to=first["parent_id"], text=first["body"]))
    assert found == Published(
        first["name"], f"https://www.reddit.com/message/messages/{first['first_message_name'][3:]}"
    )
    assert (
        await connector.find(_reply(private=True, in_reply_to=first["parent_id"], text="never sent")) is None
    )


@pytest.mark.asyncio
async def test_find_a_public_answer_among_the_accounts_comments():
    # The recordings hold no /user/<name>/comments listing; a recorded Listing of t1 comments
    # (the same shape Reddit answers there) stands in for it.
    listing = exchange("TestInbox.test_comment_reply__refresh", "/message/comments/")
    comment = listing.json()["data"]["children"][0]["data"]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/user/<USERNAME>/comments"
        return httpx.Response(200, content=listing.body)

    connector = reddit.RedditConnector(httpx.AsyncClient(transport=httpx.MockTransport(handler)), "t")
    found = await connector.find(_reply(in_reply_to=comment["parent_id"], text=comment["body"]))
    assert found and found.external_id == "t1_myngt77"
    assert await connector.find(_reply(in_reply_to="t1_other", text=comment["body"])) is None
