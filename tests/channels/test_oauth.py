"""Token refresh through the connectors' auth (console.channels.oauth), served through httpx's mock
transport: before expiry, on a 401 (and Bluesky's 400 ExpiredToken), once for concurrent requests,
never looped; refused → permanent with the re-authorise hint, a busy token endpoint → transient; a
newer token another process stored adopted. The API answers are recorded ones (X mentions, YouTube
threads, Reddit's inbox, Bluesky notifications); so are Google's and Reddit's token answers. X's
and Bluesky's token answers have no recording: they are built from the documented shapes, as said
where they are."""

import asyncio
import base64
import json
from urllib.parse import parse_qs

import httpx
import pytest

from console.channels.bluesky.connector import BlueskyConnector
from console.channels.connector import OutgoingReply, PermanentError, TransientError
from console.channels.mastodon.connector import MastodonConnector
from console.channels.oauth import (
    REDDIT_TOKEN_URL,
    BearerAuth,
    jwt_expiry_ms,
    refresher_for,
    token_auth,
)
from console.channels.recordings import read_recording
from console.channels.reddit import RedditConnector
from console.channels.x.connector import XConnector
from console.channels.youtube import YouTubeConnector
from console.domain.mention import BrandAccount
from console.domain.network import Network
from tests.channels.fixtures import fixtures
from tests.channels.serving import Replay

NOW_MS = 1_700_000_000_000
X_ACCOUNT = BrandAccount("acme-x", Network.X, "@TwitterDev", "Twitter Dev", "Support")
X_USER = "2244994945"  # @TwitterDev, whose mentions timeline python-twitter recorded
X_CREDS = {
    "access_token": "old",
    "refresh_token": "R1",
    "client_id": "cid",
    "client_secret": "csecret",
    "user_id": X_USER,
}
# X's token answer, as documented for POST /2/oauth2/token (no recording exists): the refresh
# token rotates with every refresh.
X_TOKEN_ANSWER = {
    "token_type": "bearer",
    "expires_in": 7200,
    "access_token": "new",
    "scope": "tweet.read users.read tweet.write offline.access",
    "refresh_token": "R2",
}
# RFC 6749 §5.2's error answer, which X and Google give for a dead refresh token.
INVALID_GRANT = {"error": "invalid_grant", "error_description": "Value passed for the token was invalid."}


def x_mentions() -> object:
    path = fixtures() / "x" / "testdata" / "apis" / "timeline" / "timeline_mentions.json"
    return json.loads(path.read_text())


class XServer:
    """X's token endpoint answering ``token_answers`` in turn (the last one from then on), and the
    mentions timeline answering the recorded page to ``good`` tokens, 401 to any other."""

    def __init__(self, token_answers: list[httpx.Response] | None = None, good: tuple[str, ...] = ("new",)):
        self.token_answers = token_answers or [httpx.Response(200, json=X_TOKEN_ANSWER)]
        self.good = good
        self.requests: list[httpx.Request] = []
        self.bearers: list[str] = []  # as sent: a request sent again is the same object
        self.mentions = x_mentions()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bearers.append(request.headers.get("authorization", ""))
        await asyncio.sleep(0)  # let concurrent requests interleave, as they do over a network
        if request.url.path == "/2/oauth2/token":
            answer = self.token_answers.pop(0) if len(self.token_answers) > 1 else self.token_answers[0]
            return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)
        assert request.url.path == f"/2/users/{X_USER}/mentions"
        if request.headers["authorization"] in {f"Bearer {t}" for t in self.good}:
            return httpx.Response(200, json=self.mentions)
        return httpx.Response(401, json={"title": "Unauthorized", "status": 401, "detail": "Unauthorized"})

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


class Saved:
    """An ``on_refresh`` keeping what it was given."""

    def __init__(self):
        self.calls: list[dict[str, str]] = []

    async def __call__(self, fields: dict[str, str]) -> None:
        self.calls.append(dict(fields))


def x_connector(server: XServer, creds: dict[str, str], **auth) -> XConnector:
    client = httpx.AsyncClient(transport=httpx.MockTransport(server))
    bearer = token_auth(Network.X, creds, clock=lambda: NOW_MS, **auth)
    return XConnector(X_ACCOUNT, user_id=X_USER, token=bearer, client=client)


