"""Keyring backends that refuse values over 1280 characters, as Windows Credential Manager does
(CredWrite takes at most 2560 bytes of UTF-16 per credential and fails with error 1783,
"The stub received bad data"; keyring issue #540). Chosen explicitly: in-process with
``keyring.set_keyring(LimitedMemoryKeyring())``, in CLI subprocesses with
``PYTHON_KEYRING_BACKEND=tests.keyring_limited.LimitedFileKeyring``."""
from __future__ import annotations

from keyring.backend import KeyringBackend
from keyrings.alt.file import PlaintextKeyring

LIMIT = 1280


class CredWriteError(Exception):
    """What pywin32 raises from CredWrite (pywintypes.error: winerror, function name, message)."""

    def __init__(self):
        super().__init__(1783, "CredWrite", "The stub received bad data.")
        self.winerror = 1783


def _check(password: str) -> None:
    if len(password) > LIMIT:
        raise CredWriteError()


class LimitedMemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.refused = 0

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        if len(password) > LIMIT:
            self.refused += 1
        _check(password)
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


class LimitedFileKeyring(PlaintextKeyring):
    """keyrings.alt's file backend (a real backend, a file under XDG_DATA_HOME) with the same limit."""

    def set_password(self, service, username, password):
        _check(password)
        super().set_password(service, username, password)
