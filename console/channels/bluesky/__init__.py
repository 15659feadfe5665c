"""Bluesky (AT Protocol): notifications, threads and chat in; replies and chat messages out.

``reading`` turns XRPC answers into mentions, ``facets`` marks mentions and links in a reply's text
by UTF-8 bytes, ``connector`` speaks to the PDS.
"""

from console.channels.bluesky.connector import BlueskyConnector, rate_limit, record_key
from console.channels.bluesky.facets import build_facets, byte_offset, mentioned_handles
from console.channels.bluesky.reading import normalize, post_url

__all__ = [
    "BlueskyConnector",
    "build_facets",
    "byte_offset",
    "mentioned_handles",
    "normalize",
    "post_url",
    "rate_limit",
    "record_key",
]