def form(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.content.decode())


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --- when to refresh ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_token_expiring_within_a_minute_is_refreshed_before_the_request():
    server, saved = XServer(), Saved()
    creds = {**X_CREDS, "expires_at_ms": str(NOW_MS + 30_000)}
    page = await x_connector(server, creds, on_refresh=saved).fetch_mentions()
    assert server.paths() == ["/2/oauth2/token", f"/2/users/{X_USER}/mentions"]
    token = server.requests[0]
    assert str(token.url) == "https://api.x.com/2/oauth2/token" and token.method == "POST"
    assert form(token) == {"grant_type": ["refresh_token"], "refresh_token": ["R1"], "client_id": ["cid"]}
    assert token.headers["authorization"] == basic("cid", "csecret")  # a confidential client
    assert server.requests[1].headers["authorization"] == "Bearer new"
    assert saved.calls == [
        {"access_token": "new", "refresh_token": "R2", "expires_at_ms": str(NOW_MS + 7_200_000)}
    ]
    assert len(page.mentions) > 0


@pytest.mark.asyncio
async def test_a_token_further_from_expiry_is_used_as_it_is():
    server = XServer(good=("old",))
    creds = {**X_CREDS, "expires_at_ms": str(NOW_MS + 120_000)}
    await x_connector(server, creds).fetch_mentions()
    assert server.paths() == [f"/2/users/{X_USER}/mentions"]


@pytest.mark.asyncio
async def test_a_public_client_sends_its_id_in_the_form_without_basic_auth():
    server = XServer()
    creds = {k: v for k, v in X_CREDS.items() if k != "client_secret"}
    await x_connector(server, {**creds, "access_token": ""}).fetch_mentions()  # stored without one
    token = server.requests[0]
    assert "authorization" not in token.headers and form(token)["client_id"] == ["cid"]


@pytest.mark.asyncio
async def test_a_401_refreshes_once_and_sends_the_request_once_more():
    server, saved = XServer(), Saved()
    page = await x_connector(server, X_CREDS, on_refresh=saved).fetch_mentions(since_id="1")
    mentions = f"/2/users/{X_USER}/mentions"
    assert server.paths() == [mentions, "/2/oauth2/token", mentions]
    assert server.bearers[0] == "Bearer old" and server.bearers[2] == "Bearer new"
    assert server.requests[2].url == server.requests[0].url  # the same request, not a new one
    assert [c["access_token"] for c in saved.calls] == ["new"] and len(page.mentions) > 0


@pytest.mark.asyncio
async def test_a_second_401_after_the_refresh_is_not_looped_on():
    server = XServer(good=())
    with pytest.raises(PermanentError, match="Unauthorized"):
        await x_connector(server, X_CREDS).fetch_mentions()
    mentions = f"/2/users/{X_USER}/mentions"
    assert server.paths() == [mentions, "/2/oauth2/token", mentions]


@pytest.mark.asyncio
async def test_concurrent_requests_on_an_expired_token_refresh_once():
    server, saved = XServer(), Saved()
    connector = x_connector(server, X_CREDS, on_refresh=saved)  # no expiry known: each meets a 401
    pages = await asyncio.gather(*(connector.fetch_mentions(since_id=str(n)) for n in range(5)))
    assert server.paths().count("/2/oauth2/token") == 1 and len(saved.calls) == 1
    assert all(len(p.mentions) > 0 for p in pages)
    assert server.paths().count(f"/2/users/{X_USER}/mentions") == 10  # each sent twice, no more


@pytest.mark.asyncio
async def test_concurrent_requests_before_expiry_refresh_once():
    server = XServer()
    connector = x_connector(server, {**X_CREDS, "expires_at_ms": str(NOW_MS)})
    await asyncio.gather(*(connector.fetch_mentions(since_id=str(n)) for n in range(5)))
    assert server.paths().count("/2/oauth2/token") == 1
    assert server.paths().count(f"/2/users/{X_USER}/mentions") == 5


