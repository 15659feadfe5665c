"""Real network connectors for the hub's brand accounts: built from an account and its opened
credentials, and asked for one page of each account's main ingest endpoint in one way for all.

Credential keys each network needs (given to ``horseshoe-hub accounts add --credentials-stdin``):

=========  =====================================  ===========================================
network    required                               optional
=========  =====================================  ===========================================
x          access_token, user_id (numeric id)     refresh_token, client_id, client_secret
facebook   page_token (a Page access token)       — the account's handle is the Page id
instagram  page_token                             — the handle is the Instagram user id
youtube    access_token                           refresh_token, client_id, client_secret —
                                                  the handle is the channel id
reddit     access_token                           refresh_token, client_id, client_secret,
                                                  user_agent
mastodon   access_token, base_url (the server)
bluesky    access_token, did                      refresh_jwt, identifier + app_password,
                                                  base_url (default https://bsky.social)
=========  =====================================  ===========================================

``access_token`` is taken for ``page_token`` too, since that is what Meta's tools call it. Where a
network has a refresh flow (console.channels.oauth), ``expires_at_ms`` (epoch ms; ``expires_in``
seconds at ``accounts add`` is turned into it) lets the hub refresh before the token expires, and
with a refresh token (or Bluesky's refresh JWT or app password) ``access_token`` may be left out:
the first request refreshes. A refresh stores the new tokens back, sealed (console.hub.tokens).
Mastodon's and Meta's tokens do not expire and have no refresh.

What each connector is polled for: console.hub.streams.
"""

from collections.abc import Mapping

import httpx

from console.channels.bluesky.connector import BlueskyConnector
from console.channels.connector import Connector
from console.channels.facebook import FacebookConnector
from console.channels.instagram import InstagramConnector
from console.channels.mastodon.connector import MastodonConnector
from console.channels.oauth import OnRefresh, Reload, refresher_for, token_auth
from console.channels.reddit import RedditConnector
from console.channels.x.connector import XConnector
from console.channels.youtube import YouTubeConnector
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
    account: BrandAccount,
    secrets: Mapping[str, str],
    client: httpx.AsyncClient,
    *,
    on_refresh: OnRefresh | None = None,
    reload: Reload | None = None,
) -> Connector:
    """The connector for ``account`` on the hub's shared ``client`` (which the caller closes).
    ``on_refresh`` stores the tokens a refresh brought and ``reload`` re-reads the stored ones
    (console.hub.tokens.TokenStore's ``save`` and ``load``); without them a refresh lives only in
    the connector."""
    network = account.network
    if network not in REQUIRED:
        raise ConnectorConfigError(f"no connector polls {network.label} accounts")
    creds = dict(secrets)
    if network in (Network.FACEBOOK, Network.INSTAGRAM) and not creds.get("page_token"):
        creds["page_token"] = creds.get("access_token", "")
    base_url = creds.get("base_url") or (BLUESKY_ENTRYWAY if network is Network.BLUESKY else "")
    missing = [key for key in REQUIRED[network] if not str(creds.get(key) or "").strip()]
    if "access_token" in missing and refresher_for(network, creds, base_url) is not None:
        missing.remove("access_token")  # the first request refreshes it
    if missing:
        raise ConnectorConfigError(
            f"the {network.label} account {account.id} lacks credentials {', '.join(missing)} "
            f"(needs {', '.join(REQUIRED[network])}; set them with `accounts add --credentials-stdin`)"
        )
    if network is Network.FACEBOOK:  # Page tokens do not expire: static
        return FacebookConnector(client, {account.id: creds["page_token"]})
    if network is Network.INSTAGRAM:
        return InstagramConnector(client, {account.id: creds["page_token"]})
    auth = token_auth(network, creds, base_url=base_url, on_refresh=on_refresh, reload=reload)
    if network is Network.X:
        return XConnector(account, user_id=creds["user_id"], token=auth, client=client)
    if network is Network.YOUTUBE:
        return YouTubeConnector(client, auth)
    if network is Network.REDDIT:
        return RedditConnector(client, auth, user_agent=creds.get("user_agent") or "horseshoe")
    if network is Network.MASTODON:
        return MastodonConnector(client, creds["base_url"], auth)
    return BlueskyConnector(client, base_url, auth, creds["did"])
