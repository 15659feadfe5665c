import socket
import subprocess
import sys
import time

import httpx
import pytest

from console.hub.cli import main


def test_migrate_reports_the_revision(tmp_path, capsys):
    assert main(["migrate", "--db", str(tmp_path / "hub.sqlite")]) == 0
    assert "schema revision 0001" in capsys.readouterr().out


def test_migrate_on_postgres(pg_url, capsys):
    assert main(["migrate", "--db", pg_url.replace("postgresql+psycopg", "postgresql")]) == 0
    assert "0001" in capsys.readouterr().out


def test_an_unreachable_database_is_a_clear_error(capsys):
    assert main(["migrate", "--db", "postgresql://nobody:secret@127.0.0.1:9/none"]) == 2
    err = capsys.readouterr().err
    assert "cannot open the database postgresql+psycopg://nobody:***@127.0.0.1:9/none" in err
    assert "secret" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_runs_a_hub_with_the_demo_feed(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console.hub.cli",
            "serve",
            "--db",
            str(tmp_path / "hub.sqlite"),
            "--port",
            str(port),
            "--demo",
            "--demo-rate",
            "600",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()
                if health["head"] > 0:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "hub did not come up"
            time.sleep(0.2)
        pulled = httpx.get(f"http://127.0.0.1:{port}/v1/sync/pull", params={"limit": 5000}).json()
        assert len(pulled["tables"]["mention"]["rows"]) >= 40
    finally:
        process.terminate()
        process.wait(10)