# --- when the network says no -------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [400, 401])
async def test_a_refused_refresh_is_permanent_says_to_reauthorise_and_stores_nothing(status):
    server, saved = XServer([httpx.Response(status, json=INVALID_GRANT)]), Saved()
    with pytest.raises(PermanentError) as raised:
        await x_connector(server, X_CREDS, on_refresh=saved).fetch_mentions()
    reason = raised.value.reason
    assert "invalid_grant" in reason and "re-authorise" in reason and "--credentials-stdin" in reason
    assert saved.calls == []
    assert server.paths().count(f"/2/users/{X_USER}/mentions") == 1  # not sent again with no token


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [429, 503, 500])
async def test_a_busy_or_failing_token_endpoint_is_transient_with_its_retry_after(status):
    server = XServer([httpx.Response(status, headers={"Retry-After": "30"}, json={"title": "busy"})])
    with pytest.raises(TransientError) as raised:
        await x_connector(server, {**X_CREDS, "expires_at_ms": "0"}).fetch_mentions()
    assert raised.value.retry_after_s == 30.0 and f"HTTP {status}" in raised.value.reason


@pytest.mark.asyncio
async def test_an_unreachable_token_endpoint_is_transient():
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    connector = XConnector(
        X_ACCOUNT,
        user_id=X_USER,
        token=token_auth(Network.X, {**X_CREDS, "expires_at_ms": "0"}, clock=lambda: NOW_MS),
        client=httpx.AsyncClient(transport=httpx.MockTransport(down)),
    )
    with pytest.raises(TransientError, match="ConnectError"):
        await connector.fetch_mentions()


@pytest.mark.asyncio
async def test_a_newer_token_another_process_stored_is_adopted_instead_of_failing():
    # Another process refreshed first: our R1 is dead, the store holds its R2 and a live token.
    server, saved = XServer([httpx.Response(400, json=INVALID_GRANT)], good=("theirs",)), Saved()
    stored = {
        **X_CREDS,
        "access_token": "theirs",
        "refresh_token": "R2",
        "expires_at_ms": str(NOW_MS + 3_600_000),
    }

    async def reload():
        return stored

    page = await x_connector(server, X_CREDS, on_refresh=saved, reload=reload).fetch_mentions()
    mentions = f"/2/users/{X_USER}/mentions"
    assert server.paths() == [mentions, "/2/oauth2/token", mentions]
    assert server.bearers[2] == "Bearer theirs"
    assert saved.calls == [] and len(page.mentions) > 0  # nothing of ours to store


@pytest.mark.asyncio
async def test_an_adopted_token_that_is_expiring_is_refreshed_with_the_adopted_refresh_token():
    server = XServer([httpx.Response(400, json=INVALID_GRANT), httpx.Response(200, json=X_TOKEN_ANSWER)])
    stored = {**X_CREDS, "access_token": "theirs", "refresh_token": "R2", "expires_at_ms": str(NOW_MS)}

    async def reload():
        return stored

    await x_connector(server, {**X_CREDS, "expires_at_ms": "0"}, reload=reload).fetch_mentions()
    tokens = [r for r in server.requests if r.url.path == "/2/oauth2/token"]
    assert [form(t)["refresh_token"] for t in tokens] == [["R1"], ["R2"]]
    assert server.requests[-1].headers["authorization"] == "Bearer new"


@pytest.mark.asyncio
async def test_the_same_stored_token_is_no_escape_from_a_refusal():
    server = XServer([httpx.Response(400, json=INVALID_GRANT)])

    async def reload():
        return dict(X_CREDS)

    with pytest.raises(PermanentError, match="re-authorise"):
        await x_connector(server, X_CREDS, reload=reload).fetch_mentions()
    assert server.paths().count("/2/oauth2/token") == 1


@pytest.mark.asyncio
async def test_a_store_that_fails_does_not_fail_the_request_and_is_tried_again():
    server, attempts = XServer(), []

    async def flaky(fields):
        attempts.append(dict(fields))
        if len(attempts) == 1:
            raise OSError("database is locked")

    connector = x_connector(server, {**X_CREDS, "expires_at_ms": "0"}, on_refresh=flaky)
    await connector.fetch_mentions()
    await connector.fetch_mentions(since_id="2")
    assert [a["refresh_token"] for a in attempts] == ["R2", "R2"]  # the rotated token is not lost


