"""Where the store key lives: the OS keyring (via `keyring`), or a passphrase-wrapped copy.

The keyring backend is whatever keyring's own configuration selects (PYTHON_KEYRING_BACKEND, keyringrc);
nothing here hard-codes one. The keyring holds one short value per store (the store key, 64 characters);
all other key material is sealed in the data folder (``write_sealed``). ``store.json`` beside the database holds the store id and, when no keyring
backend exists, the passphrase-wrapped key. It holds no personal data.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.model import files
from app.model.errors import InputError, KeyUnavailableError, StoreMissingError

SERVICE = "madoguchi"
META_FILE = "store.json"
STORE_FILE = "store.db"
SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}


@dataclass
class StoreInfo:
    store_id: str
    key_storage: str  # "keyring" or "passphrase"
    wrapped: dict | None = None

    def to_json(self) -> str:
        d = {"format": 1, "store_id": self.store_id, "key_storage": self.key_storage}
        if self.wrapped:
            d["wrapped_key"] = self.wrapped
        return json.dumps(d, indent=2)


def keyring_usable() -> bool:
    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith("keyring.backends.fail") or name.endswith("null.Keyring"):
        return False
    try:
        return backend.priority > 0  # type: ignore[attr-defined]
    except Exception:
        return True


def _username(store_id: str) -> str:
    return f"store-key:{store_id}"


def keyring_save(store_id: str, key: bytes) -> None:
    try:
        keyring.set_password(SERVICE, _username(store_id), key.hex())
    except Exception as exc:  # KeyringError, or what the Windows backend lets through (CredWrite error 1783)
        raise KeyUnavailableError(
            "鍵をOSの資格情報ストアに保存できませんでした。パスフレーズ方式で作成してください（--passphrase-file）。",
            f"Could not save the key in the OS keyring ({type(exc).__name__}); use --passphrase-file.") from None


def keyring_load(store_id: str) -> bytes:
    try:
        value = keyring.get_password(SERVICE, _username(store_id))
    except keyring.errors.KeyringError:
        value = None
    if not value:
        raise KeyUnavailableError(
            "このPCの資格情報ストアにデータの鍵が見つかりません。ファイルは変更していません。"
            "課長が保管している復旧キーで `madoguchi recover` を実行してください。",
            "The store key is not in this PC's keyring; the file was not changed. "
            "Run `madoguchi recover` with the recovery key.")
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise KeyUnavailableError(
            "資格情報ストアの鍵が壊れています。ファイルは変更していません。復旧キーで `madoguchi recover` を実行してください。",
            "The key in the keyring is damaged; the file was not changed. Run `madoguchi recover`.")
    return key


def wrap_with_passphrase(key: bytes, passphrase: str) -> dict:
    if len(passphrase) < 8:
        raise InputError("パスフレーズは8文字以上にしてください。", "The passphrase needs at least 8 characters.",
                         field="passphrase")
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = Scrypt(salt=salt, length=32, **SCRYPT).derive(passphrase.encode("utf-8"))
    ct = ChaCha20Poly1305(kek).encrypt(nonce, key, b"madoguchi-store-key")
    return {"kdf": "scrypt", **SCRYPT, "salt": salt.hex(), "nonce": nonce.hex(), "ciphertext": ct.hex()}


def unwrap_with_passphrase(wrapped: dict, passphrase: str) -> bytes:
    try:
        kek = Scrypt(salt=bytes.fromhex(wrapped["salt"]), length=32, n=wrapped["n"], r=wrapped["r"],
                     p=wrapped["p"]).derive(passphrase.encode("utf-8"))
        return ChaCha20Poly1305(kek).decrypt(bytes.fromhex(wrapped["nonce"]),
                                             bytes.fromhex(wrapped["ciphertext"]), b"madoguchi-store-key")
    except Exception:
        raise KeyUnavailableError("パスフレーズが違います。ファイルは変更していません。",
                                  "Wrong passphrase; the file was not changed.") from None


def read_info(data_dir: Path) -> StoreInfo:
    path = Path(data_dir) / META_FILE
    if not path.is_file():
        if (Path(data_dir) / STORE_FILE).exists():
            raise KeyUnavailableError(
                f"{META_FILE} がありません。復旧キーで `madoguchi recover` を実行してください。",
                f"{META_FILE} is missing; run `madoguchi recover` with the recovery key.")
        raise StoreMissingError(
            "データがまだありません。`madoguchi init` で作成してください。",
            "No store here yet; create one with `madoguchi init`.")
    d = json.loads(path.read_text(encoding="utf-8"))
    return StoreInfo(d["store_id"], d["key_storage"], d.get("wrapped_key"))


def write_info(data_dir: Path, info: StoreInfo) -> None:
    """Write store.json atomically (temp file, fsync, replace)."""
    write_private(Path(data_dir) / META_FILE, info.to_json().encode("utf-8"))


def write_private(path: Path, data: bytes) -> None:
    """Replace one of this PC's own key files atomically (temp file, fsync, replace), owner-only (0600).

    Read-only folder and disk full are reported as such; a sharing violation (antivirus) is retried."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        files.remove_quietly(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), files.PRIVATE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        files.retry(os.replace, tmp, path)
    except OSError as exc:
        files.remove_quietly(tmp)
        mine = files.translate(exc, path.name)
        if mine is None:
            raise
        raise mine from None


