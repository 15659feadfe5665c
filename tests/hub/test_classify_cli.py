import io
import json

from console.hub.cli import main


def test_one_line_per_text_with_the_reasons(capsys):
    assert main(["classify", "flight delayed 3 hours, no update", "Merci beaucoup, super service !"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("negative") and "complaint" in first and "no response" in first
    assert "intent complaint +25" in first
    assert second.startswith("positive") and " fr " in second and "praise" in second


def test_json_lines_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("still waiting for my refund\n\nHow much is the upgrade?\n"))
    assert main(["classify", "--json", "--followers", "25000", "-"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["still waiting for my refund", "How much is the upgrade?"]
    refund, upgrade = records
    assert (refund["sentiment"], refund["intent"], refund["lang"]) == ("negative", "complaint", "en")
    assert refund["score"] < 0 and "still waiting" in refund["sentiment_reasons"]
    assert ["reach 25k followers", 10] in refund["priority_reasons"]
    assert refund["priority"] == sum(points for _, points in refund["priority_reasons"])
    assert upgrade["intent"] == "lead"


def test_eval_prints_per_class_scores_macro_f1_and_confusion(tmp_path, capsys):
    labelled = tmp_path / "labelled.tsv"
    labelled.write_text(
        "# label<TAB>text\nnegative\tstill waiting for my refund\npositive\tthank you, brilliant service\n"
        "neutral\tdo you ship to Ireland?\nnegative\tthanks a lot\n",
        encoding="utf-8",
    )
    assert main(["classify", "--eval", str(labelled)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "n=4" in out and "confusion" in out
    assert main(["classify", "--eval", str(labelled), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["labels"] == ["negative", "neutral", "positive"]
    assert sum(map(sum, record["confusion"])) == 4
    assert record["classes"]["negative"]["support"] == 2
    assert 0 < record["macro_f1"] <= 1


def test_a_malformed_eval_file_fails_with_its_line_number(tmp_path, capsys):
    labelled = tmp_path / "bad.tsv"
    labelled.write_text("negative\tstill waiting\nnegative still waiting\n", encoding="utf-8")
    assert main(["classify", "--eval", str(labelled)]) == 2
    assert "line 2: expected label<TAB>text" in capsys.readouterr().err
    assert main(["classify", "--eval", str(tmp_path / "missing.tsv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_nothing_to_classify_is_a_usage_error(capsys):
    assert main(["classify"]) == 2
    assert "give TEXT" in capsys.readouterr().err


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """``horseshoe-hub classify --json - | head -1``: no traceback when head closes the pipe."""
    import subprocess
    import sys

    texts = tmp_path / "texts.txt"  # a file, so the writer cannot block on a pipe we do not read
    texts.write_text("\n".join(f"still waiting for refund number {n}" for n in range(5000)), encoding="utf-8")
    script = "import sys; from console.hub.cli import main; sys.exit(main(['classify', '--json', '-']))"
    with texts.open("rb") as given:
        reader = subprocess.Popen(
            [sys.executable, "-c", script], stdin=given, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    assert reader.stdout.readline().startswith(b"{")
    reader.stdout.close()  # as head does after its line
    assert reader.wait(timeout=60) == 0
    assert b"Traceback" not in reader.stderr.read()