# --- static tokens ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_token_without_a_refresh_is_a_static_bearer_and_a_401_stays_a_401():
    server = XServer(good=())
    creds = {"access_token": "old", "user_id": X_USER}
    connector = x_connector(server, creds)
    with pytest.raises(PermanentError):
        await connector.fetch_mentions()
    assert server.paths() == [f"/2/users/{X_USER}/mentions"]
    assert refresher_for(Network.X, creds) is None


@pytest.mark.asyncio
async def test_mastodon_has_no_refresh_flow():
    assert refresher_for(Network.MASTODON, {"access_token": "t", "refresh_token": "r"}) is None
    assert refresher_for(Network.FACEBOOK, {"access_token": "t", "refresh_token": "r"}) is None
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401, json={"error": "The access token is invalid"})

    auth = token_auth(Network.MASTODON, {"access_token": "t", "refresh_token": "r"})
    connector = MastodonConnector(
        httpx.AsyncClient(transport=httpx.MockTransport(handler)), "https://m.s", auth
    )
    with pytest.raises(PermanentError, match="access token is invalid"):
        await connector.fetch(BrandAccount("m", Network.MASTODON, "@brand", "Brand"))
    assert len(seen) == 1 and seen[0].headers["authorization"] == "Bearer t"


def test_a_sync_client_gets_the_header():
    seen = []
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200))
    with httpx.Client(transport=transport, auth=BearerAuth("abc")) as client:
        client.get("https://example.invalid/")
    assert seen[0].headers["authorization"] == "Bearer abc"


# --- per network: the refresh request and the answer read -----------------------------------------


@pytest.mark.asyncio
async def test_youtube_refreshes_at_google_and_reads_its_recorded_answer():
    apidata = fixtures() / "youtube" / "testdata" / "apidata"
    token_answer = (apidata / "access_token.json").read_bytes()
    threads = (apidata / "comment_threads" / "comment_threads_by_video_paged_1.json").read_bytes()
    seen, saved = [], Saved()

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "oauth2.googleapis.com":
            return httpx.Response(200, content=token_answer, headers={"content-type": "application/json"})
        # The recorded answer's access token is the word "access_token".
        assert request.headers["authorization"] == "Bearer access_token"
        return httpx.Response(200, content=threads)

    creds = {"access_token": "old", "refresh_token": "R", "client_id": "cid", "client_secret": "cs"}
    creds["expires_at_ms"] = str(NOW_MS - 1)
    auth = token_auth(Network.YOUTUBE, creds, on_refresh=saved, clock=lambda: NOW_MS)
    connector = YouTubeConnector(httpx.AsyncClient(transport=httpx.MockTransport(handler)), auth)
    account = BrandAccount("yt-1", Network.YOUTUBE, "UCa-vrCLQHviTOVnEKDOdetQ", "ikaros data")
    page = await connector.fetch_threads(account)
    token = seen[0]
    assert str(token.url) == "https://oauth2.googleapis.com/token" and "authorization" not in token.headers
    assert form(token) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["R"],
        "client_secret": ["cs"],
        "client_id": ["cid"],
    }
    assert saved.calls == [
        {
            "access_token": "access_token",
            "refresh_token": "refresh_token",
            "expires_at_ms": str(NOW_MS + 3_599_000),
        }
    ]
    assert len(page.mentions) == 5


