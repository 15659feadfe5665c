import contextlib
import io
import socket
import ssl
import subprocess
import sys
import time

import httpx
import pytest

from console.hub import migrate
from console.hub.cli import main

PASSWORD = "correct horse battery"


def test_migrate_reports_the_revision(tmp_path, capsys):
    assert main(["migrate", "--db", str(tmp_path / "hub.sqlite")]) == 0
    assert f"schema revision {migrate.head()}" in capsys.readouterr().out


def test_migrate_on_postgres(pg_url, capsys):
    assert main(["migrate", "--db", pg_url.replace("postgresql+psycopg", "postgresql")]) == 0
    assert migrate.head() in capsys.readouterr().out


def test_users_are_added_listed_disabled_and_reset(tmp_path, capsys, monkeypatch):
    db = ["--db", str(tmp_path / "hub.sqlite")]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "ana", "--role", "supervisor", "--team", "PR", "--password-stdin", *db]) == 0
    assert "added ana (supervisor; teams: PR)" in capsys.readouterr().out
    assert main(["users", "disable", "ana", *db]) == 0
    capsys.readouterr()
    assert main(["users", "list", *db]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == ["USERNAME", "NAME", "ROLE", "TEAMS", "STATE"]
    assert listing[1].split() == ["ana", "ana", "supervisor", "PR", "disabled"]
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    assert main(["users", "reset", "ana", "--password-stdin", *db]) == 0
    assert main(["teams", "list", *db]) == 0
    assert {"Support", "PR", "Legal", "Sales", "Marketing"} <= set(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["users", "add", "ana", "--password-stdin"], "short\n", "at least 10"),
        (["users", "add", "ana"], "", "no terminal"),
        (["users", "add", "ana", "--team", "Nope", "--password-stdin"], PASSWORD, "unknown team Nope"),
        (["users", "disable", "nobody"], "", "no user named 'nobody'"),
    ],
)
def test_user_commands_refuse_bad_input_clearly(tmp_path, capsys, monkeypatch, argv, stdin, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main([*argv, "--db", str(tmp_path / "hub.sqlite")]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[hub]\nport = 'eighty'\n", "'eighty' is not a valid int"),
        ("[hub]\ntls_certificate = 'x.pem'\n", "unknown setting 'tls_certificate'"),
        ("[hub\n", "not valid TOML"),
        ("[hub]\ntls_cert = '/nonexistent.pem'\ntls_key = '/nonexistent.key'\n", "cannot be read"),
        ("[hub]\ntls_cert = '/etc/hostname'\n", "needs both tls_cert and tls_key"),
    ],
)
def test_a_broken_config_file_is_refused_with_the_reason(tmp_path, capsys, text, message):
    path = tmp_path / "hub.toml"
    path.write_text(text)
    assert main(["migrate", "--config", str(path), "--db", str(tmp_path / "hub.sqlite")]) == 2
    assert message in capsys.readouterr().err


def test_config_file_then_environment_then_flags(tmp_path, monkeypatch):
    from console.hub import config

    path = tmp_path / "hub.toml"
    path.write_text("[hub]\nport = 9000\nhost = '0.0.0.0'\ndemo = true\ntoken_ttl_hours = 8\n")
    monkeypatch.setenv("HORSESHOE_HUB_PORT", "9100")
    monkeypatch.setenv("HORSESHOE_HUB_DEMO", "off")
    loaded = config.load(path, {"host": "127.0.0.2", "port": None})
    assert (loaded.host, loaded.port, loaded.demo, loaded.token_ttl_ms) == (
        "127.0.0.2",
        9100,
        False,
        8 * 3_600_000,
    )
    monkeypatch.setenv("HORSESHOE_HUB_DEMO", "maybe")
    with pytest.raises(config.ConfigError, match="HORSESHOE_HUB_DEMO: 'maybe' is not a valid bool"):
        config.load(path)


def test_an_unreachable_database_is_a_clear_error(capsys):
    assert main(["migrate", "--db", "postgresql://nobody:secret@127.0.0.1:9/none"]) == 2
    err = capsys.readouterr().err
    assert "cannot open the database postgresql+psycopg://nobody:***@127.0.0.1:9/none" in err
    assert "secret" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(tmp_path, *extra: str, scheme: str = "http", verify=True):
    """``horseshoe-hub serve`` in a real process; yields (base URL, bearer headers of a new agent)."""
    db = str(tmp_path / "hub.sqlite")
    added = subprocess.run(
        [sys.executable, "-m", "console.hub.cli", "users", "add", "ana", "--password-stdin", "--db", db],
        input=PASSWORD,
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    port = _free_port()
    command = [sys.executable, "-m", "console.hub.cli", "serve", "--db", db, "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"{scheme}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1, verify=verify).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "hub did not come up"
            time.sleep(0.2)
        login = httpx.post(
            f"{base}/v1/auth/login", json={"username": "ana", "password": PASSWORD}, verify=verify
        )
        yield base, {"Authorization": f"Bearer {login.json()['token']}"}
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.slow
def test_serve_runs_a_hub_with_the_demo_feed(tmp_path):
    with served(tmp_path, "--demo", "--demo-rate", "600") as (base, headers):
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/health").json()["head"] < 40:
            assert time.monotonic() < deadline, "the demo feed did not backfill"
            time.sleep(0.2)
        pulled = httpx.get(f"{base}/v1/sync/pull", params={"limit": 5000}, headers=headers).json()
        assert len(pulled["tables"]["mention"]["rows"]) >= 40
        assert httpx.get(f"{base}/v1/sync/pull").status_code == 401


@pytest.mark.slow
def test_serve_speaks_tls_when_given_a_certificate(tmp_path):
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    cert, key, ca = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    certificate.private_key_and_cert_chain_pem.write_to_path(str(cert))
    certificate.private_key_pem.write_to_path(str(key))
    authority.cert_pem.write_to_path(str(ca))
    extra = ("--tls-cert", str(cert), "--tls-key", str(key))
    trusted = ssl.create_default_context(cafile=str(ca))
    with served(tmp_path, *extra, scheme="https", verify=trusted) as (base, headers):
        assert httpx.get(f"{base}/v1/auth/me", headers=headers, verify=trusted).json()["username"] == "ana"
        with pytest.raises(httpx.ConnectError):  # an unknown authority is refused by the client
            httpx.get(f"{base}/health")
