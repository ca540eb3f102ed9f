"""A data folder: store.db + store.json (+ evidence/). Creating, opening, recovering, backup, restore."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.model import db, files, keys, recovery
from app.model.db import connect_existing
from app.model.errors import InputError, StoreExistsError
from app.model.ids import uuid7
from app.model.store import Store

STORE_FILE = keys.STORE_FILE


@dataclass
class Created:
    store: Store
    recovery_key: str
    key_storage: str


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_FILE


def init_store(data_dir: Path, passphrase: str | None = None) -> Created:
    data_dir = Path(data_dir)
    if store_path(data_dir).exists() or (data_dir / keys.META_FILE).exists():
        raise StoreExistsError("このフォルダには既にデータがあります。上書きはしません。",
                               "This folder already holds a store; it is never overwritten.")
    data_dir.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    store_id = uuid7()
    store = Store.create(store_path(data_dir), key, store_id=store_id)
    try:
        info = keys.save_key(data_dir, store_id, key, passphrase)
    except Exception:
        # The new, still empty store stays on disk (never deleted); its recovery key is in the error path.
        store.close()
        raise
    return Created(store, recovery.encode(key), info.key_storage)


def open_store(data_dir: Path, passphrase: str | None = None, clock=None) -> Store:
    key = keys.load_key(Path(data_dir), passphrase)
    store = Store.open(store_path(data_dir), key, clock=clock)
    _move_old_keyring_layout(store)
    return store


def _move_old_keyring_layout(store: Store) -> None:
    """Sync keys an older version kept in the keyring move into the data folder on open (never lost: the
    keyring copy goes only once the sealed file reads back the same; see orgkeys.load_device_keys)."""
    from app.model.errors import MadoguchiError
    from app.model.sync import orgkeys
    if keys.sealed_path(store, orgkeys.SEALED_NAME).exists():
        return
    try:
        orgkeys.load_device_keys(store)
    except (MadoguchiError, ValueError, KeyError):
        pass  # a damaged old record stays where it is; sync reports it when it needs the keys


def recover(data_dir: Path, recovery_key: str, passphrase: str | None = None) -> Store:
    """Open the store with the recovery key and keep the key again (keyring, else passphrase)."""
    data_dir = Path(data_dir)
    key = recovery.decode(recovery_key)
    store = Store.open(store_path(data_dir), key)
    keys.save_key(data_dir, store.store_id, key, passphrase)
    return store


def backup(store: Store, out: Path) -> dict:
    """An encrypted copy with the same key (restorable anywhere with the recovery key). Never overwrites."""
    out = Path(out)
    if out.exists():
        raise StoreExistsError(f"{out.name} は既にあります。上書きはしません。", f"{out.name} exists; not overwritten.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    files.remove_quietly(tmp)
    try:
        files.create_private(tmp)
        _export(store, tmp)
        db.fsync_file(tmp)
        try:
            files.retry(files.link_no_replace, tmp, out)
        except FileExistsError:
            raise StoreExistsError(f"{out.name} は既にあります。上書きはしません。",
                                   f"{out.name} exists; not overwritten.") from None
    except OSError as exc:
        mine = files.translate(exc, out.name)
        if mine is None:
            raise
        raise mine from None
    finally:
        files.remove_quietly(tmp)
    entries = store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    return {"out": str(out), "entries": entries, "bytes": out.stat().st_size}


def _export(store: Store, target: Path) -> None:
    conn = store.conn
    conn.execute("ATTACH DATABASE ? AS backup_db KEY ?", (str(target), store._key_sql()))
    try:
        conn.execute("SELECT sqlcipher_export('backup_db')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA backup_db.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE backup_db")


def restore(backup_file: Path, data_dir: Path, recovery_key: str, passphrase: str | None = None) -> Store:
    """Restore into a folder that holds no store. The restored store gets a new device id, so two PCs never
    write under the same device id and sequence numbers."""
    data_dir = Path(data_dir)
    if store_path(data_dir).exists() or (data_dir / keys.META_FILE).exists():
        raise StoreExistsError("復元先に既にデータがあります。空のフォルダを指定してください。",
                               "The target folder already holds a store; restore into an empty one.")
    key = recovery.decode(recovery_key)
    conn = connect_existing(Path(backup_file), key)  # proves the key opens the backup
    conn.close()
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{STORE_FILE}.restoring-{os.getpid()}"
    files.remove_quietly(tmp)
    try:
        db.copy_new(Path(backup_file), tmp)
        files.retry(files.link_no_replace, tmp, store_path(data_dir))
    finally:
        files.remove_quietly(tmp)
    store = Store.open(store_path(data_dir), key)
    old = store.device_id
    store.set_meta("device_id", uuid7())
    store.set_meta("restored_from_device", old)
    store.close()
    store = Store.open(store_path(data_dir), key)
    keys.save_key(data_dir, store.store_id, key, passphrase)
    return store


def check_passphrase_arg(value: str | None) -> str | None:
    if value is not None and not value:
        raise InputError("パスフレーズが空です。", "The passphrase is empty.", field="passphrase")
    return value