@pytest.mark.asyncio
async def test_reddit_refreshes_as_its_recording_did_and_reads_the_inbox_with_the_new_token():
    cassettes = fixtures() / "reddit" / "tests" / "integration" / "cassettes"
    recorded = read_recording(cassettes / "TestInbox.test_all.json")
    token_exchange = recorded[0]
    assert token_exchange.url == REDDIT_TOKEN_URL
    replay, saved = Replay(recorded), Saved()
    creds = {
        "access_token": "old",
        "refresh_token": "<REFRESH_TOKEN>",
        "client_id": "cid",
        "client_secret": "cs",
        "expires_at_ms": str(NOW_MS),
    }
    auth = token_auth(Network.REDDIT, creds, on_refresh=saved, clock=lambda: NOW_MS)
    connector = RedditConnector(replay.client(), auth, user_agent="horseshoe-test")
    page = await connector.fetch(BrandAccount("rd-1", Network.REDDIT, "<USERNAME>", "Brand"))
    token, inbox = replay.requests
    assert str(token.url) == REDDIT_TOKEN_URL and token.method == "POST"
    # The form PRAW sent (its cassette stores the token placeholder unencoded).
    assert form(token) == parse_qs(token_exchange.request_body.decode())
    assert (
        token.headers["authorization"] == basic("cid", "cs")
        and token.headers["user-agent"] == "horseshoe-test"
    )
    assert inbox.headers["authorization"] == "bearer <ACCESS_TOKEN>"
    assert saved.calls == [
        {
            "access_token": "<ACCESS_TOKEN>",
            "refresh_token": "<REFRESH_TOKEN>",
            "expires_at_ms": str(NOW_MS + 86_400_000),
        }
    ]
    assert len(page.mentions) > 0


@pytest.mark.asyncio
async def test_reddit_keeps_its_refresh_token_when_the_answer_holds_none():
    cassettes = fixtures() / "reddit" / "tests" / "integration" / "cassettes"
    (exchange,) = [
        e
        for e in read_recording(cassettes / "TestCommentModeration.test_show.json")
        if e.url == REDDIT_TOKEN_URL
    ]
    grant = refresher_for(Network.REDDIT, {"refresh_token": "R"}).grants[0]
    fields = grant.read(exchange.json(), NOW_MS)
    assert fields == {"access_token": "<ACCESS_TOKEN>", "expires_at_ms": str(NOW_MS + 3_600_000)}


def jwt(exp_s: int) -> str:
    """A JWT of the shape a PDS issues (the header and claims atproto documents; the signature is
    not checked by a client)."""

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {
        "scope": "com.atproto.access",
        "sub": "did:plc:5c2r73erhng4bszmxlfdtscf",
        "iat": exp_s - 7200,
        "exp": exp_s,
    }
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.c2lnbmF0dXJl"


