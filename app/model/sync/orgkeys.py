"""Organisation and device keys.

``org create`` writes an enrollment file protected by a passphrase (scrypt + ChaCha20-Poly1305). It holds
the organisation id, the current key epoch, that epoch's X25519 key (bundles are readable by holders of
it), the Ed25519 enrollment key that certifies device keys, and a key for naming attachments.
``org join`` on a PC generates the PC's own Ed25519 device key, certifies it with the enrollment key and
keeps device key, certificate and epoch keys sealed in the data folder (``sync-keys.sealed``, under a key
derived from the store key; the keyring keeps only the short store key). The enrollment key
itself is not kept on the PC. Joining again with a newer epoch's file adds that epoch (old ones stay, so
old bundles remain readable); bundles are then written for the newest epoch.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.model.entry import canonical_json
from app.model import files, keys as store_keys
from app.model.errors import InputError, KeyUnavailableError, MadoguchiError, StoreExistsError
from app.model.ids import uuid7
from app.model.keys import SCRYPT
from app.model.sync.crypto import (Ed25519PrivateKey, X25519PrivateKey, raw_private, raw_public,
                                   verify_sig)

ENROLLMENT_KIND = "madoguchi-enrollment"


def cert_message(cert: dict) -> bytes:
    """What the enrollment key signs: organisation, device public key and the device id it may write under."""
    body = {k: cert[k] for k in ("org", "pub", "device") if k in cert}
    return b"madoguchi device cert v1\0" + canonical_json(body).encode()


def derived_device_id(pub_hex: str, nonce_hex: str) -> str:
    """A device id only the holder of the device key ``pub_hex`` may take (a clone's fresh id)."""
    import hashlib
    h = hashlib.sha256(b"madoguchi device id v1\0" + bytes.fromhex(pub_hex) + bytes.fromhex(nonce_hex)).hexdigest()
    return f"{h[:8]}-{h[8:12]}-8{h[13:16]}-{h[16:20]}-{h[20:32]}"


def signer_owns_device(cert: dict, device: str, nonce: str | None) -> bool:
    """May the key certified by ``cert`` write entries under ``device``? Its certified id, or one derived
    from its own key (``nonce`` in the bundle header). One PC cannot write under another's device id."""
    if not isinstance(device, str):
        return False
    if cert.get("device") == device:
        return True
    try:
        return isinstance(nonce, str) and len(nonce) == 32 and derived_device_id(cert["pub"], nonce) == device
    except (KeyError, ValueError, TypeError):
        return False


@dataclass
class DeviceKeys:
    org_id: str
    signing: Ed25519PrivateKey
    cert: dict
    enroll_pub: bytes
    epochs: dict[int, X25519PrivateKey] = field(default_factory=dict)
    name_key: bytes = b""

    @property
    def current_epoch(self) -> int:
        return max(self.epochs)

    def epoch_public(self, epoch: int | None = None) -> bytes:
        return raw_public(self.epochs[self.current_epoch if epoch is None else epoch])

    def cert_valid(self, cert: dict) -> bool:
        try:
            return (cert.get("org") == self.org_id
                    and verify_sig(self.enroll_pub, bytes.fromhex(cert["sig"]), cert_message(cert))
                    and len(bytes.fromhex(cert["pub"])) == 32)
        except (KeyError, ValueError, TypeError, AttributeError):
            return False

    def to_secret(self) -> str:
        return json.dumps({"format": 1, "org": self.org_id, "signing": raw_private(self.signing).hex(),
                           "cert": self.cert, "enroll_pub": self.enroll_pub.hex(), "name_key": self.name_key.hex(),
                           "epochs": {str(k): raw_private(v).hex() for k, v in self.epochs.items()}})

    @classmethod
    def from_secret(cls, text: str) -> "DeviceKeys":
        d = json.loads(text)
        return cls(d["org"], Ed25519PrivateKey.from_private_bytes(bytes.fromhex(d["signing"])), d["cert"],
                   bytes.fromhex(d["enroll_pub"]),
                   {int(k): X25519PrivateKey.from_private_bytes(bytes.fromhex(v)) for k, v in d["epochs"].items()},
                   bytes.fromhex(d["name_key"]))


# ---- the enrollment file ------------------------------------------------------------------------------
def _seal(secrets: dict, passphrase: str, header: dict) -> dict:
    if len(passphrase) < 8:
        raise InputError("パスフレーズは8文字以上にしてください。", "The passphrase needs at least 8 characters.",
                         field="passphrase")
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = Scrypt(salt=salt, length=32, **SCRYPT).derive(passphrase.encode("utf-8"))
    aad = canonical_json(header).encode()
    ct = ChaCha20Poly1305(kek).encrypt(nonce, canonical_json(secrets).encode(), aad)
    return {**header, "kdf": {"name": "scrypt", **SCRYPT, "salt": salt.hex()}, "nonce": nonce.hex(),
            "ciphertext": ct.hex()}


def read_enrollment(path: Path, passphrase: str) -> dict:
    try:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        header = {k: d[k] for k in ("kind", "format", "org", "epoch")}
        if header["kind"] != ENROLLMENT_KIND:
            raise ValueError
        kdf = d["kdf"]
    except (ValueError, KeyError, TypeError):
        raise InputError("参加用ファイルとして読めません。", "Not an enrollment file.", field="file") from None
    if header["format"] != 1:
        raise InputError("新しい版の参加用ファイルです。アプリを更新してください。",
                         "The enrollment file is of a newer format; update madoguchi.", field="file")
    try:
        kek = Scrypt(salt=bytes.fromhex(kdf["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(
            passphrase.encode("utf-8"))
        plain = ChaCha20Poly1305(kek).decrypt(bytes.fromhex(d["nonce"]), bytes.fromhex(d["ciphertext"]),
                                              canonical_json(header).encode())
    except Exception:
        raise KeyUnavailableError("パスフレーズが違うか、ファイルが壊れています。",
                                  "Wrong passphrase, or the file is damaged.") from None
    return {**header, **json.loads(plain)}


def _write_new(path: Path, text: str) -> None:
    """A new enrollment file, owner-only (0600), never over an existing one."""
    path = Path(path)
    try:
        files.write_new(path, text.encode("utf-8"))
    except StoreExistsError:
        raise StoreExistsError(f"{path.name} は既にあります。上書きはしません。",
                               f"{path.name} exists; it is never overwritten.") from None


def create_org(out: Path, passphrase: str, admin: dict | None = None) -> dict:
    """A new organisation, epoch 1. Returns the public part (org id, epoch).

    With ``admin`` ({name, password, department}) the organisation gets its root signing key, which signs
    the first システム管理者 (the genesis of the staff directory, app/model/trust.py); the root's private key
    is used once and not kept. Without it (older enrollment files) the directory is not rooted."""
    secrets = {"enroll": raw_private(Ed25519PrivateKey.generate()).hex(),
               "x25519": raw_private(X25519PrivateKey.generate()).hex(), "name_key": os.urandom(32).hex()}
    header = {"kind": ENROLLMENT_KIND, "format": 1, "org": uuid7(), "epoch": 1}
    if admin is not None:
        from app.model import trust
        secrets["root"] = trust.make_root(header["org"], admin)
    _write_new(out, json.dumps(_seal(secrets, passphrase, header), indent=1))
    return {"org_id": header["org"], "epoch": 1, "rooted": admin is not None}


def rotate_org(source: Path, out: Path, passphrase: str, new_passphrase: str | None = None) -> dict:
    """The next key epoch (after a PC is lost or stolen): a new X25519 key, same organisation."""
    old = read_enrollment(source, passphrase)
    secrets = {"enroll": old["enroll"], "x25519": raw_private(X25519PrivateKey.generate()).hex(),
               "name_key": old["name_key"]}
    if old.get("root"):
        secrets["root"] = old["root"]
    header = {"kind": ENROLLMENT_KIND, "format": 1, "org": old["org"], "epoch": old["epoch"] + 1}
    _write_new(out, json.dumps(_seal(secrets, new_passphrase or passphrase, header), indent=1))
    return {"org_id": header["org"], "epoch": header["epoch"]}


# ---- on the PC ----------------------------------------------------------------------------------------
SEALED_NAME = "sync-keys"  # <data folder>/sync-keys.sealed (app/model/keys.py seals it)


def _legacy_username(store_id: str) -> str:
    return f"sync-keys:{store_id}"


def load_device_keys(store) -> DeviceKeys | None:
    """This PC's device keys, from the data folder. An older version kept them in the keyring as one value
    that grew with every rotation: that value is moved into the data folder on first use (written, read
    back, then removed from the keyring; if anything fails it stays where it was)."""
    text = store_keys.read_sealed(store, SEALED_NAME)
    if text is not None:
        return DeviceKeys.from_secret(text)
    legacy = store_keys.keyring_take_legacy(_legacy_username(store.store_id))
    if not legacy:
        return None
    keys = DeviceKeys.from_secret(legacy)
    try:
        save_device_keys(store, keys)
        if store_keys.read_sealed(store, SEALED_NAME) == keys.to_secret():
            store_keys.keyring_forget(_legacy_username(store.store_id))
    except MadoguchiError:
        pass  # e.g. a read-only data folder: keep using the keyring copy
    return keys


def save_device_keys(store, keys: DeviceKeys) -> None:
    store_keys.write_sealed(store, SEALED_NAME, keys.to_secret())


def enroll_keys(enrollment: dict, current: DeviceKeys | None = None, device_id: str | None = None) -> DeviceKeys:
    """Device keys for an enrollment: a device key generated here once (when ``current`` is None), certified
    by the enrollment for the device id it writes under (``device_id``; another id re-certifies), plus the
    enrollment's epoch key. Nothing is kept (``join_org`` keeps them for a store)."""
    if current is not None and current.org_id != enrollment["org"]:
        raise InputError("このPCは別の組織に参加しています。", "This PC belongs to another organisation.",
                         field="file")
    enroll = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(enrollment["enroll"]))
    if current is None:
        signing = Ed25519PrivateKey.generate()
        current = DeviceKeys(enrollment["org"], signing, {}, raw_public(enroll), {},
                             bytes.fromhex(enrollment["name_key"]))
    if not current.cert or (device_id and current.cert.get("device") != device_id):
        cert = {"org": enrollment["org"], "pub": raw_public(current.signing).hex()}
        if device_id:
            cert["device"] = device_id
        cert["sig"] = enroll.sign(cert_message(cert)).hex()
        current.cert = cert
    current.epochs[int(enrollment["epoch"])] = X25519PrivateKey.from_private_bytes(
        bytes.fromhex(enrollment["x25519"]))
    return current


def join_org(store, enrollment: dict, device_id: str | None = None) -> DeviceKeys:
    """Enroll this PC (or add a newer epoch to it), certified for the store's device id (or ``device_id``).
    The device key is generated here, once."""
    current = enroll_keys(enrollment, load_device_keys(store), device_id or store.device_id)
    save_device_keys(store, current)
    return current


def require_device_keys(store) -> DeviceKeys:
    keys = load_device_keys(store)
    if keys is None:
        raise KeyUnavailableError(
            "このPCはまだ組織に参加していません。`madoguchi org join` を実行してください。",
            "This PC has not joined an organisation yet; run `madoguchi org join`.")
    return keys
