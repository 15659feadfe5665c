"""YouTube: recorded commentThreads/comments answers normalize to mentions; fetch, paging, reply and
the errors go through httpx's mock transport serving the same recorded bodies."""

import copy
import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.channels import youtube
from console.channels.connector import OutgoingReply, PermanentError, Published, TransientError
from console.domain.mention import BrandAccount, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures

BRAND_CHANNEL = "UCa-vrCLQHviTOVnEKDOdetQ"  # the channel the recordings' threads were made on
ACCOUNT = BrandAccount("yt-1", Network.YOUTUBE, BRAND_CHANNEL, "ikaros data")
THREADS_URL = f"{youtube.API}/commentThreads"
COMMENTS_URL = f"{youtube.API}/comments"


def data(*parts: str):
    return fixtures().joinpath("youtube", "testdata", *parts)


def body(*parts: str) -> object:
    return json.loads(data(*parts).read_text("utf-8"))


def normalize(parts: tuple[str, ...], url: str, account: BrandAccount = ACCOUNT):
    return youtube.normalize(body(*parts), url=url, account=account, received_ms=0)


def _endpoint(path) -> str:
    return THREADS_URL if path.parent.name == "comment_threads" else COMMENTS_URL


# (fixture, url the body answered): every comment body of the recordings, for the lead's bench
BENCH_SAMPLES = [
    (f"youtube/testdata/apidata/{folder}/{name}", url)
    for folder, url, names in [
        (
            "comment_threads",
            THREADS_URL,
            [
                "comment_thread_single.json",
                "comment_threads_all_to_me.json",
                "comment_threads_by_channel.json",
                "comment_threads_by_video_paged_1.json",
                "comment_threads_by_video_paged_2.json",
                "comment_threads_multi.json",
                "comment_threads_with_search.json",
                "insert_response.json",
            ],
        ),
        (
            "comments",
            COMMENTS_URL,
            [
                "comments_by_parent_paged_1.json",
                "comments_by_parent_paged_2.json",
                "comments_multi.json",
                "comments_single.json",
                "insert_response.json",
            ],
        ),
    ]
    for name in names
]


def test_every_comment_fixture_normalizes_without_quarantine():
    paths = sorted(data("apidata", "comment_threads").glob("*.json")) + sorted(
        data("apidata", "comments").glob("*.json")
    )
    assert len(paths) == len(BENCH_SAMPLES) == 13
    counts = {}
    for path in paths:
        page = youtube.normalize(
            json.loads(path.read_text()), url=_endpoint(path), account=ACCOUNT, received_ms=0
        )
        assert page.quarantined == (), path.name
        assert all(m.network is Network.YOUTUBE and m.account_id == "yt-1" for m in page.mentions)
        counts[path.parent.name] = counts.get(path.parent.name, 0) + len(page.mentions)
    assert counts == {"comment_threads": 21, "comments": 7}


def test_a_channel_thread_reads_to_exact_fields():
    page = normalize(("apidata", "comment_threads", "comment_threads_all_to_me.json"), THREADS_URL)
    assert len(page.mentions) == 4
    newest = page.mentions[-1]  # the page is oldest first; YouTube lists newest first
    assert newest.external_id == "UgyWeTdgc4sc1xgmbld4AaABAg"
    assert newest.text == "Hope to go next time. yah!"
    assert (newest.author.handle, newest.author.name) == ("UCNvMBmCASzTNNX8lW3JRMbw", "kun liu")
    assert newest.created_ms == 1575171415000  # 2019-12-01T03:36:55Z
    assert newest.kind is MentionKind.COMMENT and newest.parent_external_id is None
    assert newest.url == "https://www.youtube.com/watch?v=JE8xdDp5B8Q&lc=UgyWeTdgc4sc1xgmbld4AaABAg"
    assert newest.conversation_key == "youtube:yt-1:UgyWeTdgc4sc1xgmbld4AaABAg"
    assert not newest.from_brand and newest.id == ""
    assert page.newest == "2019-12-01T03:36:55.000Z"
    # a channel comment without a video is seen on the channel
    oldest = page.mentions[0]
    assert oldest.text == "中午吃啥"
    assert oldest.url == f"https://www.youtube.com/channel/{BRAND_CHANNEL}?lc=UgwSRpgkjCe6OHHe3IJ4AaABAg"
    # it has a reply the page does not carry: named for the fetcher to read by parentId
    assert page.extra["more_replies"] == ("UgwSRpgkjCe6OHHe3IJ4AaABAg",)


