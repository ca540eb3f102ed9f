"""Shared fixtures: offscreen Qt, an explicit in-memory keyring backend, temporary stores."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses (CLI, crash writers) import the code under test, not whatever checkout the venv points at.
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p)

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from app.model import datadir  # noqa: E402
from app.model import passwords  # noqa: E402
from app.model.service import Service  # noqa: E402
from tests.people import add_people  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """A real keyring backend kept in memory, registered explicitly for tests."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def created(tmp_path, memory_keyring):
    """A fresh store in a temporary data folder, its key in the memory keyring."""
    result = datadir.init_store(tmp_path / "data")
    yield result
    result.store.close()


@pytest.fixture
def store(created):
    return created.store


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Cheap argon2id parameters in-process (the parameters travel in each hash, so checks stay real).
    CLI subprocesses keep the production parameters."""
    from argon2 import PasswordHasher
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    monkeypatch.setattr(passwords, "_DUMMY", None)


@pytest.fixture
def people(store):
    """role -> signed-in Actor, one fictional member of staff per role (the admin bootstrapped first)."""
    return add_people(store)


@pytest.fixture
def service(store, people):
    """A 職員 (港 一郎) signed in on a store that has an admin and one member per role."""
    return Service(store, people["staff"])


@pytest.fixture
def cli_env(tmp_path):
    """Environment for CLI subprocesses: keyrings.alt's file backend chosen explicitly, in a temp folder."""
    env = dict(os.environ)
    env.update({
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "MADOGUCHI_DATA_DIR": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    })
    return env


SAMPLE = {
    "occurred_at": "2025-04-01T10:00:00+09:00",
    "channel": "対面",
    "place": "1階 区民課窓口",
    "summary": "証明書の交付を待つ間に大声で怒鳴った。",
    "demands": "すぐに交付しろ",
    "party": {"name": "髙橋 﨑子"},
    "staff": ["港 一郎", "芝 花子"],
    "behaviours": ["暴言、侮辱及び誹謗中傷"],
    "department": "区民課",
    "quotes": [{"at": "2025-04-01T10:01:00+09:00", "text": "「馬鹿野郎」と大声で怒鳴った後に土下座しろと言った"}],
}


@pytest.fixture
def sample():
    import copy
    return copy.deepcopy(SAMPLE)
