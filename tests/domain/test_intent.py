import pytest

from console.domain.intent import Intent, classify_intent
from console.domain.sentiment import score_text
from console.domain.text import read


def intent_of(text: str):
    read_text = read(text)
    return classify_intent(read_text, score_text(read_text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son had an allergic reaction to your cereal, we are at the hospital", Intent.CRISIS),
        ("I will be contacting my lawyer about this", Intent.CRISIS),
        ("the charger caught fire overnight", Intent.CRISIS),
        ("Earn $500/day from home!!! click my bio", Intent.SPAM),
        ("Inbox me for help regarding your account, quick recovery is assured", Intent.SPAM),
        ("still waiting for my refund", Intent.COMPLAINT),
        ("why was my card declined?", Intent.COMPLAINT),
        ("How much is the upgrade to the unlimited plan?", Intent.LEAD),
        ("interested in bulk pricing for our office", Intent.LEAD),
        ("¿Cuánto cuesta el envío a Canarias?", Intent.LEAD),
        ("What time does the store open on Sundays?", Intent.QUESTION),
        ("Kann man bei euch mit PayPal zahlen", Intent.QUESTION),
        ("the crew were amazing with my kids, thank you!", Intent.PRAISE),
        ("DM sent", Intent.OTHER),
    ],
)
def test_intents(text, expected):
    result = intent_of(text)
    assert result.intent is expected, result


def test_every_intent_but_other_says_why():
    assert intent_of("I will be contacting my lawyer").reasons == ("risk: lawyer",)
    assert intent_of("still waiting for my refund").reasons[0] == "negative sentiment"
    assert intent_of("DM sent").reasons == ()


def test_working_from_home_is_not_spam():
    assert intent_of("no signal since yesterday, I work from home").intent is Intent.COMPLAINT
