from hypothesis import given
from hypothesis import strategies as st

from console.domain.note_mentions import mentioned_usernames


def test_mentions_are_names_after_an_at_sign_once_each_in_order():
    text = "@Ana can you call her back? cc @bob.lee and @ana again. Mail ana@example.com"
    assert mentioned_usernames(text) == ["ana", "bob.lee"]


def test_a_sentence_end_is_not_part_of_the_name_and_lone_signs_are_nothing():
    assert mentioned_usernames("Ask @sue-k.") == ["sue-k"]
    assert mentioned_usernames("@ @@ x@y a @-") == []
    assert mentioned_usernames("@José, @Zoë") == ["josé", "zoë"]


@given(st.text())
def test_any_text_gives_names_without_at_signs_or_spaces(text):
    for name in mentioned_usernames(text):
        assert name and "@" not in name and not any(c.isspace() for c in name)