def load_key(data_dir: Path, passphrase: str | None = None) -> bytes:
    info = read_info(data_dir)
    if info.key_storage == "keyring":
        return keyring_load(info.store_id)
    if passphrase is None:
        raise KeyUnavailableError("このデータはパスフレーズで保護されています。パスフレーズを入力してください（--passphrase-file）。",
                                  "This store is protected by a passphrase; give it with --passphrase-file.")
    return unwrap_with_passphrase(info.wrapped or {}, passphrase)


def save_key(data_dir: Path, store_id: str, key: bytes, passphrase: str | None = None) -> StoreInfo:
    """Keep the key in the keyring if one is usable, else wrap it with the passphrase."""
    if keyring_usable() and passphrase is None:
        keyring_save(store_id, key)
        info = StoreInfo(store_id, "keyring")
    else:
        if passphrase is None:
            raise KeyUnavailableError(
                "このPCにはOSの資格情報ストアがありません。パスフレーズで保護します（--passphrase-file を指定してください）。",
                "No OS keyring backend is available here; the key will be protected by a passphrase "
                "(give --passphrase-file).")
        info = StoreInfo(store_id, "passphrase", wrap_with_passphrase(key, passphrase))
    write_info(data_dir, info)
    return info


# ---- key material kept in the data folder -----------------------------------------------------------
# The keyring holds one short secret per store (the 64-character store key, far below the 1280 characters
# Windows Credential Manager takes). Everything else — device signing key, certificate, every epoch's key —
# lives in the data folder, sealed under a key derived from the store key, so it grows with rotations
# without touching the keyring, and the recovery key opens it too.
SEALED_FORMAT = 1


def sealed_path(store, name: str) -> Path:
    return store.data_dir / f"{name}.sealed"


def write_sealed(store, name: str, text: str) -> None:
    """Seal ``text`` (ChaCha20-Poly1305, key derived from the store key) into ``<data>/<name>.sealed``."""
    key = store.derive_key(f"sealed-file/{name}".encode("ascii"))
    nonce = os.urandom(12)
    aad = f"madoguchi {name} {store.store_id}".encode("ascii")
    body = {"format": SEALED_FORMAT, "name": name, "nonce": nonce.hex(),
            "ciphertext": ChaCha20Poly1305(key).encrypt(nonce, text.encode("utf-8"), aad).hex()}
    write_private(sealed_path(store, name), json.dumps(body).encode("ascii"))


def read_sealed(store, name: str) -> str | None:
    """The text sealed by ``write_sealed``, or None when there is no such file."""
    path = sealed_path(store, name)
    try:
        body = json.loads(path.read_text(encoding="ascii"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise KeyUnavailableError(f"{path.name} が読めません。ファイルは変更していません。",
                                  f"{path.name} is unreadable ({type(exc).__name__}); nothing was changed.") from None
    try:
        key = store.derive_key(f"sealed-file/{name}".encode("ascii"))
        aad = f"madoguchi {name} {store.store_id}".encode("ascii")
        return ChaCha20Poly1305(key).decrypt(bytes.fromhex(body["nonce"]), bytes.fromhex(body["ciphertext"]),
                                             aad).decode("utf-8")
    except Exception:
        raise KeyUnavailableError(f"{path.name} がこのデータの鍵で開けません（壊れているか別のPCのものです）。",
                                  f"{path.name} does not open with this store's key (damaged or another PC's).") from None


def keyring_take_legacy(username: str) -> str | None:
    """A value an older version kept in the keyring (read only; see ``keyring_forget``)."""
    try:
        return keyring.get_password(SERVICE, username)
    except Exception:  # no backend, a locked keyring, a backend error: nothing to migrate from here
        return None


def keyring_forget(username: str) -> None:
    try:
        keyring.delete_password(SERVICE, username)
    except Exception:
        pass  # a leftover copy is harmless; it is never read once the sealed file exists
