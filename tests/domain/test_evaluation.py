import pytest

from console.domain.evaluation import LabelFileError, evaluate, read_labelled

LABELS = ("negative", "neutral", "positive")


def test_scores_per_class_macro_f1_and_confusion():
    truth = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "positive"]
    result = evaluate(truth, predicted, LABELS)
    negative, neutral, positive = result.classes
    assert (negative.precision, negative.recall, negative.support) == (1.0, 0.5, 2)
    assert (neutral.precision, neutral.recall) == (0.5, 1.0)
    assert positive.f1 == 1.0
    assert result.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert result.confusion == ((1, 1, 0), (0, 1, 0), (0, 0, 1))
    assert result.accuracy == 0.75


def test_reads_labelled_lines_and_says_which_line_is_wrong():
    pairs = read_labelled(["# comment\n", "\n", "negative\tstill waiting\n", "positive\tthanks\r\n"], LABELS)
    assert pairs == [("negative", "still waiting"), ("positive", "thanks")]
    with pytest.raises(LabelFileError, match="line 2: expected label<TAB>text"):
        read_labelled(["neutral\tok\n", "negative still waiting\n"], LABELS)
    with pytest.raises(LabelFileError, match="line 1: unknown label 'angry'"):
        read_labelled(["angry\tgrr\n"], LABELS)
    with pytest.raises(LabelFileError, match="no labelled lines"):
        read_labelled(["# nothing\n"], LABELS)
