"""Issue 13 item 7: faults at home, on real stores. A full disk (a real small file system when this test
may mount one, else SQLite's own page limit): recording is refused with a clear Japanese message, reading
and signing in still work (the sign-in's audit entry is kept and written later). A read-only data folder
is named as such. Store and key files are owner-only."""
from __future__ import annotations

import errno
import json
import os
import stat
import subprocess

import pytest

from app.model import audit, datadir
from app.model.auth import Authenticator as Auth
from app.model.errors import DiskFullError, KeyUnavailableError, ReadOnlyError
from app.model.service import Service
from tests.cli.helpers import init, run, run_json
from tests.conftest import SAMPLE
from tests.people import PASSWORD, add_people


def _mount(source, target, *opts) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *opts, str(source), str(target)], capture_output=True).returncode == 0


class SmallDisk:
    """A real 24 MiB file system (tmpfs) at ``path``; ``fill()`` takes every free byte."""

    def __init__(self, path):
        self.path = path
        self.filler = path / "filler.bin"

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            block = b"\0" * 65536
            while True:
                try:
                    os.write(fd, block)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    if len(block) == 1:
                        break
                    block = block[: len(block) // 2]
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("tmpfs", disk, "-t", "tmpfs", "-o", "size=24m"):
        pytest.skip("cannot mount a small file system here (needs root)")
    yield SmallDisk(disk)
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_full_disk_refuses_recording_and_keeps_reading_and_sign_in(small_disk, memory_keyring):
    created = datadir.init_store(small_disk.path / "data")
    store = created.store
    try:
        people = add_people(store)
        svc = Service(store, people["staff"])
        iid = svc.create_incident(SAMPLE)
        before = len(audit.recent(store))
        small_disk.fill()
        with pytest.raises(DiskFullError) as info:
            for _ in range(50):  # the WAL may take a few small writes into space it already holds
                svc.append(iid, "note", {"text": "架空：満杯のディスクへの追記" * 50})
        assert "ディスクの空き容量" in info.value.ja and "何も保存していません" in info.value.ja
        assert store.incident(iid).status and svc.entries(iid)  # reading works
        assert [r["id"] for r in store.list_incidents()] == [iid]
        actor = Auth(store).sign_in(people["staff"].name, PASSWORD)  # does not fail
        assert actor.name == people["staff"].name
        assert audit.pending_count(store) >= 1
        small_disk.free()
        svc.append(iid, "note", {"text": "架空：空きができてからの追記"})
        audit.record(store, actor.name, "view", incident_id=iid)
        assert audit.pending_count(store) == 0
        trail = audit.recent(store)
        late = [r for r in trail if r["action"] == "sign_in" and "happened_at" in r]
        assert late and len(trail) > before
    finally:
        store.close()


def test_full_disk_cli_list_still_works(small_disk, cli_env):
    env = dict(cli_env, MADOGUCHI_DATA_DIR=str(small_disk.path / "data"))
    init(env)
    iid = run_json(env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    small_disk.fill()
    big = dict(SAMPLE, summary="架空の長い概要。" * 2000)
    refused = None
    for _ in range(20):
        refused = run(env, "incident", "add", "--json", "-", stdin=json.dumps(big, ensure_ascii=False), check=False)
        if refused.returncode != 0:
            break
    assert refused.returncode == 11, refused.stderr
    assert "ディスクの空き容量" in refused.stderr and "Traceback" not in refused.stderr
    listed = run(env, "incident", "list", check=False)
    assert listed.returncode == 0, listed.stderr
    assert iid in listed.stdout


def test_page_limit_full_store_gives_the_same_clear_refusal(store, people):
    """Runs everywhere (no mount): SQLite's page limit returns the very SQLITE_FULL a full disk returns."""
    svc = Service(store, people["staff"])
    iid = svc.create_incident(SAMPLE)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError):
        for _ in range(200):
            svc.append(iid, "note", {"text": "架空：上限に達したストアへの追記" * 40})
    assert store.incident(iid) is not None and store.list_incidents()
    Auth(store).sign_in(people["staff"].name, PASSWORD)
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    svc.append(iid, "note", {"text": "架空：上限を戻した後の追記"})


@pytest.fixture
def read_only_data(tmp_path, memory_keyring):
    data = tmp_path / "data"
    created = datadir.init_store(data)
    created.store.close()
    if _mount(data, data, "--bind"):
        subprocess.run(["mount", "-o", "remount,ro,bind", str(data)], check=True)
        yield data
        subprocess.run(["umount", "-l", str(data)], check=False)
    elif os.name == "posix" and os.geteuid() != 0:
        for p in data.iterdir():
            p.chmod(0o400)
        data.chmod(0o500)
        yield data
        data.chmod(0o700)
    else:
        pytest.skip("cannot make a read-only folder here")


def test_read_only_data_folder_is_named_as_such(read_only_data):
    with pytest.raises(ReadOnlyError) as info:
        datadir.open_store(read_only_data)
    assert not isinstance(info.value, KeyUnavailableError)
    assert "読み取り専用" in info.value.ja and "recover" not in info.value.ja


def test_wrong_key_still_says_key(tmp_path, memory_keyring):
    created = datadir.init_store(tmp_path / "data")
    created.store.close()
    memory_keyring.secrets = {k: "00" * 32 for k in memory_keyring.secrets}
    with pytest.raises(KeyUnavailableError) as info:
        datadir.open_store(tmp_path / "data")
    assert "recover" in info.value.ja


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: the profile folder's ACL)")
def test_store_and_key_files_are_owner_only(tmp_path, memory_keyring):
    old = os.umask(0o022)
    try:
        from app.model.sync import create_org, join_org, read_enrollment
        data = tmp_path / "data"
        created = datadir.init_store(data)
        enroll = tmp_path / "org.enroll"
        create_org(enroll, "架空のパスフレーズ123")
        join_org(created.store, read_enrollment(enroll, "架空のパスフレーズ123"))
        add_people(created.store)  # writes: WAL and shm exist now
        datadir.backup(created.store, tmp_path / "b" / "backup.mdg")
        made = list(data.iterdir()) + [tmp_path / "b" / "backup.mdg", enroll]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in made}
        assert {"store.db", "store.json", "sync-keys.sealed", "backup.mdg", "org.enroll"} <= set(modes)
        assert {n: m for n, m in modes.items() if m & 0o077} == {}, modes
        created.store.close()
    finally:
        os.umask(old)


def test_evidence_intake_on_a_full_disk_is_refused_clearly(small_disk, memory_keyring):
    import io
    from app.model import evidence
    created = datadir.init_store(small_disk.path / "data")
    try:
        ev = evidence.for_store(created.store)
        small_disk.fill()
        with pytest.raises(DiskFullError):
            ev.put_stream(io.BytesIO(os.urandom(4 << 20)))
        assert not [p for p in ev.folder.iterdir() if p.name.startswith(".intake-")]  # nothing half-written
    finally:
        created.store.close()


def test_init_on_a_full_disk_is_refused_clearly(small_disk, memory_keyring):
    small_disk.fill()
    with pytest.raises((DiskFullError, KeyUnavailableError)) as info:
        datadir.init_store(small_disk.path / "data")
    assert isinstance(info.value, DiskFullError), info.value
    assert not (small_disk.path / "data" / "store.db").exists()