class PDS:
    """A PDS: notifications (the recorded page) for the ``good`` access JWT, else 400 ExpiredToken
    (as the reference PDS answers an expired access token); refreshSession and createSession
    answering documented session shapes (no recording exists) or refusing."""

    def __init__(self, good: str, refresh_ok: bool = True):
        self.good = good
        self.refresh_ok = refresh_ok
        self.requests: list[httpx.Request] = []
        page = fixtures() / "bluesky" / "tests" / "testthat" / "_vcr" / "n_notifications.yml"
        self.notifications = read_recording(page)[0]

    def session(self) -> dict[str, str]:  # com.atproto.server.refreshSession/createSession output
        return {
            "accessJwt": self.good,
            "refreshJwt": "refresh-2",
            "handle": "bskyr.bsky.social",
            "did": "did:plc:x",
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        nsid = request.url.path.removeprefix("/xrpc/")
        if nsid == "com.atproto.server.refreshSession":
            if self.refresh_ok:
                return httpx.Response(200, json=self.session())
            return httpx.Response(400, json={"error": "ExpiredToken", "message": "Token has expired"})
        if nsid == "com.atproto.server.createSession":
            return httpx.Response(200, json=self.session())
        if request.headers["authorization"] != f"Bearer {self.good}":
            return httpx.Response(400, json={"error": "ExpiredToken", "message": "Token has expired"})
        return httpx.Response(200, content=self.notifications.body)


def bluesky(pds: PDS, creds: dict[str, str], saved: Saved) -> BlueskyConnector:
    auth = token_auth(
        Network.BLUESKY, creds, base_url="https://pds.example", on_refresh=saved, clock=lambda: NOW_MS
    )
    client = httpx.AsyncClient(transport=httpx.MockTransport(pds))
    return BlueskyConnector(client, "https://pds.example", auth, "did:plc:5c2r73erhng4bszmxlfdtscf")


BSKY = BrandAccount("acc-b", Network.BLUESKY, "bskyr.bsky.social", "bskyr")


@pytest.mark.asyncio
async def test_bluesky_refreshes_its_session_on_expired_token_and_stores_the_rotated_refresh_jwt():
    fresh = jwt(NOW_MS // 1000 + 7200)
    pds, saved = PDS(good=fresh), Saved()
    # An access JWT whose expiry cannot be read: only the 400 ExpiredToken says it expired.
    page = await bluesky(pds, {"access_token": "opaque", "refresh_jwt": "refresh-1"}, saved).fetch(BSKY)
    paths = [r.url.path for r in pds.requests]
    assert paths == [
        "/xrpc/app.bsky.notification.listNotifications",
        "/xrpc/com.atproto.server.refreshSession",
        "/xrpc/app.bsky.notification.listNotifications",
    ]
    refresh = pds.requests[1]
    assert refresh.method == "POST" and refresh.headers["authorization"] == "Bearer refresh-1"
    assert saved.calls == [
        {"access_token": fresh, "refresh_jwt": "refresh-2", "expires_at_ms": str(jwt_expiry_ms(fresh))}
    ]
    assert len(page.mentions) == 11


@pytest.mark.asyncio
async def test_bluesky_refreshes_before_a_jwt_expires():
    fresh = jwt(NOW_MS // 1000 + 7200)
    pds = PDS(good=fresh)
    expiring = jwt(NOW_MS // 1000 + 30)
    await bluesky(pds, {"access_token": expiring, "refresh_jwt": "refresh-1"}, Saved()).fetch(BSKY)
    assert [r.url.path.rsplit(".", 1)[-1] for r in pds.requests] == ["refreshSession", "listNotifications"]


@pytest.mark.asyncio
async def test_bluesky_makes_a_new_session_with_the_app_password_when_the_refresh_jwt_is_refused():
    fresh = jwt(NOW_MS // 1000 + 7200)
    pds, saved = PDS(good=fresh, refresh_ok=False), Saved()
    creds = {
        "access_token": "opaque",
        "refresh_jwt": "dead",
        "identifier": "bskyr.bsky.social",
        "app_password": "a-b-c-d",
    }
    await bluesky(pds, creds, saved).fetch(BSKY)
    create = next(r for r in pds.requests if r.url.path.endswith("createSession"))
    assert json.loads(create.content) == {"identifier": "bskyr.bsky.social", "password": "a-b-c-d"}
    assert "authorization" not in create.headers
    assert saved.calls[0]["refresh_jwt"] == "refresh-2"


@pytest.mark.asyncio
async def test_bluesky_without_an_app_password_says_to_reauthorise():
    pds = PDS(good="never", refresh_ok=False)
    with pytest.raises(PermanentError, match=r"Bluesky refused .*ExpiredToken.*re-authorise"):
        await bluesky(pds, {"access_token": "opaque", "refresh_jwt": "dead"}, Saved()).fetch(BSKY)


def test_jwt_expiry_reads_exp_and_refuses_what_is_not_a_jwt():
    assert jwt_expiry_ms(jwt(1_700_000_123)) == 1_700_000_123_000
    assert jwt_expiry_ms("opaque") is None and jwt_expiry_ms("a.%%%.c") is None


@pytest.mark.asyncio
async def test_a_reply_answered_401_is_sent_again_with_its_body_after_the_refresh():
    created = (fixtures() / "x" / "testdata" / "apis" / "tweet" / "create_tweet_resp.json").read_bytes()
    sent: list[tuple[str, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/oauth2/token":
            return httpx.Response(200, json=X_TOKEN_ANSWER)
        sent.append((request.headers["authorization"], request.content))
        if request.headers["authorization"] != "Bearer new":
            return httpx.Response(401, json={"title": "Unauthorized", "status": 401})
        return httpx.Response(201, content=created)

    auth = token_auth(Network.X, X_CREDS, clock=lambda: NOW_MS)
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    connector = XConnector(X_ACCOUNT, user_id=X_USER, token=auth, client=client)
    reply = OutgoingReply("r-1", "c-1", Network.X, X_ACCOUNT, "Thanks!", False, "1", "x:acme-x:1")
    published = await connector.publish(reply)
    assert [bearer for bearer, _ in sent] == ["Bearer old", "Bearer new"]
    assert sent[0][1] == sent[1][1] and json.loads(sent[1][1])["reply"] == {"in_reply_to_tweet_id": "1"}
    assert published.external_id == json.loads(created)["data"]["id"]
