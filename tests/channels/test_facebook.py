"""Facebook Pages: Graph answers (feed, comments, Messenger) normalized, fetched and replied to."""

import asyncio
import json

import httpx
import pytest

from console.channels import facebook, instagram, meta_client
from console.channels.connector import PermanentError, UncertainError
from console.domain.mention import BrandAccount, MentionKind
from console.domain.network import Network
from tests.channels.fixtures import fixtures
from tests.channels.meta_support import (
    FB,
    GRAPH,
    IG,
    client,
    data,
    hook,
    load,
    outgoing,
)

BENCH_SAMPLES = [
    (
        "facebook-instagram/testdata/facebook/apidata/comments/comments_p1.json",
        f"{GRAPH}/19292868552_10158407654328553/comments",
        "facebook",
    ),
]


def test_every_graph_fixture_normalizes_without_an_exception():
    paths = sorted(fixtures().joinpath("facebook-instagram", "testdata").rglob("*.json"))
    assert len(paths) > 150
    counts = {"mentions": 0, "quarantined": 0}
    for path in paths:
        body = load(path)
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


def test_facebook_comments_page_reads_ids_threads_and_cursor():
    body = load(data("facebook", "apidata", "comments", "comments_p1.json"))
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
        load(data("facebook", "apidata", "comments", "comments_p2.json")),
        url=f"{GRAPH}/19292868552_10158407654328553/comments",
        account=FB,
        received_ms=0,
    )
    assert last.next_cursor is None and len(last.mentions) == 5


def test_facebook_comment_with_author_and_brand():
    item = load(data("facebook", "models", "comment.json"))
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
    body = load(data("facebook", "apidata", "messages", "messages_info.json"))
    page_account = BrandAccount("acc-p", Network.FACEBOOK, "2121008874780932", "MyLife")
    page = facebook.normalize(body, url=f"{GRAPH}/?ids=a,b", account=page_account, received_ms=0)
    assert len(page.mentions) == 2
    assert {m.kind for m in page.mentions} == {MentionKind.DIRECT_MESSAGE}
    assert {m.conversation_key for m in page.mentions} == {"facebook:acc-p:dm:2711636948859886"}
    assert [m.media[0].kind for m in page.mentions] == ["image", "video"]
    # The brand's own message (a hand-made variant: the same message, sent by the Page)
    message = dict(load(data("facebook", "models", "message.json")))
    message["from"], message["to"] = message["to"]["data"][0], {"data": [message["from"]]}
    (own,) = facebook.normalize(
        {"data": [message]}, url=f"{GRAPH}/t_1/messages", account=page_account, received_ms=0
    ).mentions
    assert own.from_brand and own.conversation_key == "facebook:acc-p:dm:2711636948859886"


def test_facebook_feed_without_from_is_quarantined_and_own_posts_skipped():
    body = load(data("facebook", "apidata", "posts", "feeds_default_fields_p1.json"))
    page = facebook.normalize(body, url=f"{GRAPH}/19292868552/feed", account=FB, received_ms=0)
    assert not page.mentions and len(page.quarantined) == 5
    assert "no 'from'" in page.quarantined[0].reason and page.quarantined[0].where == "data[0]"
    own = facebook.normalize(
        load(data("facebook", "apidata", "posts", "feed_fields_p1.json")),
        url=f"{GRAPH}/4/posts",
        account=FB,
        received_ms=0,
    )
    assert own.skipped == 5 and own.next_cursor.startswith("https://graph.facebook.com/v10.0/4/posts")


def test_quarantine_error_body_missing_field_and_wrong_type():
    error = facebook.normalize(load(data("error.json")), url=f"{GRAPH}/1/feed", account=FB, received_ms=0)
    assert (
        "Pages Public Content Access" in error.quarantined[0].reason
        and "code 100" in error.quarantined[0].reason
    )
    body = load(data("facebook", "apidata", "comments", "comments_p1.json"))
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


