"""Issue 13 item 8: Windows semantics simulated on real folders (tests/winsim.py), for every file operation
of publish, ingest, backup and evidence: no hard links on a FAT32 stick (EINVAL with winerror 1 or 50),
rename onto an existing name, and a file held open by another process (sharing violation, winerror 32)."""
from __future__ import annotations

import errno
import io
import os

import pytest

from app.model import datadir, evidence, files, keys as store_keys
from app.model.sync import bundle
from app.model.sync.fsops import FileOps, publish_file
from tests.sync.conftest import INCIDENT
from tests.sync.faults import STEPS, FailAt
from tests.winsim import WindowsVolume, win_error


def no_sleep() -> FileOps:
    return FileOps(sleep=lambda s: None)


def bundles(folder):
    return sorted(p for p in folder.rglob("*.mdgb"))


def test_win_error_is_what_cpython_raises_on_windows():
    e = win_error(50, "a", "b")
    assert type(e) is OSError and e.errno == errno.EINVAL and e.winerror == 50
    assert e.filename == "a" and e.filename2 == "b"
    assert isinstance(win_error(32, "x"), PermissionError) and win_error(32).errno == errno.EACCES
    assert isinstance(win_error(183), FileExistsError)
    assert files.no_links_here(win_error(1)) and files.no_links_here(win_error(50))
    assert not files.no_links_here(OSError(errno.EINVAL, "bad argument"))  # EINVAL alone is not "no links"
    assert all(files.is_transient(win_error(w)) for w in (5, 32, 33))
    assert not files.is_transient(win_error(50)) and files.is_disk_full(win_error(112))


@pytest.mark.parametrize("link_error", [1, 50])
def test_publish_to_fat32_stick_lands_by_rename(make_pc, tmp_path, monkeypatch, link_error):
    a, b = make_pc("a"), make_pc("b")
    stick = tmp_path / "usb"
    stick.mkdir()
    iid = a.svc.create_incident(INCIDENT)
    vol = WindowsVolume(monkeypatch, stick, link_error=link_error)
    report = a.sync(stick, ops=no_sleep())
    assert report.problems == [] and report.published == 2 and report.pending == 0
    assert ("rename", str(bundles(stick)[0])) in vol.calls and any(c[0] == "link" for c in vol.calls)
    assert not list(stick.rglob(".tmp-*"))
    got = b.sync(stick, ops=no_sleep())
    assert got.imported == 2 and got.rejected == [] and b.store.has_incident(iid)


def test_rename_onto_a_name_another_writer_just_took_never_replaces(tmp_path, monkeypatch):
    stick = tmp_path / "usb"
    stick.mkdir()
    vol = WindowsVolume(monkeypatch, stick, link_error=50)
    theirs = b"another writer's bytes"
    vol.before_rename = lambda src, dst: open(dst, "xb").write(theirs)  # lands between check and rename
    from app.model.sync.fsops import PublishConflict
    with pytest.raises(PublishConflict):
        publish_file(no_sleep(), stick, "e1-1-1-0000000000000000.mdgb", b"mine")
    assert (stick / "e1-1-1-0000000000000000.mdgb").read_bytes() == theirs  # untouched
    assert not list(stick.glob(".tmp-*"))


def test_sharing_violations_on_link_and_read_are_retried(make_pc, share, monkeypatch):
    a, b = make_pc("a"), make_pc("b")
    a.sync(share)
    iid = a.svc.create_incident(INCIDENT)
    vol = WindowsVolume(monkeypatch, share, link_error=None)  # an NTFS share: links work
    real_open_temp = FileOps.open_temp

    def held_temp(self, directory):  # the indexer grabs the temp file twice before the link
        path, f = real_open_temp(self, directory)
        vol.hold(path, times=2)
        return path, f
    monkeypatch.setattr(FileOps, "open_temp", held_temp)
    report = a.sync(share, ops=no_sleep())
    assert report.problems == [] and report.pending == 0
    monkeypatch.setattr(FileOps, "open_temp", real_open_temp)
    for p in bundles(share):
        vol.hold(p, times=3)  # antivirus scans the new bundle while b reads it
    got = b.sync(share, ops=no_sleep())
    assert got.problems == [] and got.imported == 2 and b.store.has_incident(iid)


def test_temp_file_held_open_stays_behind_and_is_cleared_later(make_pc, share, monkeypatch):
    a = make_pc("a")
    a.sync(share)
    a.svc.create_incident(INCIDENT)
    vol = WindowsVolume(monkeypatch, share, link_error=None)
    real_open_temp = FileOps.open_temp
    held = []

    def held_after_link(self, directory):
        path, f = real_open_temp(self, directory)
        held.append(path)
        return path, f
    monkeypatch.setattr(FileOps, "open_temp", held_after_link)
    real_link = FileOps.link

    def link_then_hold(self, tmp, final):
        real_link(self, tmp, final)
        vol.hold(tmp)  # another process opens the temp name: DeleteFile fails until it lets go
    monkeypatch.setattr(FileOps, "link", link_then_hold)
    report = a.sync(share, ops=no_sleep())
    assert report.problems == [] and report.pending == 0  # the bundle is published all the same
    assert held and held[0].exists()
    vol.release(held[0])
    monkeypatch.setattr(FileOps, "link", real_link)
    a.sync(share, ops=no_sleep())
    assert not held[0].exists()


