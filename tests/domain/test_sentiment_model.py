import pytest

from console.domain import sentiment_model
from console.domain.sentiment import Sentiment, score_rules, score_sentiment
from console.domain.text import read


def _found(text: str) -> dict[str, float]:
    read_text = read(text)
    rules = score_rules(read_text)
    return sentiment_model.features(read_text, rules.label.value, rules.score, rules.reasons)


def _predict(text: str) -> sentiment_model.Prediction:
    return sentiment_model.predict(_found(text))


def _drivers(text: str) -> tuple[str, ...]:
    found = _found(text)
    return sentiment_model.drivers(found, sentiment_model.predict(found).label)


def test_features_are_words_pairs_and_the_rules_reading():
    read_text = read("Still waiting for my refund!")
    rules = score_rules(read_text)
    found = sentiment_model.features(read_text, rules.label.value, rules.score, rules.reasons)
    assert {"u:still", "u:refund", "b:still_waiting", "r:still waiting", "lab:negative"} <= found.keys()
    assert found["score"] == pytest.approx(rules.score * sentiment_model.SCORE_SCALE)


def test_a_prediction_is_a_distribution_with_its_reasons():
    prediction = _predict("stuck on the tarmac for three hours, nobody tells us anything")
    assert prediction.label == "negative"
    assert sum(prediction.probabilities) == pytest.approx(1.0)
    assert max(prediction.probabilities) == prediction.probabilities[0]
    # Drivers are words an agent can read, never "my" or "the" alone.
    assert (
        not set(_drivers("stuck on the tarmac for three hours, nobody tells us anything"))
        & sentiment_model._PLAIN
    )


def test_the_score_is_the_positive_minus_the_negative_probability():
    result = score_sentiment("Thank you so much, the crew were wonderful!")
    assert result.label is Sentiment.POSITIVE and 0.3 < result.score <= 1


def test_when_the_layer_overrules_the_rules_it_says_which_words_moved_it():
    texts = [text for _, text in _airline_dev()]
    overruled = 0
    for text in texts:
        result, rules = score_sentiment(text), score_rules(read(text))
        drivers = _drivers(text)
        if result.label is not rules.label and drivers:
            overruled += 1
            assert result.reasons[-1] == "learned: " + ", ".join(drivers)
            assert all(sentiment_model._explains(driver) for driver in drivers)
        else:
            assert not any(reason.startswith("learned: ") for reason in result.reasons)
    assert overruled >= 10


def _airline_dev() -> list[tuple[str, str]]:
    from pathlib import Path

    from console.domain.evaluation import read_labelled

    with open(Path(__file__).parent / "data" / "airline_dev.tsv", encoding="utf-8") as lines:
        return read_labelled(lines, sentiment_model.LABELS)


def test_drivers_are_words_not_filler_or_marks():
    assert not sentiment_model._explains("?")
    assert not sentiment_model._explains("in the")
    assert sentiment_model._explains("my bag")


def test_a_broken_weights_file_is_named_not_guessed():
    with pytest.raises(sentiment_model.WeightsFileError, match="line 2"):
        sentiment_model.parse_weights(["(intercept)\t0\t0\t0\n", "u:late\t0.5\tnot a number\t1\n"])
    with pytest.raises(sentiment_model.WeightsFileError, match="no intercept"):
        sentiment_model.parse_weights(["# only a comment\n"])
    table = sentiment_model.parse_weights(["(intercept)\t1\t2\t3\n", "u:late\t0.5\t0\t-0.5\n"])
    assert table.intercept == (1, 2, 3) and table.table["u:late"] == (0.5, 0, -0.5)
