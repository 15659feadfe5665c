"""Reply lengths as each network counts them.

The X cases with an ``expected`` from twitter-text are its own conformance cases
(conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest, config v3).
"""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from console.domain.links import find_links
from console.domain.network import Network
from console.domain.reply_length import (
    ReplyLength,
    Unit,
    allows_private,
    graphemes,
    limit_of,
    mastodon_countable_text,
    measure,
    x_weighted_length,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, seven code points
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # a tag sequence
FRANCE = "\U0001f1eb\U0001f1f7"
KANA = "あいうえおかきくけこ"
CHINESE_POEMS = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This is a test.", 15),
        ("http://test.com", 23),
        ("https://test.com", 23),
        ("test.com", 23),  # a link without a scheme counts too on X
        ("Test https://test.com test https://test.com test.com test", 86),
        ("\U00010000\U0010ffff", 4),  # beyond the BMP: two each
        ("저찀쯿쿿", 8),  # Hangul syllables are outside the light ranges
        (CHINESE_POEMS, 320),
        ("the" + CHINESE_POEMS, 323),
        ("😷" * 160, 320),
        ("H🐱☺" + FAMILY, 7),  # the ZWJ family is one emoji of weight 2
        (FAMILY * 140, 280),
        ("Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; " + ENGLAND, 34),
        ("Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29),
        ("ÁB", 2),  # A + combining acute composes to one character under NFC
        ("Aשּׁ", 4),  # …and this one decomposes to three
        ("ABC\u202a\uffffABC\ufffe", 12),
        ("\u2066\u202ahttp://foobar.پاکستان/\u202c\u2069", 31),  # directional marks around an IDN link
        ("randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68),  # 64-char label
        (KANA * 12 + " http://" + KANA * 5 + "あいう.com", 358),  # host over 63 in punycode: text
        (KANA * 12 + " http://" + KANA * 5 + "あい.com", 264),  # host within 63 in punycode: a link
        (
            "This is a tweet with general punctuation characters: "
            "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d"
            " ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷",
            112,
        ),
        (
            "https://www.twitter.com/aloha " * 10,
            240,
        ),
    ],
)
def test_x_counts_as_twitter_text_v3(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected


def test_x_counts_long_links_as_23_and_trailing_punctuation_as_text() -> None:
    long_link = "https://example.com/support/orders/" + "a" * 200
    assert x_weighted_length(f"Track it here: {long_link}.") == len("Track it here: ") + 23 + 1


def test_x_emoji_presentation_decides_for_copyright_and_keycaps() -> None:
    # © and ® are text (weight 1) unless U+FE0F asks for the emoji; a keycap is one emoji.
    assert x_weighted_length("© 2026 Acme®") == 12
    assert x_weighted_length("©\ufe0f") == 2
    assert x_weighted_length("1\ufe0f\u20e3") == 2
    assert x_weighted_length("#1") == 2
    assert x_weighted_length(FRANCE) == 2


def test_x_empty_and_blank_text_count_nothing() -> None:
    assert x_weighted_length("") == 0
    assert x_weighted_length(" \n\t\r") == 0


def test_x_control_characters_count_one_each() -> None:
    assert x_weighted_length("a\x00b\x07c\r\nd") == 8


def test_x_over_limit_message() -> None:
    result = measure(Network.X, "x" * 292)
    assert result == ReplyLength(Network.X, False, 292, 280, Unit.CHARACTERS)
    assert result.over_by == 12
    assert not result.fits
    assert result.message == "12 characters over X's 280"


def test_x_within_limit_and_singular_message() -> None:
    assert measure(Network.X, "x" * 279).message == "1 character left"
    assert measure(Network.X, "x" * 281).message == "1 character over X's 280"
    exact = measure(Network.X, "x" * 280)
    assert exact.fits
    assert exact.over_by == 0
    assert exact.message == "0 characters left"


def test_x_direct_messages_count_plain_characters_to_10000() -> None:
    text = "故" * 6000  # weighted this would be 12,000; a DM counts characters
    result = measure(Network.X, text, private=True)
    assert (result.used, result.limit) == (6000, 10000)
    over = measure(Network.X, "a" * 10012, private=True)
    assert over.message == "12 characters over the 10,000 of a direct message"


def test_bluesky_counts_graphemes() -> None:
    assert graphemes(FAMILY) == 1
    assert graphemes(FRANCE) == 1
    assert graphemes(ENGLAND) == 1
    assert graphemes("e\u0301") == 1  # decomposed é
    assert graphemes("\r\n") == 1
    assert graphemes("") == 0
    result = measure(Network.BLUESKY, FRANCE * 300)
    assert (result.used, result.limit, result.unit) == (300, 300, Unit.GRAPHEMES)
    assert result.fits
    over = measure(Network.BLUESKY, "a" * 312)
    assert over.message == "12 characters over Bluesky's 300"


def test_bluesky_byte_cap_binds_when_graphemes_are_heavy() -> None:
    # 200 families are 200 graphemes but 5,000 UTF-8 bytes: the lexicon's maxLength 3000 refuses it.
    result = measure(Network.BLUESKY, FAMILY * 200)
    assert result.unit is Unit.BYTES
    assert (result.used, result.limit) == (5000, 3000)
    assert result.message == "2,000 bytes over Bluesky's 3,000"


def test_bluesky_chat_allows_1000_graphemes() -> None:
    result = measure(Network.BLUESKY, FAMILY * 300, private=True)
    assert (result.used, result.limit, result.unit) == (300, 1000, Unit.GRAPHEMES)
    assert measure(Network.BLUESKY, "a" * 1001, private=True).message == (
        "1 character over the 1,000 of a chat message"
    )


def test_mastodon_counts_remote_mentions_by_username_and_links_as_23() -> None:
    text = "@alice@mastodon.social see https://example.com/a/very/long/path/that/goes/on/and/on"
    assert mastodon_countable_text(text) == "@alice see " + "x" * 23
    assert measure(Network.MASTODON, text).used == len("@alice see ") + 23


def test_mastodon_does_not_discount_links_without_a_scheme() -> None:
    assert mastodon_countable_text("see example.com/very/long/path") == "see example.com/very/long/path"


def test_mastodon_mentions_need_a_boundary() -> None:
    # An e-mail address is not a mention, nor is a handle inside a link's path.
    assert mastodon_countable_text("mail bob@example.org") == "mail bob@example.org"
    assert mastodon_countable_text("https://mastodon.social/@Gargron@mastodon.social") == "x" * 23
    assert mastodon_countable_text("hi @Gargron, @bob@a.b.c and @x_y@social.example.org!") == (
        "hi @Gargron, @bob and @x_y!"
    )


def test_mastodon_counts_graphemes_content_warning_and_server_limit() -> None:
    assert measure(Network.MASTODON, FAMILY * 3).used == 3
    result = measure(Network.MASTODON, "a" * 490, content_warning="spoilers: ep 5")
    assert result.used == 504
    assert result.message == "4 characters over Mastodon's 500"
    assert measure(Network.MASTODON, "a" * 600, limit=1000).fits


@pytest.mark.parametrize(
    ("network", "private", "limit"),
    [
        (Network.FACEBOOK, False, 8000),
        (Network.FACEBOOK, True, 2000),
        (Network.INSTAGRAM, False, 2200),
        (Network.INSTAGRAM, True, 1000),
        (Network.YOUTUBE, False, 10000),
        (Network.REDDIT, False, 10000),
        (Network.REDDIT, True, 10000),
        (Network.X, True, 10000),
        (Network.BLUESKY, True, 1000),
        (Network.MASTODON, True, 500),
    ],
)
def test_limits_per_network_and_kind(network: Network, private: bool, limit: int) -> None:
    assert limit_of(network, private=private) == limit
    assert measure(network, "a" * limit, private=private).fits
    assert measure(network, "a" * (limit + 1), private=private).over_by == 1


def test_code_point_networks_count_emoji_by_code_point() -> None:
    # Meta, YouTube and Reddit count characters, so the family is seven.
    assert measure(Network.INSTAGRAM, FAMILY).used == 7


def test_review_replies_count_bytes() -> None:
    result = measure(Network.REVIEWS, "é" * 2049)
    assert (result.used, result.limit, result.unit) == (4098, 4096, Unit.BYTES)
    assert result.message == "2 bytes over Reviews' 4,096"


def test_which_networks_allow_a_private_answer() -> None:
    private = {n for n in Network if allows_private(n)}
    assert private == {
        Network.X,
        Network.FACEBOOK,
        Network.INSTAGRAM,
        Network.REDDIT,
        Network.MASTODON,
        Network.BLUESKY,
    }
    with pytest.raises(ValueError, match="YouTube cannot be answered privately"):
        measure(Network.YOUTUBE, "hi", private=True)
    with pytest.raises(ValueError, match="Reviews cannot be answered privately"):
        limit_of(Network.REVIEWS, private=True)


def test_empty_text_fits_everywhere() -> None:
    for network in Network:
        result = measure(network, "")
        assert result.used == 0
        assert result.fits


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("mail me at bob@example.com", []),
        ("file.py and example.de", []),  # a bare name.cc needs a path
        ("example.de/hilfe", ["example.de/hilfe"]),
        ("t.co", ["t.co"]),
        ("foo.co.jp", ["foo.co.jp"]),
        ("http://☃.net/", ["http://☃.net/"]),
        ("http://256.1.2.3/", []),
        ("http://192.168.0.1/index.html?src=asdf", ["http://192.168.0.1/index.html?src=asdf"]),
        ("http://test_underscore.twitter.com", ["http://test_underscore.twitter.com"]),
        ("http://domain-dash_2314352345_dfasd.foo-cow_4352.com", []),
        ("http://www.-domain4352.com/", []),
        ("http://www.domain4352-.com/", []),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar))", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("Is it https://example.com/faq?", ["https://example.com/faq"]),
        ("詳細はexample.com/aこちら", ["example.com/a"]),
        ("https://example.com😀", ["https://example.com"]),
        ("i.e. e.g. Mr.Smith", []),
        ("version 2.0.1", []),
    ],
)
def test_links_found_like_twitter_text(text: str, links: list[str]) -> None:
    assert [text[link.start : link.end] for link in find_links(text)] == links


@given(st.text())
def test_every_network_measures_any_text(text: str) -> None:
    for network in Network:
        result = measure(network, text)
        assert result.used >= 0
        assert result.over_by == max(0, result.used - result.limit)
        assert result.message


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=300))
def test_x_counts_ascii_without_links_one_each(text: str) -> None:
    assume(not find_links(text))
    blank = not text.strip("".join(map(chr, range(33))))
    assert x_weighted_length(text) == (0 if blank else len(text))
