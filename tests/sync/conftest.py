"""Sync fixtures: an organisation, several counter PCs (real SQLCipher stores), a real share folder."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.model import datadir
from app.model.entry import canonical_json
from app.model.service import Service
from app.model.store import Store
from app.model.sync import create_org, join_org, read_enrollment, sync_folder
from app.model.sync.orgkeys import DeviceKeys

PASSPHRASE = "港区テスト用パスフレーズ"


ROLES = frozenset({"staff", "chief", "section_chief", "facility_manager"})  # what the sync scenarios write


def worker(name: str):
    """An actor holding the roles the sync scenarios need, without staff-directory entries, so that the
    entry counts these tests assert stay about the incidents (permissions are tested in tests/access)."""
    from app.model.actor import Actor
    return Actor(name=f"職員{name}", roles=ROLES, kind="sync-test")


@dataclass
class PC:
    name: str
    data_dir: Path
    store: Store
    keys: DeviceKeys

    @property
    def svc(self) -> Service:
        return Service(self.store, worker(self.name))

    def sync(self, folder, **kw):
        return sync_folder(self.store, folder, self.keys, **kw)


@pytest.fixture
def enrollment(tmp_path, memory_keyring):
    path = tmp_path / "org.enroll"
    create_org(path, PASSPHRASE)
    return read_enrollment(path, PASSPHRASE)


@pytest.fixture
def make_pc(tmp_path, enrollment):
    made: list[PC] = []

    def make(name: str, clock=None, join=enrollment) -> PC:
        data = tmp_path / f"pc-{name}"
        created = datadir.init_store(data)
        store = created.store
        if clock is not None:
            store.close()
            store = datadir.open_store(data, clock=clock)
        pc = PC(name, data, store, join_org(store, join))
        made.append(pc)
        return pc

    yield make
    for pc in made:
        pc.store.close()


@pytest.fixture
def share(tmp_path) -> Path:
    d = tmp_path / "share"
    d.mkdir()
    return d


INCIDENT = {
    "occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "place": "1階 区民課窓口",
    "summary": "架空の事例：窓口で大声を出した。", "party": {"name": "架空 太郎"}, "department": "",
    "quotes": [{"at": "2025-04-01T10:01:00+09:00", "text": "架空の発言ですぐ出せと怒鳴った"}],
}


def state_hash(store: Store) -> str:
    """What every PC must agree on: the set of entries and each incident's derived state."""
    h = hashlib.sha256()
    for (hash_,) in store.conn.execute("SELECT hash FROM entries ORDER BY hash"):
        h.update(hash_.encode())
    for (iid,) in store.conn.execute("SELECT id FROM incidents ORDER BY id"):
        st = store.incident(iid)
        h.update(canonical_json([iid, st.status, st.needs_review, st.conflicts, st.closed, st.judgement,
                                 st.entry_count]).encode())
    held = [r[0] for r in store.conn.execute("SELECT entry_id FROM sync_held ORDER BY entry_id")]
    h.update(canonical_json(held).encode())
    return h.hexdigest()