def test_fetch_comments_sends_the_request_and_reads_rate_limits():
    seen = []
    body = data("facebook", "apidata", "comments", "comments_p1.json").read_bytes()

    def handler(request):
        seen.append(request)
        usage = '{"call_count":28,"total_time":25,"total_cputime":25}'
        return httpx.Response(200, content=body, headers={"X-App-Usage": usage})

    async def run():
        connector = facebook.FacebookConnector(client(handler), {"acc-fb": "TOKEN"}, base_url=GRAPH)
        return await connector.fetch(FB, "19292868552_10158407654328553/comments", cursor="after")

    page = asyncio.run(run())
    (request,) = seen
    assert request.method == "GET" and request.url.path == "/v11.0/19292868552_10158407654328553/comments"
    assert request.url.params["after"] == "after" and request.url.params["filter"] == "stream"
    assert request.headers["authorization"] == "Bearer TOKEN"
    assert len(page.mentions) == 10 and page.extra["rate_limit"] == {
        "remaining": 72,
        "unit": "percent",
        "reset_s": 0.0,
    }


def test_publish_comment_reply_and_privateoutgoing():
    seen = []
    created = data("facebook", "apidata", "comments", "create_resp.json").read_bytes()
    sent = hook("v2_6", "sendresponse.json").read_bytes()

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=sent if request.url.path.endswith("/messages") else created)

    async def run():
        connector = facebook.FacebookConnector(client(handler), {"acc-fb": "T"}, base_url=GRAPH)
        public = await connector.publish(
            outgoing(
                FB,
                in_reply_to="245778718206154_1",
                conversation_key="facebook:acc-fb:245628824887810_245778718206154",
            )
        )
        private = await connector.publish(
            outgoing(FB, private=True, in_reply_to="c_1", conversation_key="facebook:acc-fb:p_1")
        )
        dm = await connector.publish(
            outgoing(FB, private=True, conversation_key="facebook:acc-fb:dm:1008372609250235")
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


def test_find_a_posted_comment_reply_by_its_text():
    body = data("facebook", "apidata", "comments", "comments_p1.json").read_bytes()

    async def run(text):
        connector = facebook.FacebookConnector(
            client(lambda r: httpx.Response(200, content=body)), {"acc-fb": "T"}, base_url=GRAPH
        )
        return await connector.find(
            outgoing(
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
    assert meta_client.rate_limit({"x-app-usage": '{"call_count": 95, "total_time": 10}'}) == {
        "remaining": 5,
        "unit": "percent",
        "reset_s": 0.0,
    }
    assert meta_client.rate_limit({"x-app-usage": "not json"}) is None


def test_unknown_authors_never_look_like_one_customer():
    body = load(data("facebook", "apidata", "comments", "comments_p1.json"))
    page = facebook.normalize(
        body, url=f"{GRAPH}/19292868552_10158407654328553/comments", account=FB, received_ms=0
    )
    handles = [m.author.handle for m in page.mentions]
    assert len(set(handles)) == len(handles) and all(h.startswith("unknown:") for h in handles)


def test_conversations_with_their_messages():
    page_account = BrandAccount("acc-p", Network.FACEBOOK, "2121008874780932", "MyLife")
    conversation = dict(load(data("facebook", "models", "conversation.json")))
    assert (
        facebook.normalize(
            {"data": [conversation]}, url=f"{GRAPH}/1/conversations", account=page_account, received_ms=0
        ).skipped
        == 1
    )
    # the recorded conversation with the recorded message embedded, as fields=messages{...} returns it
    conversation["messages"] = {"data": [load(data("facebook", "models", "message.json"))]}
    page = facebook.normalize(
        {"data": [conversation]}, url=f"{GRAPH}/1/conversations", account=page_account, received_ms=0
    )
    (dm,) = page.mentions
    assert dm.text == "Love is peace!😏" and dm.conversation_key == "facebook:acc-p:dm:2711636948859886"
    assert dm.created_ms == 1627033848000


def test_fetch_follows_a_next_link_on_the_graph_only():
    seen = []
    body = data("facebook", "apidata", "posts", "feed_fields_p2.json").read_bytes()

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=body)

    first = load(data("facebook", "apidata", "posts", "feed_fields_p1.json"))
    link = facebook.normalize(first, url=f"{GRAPH}/4/posts", account=FB, received_ms=0).next_cursor

    async def run(cursor):
        connector = facebook.FacebookConnector(
            client(handler), {"acc-fb": "T"}, base_url="https://graph.facebook.com/v10.0"
        )
        return await connector.fetch(FB, "posts", cursor=cursor)

    page = asyncio.run(run(link))
    assert seen[0].url.path == "/v10.0/4/posts" and seen[0].url.params["until"] == "1624385168"
    assert page.skipped == 5 and page.next_cursor is None
    with pytest.raises(PermanentError, match="off the Graph API"):
        asyncio.run(run("https://example.org/4/posts?after=x"))


def test_publish_5xx_is_uncertain_and_business_usage_is_read():
    async def run():
        connector = facebook.FacebookConnector(
            client(lambda r: httpx.Response(500, content=data("error.json").read_bytes())),
            {"acc-fb": "T"},
            base_url=GRAPH,
        )
        return await connector.publish(
            outgoing(FB, in_reply_to="1_2", conversation_key="facebook:acc-fb:19292868552_1")
        )

    with pytest.raises(UncertainError):
        asyncio.run(run())
    usage = (
        '{"112":[{"type":"pages","call_count":40,"total_cputime":70,"total_time":5,'
        '"estimated_time_to_regain_access":0}]}'
    )
    assert meta_client.rate_limit({"X-Business-Use-Case-Usage": usage}) == {
        "remaining": 30,
        "unit": "percent",
        "reset_s": 0.0,
    }


def test_find_a_sent_messenger_message_among_the_pages_own():
    page_account = BrandAccount("acc-p", Network.FACEBOOK, "2121008874780932", "MyLife")
    message = dict(load(data("facebook", "models", "message.json")))
    message["from"], message["to"] = (
        message["to"]["data"][0],
        {"data": [message["from"]]},
    )  # the Page wrote it
    conversation = {**load(data("facebook", "models", "conversation.json")), "messages": {"data": [message]}}
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"data": [conversation]})

    async def run(text):
        connector = facebook.FacebookConnector(client(handler), {"acc-p": "T"}, base_url=GRAPH)
        key = "facebook:acc-p:dm:2711636948859886"
        return await connector.find(outgoing(page_account, text=text, private=True, conversation_key=key))

    found = asyncio.run(run("Love is peace!😏"))
    assert found.external_id == message["id"]
    assert seen[0].url.path == "/v11.0/2121008874780932/conversations"
    assert (
        seen[0].url.params["user_id"] == "2711636948859886" and seen[0].url.params["platform"] == "messenger"
    )
    assert asyncio.run(run("something else")) is None


