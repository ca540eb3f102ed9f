"""Issue 13 item 9: one short secret per store in the keyring; device and epoch keys sealed in the data
folder. Run with keyring backends that refuse values over 1280 characters, as the counter PCs' Windows
Credential Manager does (tests/keyring_limited.py)."""
from __future__ import annotations

import json
import os

import keyring
import pytest

from app.model import datadir, keys as store_keys
from app.model.errors import KeyUnavailableError
from app.model.sync import create_org, join_org, read_enrollment, rotate_org, sync_folder
from app.model.sync.orgkeys import SEALED_NAME, load_device_keys, require_device_keys
from tests.cli.helpers import PASSWORD as CLI_PASSWORD, init, run_json
from tests.conftest import SAMPLE
from tests.keyring_limited import LIMIT, CredWriteError, LimitedMemoryKeyring
from tests.sync.conftest import INCIDENT, worker

PASS = "架空のパスフレーズ123"


@pytest.fixture
def limited():
    previous = keyring.get_keyring()
    backend = LimitedMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_backend_refuses_what_credential_manager_refuses(limited):
    with pytest.raises(CredWriteError):
        keyring.set_password("madoguchi", "x", "k" * (LIMIT + 1))
    keyring.set_password("madoguchi", "x", "k" * LIMIT)


def test_init_join_twenty_rotations_and_sync(tmp_path, limited):
    from app.model.service import Service
    enroll = tmp_path / "org-1.enroll"
    create_org(enroll, PASS)
    a, b = datadir.init_store(tmp_path / "pc-a").store, datadir.init_store(tmp_path / "pc-b").store
    try:
        join_org(a, read_enrollment(enroll, PASS))
        join_org(b, read_enrollment(enroll, PASS))
        for n in range(2, 22):  # 20 rotations, each joined on PC a
            nxt = tmp_path / f"org-{n}.enroll"
            rotate_org(enroll, nxt, PASS)
            keys_a = join_org(a, read_enrollment(nxt, PASS))
            enroll = nxt
        keys_b = join_org(b, read_enrollment(enroll, PASS))
        assert sorted(keys_a.epochs) == list(range(1, 22)) and sorted(keys_b.epochs) == [1, 21]
        assert len(keys_a.to_secret()) > LIMIT  # what the old layout tried to put in one credential
        assert limited.refused == 0
        values = {u: len(v) for (_, u), v in limited.secrets.items()}
        assert values == {f"store-key:{a.store_id}": 64, f"store-key:{b.store_id}": 64}  # one short secret each
        sealed = (a.data_dir / f"{SEALED_NAME}.sealed").read_text()
        assert keys_a.cert["pub"] not in sealed and "epochs" not in sealed  # sealed, not plain JSON
        iid = Service(a, worker("a")).create_incident(INCIDENT)
        share = tmp_path / "share"
        share.mkdir()
        assert sync_folder(a, share, require_device_keys(a)).published == 2
        report = sync_folder(b, share, require_device_keys(b))
        assert report.imported == 2 and report.rejected == [] and b.has_incident(iid)
        assert all(n.startswith("e21-") for n in os.listdir(share / "devices" / a.device_id / "log"))
    finally:
        a.close()
        b.close()


def test_old_layout_in_the_keyring_is_moved_into_the_data_folder(tmp_path, memory_keyring):
    enroll = tmp_path / "org.enroll"
    create_org(enroll, PASS)
    store = datadir.init_store(tmp_path / "pc").store
    keys = join_org(store, read_enrollment(enroll, PASS))
    # what an older version left: the whole record in the keyring, no sealed file
    (store.data_dir / f"{SEALED_NAME}.sealed").unlink()
    legacy = f"sync-keys:{store.store_id}"
    memory_keyring.secrets[("madoguchi", legacy)] = keys.to_secret()
    store.close()
    store = datadir.open_store(tmp_path / "pc")  # moved on open
    try:
        assert ("madoguchi", legacy) not in memory_keyring.secrets  # moved, not copied
        assert (store.data_dir / f"{SEALED_NAME}.sealed").is_file()
        got = load_device_keys(store)
        assert got.to_secret() == keys.to_secret()
        assert load_device_keys(store).to_secret() == keys.to_secret()
    finally:
        store.close()


