"""The social networks Horseshoe listens to."""

from enum import StrEnum


class Network(StrEnum):
    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    YOUTUBE = "youtube"
    REDDIT = "reddit"
    MASTODON = "mastodon"
    BLUESKY = "bluesky"
    REVIEWS = "reviews"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Network.X: "X",
    Network.FACEBOOK: "Facebook",
    Network.INSTAGRAM: "Instagram",
    Network.YOUTUBE: "YouTube",
    Network.REDDIT: "Reddit",
    Network.MASTODON: "Mastodon",
    Network.BLUESKY: "Bluesky",
    Network.REVIEWS: "Reviews",
}
