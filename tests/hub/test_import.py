"""``horseshoe-hub import`` over the recorded responses: raw X bodies (endpoint guessed from their
shape) and Reddit's Betamax cassettes, ingested as fetched mentions — deduplicated on a second run,
the unreadable quarantined with their reasons, a broken file reported without stopping the rest."""

import json

from sqlalchemy import func, select

from console.hub import cli, quarantine
from console.hub.schema import mentions
from tests.channels.fixtures import fixtures


def _import(db, network, files, capsys) -> tuple[int, dict]:
    code = cli.main(["import", "--db", db, "--network", network, "--json", *map(str, files)])
    return code, json.loads(capsys.readouterr().out)


def test_reddit_cassettes_import_once_and_quarantine_what_is_not_a_mention(hub_engine, hub_url, capsys):
    cli.main(["accounts", "add", "--db", hub_url, "--network", "reddit", "--handle", "u/brand"])
    capsys.readouterr()
    cassettes = sorted((fixtures() / "reddit").rglob("TestInbox*.json"))
    assert cassettes
    code, first = _import(hub_url, "reddit", cassettes, capsys)
    assert code == 0
    totals = first["totals"]
    assert totals["imported"] > 50 and totals["responses"] >= len(cassettes)
    with hub_engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(mentions))
        networks = set(connection.scalars(select(mentions.c.network)))
    assert stored == totals["imported"] and networks == {"reddit"}

    code, again = _import(hub_url, "reddit", cassettes, capsys)
    assert again["totals"]["imported"] == 0 and again["totals"]["duplicates"] == totals["mentions"]
    held = quarantine.recent(hub_engine, limit=1000)
    assert len(held) == 2 * totals["quarantined"]
    assert all(h.reason and h.source.startswith("import ") for h in held)


def test_bare_x_bodies_and_a_broken_file(hub_engine, hub_url, capsys, tmp_path):
    cli.main(["accounts", "add", "--db", hub_url, "--network", "x", "--handle", "@TwitterDev"])
    capsys.readouterr()
    broken = tmp_path / "cut.json"
    broken.write_text('{"data": [{"id": "1", "text": "cut sh')
    bodies = sorted((fixtures() / "x" / "testdata" / "apis" / "timeline").glob("*.json"))
    code, report = _import(hub_url, "x", [broken, *bodies], capsys)
    assert code == 1  # a file could not be read at all
    first, *rest = report["files"]
    assert "neither a cassette nor a JSON body" in first["error"]
    assert sum(f["imported"] for f in rest) > 0 and not any(f["error"] for f in rest)


def test_raw_facebook_bodies_import_without_an_endpoint(hub_engine, hub_url, capsys):
    page = ["accounts", "add", "--db", hub_url, "--network", "facebook", "--handle", "19292868552"]
    cli.main(page)
    capsys.readouterr()
    comments = fixtures() / "facebook-instagram" / "testdata" / "facebook" / "apidata" / "comments"
    code, report = _import(
        hub_url, "facebook", [comments / "comments_p1.json", comments / "comments_p2.json"], capsys
    )
    assert code == 0 and report["totals"]["quarantined"] == 0
    assert [f["imported"] for f in report["files"]] == [10, 5]  # as read from their comments endpoint
    with hub_engine.connect() as connection:
        threads = set(connection.scalars(select(mentions.c.conversation_key)))
    assert {key.rsplit(":", 1)[1] for key in threads} == {"19292868552_10158407654328553"}  # one post
