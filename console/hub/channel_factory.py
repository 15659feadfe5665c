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

What each connector is polled for: console.hub.streams.
"""

from collections.abc import Mapping

import httpx
from sqlalchemy import Engine, select

from console.channels.bluesky.connector import BlueskyConnector
from console.channels.connector import Connector
from console.channels.facebook import FacebookConnector
from console.channels.instagram import InstagramConnector
from console.channels.mastodon.connector import MastodonConnector
from console.channels.reddit import RedditConnector
from console.channels.x.connector import XConnector
from console.channels.youtube import YouTubeConnector
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub.credentials import CredentialsError, Sealer
from console.hub.schema import account_credentials, accounts

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


def account_connectors(
    engine: Engine, sealer: Sealer, client: httpx.AsyncClient
) -> tuple[dict[str, Connector], dict[str, str]]:
    """A connector for every account with credentials (the Publisher's, at start), and by account
    id the reason each other account with credentials has none."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(accounts, account_credentials.c.secret, account_credentials.c.key_id).join(
                account_credentials, account_credentials.c.account_id == accounts.c.id
            )
        ).all()
    built: dict[str, Connector] = {}
    refused: dict[str, str] = {}
    for row in rows:
        try:
            network = Network(row.network)
            account = BrandAccount(row.id, network, row.handle, row.name, row.team)
            built[row.id] = build_connector(account, sealer.open(row.secret, row.key_id), client)
        except (ValueError, CredentialsError) as failure:  # ConnectorConfigError is a ValueError
            refused[row.id] = str(failure)
    return built, refused