def test_fetch_conversations_asks_for_their_messages_since_the_last_poll():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"data": []})

    async def run():
        connector = facebook.FacebookConnector(client(handler), {"acc-fb": "T"}, base_url=GRAPH)
        return await connector.fetch(FB, "conversations", since="1627033848")

    page = asyncio.run(run())
    params = seen[0].url.params
    assert seen[0].url.path == "/v11.0/19292868552/conversations"
    assert params["since"] == "1627033848" and "messages" in params["fields"]
    assert not page.mentions and page.next_cursor is None


def test_hide_a_comment_posts_the_networks_field_and_reads_success():
    """Graph's answer is the recorded ``{"success": true}``; Facebook hides with is_hidden, Instagram
    with hide (POST /{comment-id})."""
    seen = []
    success = hook("v2_5", "graphresponse_success.json").read_bytes()

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=success)

    async def run():
        await facebook.FacebookConnector(client(handler), {"acc-fb": "T"}, base_url=GRAPH).hide(
            FB, "245778718206154_229887283291835", True
        )
        await instagram.InstagramConnector(client(handler), {"acc-ig": "T"}, base_url=GRAPH).hide(
            IG, "17858893269000001", False
        )

    asyncio.run(run())
    assert [(r.method, r.url.path) for r in seen] == [
        ("POST", "/v11.0/245778718206154_229887283291835"),
        ("POST", "/v11.0/17858893269000001"),
    ]
    assert seen[0].content == b"is_hidden=true" and seen[1].content == b"hide=false"
    assert seen[0].headers["authorization"] == "Bearer T"


def test_hide_refused_by_graph_is_permanent_and_an_unconfirmed_answer_uncertain():
    refused = data("error.json").read_bytes()
    created = data("facebook", "apidata", "comments", "create_resp.json").read_bytes()

    async def hide(status, body):
        connector = facebook.FacebookConnector(
            client(lambda r: httpx.Response(status, content=body)), {"acc-fb": "T"}, base_url=GRAPH
        )
        await connector.hide(FB, "1_2", True)

    with pytest.raises(PermanentError) as told:
        asyncio.run(hide(400, refused))
    assert "(#100)" in told.value.reason
    with pytest.raises(UncertainError):
        asyncio.run(hide(200, created))  # an answer without "success": true
