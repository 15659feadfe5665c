import keyring.backend
import pytest
from keyring.backends import fail, null

from console.services.credentials import Credentials, CredentialsError


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-looking backend for tests: what a Secret Service would do, in memory."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.store[(service, username)]


class LockedKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("the collection is locked")


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_without_a_secure_keyring_secrets_stay_in_memory_and_the_user_is_told(backend):
    credentials = Credentials(backend)
    assert not credentials.secure
    assert "session only" in credentials.notice and type(backend).__module__ in credentials.notice
    credentials.set("ana@hub", "token-1")  # never raises NoKeyringError, never writes a file
    assert credentials.get("ana@hub") == "token-1"
    credentials.delete("ana@hub")
    assert credentials.get("ana@hub") is None


def test_a_secure_keyring_holds_the_secret():
    backend = MemoryKeyring()
    credentials = Credentials(backend)
    assert credentials.secure and credentials.notice is None
    credentials.set("ana@hub", "token-2")
    assert backend.store == {("horseshoe", "ana@hub"): "token-2"}
    assert credentials.get("ana@hub") == "token-2"
    credentials.delete("ana@hub")
    credentials.delete("ana@hub")  # deleting twice is fine
    assert backend.store == {}


def test_a_locked_keyring_is_a_clear_error():
    with pytest.raises(CredentialsError, match="locked"):
        Credentials(LockedKeyring()).get("ana@hub")


def test_plaintext_file_backends_are_not_trusted():
    class PlaintextKeyring(MemoryKeyring):
        pass

    assert not Credentials(PlaintextKeyring()).secure