def test_bundle_held_open_for_good_is_reported_and_taken_next_time(make_pc, share, monkeypatch):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    vol = WindowsVolume(monkeypatch, share, link_error=None)
    [p] = bundles(share)
    vol.hold(p)
    got = b.sync(share, ops=no_sleep())
    assert got.imported == 0 and got.problems and "PermissionError" in got.problems[0]["reason"]
    vol.release(p)
    assert b.sync(share, ops=no_sleep()).imported == 2 and b.store.has_incident(iid)


def test_backup_to_fat32_stick_and_restore(created, tmp_path, monkeypatch):
    store = created.store
    stick = tmp_path / "usb"
    stick.mkdir()
    vol = WindowsVolume(monkeypatch, stick, link_error=1)
    out = stick / "backup.mdg"
    result = datadir.backup(store, out)
    assert result["entries"] >= 0 and out.is_file() and ("rename", str(out)) in vol.calls
    assert not [p for p in stick.iterdir() if p.name.startswith(".")]
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
    from app.model.errors import StoreExistsError
    with pytest.raises(StoreExistsError):
        datadir.backup(store, out)  # never replaced
    restored = datadir.restore(out, tmp_path / "restored", created.recovery_key)
    assert restored.store_id == store.store_id
    restored.close()


def test_restore_from_a_backup_held_by_antivirus_is_retried(created, tmp_path, monkeypatch):
    out = tmp_path / "backup.mdg"
    datadir.backup(created.store, out)
    target = tmp_path / "restored"
    target.mkdir()
    vol = WindowsVolume(monkeypatch, target, link_error=None)
    real_copy = datadir.db.copy_new

    def copy_then_hold(src, dst):
        real_copy(src, dst)
        vol.hold(dst, times=2)
    monkeypatch.setattr(datadir.db, "copy_new", copy_then_hold)
    restored = datadir.restore(out, target, created.recovery_key)
    assert restored.store_id == created.store.store_id and not list(target.glob(".store.db.restoring-*"))
    restored.close()


def test_evidence_intake_and_export_under_windows_semantics(created, tmp_path, monkeypatch):
    store = created.store
    ev = evidence.for_store(store)
    data = os.urandom(200_000)
    stick = tmp_path / "usb"
    stick.mkdir()
    vol = WindowsVolume(monkeypatch, store.data_dir / "evidence", link_error=None)
    ev._ensure_folder()
    real_open = os.open

    def hold_new_part(path, flags, *a, **kw):  # the indexer opens the new intake file twice
        fd = real_open(path, flags, *a, **kw)
        if str(path).endswith(".part") and flags & os.O_CREAT:
            vol.hold(path, times=2)
        return fd
    monkeypatch.setattr(os, "open", hold_new_part)
    sha, size = ev.put_stream(io.BytesIO(data))
    monkeypatch.setattr(os, "open", vol._open)
    assert size == len(data) and ev.has(sha) and not list(ev.folder.glob(".intake-*"))
    stick_vol = WindowsVolume(monkeypatch, stick, link_error=50)
    out = stick / "photo.jpg"
    assert ev.export(sha, out) == len(data) and out.read_bytes() == data
    assert ("rename", str(out)) in stick_vol.calls and not list(stick.glob(".*.part"))
    from app.model.errors import StoreExistsError
    with pytest.raises(StoreExistsError):
        ev.export(sha, out)


def test_store_json_held_by_antivirus_is_retried(tmp_path, memory_keyring, monkeypatch):
    data = tmp_path / "data"
    created = datadir.init_store(data)
    created.store.close()
    vol = WindowsVolume(monkeypatch, data, link_error=None)
    vol.hold(data / store_keys.META_FILE, times=2)
    info = store_keys.read_info(data)
    monkeypatch.setattr(files.time, "sleep", lambda s: None)
    store_keys.write_info(data, info)
    assert store_keys.read_info(data).store_id == info.store_id
    vol.hold(data / store_keys.META_FILE)  # held for good: a clear error, the old file intact
    with pytest.raises(PermissionError):
        store_keys.write_info(data, info)
    vol.release(data / store_keys.META_FILE)
    assert store_keys.read_info(data).store_id == info.store_id


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("winerror", [32, 112])
def test_each_publish_step_failing_as_windows_fails(make_pc, share, step, winerror):
    """A sharing violation (32) at a retried step is absorbed; anywhere else, and a full disk (112), the
    run reports a publish problem, leaves no partial bundle, and the next run publishes exactly once."""
    a, b = make_pc("a"), make_pc("b")
    a.sync(share)
    iid = a.svc.create_incident(INCIDENT)
    first = a.sync(share, ops=FailAt(step, exc=win_error(winerror, "held"), times=2))
    retried = winerror == 32 and step in ("open_temp", "link", "read")
    harmless = step == "unlink"  # a temp name left behind is cleared next time
    if retried or harmless:
        assert first.problems == [] and first.pending == 0
    else:
        assert first.problems and first.problems[0]["step"] == "publish"
    for p in bundles(share):
        bundle.open_bundle(p.read_bytes(), a.keys)  # never a partial file under a final name
    again = a.sync(share)
    assert again.problems == [] and again.pending == 0
    got = b.sync(share)
    assert got.rejected == [] and b.store.has_incident(iid)
    assert b.store.conn.execute("SELECT count(*) FROM entries WHERE incident_id = ?", (iid,)).fetchone()[0] == 2
