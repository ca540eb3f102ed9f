"""Issue 13 item 6: anything sync kept aside can be listed and released by a システム管理者 with a reason
(an audit entry), through the Service and the CLI; others are refused; a record refused for reasons that
protect the directory is never released."""
from __future__ import annotations

import json
import shutil

import pytest

from app.model import audit, datadir
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from app.model.sync import engine, quarantine
from app.model.sync.orgkeys import load_device_keys
from tests.cli.helpers import ADMIN, init, run, run_json
from tests.people import add_people
from tests.sync.conftest import INCIDENT, PC


def stuck_clone_record(make_pc, share, tmp_path, monkeypatch):
    """What an older version left: the other copy's record in sync_quarantine with no way out."""
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    b.sync(share)
    a.store.close()
    shutil.copytree(a.data_dir, tmp_path / "clone")
    a.store = datadir.open_store(a.data_dir)
    cs = datadir.open_store(tmp_path / "clone")
    clone = PC("clone", tmp_path / "clone", cs, load_device_keys(cs))
    mine = a.svc.append(iid, "note", {"text": "架空：元のPCの追記"})
    theirs = clone.svc.append(iid, "note", {"text": "架空：複製PCの追記"})
    monkeypatch.setattr(engine, "reissue_lacking", lambda store: [])  # the old version: no re-issue
    a.sync(share)
    clone.sync(share)
    b.sync(share)
    monkeypatch.undo()
    clone.store.close()
    aside = {r[0] for r in b.store.conn.execute("SELECT entry_id FROM sync_quarantine")}
    assert len(aside & {mine.id, theirs.id}) == 1  # b took whichever copy came first
    return (a, b, iid, mine, theirs) if theirs.id in aside else (a, b, iid, theirs, mine)


def test_sysadmin_lists_and_releases_with_a_reason(make_pc, share, tmp_path, monkeypatch):
    a, b, iid, mine, theirs = stuck_clone_record(make_pc, share, tmp_path, monkeypatch)
    people = add_people(b.store)
    admin, clerk = Service(b.store, people["sysadmin"]), Service(b.store, people["staff"])
    held = quarantine.listing(admin)
    row = next(r for r in held if r["entry_id"] == theirs.id)
    assert row["state"] == "held" and row["releasable"] and row["reason"] == "device_seq_taken"
    assert row["incident_id"] == iid and "text" not in json.dumps(row, ensure_ascii=False)  # no contents listed
    with pytest.raises(PermissionDenied):
        quarantine.listing(clerk)
    with pytest.raises(PermissionDenied):
        quarantine.release(clerk, theirs.id, "架空の理由")
    with pytest.raises(InputError):
        quarantine.release(admin, theirs.id, "  ")
    out = quarantine.release(admin, theirs.id, "複製PCの記録と確認した（架空）")
    assert out["device_id"] == b.store.device_id
    texts = [e.payload["text"] for e in b.store.entries(iid) if e.kind == "note"]
    assert sorted(texts) == sorted([mine.payload["text"], theirs.payload["text"]])
    trail = [r for r in audit.recent(b.store) if r["action"] == "quarantine_released"]
    assert trail and trail[0]["entry"] == theirs.id and trail[0]["reason"] == "複製PCの記録と確認した（架空）"
    assert trail[0]["author"] == people["sysadmin"].author
    assert next(r for r in quarantine.listing(admin) if r["entry_id"] == theirs.id)["state"] == "arrived"
    with pytest.raises(InputError):
        quarantine.release(admin, theirs.id, "二回目")
    b.sync(share)
    a.sync(share)  # the released record reaches the other PC too
    assert {mine.id, theirs.id} <= {e.id for e in a.store.entries(iid)}


def test_the_next_sync_takes_stuck_records_in_by_itself(make_pc, share, tmp_path, monkeypatch):
    a, b, iid, mine, theirs = stuck_clone_record(make_pc, share, tmp_path, monkeypatch)
    report = b.sync(share)  # this version: what b lacks is re-issued
    assert report.reissued >= 1 and theirs.id in {e.id for e in b.store.entries(iid)}


def test_refused_for_the_directory_never_released(make_pc, share, tmp_path, monkeypatch):
    a, b, iid, mine, theirs = stuck_clone_record(make_pc, share, tmp_path, monkeypatch)
    people = add_people(b.store)
    admin = Service(b.store, people["sysadmin"])
    b.store.conn.execute("UPDATE sync_quarantine SET reason = 'bad_signature' WHERE entry_id = ?", (theirs.id,))
    with pytest.raises(PermissionDenied):
        quarantine.release(admin, theirs.id, "架空の理由")
    assert theirs.id not in {e.id for e in b.store.entries(iid)}


