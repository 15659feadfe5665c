"""Instagram: Graph answers (comments, replies, mentions, DMs) normalized, fetched and replied to."""

import asyncio
import json

import httpx
import pytest

from console.channels import instagram
from console.channels.connector import PermanentError, TransientError
from console.domain.mention import MentionKind
from tests.channels.meta_support import (
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
        "facebook-instagram/testdata/instagram/apidata/medias/comments_p1.json",
        f"{GRAPH}/17846368219941692/comments",
        "instagram",
    ),
]


def test_instagram_comments_replies_and_mentions():
    page = instagram.normalize(
        load(data("instagram", "apidata", "medias", "comments_p1.json")),
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
        load(data("instagram", "apidata", "comments", "replies.json")),
        url=f"{GRAPH}/17892250648466172/replies",
        account=IG,
        received_ms=0,
    )
    (reply,) = replies.mentions
    assert reply.kind is MentionKind.REPLY and reply.parent_external_id == "17892250648466172"
    assert reply.text == "@lixiangguodu123 nihao"
    nested = instagram.normalize(
        {"data": [load(data("instagram", "models", "ig_comment.json"))]},
        url=f"{GRAPH}/17846368219941692/comments",
        account=IG,
        received_ms=0,
    )
    top, inner = sorted(nested.mentions, key=lambda m: m.created_ms)
    assert top.from_brand and top.author.handle == "ikroskun"
    assert inner.parent_external_id == top.external_id and inner.conversation_key == top.conversation_key
    mentioned = instagram.normalize(
        load(data("instagram", "apidata", "users", "mentioned_comment.json")),
        url=f"{GRAPH}/17841406338772941",
        account=IG,
        received_ms=0,
    )
    assert (
        mentioned.mentions[0].external_id == "17967008497439572"
        and mentioned.mentions[0].text == "@ikroskun good"
    )
    media = instagram.normalize(
        load(data("instagram", "apidata", "users", "mentioned_media.json")),
        url=f"{GRAPH}/17841406338772941",
        account=IG,
        received_ms=0,
    )
    assert media.mentions[0].kind is MentionKind.POST and media.mentions[0].media


def test_instagram_dm_from_the_graph():
    message = load(hook("v10_0", "instagram-message-story.json"))
    page = instagram.normalize({"data": [message]}, url=f"{GRAPH}/aWdf/messages", account=IG, received_ms=0)
    (dm,) = page.mentions
    assert dm.text == "Nice shot !👍🏼" and dm.author.handle == "some_username"
    assert dm.conversation_key == "instagram:acc-ig:dm:123456789"


def test_fetch_rate_limited_and_429_are_transient():
    error = {
        "error": {"message": "(#4) Application request limit reached", "type": "OAuthException", "code": 4}
    }
    buc = (
        '{"1":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,'
        '"estimated_time_to_regain_access":3}]}'
    )

    async def run(response):
        connector = instagram.InstagramConnector(client(lambda r: response), {"acc-ig": "T"}, base_url=GRAPH)
        return await connector.fetch(IG, "media")

    with pytest.raises(TransientError) as limited:
        asyncio.run(run(httpx.Response(400, json=error, headers={"X-Business-Use-Case-Usage": buc})))
    assert "request limit" in limited.value.reason and limited.value.retry_after_s == 180.0
    with pytest.raises(TransientError) as too_many:
        asyncio.run(run(httpx.Response(429, headers={"Retry-After": "30"})))
    assert too_many.value.retry_after_s == 30.0
    with pytest.raises(PermanentError, match="code 100"):  # refused: asking again will not help
        asyncio.run(run(httpx.Response(400, content=data("error.json").read_bytes())))


def test_publish_instagram_reply_and_errors():
    seen = []

    def handler(request):
        seen.append(request)
        if b"fail" in request.content:
            return httpx.Response(400, content=data("error.json").read_bytes())
        if b"limit" in request.content:
            return httpx.Response(
                403, json={"error": {"message": "(#32) Page request limit reached", "code": 32}}
            )
        return httpx.Response(200, json={"id": "17847314687296283"})  # the id of the recorded reply

    async def run(text):
        connector = instagram.InstagramConnector(client(handler), {"acc-ig": "T"}, base_url=GRAPH)
        return await connector.publish(
            outgoing(
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


def test_instagram_dm_and_find_a_posted_reply():
    seen = []
    replies = data("instagram", "apidata", "comments", "replies.json").read_bytes()
    sent = hook("v2_6", "sendresponse.json").read_bytes()

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=sent if request.method == "POST" else replies)

    async def run():
        connector = instagram.InstagramConnector(client(handler), {"acc-ig": "T"}, base_url=GRAPH)
        dm = await connector.publish(
            outgoing(IG, private=True, conversation_key="instagram:acc-ig:dm:5614879045272581")
        )
        reply = outgoing(
            IG,
            text="@lixiangguodu123 nihao",
            in_reply_to="17892250648466172",
            conversation_key="instagram:acc-ig:1",
        )
        found = await connector.find(reply)
        missing = await connector.find(
            outgoing(IG, in_reply_to="17892250648466172", conversation_key="instagram:acc-ig:1")
        )
        return dm, found, missing

    dm, found, missing = asyncio.run(run())
    assert dm.external_id == "mid.1456970487936:c34767dfe57ee6e339"
    assert seen[0].url.path == "/v11.0/17841406338772941/messages"
    assert json.loads(seen[0].content)["recipient"] == {"id": "5614879045272581"}
    assert seen[1].url.path == "/v11.0/17892250648466172/replies"
    assert found.external_id == "17847314687296283" and missing is None


def test_fetch_the_comment_a_mention_webhook_points_at():
    seen = []
    body = data("instagram", "apidata", "users", "mentioned_comment.json").read_bytes()

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=body)

    async def run():
        connector = instagram.InstagramConnector(client(handler), {"acc-ig": "T"}, base_url=GRAPH)
        return await connector.fetch_mentioned(IG, comment_id="17967008497439572")

    page = asyncio.run(run())
    assert seen[0].url.path == "/v11.0/17841406338772941"
    assert seen[0].url.params["fields"].startswith("mentioned_comment.comment_id(17967008497439572)")
    assert page.mentions[0].text == "@ikroskun good"