def test_old_layout_is_kept_when_the_data_folder_cannot_take_it(tmp_path, memory_keyring, monkeypatch):
    enroll = tmp_path / "org.enroll"
    create_org(enroll, PASS)
    store = datadir.init_store(tmp_path / "pc").store
    keys = join_org(store, read_enrollment(enroll, PASS))
    (store.data_dir / f"{SEALED_NAME}.sealed").unlink()
    legacy = f"sync-keys:{store.store_id}"
    memory_keyring.secrets[("madoguchi", legacy)] = keys.to_secret()

    def read_only(*a, **kw):
        raise OSError(30, "Read-only file system")  # EROFS
    monkeypatch.setattr(store_keys.os, "open", read_only)
    try:
        assert load_device_keys(store).to_secret() == keys.to_secret()  # still usable
        assert memory_keyring.secrets[("madoguchi", legacy)] == keys.to_secret()  # never lost
    finally:
        monkeypatch.undo()
        store.close()


def test_sealed_keys_of_another_store_do_not_open(tmp_path, memory_keyring):
    enroll = tmp_path / "org.enroll"
    create_org(enroll, PASS)
    a, b = datadir.init_store(tmp_path / "a").store, datadir.init_store(tmp_path / "b").store
    try:
        join_org(a, read_enrollment(enroll, PASS))
        (b.data_dir / f"{SEALED_NAME}.sealed").write_bytes((a.data_dir / f"{SEALED_NAME}.sealed").read_bytes())
        with pytest.raises(KeyUnavailableError):
            load_device_keys(b)
    finally:
        a.close()
        b.close()


def test_cli_with_a_credential_manager_sized_keyring(tmp_path, cli_env):
    env = dict(cli_env, PYTHON_KEYRING_BACKEND="tests.keyring_limited.LimitedFileKeyring")
    pw = tmp_path / "pw.txt"
    pw.write_text(PASS + "\n", encoding="utf-8")
    enroll = tmp_path / "org-1.enroll"
    admin_pw = tmp_path / "admin.txt"
    admin_pw.write_text(CLI_PASSWORD + "\n", encoding="utf-8")
    run_json(env, "org", "create", "--out", str(enroll), "--passphrase-file", str(pw), "--admin-name", "組織 管理者",
             "--admin-password-file", str(admin_pw), "--admin-department", "総務部/情報政策課/")
    envs = []
    for name in ("a", "b"):
        e = dict(env, MADOGUCHI_DATA_DIR=str(tmp_path / f"data-{name}"))
        run_json(e, "init")  # a store without a directory of its own: it takes the organisation's
        run_json(e, "org", "join", str(enroll), "--passphrase-file", str(pw))
        envs.append(e)
    as_admin = ("--user", "組織 管理者", "--password-file", str(admin_pw))
    run_json(envs[0], *as_admin, "staff", "add", "--name", "港 一郎", "--role", "staff",
             "--department", "区民部/区民課/窓口係", "--password-file", str(admin_pw))
    clerk = ("--user", "港 一郎", "--password-file", str(admin_pw))
    for n in (2,):
        nxt = tmp_path / f"org-{n}.enroll"
        run_json(env, "org", "rotate", str(enroll), "--out", str(nxt), "--passphrase-file", str(pw))
        enroll = nxt
        for e in envs:
            joined = run_json(e, "org", "join", str(enroll), "--passphrase-file", str(pw))
    assert joined["epochs"] == [1, 2]
    iid = run_json(envs[0], *clerk, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    (tmp_path / "share").mkdir()
    assert run_json(envs[0], "sync", "--folder", str(tmp_path / "share"))["rejected"] == []
    assert run_json(envs[1], "sync", "--folder", str(tmp_path / "share"))["imported"] >= 2
    assert run_json(envs[1], *clerk, "incident", "show", iid)["incident"]["party"]["name"] == SAMPLE["party"]["name"]
    stored = (tmp_path / "xdg" / "python_keyring" / "keyring_pass.cfg").read_text()
    names = [line.split(" =")[0] for line in stored.splitlines() if " =" in line]  # keyrings.alt escapes "-", ":"
    assert len(names) == 2 and all(n.startswith("store_2dkey_3a") for n in names)
