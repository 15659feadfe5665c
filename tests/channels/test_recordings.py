"""Cassettes of every format in the shared fixtures read into exchanges; bad files say why."""

import pytest

from console.channels.recordings import RecordingError, is_recording, parse_recording, read_recording
from tests.channels.fixtures import fixtures


def _cassettes():
    for path in sorted(fixtures().rglob("*")):
        readable = path.suffix in {".yaml", ".yml", ".json"} and path.is_file()
        if readable and is_recording(path.read_text("utf-8", errors="replace")):
            yield path


def test_every_cassette_in_the_fixtures_reads():
    paths = list(_cassettes())
    assert len(paths) > 300
    formats = {p.parts[len(fixtures().parts)] for p in paths}
    assert {"mastodon", "reddit", "bluesky"} <= formats
    total = sum(len(read_recording(p)) for p in paths)
    assert total > 900


def test_vcr_yaml_mastodon_notifications():
    exchanges = read_recording(
        fixtures() / "mastodon" / "tests" / "cassettes" / "test_grouped_notifications.yaml"
    )
    first = exchanges[0]
    assert first.method in {"GET", "POST"} and first.url.startswith("http")
    assert 100 <= first.status < 600 and "content-type" in first.headers


def test_betamax_json_reddit_body_is_a_string_of_json():
    path = next(p for p in _cassettes() if "reddit" in p.parts and "inbox" in p.name.lower())
    exchanges = read_recording(path)
    bodies = [e.json() for e in exchanges if e.headers.get("content-type", "").startswith("application/json")]
    assert bodies and all(isinstance(b, dict | list) for b in bodies)


def test_r_vcr_gzip_bodies_are_unpacked():
    path = fixtures() / "bluesky" / "tests" / "testthat" / "_vcr" / "f_postthread.yml"
    exchange = read_recording(path)[0]
    assert exchange.status == 200
    assert isinstance(exchange.json(), dict)


def test_a_raw_body_is_not_a_cassette_and_bad_files_say_why(tmp_path):
    assert not is_recording('{"data": [{"id": "1"}], "meta": {"interactions": 3}}')
    with pytest.raises(RecordingError, match="not a cassette"):
        parse_recording('{"data": []}', "raw.json")
    with pytest.raises(RecordingError, match="interaction 0"):
        parse_recording("interactions:\n- request: {}\n", "broken.yaml")
    with pytest.raises(RecordingError, match="neither JSON nor YAML"):
        parse_recording("interactions: [\n", "cut.yaml")
    missing = tmp_path / "gone.yaml"
    with pytest.raises(RecordingError, match="cannot be read"):
        read_recording(missing)