def test_an_invalid_payload_stays_out_until_this_version_accepts_it(make_pc, share):
    a, hostile = make_pc("a"), make_pc("hostile")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    hostile.sync(share)
    bad = hostile.store.append(iid, "quote", {"at": 12345, "text": ["list"]}, "職員hostile")
    hostile.sync(share)
    a.sync(share)
    people = add_people(a.store)
    admin = Service(a.store, people["sysadmin"])
    assert any(r["entry_id"] == bad.id and r["reason"] == "invalid_payload" for r in quarantine.listing(admin))
    with pytest.raises(InputError) as info:
        quarantine.release(admin, bad.id, "架空の理由")
    assert "形式" in info.value.ja and bad.id not in {e.id for e in a.store.entries(iid)}


def test_cli_quarantine_list_and_release(cli_env, tmp_path):
    init(cli_env)  # signs in as a 職員 (港 一郎) by default
    assert run(cli_env, "quarantine", "list", check=False).returncode == 6
    pw = tmp_path / "password.txt"
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN, MADOGUCHI_PASSWORD_FILE=str(pw))
    assert run_json(admin, "quarantine", "list") == {"quarantine": []}
    gone = run(admin, "quarantine", "release", "01a00000-0000-7000-8000-000000000000", "--reason", "架空",
               check=False)
    assert gone.returncode == 7 and "見つかりません" in gone.stderr


def test_cli_release_of_a_stuck_clone_record(cli_env, tmp_path, monkeypatch):
    """Through the door a システム管理者 uses: `quarantine list`, then `quarantine release` with a reason."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring
    from app.model.sync import create_org, join_org, read_enrollment, sync_folder
    from tests.sync.conftest import PASSPHRASE, worker
    init(cli_env)
    pw = tmp_path / "password.txt"
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN, MADOGUCHI_PASSWORD_FILE=str(pw))
    enroll = tmp_path / "org.enroll"
    create_org(enroll, PASSPHRASE)
    monkeypatch.setenv("XDG_DATA_HOME", cli_env["XDG_DATA_HOME"])  # the CLI's keyring file
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    share = tmp_path / "share"
    share.mkdir()
    try:
        enrollment = read_enrollment(enroll, PASSPHRASE)
        b = datadir.open_store(tmp_path / "data")
        b_keys = join_org(b, enrollment)
        a = datadir.init_store(tmp_path / "pc-a").store
        a_keys = join_org(a, enrollment)
        iid = Service(a, worker("a")).create_incident(INCIDENT)
        sync_folder(a, share, a_keys)
        sync_folder(b, share, b_keys)
        a.close()
        shutil.copytree(tmp_path / "pc-a", tmp_path / "pc-a-clone")
        a = datadir.open_store(tmp_path / "pc-a")
        c = datadir.open_store(tmp_path / "pc-a-clone")
        notes = [Service(s, worker(n)).append(iid, "note", {"text": f"架空：{n}の追記"}) for s, n in ((a, "a"), (c, "c"))]
        monkeypatch.setattr(engine, "reissue_lacking", lambda store: [])  # as an older version left it
        for s in (a, c, b):
            sync_folder(s, share, load_device_keys(s))
        monkeypatch.undo()
        for s in (a, c, b):
            s.close()
    finally:
        keyring.set_keyring(previous)
    listed = run_json(admin, "quarantine", "list")["quarantine"]
    [row] = [r for r in listed if r["state"] == "held"]
    assert row["entry_id"] in {n.id for n in notes} and row["reason"] == "device_seq_taken"
    clerk = run(cli_env, "quarantine", "release", row["entry_id"], "--reason", "架空", check=False)
    assert clerk.returncode == 6
    out = run_json(admin, "quarantine", "release", row["entry_id"], "--reason", "複製PCの記録と確認（架空）")
    assert out["released"] == row["entry_id"]
    shown = run_json(admin, "audit", "list")
    assert any(r.get("action") == "quarantine_released" and r.get("reason") == "複製PCの記録と確認（架空）"
               for r in shown["audit"])
    assert [r["state"] for r in run_json(admin, "quarantine", "list")["quarantine"]] == ["arrived"]
