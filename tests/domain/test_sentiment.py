import pytest

from console.domain.sentiment import Sentiment, score_sentiment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Still waiting for my refund from March.", Sentiment.NEGATIVE),
        ("Flight NW221 delayed 3 hours, no update at the gate", Sentiment.NEGATIVE),
        ("This is NOT good at all 😡", Sentiment.NEGATIVE),
        ("Huge thanks to the crew, amazing service!", Sentiment.POSITIVE),
        ("¡Gracias! Excelente atención 😊", Sentiment.POSITIVE),
        ("What time does support open on Sundays?", Sentiment.NEUTRAL),
    ],
)
def test_clear_cases_are_labelled(text, expected):
    assert score_sentiment(text).label is expected


def test_negation_flips_praise():
    assert score_sentiment("not helpful, not good").label is Sentiment.NEGATIVE


def test_every_score_says_why():
    result = score_sentiment("still waiting, terrible")
    assert -1 <= result.score < 0
    assert "terrible" in result.reasons and "still waiting" in result.reasons
    assert score_sentiment("").reasons == ()
