"""Brand accounts with sealed credentials, the quarantine, and the import command's refusals — on
SQLite and PostgreSQL, through the CLI as an admin runs it."""

import io
import json

import pytest
from sqlalchemy import select

from console.channels.normalized import Quarantined
from console.domain.network import Network
from console.hub import cli, credentials, quarantine
from console.hub.schema import account_credentials


@pytest.fixture
def db(hub_engine, hub_url, monkeypatch):
    monkeypatch.setenv("HORSESHOE_HUB_CREDENTIALS_KEY", KEY)
    return hub_url


KEY = credentials.new_key()


def run(argv, stdin: str = "", monkeypatch=None) -> int:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(argv)


def test_credentials_are_sealed_and_open_only_with_their_key(hub_engine):
    sealer = credentials.Sealer(KEY)
    credentials.store(hub_engine, sealer, "x-help", {"access_token": "t0ken", "refresh_token": "r"})
    with hub_engine.connect() as connection:
        row = connection.execute(select(account_credentials)).one()
    assert "t0ken" not in row.secret and row.key_id == sealer.key_id
    assert credentials.load(hub_engine, sealer, "x-help") == {"access_token": "t0ken", "refresh_token": "r"}
    other = credentials.Sealer(credentials.new_key())
    with pytest.raises(credentials.CredentialsError, match=f"sealed with another key {sealer.key_id}"):
        credentials.load(hub_engine, other, "x-help")
    credentials.forget(hub_engine, "x-help")
    assert credentials.load(hub_engine, sealer, "x-help") is None


@pytest.mark.parametrize("key", ["", "not-a-key"])
def test_no_key_or_a_bad_key_is_said(key):
    with pytest.raises(credentials.CredentialsError, match=r"credentials key|Fernet"):
        credentials.Sealer(key)


def test_accounts_add_list_and_remove_through_the_cli(db, hub_engine, monkeypatch, capsys):
    argv = [
        "accounts",
        "add",
        "--db",
        db,
        "--network",
        "x",
        "--handle",
        "@NorthwindHelp",
        "--credentials-stdin",
    ]
    assert run(argv, "access_token=abc\napp_secret = s3cret\n", monkeypatch) == 0
    assert "account x-northwindhelp" in capsys.readouterr().out
    sealer = credentials.Sealer(KEY)
    assert credentials.load(hub_engine, sealer, "x-northwindhelp") == {
        "access_token": "abc",
        "app_secret": "s3cret",
    }

    assert run(["accounts", "list", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "x-northwindhelp" in listing and f"sealed ({sealer.key_id})" in listing and "s3cret" not in listing

    assert run(["accounts", "add", "--db", db, "--network", "x", "--handle", "b", "--team", "Nope"]) == 2
    assert "no team 'Nope'" in capsys.readouterr().err
    assert run(argv, "not a pair\n", monkeypatch) == 2
    assert "line 1 of the credentials is not KEY=VALUE" in capsys.readouterr().err

    assert run(["accounts", "remove", "--db", db, "x-northwindhelp"]) == 0
    assert credentials.load(hub_engine, sealer, "x-northwindhelp") is None
    assert run(["accounts", "remove", "--db", db, "nobody"]) == 2


def test_credentials_are_refused_without_a_key(db, monkeypatch, capsys):
    monkeypatch.delenv("HORSESHOE_HUB_CREDENTIALS_KEY")
    argv = ["accounts", "add", "--db", db, "--network", "x", "--handle", "h", "--credentials-stdin"]
    assert run(argv, '{"access_token": "abc"}', monkeypatch) == 2
    assert "no credentials key" in capsys.readouterr().err


def test_import_asks_which_account_and_says_when_there_is_none(db, capsys, tmp_path):
    body = tmp_path / "body.json"
    body.write_text("{}")
    assert run(["import", "--db", db, "--network", "bluesky", str(body)]) == 2
    assert "give --account (none yet: add one with `accounts add`)" in capsys.readouterr().err
    assert run(["import", "--db", db, "--network", "bluesky", "--account", "ghost", str(body)]) == 2
    assert "no Bluesky account 'ghost'" in capsys.readouterr().err


def test_quarantined_items_are_kept_with_their_reason(hub_engine):
    items = [Quarantined.of("no 'text' in data[1]", {"id": "1", "bad": True}, "data[1]")]
    assert quarantine.hold(hub_engine, Network.X, None, "import a.json", items, 1_700_000_000_000) == 1
    (held,) = quarantine.recent(hub_engine, network=Network.X)
    assert (held.reason, held.location, held.source) == ("no 'text' in data[1]", "data[1]", "import a.json")
    assert json.loads(held.payload) == {"id": "1", "bad": True}
    assert quarantine.recent(hub_engine, network=Network.REDDIT) == []
