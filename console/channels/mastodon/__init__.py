"""Mastodon: mention notifications (v1, grouped v2), conversations and the streaming API in;
statuses with ``in_reply_to_id`` (``direct`` when private) out.

``reading`` turns answers and stream events into mentions, ``text`` turns status HTML into what a
reader sees, ``connector`` speaks to the server.
"""

from console.channels.mastodon.connector import MastodonConnector, addressed, link_cursors, rate_limit
from console.channels.mastodon.reading import iso_ms, normalize, normalize_stream, parse_events
from console.channels.mastodon.text import html_to_text

__all__ = [
    "MastodonConnector",
    "addressed",
    "html_to_text",
    "iso_ms",
    "link_cursors",
    "normalize",
    "normalize_stream",
    "parse_events",
    "rate_limit",
]
