import contextlib
import io
import socket
import ssl
import subprocess
import sys
import time
import uuid

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
    capsys.readouterr()
    assert main(["users", "edit", "ana", "--role", "agent", "--team", "Legal", "--team", "PR", *db]) == 0
    assert "ana is now agent; teams: Legal, PR" in capsys.readouterr().out
    assert main(["users", "edit", "ana", *db]) == 2
    assert "nothing to change" in capsys.readouterr().err
    assert main(["teams", "list", *db]) == 0
    assert {"Support", "PR", "Legal", "Sales", "Marketing"} <= set(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["users", "add", "ana", "--password-stdin"], "short\n", "at least 10"),
        (["users", "add", "ana"], "", "no terminal"),
        (["users", "add", "ana", "--team", "Nope", "--password-stdin"], PASSWORD, "unknown team Nope"),
        (["users", "disable", "nobody"], "", "no user named 'nobody'"),
        (["users", "edit", "nobody", "--team", "PR"], "", "no user named 'nobody'"),
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
def served(tmp_path, *extra: str, scheme: str = "http", verify=True, processes: list | None = None):
    """``horseshoe-hub serve`` in a real process; yields (base URL, bearer headers of a new supervisor).
    ``processes``, when given, gets the process (to kill it)."""
    db = str(tmp_path / "hub.sqlite")
    # A supervisor sees every case (an agent only their teams': see test_scope).
    add = ["users", "add", "ana", "--role", "supervisor", "--password-stdin", "--db", db]
    added = subprocess.run(
        [sys.executable, "-m", "console.hub.cli", *add],
        input=PASSWORD,
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    port = _free_port()
    command = [sys.executable, "-m", "console.hub.cli", "serve", "--db", db, "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if processes is not None:
        processes.append(process)
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


def _pulled(base: str, headers: dict, kind: str) -> list[dict]:
    table = (
        httpx.get(f"{base}/v1/sync/pull", params={"limit": 5000}, headers=headers).json()["tables"].get(kind)
    )
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]] if table else []


def _claim_and_reply(base: str, headers: dict) -> str:
    """Claim the first demo case as ana and reply on it through push; returns the reply's id."""
    deadline = time.monotonic() + 30
    while not (found := _pulled(base, headers, "case")):
        assert time.monotonic() < deadline, "the demo feed did not backfill"
        time.sleep(0.2)
    case_id, desk = found[0]["id"], str(uuid.uuid4())

    def push(seq: int, kind: str, **payload) -> dict:
        mutation = {"id": str(uuid.uuid4()), "seq": seq, "kind": kind, "case_id": case_id, "payload": payload}
        body = {"workstation_id": desk, "mutations": [mutation]}
        return httpx.post(f"{base}/v1/sync/push", json=body, headers=headers).json()["results"][0]

    token = push(1, "claim")["detail"]["claim_token"]
    reply_id = str(uuid.uuid4())
    assert push(2, "reply", reply_id=reply_id, text="On it!", claim_token=token)["outcome"] == "applied"
    return reply_id


def _reply_when(base: str, headers: dict, status: str, limit_s: float = 60, every_s: float = 0.2) -> dict:
    deadline = time.monotonic() + limit_s
    while (reply := _pulled(base, headers, "reply")[0])["status"] != status:
        assert time.monotonic() < deadline, f"the reply never became {status}: {reply}"
        time.sleep(every_s)
    return reply


@pytest.mark.slow
def test_serve_publishes_replies_through_the_demo_connector(tmp_path, monkeypatch):
    monkeypatch.setenv("HORSESHOE_HUB_DEMO_PUBLISH_FAILURE_RATE", "0.5")  # the knobs reach the process
    with served(tmp_path, "--demo", "--demo-rate", "60") as (base, headers):
        reply_id = _claim_and_reply(base, headers)
        reply = _reply_when(base, headers, "published")
        assert reply["id"] == reply_id and reply["url"].endswith(f"demo-reply-{reply_id}")


@pytest.mark.slow
def test_a_hub_killed_while_sending_never_posts_twice(tmp_path, monkeypatch):
    """kill -9 while the demo network holds the reply; the restarted hub checks, then settles it."""
    from console.hub.database import create_hub_engine
    from console.hub.demo_connector import demo_post_counts

    monkeypatch.setenv("HORSESHOE_HUB_PUBLISH_LEASE_S", "8")  # each network call is cut at 2 s
    monkeypatch.setenv("HORSESHOE_HUB_DEMO_PUBLISH_LATENCY_MS", "1000")
    processes: list = []
    with served(tmp_path, "--demo", "--demo-rate", "60", processes=processes) as (base, headers):
        _claim_and_reply(base, headers)
        _reply_when(base, headers, "sending", limit_s=20, every_s=0.05)
        processes[0].kill()  # SIGKILL: no shutdown, no answer written down
        processes[0].wait(10)
    port = _free_port()
    db = str(tmp_path / "hub.sqlite")
    command = [sys.executable, "-m", "console.hub.cli", "serve", "--db", db, "--port", str(port), "--demo"]
    restarted = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            assert time.monotonic() < deadline and restarted.poll() is None, "the hub did not come back"
            time.sleep(0.2)
        _reply_when(base, headers, "published", limit_s=60)  # once the dead process's lease ran out
    finally:
        restarted.terminate()
        restarted.wait(10)
    engine = create_hub_engine(db)
    assert demo_post_counts(engine) == (1, 0)
    engine.dispose()
