"""The first-run checks against real local hubs: the address, the certificate, the connection test
and the sign-in; and the saved choice, damaged or not."""

import asyncio
import json
import logging

import pytest
import trustme

from console.services.credentials import Credentials
from console.services.workspace import (
    HubCheck,
    Workspace,
    WorkspaceError,
    WorkspaceFile,
    check_hub_url,
    opening,
)
from console.sync import tls_probe
from console.sync.hub_client import HubClient
from console.sync.tls_probe import Verdict
from tests.services.tls_hubs import PASSWORD, closed_port, silent_port, tls_hub, web_page


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.mark.parametrize(
    ("typed", "url", "port", "warned"),
    [
        ("https://hub.example.com/", "https://hub.example.com", 443, False),
        ("  HTTPS://Hub.Example.com:8443/care/ ", "https://hub.example.com:8443/care", 8443, False),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000", 8000, False),
        ("http://localhost", "http://localhost", 80, False),
        ("http://hub.example.com", "http://hub.example.com", 80, True),
    ],
)
def test_an_address_is_checked_and_normalised(typed, url, port, warned):
    address = check_hub_url(typed)
    assert (address.url, address.port, bool(address.warning)) == (url, port, warned)
    if warned:
        assert "unencrypted" in address.warning


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "Enter the hub's address"),
        ("hub.example.com", "Start the address with https://"),
        ("ftp://hub.example.com", "not ftp"),
        ("https://", "no host name"),
        ("https://hub.example.com:99999", "not a usable address"),
        ("https://hub.example.com/?x=1", r"no \? or #"),
    ],
)
def test_a_bad_address_says_why(typed, words):
    with pytest.raises(WorkspaceError, match=words):
        check_hub_url(typed)


def test_the_choice_is_saved_and_read_back(tmp_path):
    saved = WorkspaceFile(tmp_path / "config")
    assert saved.load() is None
    saved.save(Workspace())
    assert saved.load() == Workspace()
    pem = _certificate_pem()
    ca = saved.keep_certificate("https://hub.example.com", pem)
    choice = Workspace("https://hub.example.com", ca, tls_probe.fingerprint(pem))
    saved.save(choice)
    assert saved.load() == choice
    assert ca.parent == tmp_path / "config" / "certificates"
    assert not [p for p in saved.config_dir.iterdir() if p.name.endswith(".tmp")]


def _certificate_pem() -> str:
    return trustme.CA().issue_cert("hub.example.com").cert_chain_pems[0].bytes().decode("ascii")


def test_trusting_again_in_an_unfinished_wizard_leaves_the_saved_trust_alone(tmp_path):
    saved = WorkspaceFile(tmp_path / "config")
    first, other = _certificate_pem(), _certificate_pem()
    url = "https://hub.example.com"
    saved.save(Workspace(url, saved.keep_certificate(url, first), tls_probe.fingerprint(first)))
    saved.keep_certificate(url, other)  # the wizard again: another certificate trusted, then cancelled
    kept = saved.load()
    assert kept is not None and kept.ca_file.read_text(encoding="ascii") == first


@pytest.mark.parametrize("how", ["written over", "path elsewhere", "relative path", "other pin"])
def test_a_saved_ca_file_that_is_not_the_one_kept_asks_again(tmp_path, caplog, monkeypatch, how):
    """What the saved choice trusts is what the person trusted: a file swapped, or a path edited to
    point elsewhere, is asked about again instead of trusted."""
    saved = WorkspaceFile(tmp_path / "config")
    pem, other = _certificate_pem(), _certificate_pem()
    url = "https://hub.example.com"
    ca = saved.keep_certificate(url, pem)
    fingerprint = tls_probe.fingerprint(pem)
    if how == "written over":
        ca.write_text(other, encoding="ascii")
    elif how == "path elsewhere":
        ca = tmp_path / "downloads" / ca.name
        ca.parent.mkdir()
        ca.write_text(pem, encoding="ascii")
    elif how == "relative path":
        monkeypatch.chdir(ca.parent)
        ca = ca.relative_to(ca.parent)
    else:  # a file this desk kept, but for another certificate than the one trusted
        ca = saved.keep_certificate(url, other)
    saved.save(Workspace(url, ca, fingerprint))
    data = json.loads(saved.path.read_text())
    data["ca_file"] = str(ca)  # as a hand edit would leave it
    saved.path.write_text(json.dumps(data))
    with caplog.at_level(logging.WARNING):
        assert saved.load() is None
    assert "asking again" in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        '{"version": 1, "hub_url": ',  # cut short
        '{"version": 7, "hub_url": null}',  # a future or foreign format
        '{"version": 1, "hub_url": "ftp://x"}',  # not a hub address
        '{"version": 1}',  # nothing chosen
        "[1, 2]",
        "\udcff",
    ],
)
def test_a_damaged_file_asks_again_and_says_so_in_the_log(tmp_path, caplog, content):
    saved = WorkspaceFile(tmp_path)
    saved.path.write_text(content, encoding="utf-8", errors="surrogateescape")
    with caplog.at_level(logging.WARNING):
        assert saved.load() is None
    assert "asking again" in caplog.text and str(saved.path) in caplog.text


