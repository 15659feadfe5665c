"""X (API v2): the mentions timeline and DM events in, replies, DMs and hidden replies out.

:func:`normalize` reads any answer of those endpoints (fetched, imported or recorded) to a Page;
:class:`XConnector` fetches them for one account and publishes through it.
"""

from console.channels.x.connector import XConnector, rate_limit
from console.channels.x.normalize import normalize, url_for_body

__all__ = ["XConnector", "normalize", "rate_limit", "url_for_body"]
