"""Real network connectors for the hub's brand accounts: built from an account and its opened
credentials, and asked for one page of each account's main ingest endpoint in one way for all.

Credential keys each network needs (given to ``horseshoe-hub accounts add --credentials-stdin``):

=========  =====================================  ===========================================
network    required                               optional
=========  =====================================  ===========================================
x          access_token, user_id (numeric id)
facebook   page_token (a Page access token)       — the account's handle is the Page id
instagram  page_token                             — the handle is the Instagram user id
youtube    access_token                           — the handle is the channel id
reddit     access_token                           user_agent
mastodon   access_token, base_url (the server)
bluesky    access_token, did                      base_url (default https://bsky.social)
=========  =====================================  ===========================================

``access_token`` is taken for ``page_token`` too, since that is what Meta's tools call it.

The main ingest endpoint per network (:func:`fetch_page`): X the mentions timeline, Facebook the
Page feed (with comments), Instagram the account's media (with comments), YouTube the channel's
comment threads, Reddit the inbox, Mastodon mention notifications, Bluesky mention and reply
notifications. DMs and Messenger conversations are not polled yet.
"""

from collections.abc import Mapping

import httpx

from console.channels.bluesky.connector import BlueskyConnector
from console.channels.connector import Connector
from console.channels.facebook import FacebookConnector
from console.channels.instagram import InstagramConnector
from console.channels.mastodon.connector import MastodonConnector
from console.channels.normalized import Page
from console.channels.reddit import RedditConnector
from console.channels.x.connector import XConnector
from console.channels.youtube import YouTubeConnector
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network

BLUESKY_ENTRYWAY = "https://bsky.social"

REQUIRED: dict[Network, tuple[str, ...]] = {
    Network.X: ("access_token", "user_id"),
    Network.FACEBOOK: ("page_token",),
    Network.INSTAGRAM: ("page_token",),
    Network.YOUTUBE: ("access_token",),
    Network.REDDIT: ("access_token",),
    Network.MASTODON: ("access_token", "base_url"),
    Network.BLUESKY: ("access_token", "did"),
}


class ConnectorConfigError(ValueError):
    """The account cannot have a connector: no connector for its network, or credentials lacking a
    key; the message says which and what to do."""


def required_keys(network: Network) -> tuple[str, ...]:
    return REQUIRED.get(network, ())


def build_connector(
    account: BrandAccount, secrets: Mapping[str, str], client: httpx.AsyncClient
) -> Connector:
    """The connector for ``account`` on the hub's shared ``client`` (which the caller closes)."""
    network = account.network
    if network not in REQUIRED:
        raise ConnectorConfigError(f"no connector polls {network.label} accounts")
    creds = dict(secrets)
    if network in (Network.FACEBOOK, Network.INSTAGRAM) and not creds.get("page_token"):
        creds["page_token"] = creds.get("access_token", "")
    missing = [key for key in REQUIRED[network] if not str(creds.get(key) or "").strip()]
    if missing:
        raise ConnectorConfigError(
            f"the {network.label} account {account.id} lacks credentials {', '.join(missing)} "
            f"(needs {', '.join(REQUIRED[network])}; set them with `accounts add --credentials-stdin`)"
        )
    token = creds.get("page_token") or creds["access_token"]
    if network is Network.X:
        return XConnector(account, user_id=creds["user_id"], token=token, client=client)
    if network is Network.FACEBOOK:
        return FacebookConnector(client, {account.id: token})
    if network is Network.INSTAGRAM:
        return InstagramConnector(client, {account.id: token})
    if network is Network.YOUTUBE:
        return YouTubeConnector(client, token)
    if network is Network.REDDIT:
        return RedditConnector(client, token, user_agent=creds.get("user_agent") or "horseshoe")
    if network is Network.MASTODON:
        return MastodonConnector(client, creds["base_url"], token)
    return BlueskyConnector(client, creds.get("base_url") or BLUESKY_ENTRYWAY, token, creds["did"])


async def fetch_page(
    connector: Connector, account: BrandAccount, cursor: str | None, page_token: str | None = None
) -> Page:
    """One page of the account's main ingest endpoint, newest first on the network.

    ``cursor`` is the since-marker the last poll stored (a previous ``Page.newest``); networks that
    take one (X's and Mastodon's since_id) return only what is newer, the others their latest page
    (the poller stops paging where it meets mentions it has). ``page_token`` is a
    ``Page.next_cursor``, to page back to older items."""
    if isinstance(connector, XConnector):
        return await connector.fetch_mentions(since_id=cursor, pagination_token=page_token)
    # Graph's ``since`` filters posts by their creation, which would hide new comments on older
    # posts: the feed and media are read from the top, and ingest drops what it has.
    if isinstance(connector, FacebookConnector):
        return await connector.fetch(account, "feed", cursor=page_token)
    if isinstance(connector, InstagramConnector):
        return await connector.fetch(account, "media", cursor=page_token)
    if isinstance(connector, YouTubeConnector):
        return await connector.fetch_threads(account, page_token, received_ms=now_ms())
    if isinstance(connector, RedditConnector):
        return await connector.fetch(account, "inbox", page_token, received_ms=now_ms())
    if isinstance(connector, MastodonConnector):
        return await connector.fetch(account, since=cursor, cursor=page_token)
    if isinstance(connector, BlueskyConnector):
        return await connector.fetch(account, cursor=page_token)
    raise ConnectorConfigError(f"{type(connector).__name__} has no ingest endpoint to poll")
