"""Facebook and Instagram: the endpoint a bare recorded Graph body came from, told by its shape, so
``horseshoe-hub import`` reads raw bodies without ``--endpoint``. Each recorded body the normalizer
tests read is guessed as the endpoint those tests give it (the API version aside), and reads the same."""

import pytest

from console.channels import facebook, instagram
from console.channels.meta_graph import url_path
from console.channels.registry import endpoint_guesser
from console.domain.network import Network
from tests.channels.fixtures import fixtures
from tests.channels.meta_support import FB, GRAPH, IG, data, load

FB_COMMENTS = f"{GRAPH}/19292868552_10158407654328553/comments"
IG_USER = f"{GRAPH}/17841406338772941"

# (module, fixture path under facebook-instagram/testdata, the endpoint tests/channels give it)
KNOWN = [
    (facebook, "facebook/apidata/comments/comments_p1.json", FB_COMMENTS),
    (facebook, "facebook/apidata/comments/comments_p2.json", FB_COMMENTS),
    (facebook, "facebook/models/comment.json", f"{GRAPH}/2954961744718970_2966313500250461"),
    (facebook, "facebook/apidata/messages/messages_info.json", f"{GRAPH}/?ids=a,b"),
    (facebook, "facebook/apidata/posts/feeds_default_fields_p1.json", f"{GRAPH}/19292868552/feed"),
    (facebook, "facebook/apidata/posts/feed_fields_p1.json", f"{GRAPH}/4/posts"),
    (facebook, "facebook/apidata/posts/feed_fields_p2.json", f"{GRAPH}/4/posts"),
    (instagram, "instagram/apidata/medias/comments_p1.json", f"{GRAPH}/17846368219941692/comments"),
    (instagram, "instagram/apidata/users/mentioned_comment.json", IG_USER),
    (instagram, "instagram/apidata/users/mentioned_media.json", IG_USER),
    (instagram, "instagram/apidata/users/medias_p1.json", f"{IG_USER}/media"),  # the poller's endpoint
]


def same_endpoint(guess: str, given: str) -> bool:
    """One endpoint: the same path but for the API version (``?ids=`` answers: any ids)."""
    return url_path(guess) == url_path(given) and ("?ids=" in guess) == ("?ids=" in given)


@pytest.mark.parametrize(
    ("module", "path", "given"), KNOWN, ids=[f"{m.NETWORK.value}:{p}" for m, p, _ in KNOWN]
)
def test_a_recorded_body_is_guessed_as_the_endpoint_it_is_read_from(module, path, given):
    body = load(data(*path.split("/")))
    account = FB if module is facebook else IG
    guess = endpoint_guesser(module.NETWORK)(body)
    assert same_endpoint(guess, given), guess
    read = module.normalize(body, url=guess, account=account, received_ms=0)
    assert read == module.normalize(body, url=given, account=account, received_ms=0)
    assert read.mentions or read.quarantined or read.skipped


@pytest.mark.parametrize("module", [facebook, instagram])
def test_an_error_body_reads_as_the_error_whatever_endpoint_is_guessed(module):
    body = load(data("error.json"))
    account = FB if module is facebook else IG
    read = module.normalize(body, url=module.url_for_body(body), account=account, received_ms=0)
    assert read == module.normalize(body, url=f"{GRAPH}/1/feed", account=account, received_ms=0)
    assert "code 100" in read.quarantined[0].reason


def test_recorded_objects_in_a_list_envelope_are_told_by_their_items():
    """The tests' own wrappings of recorded objects, as a conversations, messages or comments edge answers."""
    conversation = {**load(data("facebook", "models", "conversation.json"))}
    message = load(data("facebook", "models", "message.json"))
    conversation["messages"] = {"data": [message]}
    assert facebook.url_for_body({"data": [conversation]}).endswith("/me/conversations")
    assert facebook.url_for_body({"data": [message]}).endswith("/me/messages")
    nested = {"data": [load(data("instagram", "models", "ig_comment.json"))]}
    guess = instagram.url_for_body(nested)
    assert same_endpoint(guess, f"{GRAPH}/17846368219941692/comments")
    given = instagram.normalize(nested, url=f"{GRAPH}/17846368219941692/comments", account=IG, received_ms=0)
    assert instagram.normalize(nested, url=guess, account=IG, received_ms=0) == given


@pytest.mark.parametrize(
    "path",
    [
        "instagram/apidata/comments/replies.json",  # the comment they answer is named only by the URL
        "instagram/apidata/medias/comments_p2.json",  # the last page: no paging link, no media named
        "instagram/apidata/users/tagged_medias.json",  # own media or media it is tagged in: alike
    ],
)
def test_an_instagram_body_that_does_not_say_where_it_came_from_is_not_guessed(path):
    assert instagram.url_for_body(load(data(*path.split("/")))) == ""


def test_every_recorded_graph_body_gets_a_guess_that_reads_without_an_exception():
    paths = sorted(fixtures().joinpath("facebook-instagram", "testdata").rglob("*.json"))
    guessed = 0
    for path in paths:
        body = load(path)
        for module, account in ((facebook, FB), (instagram, IG)):
            guess = module.url_for_body(body)
            assert isinstance(guess, str)
            if guess:
                guessed += 1
                module.normalize(body, url=guess, account=account, received_ms=0)
    assert guessed > len(paths)  # most bodies name their endpoint for both networks
    assert facebook.url_for_body([1]) == instagram.url_for_body("x") == ""
    assert endpoint_guesser(Network.FACEBOOK) is facebook.url_for_body