def test_replies_join_their_thread_as_one_conversation():
    threads = normalize(("apidata", "comment_threads", "comment_threads_all_to_me.json"), THREADS_URL)
    replies = normalize(("apidata", "comments", "comments_by_parent_paged_1.json"), COMMENTS_URL)
    top = next(m for m in threads.mentions if m.external_id == "Ugw5zYU6n9pmIgAZWvN4AaABAg")
    assert [m.text for m in replies.mentions] == ["this is the second reply!", "this is the third reply!"]
    for reply in replies.mentions:
        assert reply.kind is MentionKind.REPLY
        assert reply.parent_external_id == top.external_id
        assert reply.conversation_key == top.conversation_key


def test_a_thread_with_its_replies_inline_is_one_conversation():
    page = normalize(("modeldata", "comments", "comment_thread_info.json"), THREADS_URL)
    top, reply = page.mentions
    assert (top.text, top.kind, top.created_ms) == ("Actions.ai", MentionKind.COMMENT, 1561278264000)
    assert (reply.text, reply.kind) == ("#", MentionKind.REPLY)
    assert reply.external_id == "UgydxWWoeA7F1OdqypJ4AaABAg.8wWQ3tdHcFx8xcDheui-qb"
    assert reply.parent_external_id == top.external_id == "UgydxWWoeA7F1OdqypJ4AaABAg"
    assert reply.conversation_key == top.conversation_key
    assert reply.url == f"https://www.youtube.com/watch?v=D-lhorsDlUQ&lc={reply.external_id}"
    assert "more_replies" not in page.extra  # its one reply is all there is
    assert page.newest == "2019-07-20T20:22:27.000Z"


def test_paging_cursors_are_the_next_page_tokens():
    first = normalize(("apidata", "comment_threads", "comment_threads_by_video_paged_1.json"), THREADS_URL)
    last = normalize(("apidata", "comment_threads", "comment_threads_by_video_paged_2.json"), THREADS_URL)
    assert (
        first.next_cursor
        == body("apidata", "comment_threads", "comment_threads_by_video_paged_1.json")["nextPageToken"]
    )
    assert last.next_cursor is None
    # the recording's second page repeats the first's threads: the hub dedups on external_id
    assert {m.dedup_key for m in first.mentions} == {m.dedup_key for m in last.mentions}


def test_the_channels_own_comments_are_from_the_brand():
    created = normalize(("apidata", "comments", "insert_response.json"), COMMENTS_URL)
    (reply,) = created.mentions
    assert reply.from_brand and reply.kind is MentionKind.REPLY
    assert reply.external_id == "Ugy_CAftKrIUCyPr9GR4AaABAg.9iPXEClD9lW9iPXLqKy_Pt"
    assert reply.conversation_key == "youtube:yt-1:Ugy_CAftKrIUCyPr9GR4AaABAg"
    thread = normalize(("apidata", "comment_threads", "insert_response.json"), THREADS_URL)
    assert thread.mentions[0].from_brand and thread.mentions[0].text == "Sun from the api"
    other = BrandAccount("yt-2", Network.YOUTUBE, "UC_someone_else", "Other")
    assert (
        not normalize(("apidata", "comments", "insert_response.json"), COMMENTS_URL, other)
        .mentions[0]
        .from_brand
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("error_response.json", "Bad Request (keyInvalid)"),
        ("error_response_simple.json", "error message"),
        ("apidata/error_permission_resp.json", "The caller does not have permission (SERVICE_UNAVAILABLE)"),
    ],
)
def test_an_error_body_is_quarantined_with_youtubes_message(name, words):
    page = youtube.normalize(body(*name.split("/")), url=THREADS_URL, account=ACCOUNT, received_ms=0)
    (entry,) = page.quarantined
    assert words in entry.reason and page.mentions == ()


def test_unknown_endpoints_and_bodies_are_quarantined_saying_so():
    videos = body("apidata", "videos", "videos_info_single.json")
    assert (
        "not a YouTube comments endpoint"
        in youtube.normalize(videos, url=f"{youtube.API}/videos", account=ACCOUNT, received_ms=0)
        .quarantined[0]
        .reason
    )
    assert (
        "not list"
        in youtube.normalize([], url=THREADS_URL, account=ACCOUNT, received_ms=0).quarantined[0].reason
    )


