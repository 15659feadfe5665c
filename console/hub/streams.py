"""What the poller reads of each network: an account's ingest streams, each with its own cursor.

An account has a main stream (where mentions are) and, where the network has them, direct
messages:

=========  ===========================  ===================================================
network    main stream                  others
=========  ===========================  ===================================================
x          mentions (mentions timeline) dms (dm_events)
facebook   feed (posts with comments)   conversations (Messenger, with their messages)
instagram  media (with comments)        conversations (Instagram DMs)
youtube    threads (comment threads)    —
reddit     inbox (mentions, replies,    —  (the inbox holds the messages already)
           messages)
mastodon   mentions (notifications)     —  (direct statuses are mention notifications)
bluesky    notifications                chat (conversations, then the new messages of each)
=========  ===========================  ===================================================

A stream's fetch is asked for one page, newest first: ``since`` is the marker an earlier poll
stored (a ``Page.newest``) for networks that filter by it, ``page_token`` a ``Page.next_cursor``
to page back, and ``floor_ms`` the time before which everything was there at the stream's last
successful poll (for fetches that look deeper into items changed since then).
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Connection, and_, insert, update

from console.channels.bluesky.connector import BlueskyConnector
from console.channels.connector import Connector
from console.channels.facebook import FacebookConnector
from console.channels.instagram import InstagramConnector
from console.channels.mastodon.connector import MastodonConnector
from console.channels.normalized import Page, Quarantined
from console.channels.reddit import RedditConnector
from console.channels.x.connector import XConnector
from console.channels.youtube import YouTubeConnector
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount, Mention
from console.domain.network import Network
from console.hub.schema import channel_streams


@dataclass(frozen=True, slots=True)
class Ask:
    since: str | None = None
    page_token: str | None = None
    floor_ms: int | None = None


Fetch = Callable[[Connector, BrandAccount, Ask], Awaitable[Page]]


@dataclass(frozen=True, slots=True)
class Stream:
    name: str
    fetch: Fetch
    takes_since: bool = False  # the network returns only what is newer than ``Ask.since``


OlderPage = Callable[[str | None], Awaitable[Page]]  # a conversation's messages from a cursor
CHAT_PAGES = 5  # of one conversation's messages per poll (Bluesky's 50 each, Graph's 25)


@dataclass
class _Gathered:
    """A page's mentions since the floor, with what reading its busy conversations further added,
    and the conversations cut short (said in ``Page.extra["cut_short"]``)."""

    floor_ms: int
    mentions: list[Mention]
    quarantined: list[Quarantined]
    skipped: int
    cut: list[str]

    def add(self, page: Page) -> None:
        self.mentions += [m for m in page.mentions if m.created_ms > self.floor_ms]
        self.quarantined += page.quarantined
        self.skipped += page.skipped

    async def read_back(self, conversation: str, fetch: OlderPage, cursor: str | None, pages: int) -> None:
        """Older pages of a conversation's messages (newest first) back to the floor, at most
        ``pages``; a conversation that goes on past them is said, not cut quietly."""
        for _ in range(pages):
            page = await fetch(cursor)
            self.add(page)
            cursor = page.next_cursor
            if not cursor or not page.mentions or min(m.created_ms for m in page.mentions) <= self.floor_ms:
                return
        self.cut.append(
            f"conversation {conversation}: more than {CHAT_PAGES} pages of messages since the last poll; "
            "the older ones are not read"
        )

    def page(self, first: Page) -> Page:
        unique = {m.external_id: m for m in self.mentions}
        extra = {**first.extra, "cut_short": self.cut} if self.cut else first.extra
        return replace(
            first,
            mentions=tuple(unique.values()),
            quarantined=tuple(self.quarantined),
            skipped=self.skipped,
            extra=extra,
        )


async def _x_mentions(connector, account, ask: Ask) -> Page:
    return await connector.fetch_mentions(since_id=ask.since, pagination_token=ask.page_token)


async def _x_dms(connector, account, ask: Ask) -> Page:
    return await connector.fetch_dms(pagination_token=ask.page_token)


# Graph's ``since`` filters posts by their creation, which would hide new comments on older posts:
# the feed and media are read from the top, and ingest drops what it has.
async def _facebook_feed(connector, account, ask: Ask) -> Page:
    return await connector.fetch(account, "feed", cursor=ask.page_token)


async def _instagram_media(connector, account, ask: Ask) -> Page:
    return await connector.fetch(account, "media", cursor=ask.page_token)


async def _meta_conversations(connector, account, ask: Ask) -> Page:
    """Conversations updated since the last poll, each with its latest messages (a conversation's
    ``updated_time`` moves with every message, so ``since`` misses none)."""
    since = str(ask.floor_ms // 1000) if ask.floor_ms and not ask.page_token else None
    page = await connector.fetch(account, "conversations", cursor=ask.page_token, since=since)
    if ask.floor_ms is None:
        return page
    # A conversation comes with its latest messages, old ones too: those were read by the poll
    # before, and kept here they would end the walk on a first page while the next ones hold
    # conversations updated since.
    gathered = _Gathered(ask.floor_ms, [], [], 0, [])
    gathered.add(page)
    # A conversation busier than the messages that came with it (25): its older new ones, in
    # the pages left after the one that came with it.
    for more in page.extra.get("more_messages") or ():
        if more["oldest_ms"] > ask.floor_ms:

            async def older(cursor: str | None, conversation: str = more["id"]) -> Page:
                return await connector.fetch(account, f"{conversation}/messages", cursor=cursor)

            await gathered.read_back(more["id"], older, more["after"], CHAT_PAGES - 1)
    return gathered.page(page)


async def _youtube_threads(connector, account, ask: Ask) -> Page:
    return await connector.fetch_threads(account, ask.page_token, received_ms=now_ms())


async def _reddit_inbox(connector, account, ask: Ask) -> Page:
    return await connector.fetch(account, "inbox", ask.page_token, received_ms=now_ms())


async def _mastodon_mentions(connector, account, ask: Ask) -> Page:
    return await connector.fetch(account, since=ask.since, cursor=ask.page_token)


async def _bluesky_notifications(connector, account, ask: Ask) -> Page:
    return await connector.fetch(account, cursor=ask.page_token)


async def _bluesky_chat(connector: BlueskyConnector, account, ask: Ask) -> Page:
    """A page of conversations (each read as its latest message), then the latest messages of each
    conversation active since the floor: a customer who wrote three times between polls is read
    three times, not once. A first poll (no floor) takes the latest message of each only."""
    page = await connector.fetch_conversations(account, cursor=ask.page_token)
    if ask.floor_ms is None:
        return page
    active = []
    for mention in page.mentions:
        convo_id = mention.conversation_key.rsplit(":dm:", 1)[-1]
        if mention.created_ms > ask.floor_ms and convo_id not in active:
            active.append(convo_id)
    # The conversations' own latest messages stay, whatever their time (ingest drops what it has).
    gathered = _Gathered(ask.floor_ms, list(page.mentions), list(page.quarantined), page.skipped, [])
    for convo_id in active:  # newest first, back to the floor: more than a page after a gap

        async def messages(cursor: str | None, convo: str = convo_id) -> Page:
            return await connector.fetch_messages(account, convo, cursor=cursor)

        await gathered.read_back(convo_id, messages, None, CHAT_PAGES)
    return gathered.page(page)


# Each connector class, its network, and its streams (the main one first).
STREAMS: tuple[tuple[type, Network, tuple[Stream, ...]], ...] = (
    (XConnector, Network.X, (Stream("mentions", _x_mentions, takes_since=True), Stream("dms", _x_dms))),
    (
        FacebookConnector,
        Network.FACEBOOK,
        (Stream("feed", _facebook_feed), Stream("conversations", _meta_conversations)),
    ),
    (
        InstagramConnector,
        Network.INSTAGRAM,
        (Stream("media", _instagram_media), Stream("conversations", _meta_conversations)),
    ),
    (YouTubeConnector, Network.YOUTUBE, (Stream("threads", _youtube_threads),)),
    (RedditConnector, Network.REDDIT, (Stream("inbox", _reddit_inbox),)),
    (MastodonConnector, Network.MASTODON, (Stream("mentions", _mastodon_mentions, takes_since=True),)),
    (
        BlueskyConnector,
        Network.BLUESKY,
        (Stream("notifications", _bluesky_notifications), Stream("chat", _bluesky_chat)),
    ),
)

# By network, as config names them (poll_skip).
STREAM_NAMES: dict[str, tuple[str, ...]] = {
    network.value: tuple(stream.name for stream in streams) for _kind, network, streams in STREAMS
}


def streams_of(connector: Connector) -> tuple[Stream, ...]:
    """The connector's streams, the main one first; () for a connector that polls nothing."""
    for kind, _network, streams in STREAMS:
        if isinstance(connector, kind):
            return streams
    return ()


def save_stream(connection: Connection, account_id: str, stream: str, values: Mapping[str, object]) -> None:
    """Update the (account, stream) row with ``values``, inserting it the first time."""
    key = and_(channel_streams.c.account_id == account_id, channel_streams.c.stream == stream)
    if not connection.execute(update(channel_streams).where(key).values(**values)).rowcount:
        connection.execute(insert(channel_streams).values(account_id=account_id, stream=stream, **values))
