"""Which module reads which network's responses. Imported by name when first needed, so the hub pays
only for the connectors it uses, and a network without a connector yet says so plainly."""

import importlib
from collections.abc import Callable

from console.channels.normalized import Page
from console.domain.network import Network

MODULES = {
    Network.X: "console.channels.x",
    Network.FACEBOOK: "console.channels.facebook",
    Network.INSTAGRAM: "console.channels.instagram",
    Network.YOUTUBE: "console.channels.youtube",
    Network.REDDIT: "console.channels.reddit",
    Network.MASTODON: "console.channels.mastodon",
    Network.BLUESKY: "console.channels.bluesky",
}

Normalizer = Callable[..., Page]  # normalize(body, *, url, account, received_ms) -> Page


class NoConnectorError(LookupError):
    pass


def normalizer(network: Network) -> Normalizer:
    return _module(network).normalize


def endpoint_guesser(network: Network) -> Callable[[object], str] | None:
    """The network's ``url_for_body(body)``, which names the endpoint a bare recorded body came from
    by its shape, where the connector has one."""
    return getattr(_module(network), "url_for_body", None)


def _module(network: Network):
    name = MODULES.get(network)
    if name is None:
        raise NoConnectorError(f"no connector reads {network.label} responses")
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as failure:
        if failure.name != name:
            raise
        raise NoConnectorError(f"no connector reads {network.label} responses yet") from None
    return module