def test_a_comment_missing_a_field_or_with_a_wrong_type_is_quarantined_and_the_rest_kept():
    bad = body("apidata", "comment_threads", "comment_threads_all_to_me.json")
    del bad["items"][0]["snippet"]["topLevelComment"]["snippet"]["textOriginal"]
    del bad["items"][0]["snippet"]["topLevelComment"]["snippet"]["textDisplay"]
    bad["items"][1]["snippet"]["topLevelComment"]["snippet"]["publishedAt"] = 1575171370
    bad["items"][2] = "not a thread"
    page = youtube.normalize(bad, url=THREADS_URL, account=ACCOUNT, received_ms=0)
    reasons = [q.reason for q in page.quarantined]
    assert reasons == [
        "comment UgyWeTdgc4sc1xgmbld4AaABAg: no 'textOriginal' or 'textDisplay' text",
        "comment Ugw5zYU6n9pmIgAZWvN4AaABAg: 'publishedAt' is not a time: 1575171370",
        "not an object but str",
    ]
    assert page.quarantined[0].where == "items[0].snippet.topLevelComment"
    assert [m.external_id for m in page.mentions] == ["UgwSRpgkjCe6OHHe3IJ4AaABAg"]


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(value=_json_values, url=st.sampled_from([THREADS_URL, COMMENTS_URL, f"{youtube.API}/videos", ""]))
def test_random_json_never_raises(value, url):
    page = youtube.normalize(value, url=url, account=ACCOUNT, received_ms=0)
    assert page.mentions or page.quarantined or isinstance(value, dict)