def test_an_unknown_authority_is_untrusted_until_trusted_explicitly(tmp_path):
    check = HubCheck(Credentials())
    with tls_hub(tmp_path) as (url, _ca):
        address = check_hub_url(url)
        report = run(check.certificate(address))
        assert report.verdict is Verdict.UNTRUSTED and report.reason
        assert not report.certificate.self_signed and "trustme" in report.certificate.issuer
        assert len(report.certificate.sha256.split(":")) == 32
        with pytest.raises(WorkspaceError, match="TLS"):
            run(check.test(address))  # the system store does not vouch for it
        pinned = WorkspaceFile(tmp_path / "config").keep_certificate(url, report.certificate.pem)
        assert run(check.certificate(address, pinned)).verdict is Verdict.TRUSTED
        connection = run(check.test(address, pinned))
        assert connection.version and connection.latency_ms > 0
        user = run(check.sign_in(address, pinned, "ana", PASSWORD))
        assert user.username == "ana"


def test_a_self_signed_certificate_may_be_trusted_explicitly(tmp_path):
    check = HubCheck(Credentials())
    with tls_hub(tmp_path, self_signed=True) as (url, _ca):
        address = check_hub_url(url)
        report = run(check.certificate(address))
        assert report.verdict is Verdict.UNTRUSTED and report.certificate.self_signed
        assert "self-signed" in report.reason
        pinned = WorkspaceFile(tmp_path / "config").keep_certificate(url, report.certificate.pem)
        assert run(check.certificate(address, pinned)).verdict is Verdict.TRUSTED
        assert run(check.test(address, pinned)).version


def test_a_file_that_is_no_ca_file_is_worded(tmp_path):
    junk = tmp_path / "notes.pem"
    junk.write_text("not a certificate")
    with tls_hub(tmp_path) as (url, _ca):
        with pytest.raises(WorkspaceError, match="cannot be used"):
            run(HubCheck(Credentials()).certificate(check_hub_url(url), junk))


def test_a_chosen_ca_file_makes_the_hub_trusted(tmp_path):
    with tls_hub(tmp_path) as (url, ca):
        address = check_hub_url(url)
        assert run(HubCheck(Credentials()).certificate(address, ca)).verdict is Verdict.TRUSTED


def test_the_pinned_certificate_is_what_the_hub_client_verifies_with(tmp_path):
    with tls_hub(tmp_path) as (url, ca):

        async def version(verify):
            client = HubClient(url, verify=verify)
            try:
                return (await client.health()).version
            finally:
                await client.aclose()

        assert run(version(tls_probe.verify_for(ca)))


def test_a_certificate_for_another_host_is_refused(tmp_path):
    with tls_hub(tmp_path, "hub.example.org") as (url, ca):
        report = run(HubCheck(Credentials()).certificate(check_hub_url(url), ca))
        assert report.verdict is Verdict.REFUSED and "mismatch" in report.reason.lower()


def test_an_expired_certificate_is_refused(tmp_path):
    with tls_hub(tmp_path, expired=True) as (url, _ca):
        report = run(HubCheck(Credentials()).certificate(check_hub_url(url)))
        assert report.verdict is Verdict.REFUSED and "expired" in report.reason


def test_failures_are_worded(tmp_path):
    check = HubCheck(Credentials(), timeout=0.5)
    with pytest.raises(WorkspaceError, match="refused the connection"):
        run(check.test(check_hub_url(f"http://127.0.0.1:{closed_port()}")))
    with pytest.raises(WorkspaceError, match="refused the connection"):
        run(check.certificate(check_hub_url(f"https://127.0.0.1:{closed_port()}")))
    with web_page() as url:
        with pytest.raises(WorkspaceError, match="not a Horseshoe hub"):
            run(check.test(check_hub_url(url)))
        port = check_hub_url(url).port
        with pytest.raises(WorkspaceError, match="does not speak TLS"):
            run(check.certificate(check_hub_url(f"https://127.0.0.1:{port}")))
    with silent_port() as port:
        with pytest.raises(WorkspaceError, match="did not answer in time"):
            run(check.test(check_hub_url(f"http://127.0.0.1:{port}")))
    with pytest.raises(WorkspaceError, match="cannot be found"):
        run(check.test(check_hub_url("https://no-such-host.invalid")))


def test_the_saved_file_is_json_a_person_can_read(tmp_path):
    saved = WorkspaceFile(tmp_path)
    saved.save(Workspace("https://hub.example.com"))
    assert json.loads(saved.path.read_text())["hub_url"] == "https://hub.example.com"


def test_what_a_start_opens(tmp_path):
    saved = Workspace("https://hub.example.com", tmp_path / "hub.pem", "AB")
    assert opening(None, None, False, None) is None  # nothing chosen: ask
    assert opening(None, None, False, saved) == saved
    assert opening(None, None, True, saved) is None  # --first-run: ask again
    # The command line (or environment) wins; a certificate trusted for that very hub still counts.
    assert opening("https://hub.example.com/", None, False, saved) == Workspace(
        "https://hub.example.com/", saved.ca_file
    )
    assert opening("https://other.example.com", None, False, saved) == Workspace("https://other.example.com")
    given = tmp_path / "given.pem"
    assert opening("https://hub.example.com", given, False, saved).ca_file == given
    # --hub-ca (or HORSESHOE_HUB_CA) alone is for the saved hub, not dropped without a word.
    assert opening(None, given, False, saved) == Workspace("https://hub.example.com", given)
    assert opening(None, given, False, Workspace()) == Workspace()
    assert opening(None, None, False, Workspace()) == Workspace()
