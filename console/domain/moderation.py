"""Hiding a customer's mention on its network (moderation), and which mentions a network lets a
brand hide: the console greys the action out with :func:`hide_problem`'s reason, and the hub
refuses the mutation with the same one, so the rule lives here once.

* X hides replies in a conversation the brand started (``PUT /2/tweets/:id/hidden``).
* Facebook hides a comment on the Page's posts (``POST /{comment-id}`` with ``is_hidden=true``).
* Instagram hides a comment on the account's media (``POST /{ig-comment-id}`` with ``hide=true``).
* The other networks have no such call for a brand: said plainly rather than offered.
"""

from console.domain.mention import MentionKind
from console.domain.network import Network

HIDEABLE: dict[Network, frozenset[MentionKind]] = {
    Network.X: frozenset({MentionKind.REPLY}),
    Network.FACEBOOK: frozenset({MentionKind.COMMENT, MentionKind.REPLY}),
    Network.INSTAGRAM: frozenset({MentionKind.COMMENT, MentionKind.REPLY}),
}


def supports_hiding(network: Network) -> bool:
    return network in HIDEABLE


def hide_problem(
    network: Network, kind: MentionKind, from_brand: bool, thread_from_brand: bool | None = None
) -> str:
    """Why the mention cannot be hidden, or "" when it can. ``thread_from_brand``: whether the post
    its thread started from is the brand's (None: not known here — the network has the last word)."""
    if network not in HIDEABLE:
        return f"hiding is not supported on {network.label}"
    if from_brand:
        return "the brand's own posts are not hidden, they are deleted on the network"
    if kind not in HIDEABLE[network]:
        what = kind.value.replace("_", " ")
        return f"{network.label} hides only comments and replies, not a {what}"
    if network is Network.X and thread_from_brand is False:
        return "X hides only replies in a conversation the brand started"
    return ""
