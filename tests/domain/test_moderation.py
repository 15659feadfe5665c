"""Which customer mentions a brand may hide on their network, and the hide mutation's payload."""

import pytest

from console.domain.mention import MentionKind
from console.domain.moderation import hide_problem, supports_hiding
from console.domain.mutation import InvalidMutationError, MutationKind, validate
from console.domain.network import Network


@pytest.mark.parametrize(
    ("network", "kind", "thread_from_brand"),
    [
        (Network.X, MentionKind.REPLY, True),
        (Network.X, MentionKind.REPLY, None),  # the thread's first post is not cached: X has the last word
        (Network.FACEBOOK, MentionKind.COMMENT, None),
        (Network.FACEBOOK, MentionKind.REPLY, False),
        (Network.INSTAGRAM, MentionKind.COMMENT, None),
    ],
)
def test_comments_and_replies_to_the_brand_can_be_hidden(network, kind, thread_from_brand):
    assert hide_problem(network, kind, False, thread_from_brand) == ""
    assert supports_hiding(network)


@pytest.mark.parametrize(
    ("network", "kind", "from_brand", "thread_from_brand", "reason"),
    [
        (Network.REDDIT, MentionKind.COMMENT, False, None, "hiding is not supported on Reddit"),
        (Network.YOUTUBE, MentionKind.COMMENT, False, None, "hiding is not supported on YouTube"),
        (Network.X, MentionKind.POST, False, None, "X hides only comments and replies, not a post"),
        (
            Network.FACEBOOK,
            MentionKind.DIRECT_MESSAGE,
            False,
            None,
            "Facebook hides only comments and replies, not a direct message",
        ),
        (
            Network.X,
            MentionKind.REPLY,
            False,
            False,
            "X hides only replies in a conversation the brand started",
        ),
        (
            Network.INSTAGRAM,
            MentionKind.COMMENT,
            True,
            None,
            "the brand's own posts are not hidden, they are deleted on the network",
        ),
    ],
)
def test_what_cannot_be_hidden_says_why(network, kind, from_brand, thread_from_brand, reason):
    assert hide_problem(network, kind, from_brand, thread_from_brand) == reason


def test_the_hide_mutation_needs_a_mention_and_a_boolean():
    validate(MutationKind.HIDE, {"mention_id": "m1", "hidden": True, "reason": "abuse"})
    with pytest.raises(InvalidMutationError, match="'hidden' must be bool"):
        validate(MutationKind.HIDE, {"mention_id": "m1", "hidden": "yes"})
    with pytest.raises(InvalidMutationError, match="needs 'mention_id'"):
        validate(MutationKind.HIDE, {"hidden": True})