def _paths(value, prefix=()):
    """Every (container, key) in a JSON value, to delete or replace one."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*prefix, key)
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*prefix, index)
            yield from _paths(inner, (*prefix, index))


_REAL = [
    ("comment_threads", "comment_threads_all_to_me.json", THREADS_URL),
    ("comments", "comments_by_parent_paged_1.json", COMMENTS_URL),
    ("comments", "insert_response.json", COMMENTS_URL),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(_REAL), pick=st.integers(min_value=0), delete=st.booleans(), new=_json_values)
def test_real_bodies_with_a_field_deleted_or_replaced_never_raise(which, pick, delete, new):
    folder, name, url = which
    value = copy.deepcopy(body("apidata", folder, name))
    paths = list(_paths(value))
    *parent_keys, key = paths[pick % len(paths)]
    container = value
    for part in parent_keys:
        container = container[part]
    if delete:
        container.pop(key)
    else:
        container[key] = new
    page = youtube.normalize(value, url=url, account=ACCOUNT, received_ms=0)
    assert isinstance(page.mentions, tuple)


# --- through the network --------------------------------------------------------------------


def _connector(handler) -> youtube.YouTubeConnector:
    return youtube.YouTubeConnector(httpx.AsyncClient(transport=httpx.MockTransport(handler)), "token-1")


def _reply(**changes) -> OutgoingReply:
    fields = dict(
        id="0190-reply",
        case_id="case-1",
        network=Network.YOUTUBE,
        account=ACCOUNT,
        text="Thanks, we are on it",
        private=False,
        in_reply_to="Ugy_CAftKrIUCyPr9GR4AaABAg",
        conversation_key="youtube:yt-1:Ugy_CAftKrIUCyPr9GR4AaABAg",
    )
    return OutgoingReply(**{**fields, **changes})


@pytest.mark.asyncio
async def test_fetch_pages_through_the_channels_threads():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        name = (
            "comment_threads_by_video_paged_2.json"
            if "pageToken" in request.url.params
            else ("comment_threads_by_video_paged_1.json")
        )
        return httpx.Response(200, json=body("apidata", "comment_threads", name))

    connector = _connector(handler)
    first = await connector.fetch_threads(ACCOUNT)
    second = await connector.fetch_threads(ACCOUNT, first.next_cursor)
    await connector.aclose()
    assert len(first.mentions) == len(second.mentions) == 5 and second.next_cursor is None
    request = seen[1]
    assert request.method == "GET" and request.url.path == "/youtube/v3/commentThreads"
    assert request.url.params["part"] == "snippet,replies"
    assert request.url.params["allThreadsRelatedToChannelId"] == BRAND_CHANNEL
    assert request.url.params["pageToken"] == first.next_cursor and "pageToken" not in seen[0].url.params
    assert request.headers["authorization"] == "Bearer token-1"


@pytest.mark.asyncio
async def test_fetch_replies_lists_comments_by_parent():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/youtube/v3/comments"
        assert request.url.params["parentId"] == "Ugw5zYU6n9pmIgAZWvN4AaABAg"
        return httpx.Response(200, json=body("apidata", "comments", "comments_by_parent_paged_1.json"))

    page = await _connector(handler).fetch_replies(ACCOUNT, "Ugw5zYU6n9pmIgAZWvN4AaABAg")
    assert len(page.mentions) == 2 and page.next_cursor


@pytest.mark.asyncio
async def test_publish_inserts_a_reply_under_the_threads_top_comment():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=body("apidata", "comments", "insert_response.json"))

    # answering a reply in the thread still replies under the top-level comment: threads are flat
    published = await _connector(handler).publish(
        _reply(in_reply_to="Ugy_CAftKrIUCyPr9GR4AaABAg.9iPXEClD9lW")
    )
    assert published == Published("Ugy_CAftKrIUCyPr9GR4AaABAg.9iPXEClD9lW9iPXLqKy_Pt", "")
    (request,) = seen
    assert request.method == "POST" and request.url.path == "/youtube/v3/comments"
    assert request.url.params["part"] == "snippet"
    assert json.loads(request.content) == {
        "snippet": {"parentId": "Ugy_CAftKrIUCyPr9GR4AaABAg", "textOriginal": "Thanks, we are on it"}
    }


@pytest.mark.asyncio
async def test_a_reply_without_a_comment_answered_goes_under_the_conversations_root():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json=body("apidata", "comments", "insert_response.json"))

    await _connector(handler).publish(_reply(in_reply_to=None))
    assert seen[0]["snippet"]["parentId"] == "Ugy_CAftKrIUCyPr9GR4AaABAg"


@pytest.mark.asyncio
async def test_a_private_reply_is_refused_for_good():
    with pytest.raises(PermanentError, match="no private messages"):
        await _connector(lambda r: httpx.Response(500)).publish(_reply(private=True))


@pytest.mark.asyncio
async def test_429_with_retry_after_is_transient():
    def handler(request):
        return httpx.Response(429, headers={"Retry-After": "30"}, json=body("error_response.json"))

    with pytest.raises(TransientError) as raised:
        await _connector(handler).fetch_threads(ACCOUNT)
    assert raised.value.retry_after_s == 30


@pytest.mark.asyncio
async def test_quota_and_rate_limit_reasons_are_transient_and_permission_is_permanent():
    quota = body("error_response.json")  # the recorded error, its reason swapped for the quota's
    quota["error"]["errors"][0]["reason"] = "quotaExceeded"
    quota["error"]["code"] = 403
    with pytest.raises(TransientError) as raised:
        await _connector(lambda r: httpx.Response(403, json=quota)).publish(_reply())
    assert "quotaExceeded" in raised.value.reason and 0 < raised.value.retry_after_s <= 25 * 3600
    rate = copy.deepcopy(quota)
    rate["error"]["errors"][0]["reason"] = "rateLimitExceeded"
    with pytest.raises(TransientError) as raised:
        await _connector(lambda r: httpx.Response(403, json=rate)).fetch_threads(ACCOUNT)
    assert raised.value.retry_after_s == 60
    denied = body("apidata", "error_permission_resp.json")
    with pytest.raises(PermanentError, match="The caller does not have permission"):
        await _connector(lambda r: httpx.Response(403, json=denied)).publish(_reply())


@pytest.mark.asyncio
async def test_find_reads_the_threads_replies_for_the_brands_text():
    author = BrandAccount("yt-1", Network.YOUTUBE, "UCNvMBmCASzTNNX8lW3JRMbw", "kun liu")
    pages = {
        None: "comments_by_parent_paged_1.json",
        "next": "comments_by_parent_paged_2.json",
    }
    token = body("apidata", "comments", pages[None])["nextPageToken"]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["parentId"] == "Ugw5zYU6n9pmIgAZWvN4AaABAg"
        name = pages["next"] if request.url.params.get("pageToken") == token else pages[None]
        return httpx.Response(200, json=body("apidata", "comments", name))

    connector = _connector(handler)
    thread = dict(account=author, in_reply_to="Ugw5zYU6n9pmIgAZWvN4AaABAg")
    found = await connector.find(_reply(text="this is the second reply!", **thread))
    assert found and found.external_id == "Ugw5zYU6n9pmIgAZWvN4AaABAg.91zT3cYb5B291za5eJxzs1"
    last_page_text = body("apidata", "comments", pages["next"])["items"][0]["snippet"]["textOriginal"]
    assert await connector.find(_reply(text=last_page_text, **thread))
    assert await connector.find(_reply(text="never written", **thread)) is None


def test_a_bare_answer_names_its_endpoint_by_its_kind():
    apidata = fixtures() / "youtube" / "testdata" / "apidata"
    threads = json.loads((apidata / "comment_threads" / "comment_threads_multi.json").read_text())
    comments = json.loads((apidata / "comments" / "comments_by_parent_paged_1.json").read_text())
    assert youtube.url_for_body(threads).endswith("/youtube/v3/commentThreads")
    assert youtube.url_for_body(comments).endswith("/youtube/v3/comments")
    assert (
        youtube.url_for_body({"kind": "youtube#videoListResponse"}) == "" and youtube.url_for_body([]) == ""
    )
