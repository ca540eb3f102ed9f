"""A member of staff's own key pair (Ed25519 for signing entries, X25519 for reading sealed care records).

The private keys are wrapped (ChaCha20-Poly1305) by a key derived from the member's password with argon2id;
the parameters and salt travel in the record, which sits in the staff directory (so it syncs). Unwrapping
is also the password check: a wrong password fails the AEAD tag. A PIN (digits only) never wraps a key.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.model import passwords
from app.model.sync.crypto import Ed25519PrivateKey, X25519PrivateKey, raw_private, raw_public

_AAD = b"madoguchi person key v1"


@dataclass(frozen=True)
class PersonKey:
    staff_id: str
    signing: Ed25519PrivateKey
    sealing: X25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        return self.signing.sign(message)


def is_pin(secret: str) -> bool:
    return isinstance(secret, str) and secret.isdigit()


def _kek(secret: str, kdf: dict) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), bytes.fromhex(kdf["salt"]), time_cost=int(kdf["t"]),
                           memory_cost=int(kdf["m"]), parallelism=int(kdf["p"]), hash_len=32, type=Type.ID)


def new_record(staff_id: str, secret: str) -> dict:
    """A fresh key pair for ``staff_id`` wrapped by ``secret`` (a password, never a PIN alone)."""
    passwords.check_strength(secret)
    if is_pin(secret):
        raise ValueError("a PIN never wraps a key")
    h = passwords.HASHER
    kdf = {"name": "argon2id", "t": h.time_cost, "m": h.memory_cost, "p": h.parallelism,
           "salt": os.urandom(16).hex()}
    signing, sealing = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    nonce = os.urandom(12)
    aad = _AAD + staff_id.encode("utf-8")
    ct = ChaCha20Poly1305(_kek(secret, kdf)).encrypt(nonce, raw_private(signing) + raw_private(sealing), aad)
    return {"sign_pub": raw_public(signing).hex(), "seal_pub": raw_public(sealing).hex(), "kdf": kdf,
            "nonce": nonce.hex(), "ct": ct.hex()}


def unwrap(staff_id: str, record: dict | None, secret: str) -> PersonKey | None:
    """The member's keys if ``secret`` opens the record, else None (also for a damaged record)."""
    if not isinstance(record, dict) or not isinstance(secret, str):
        return None
    try:
        raw = ChaCha20Poly1305(_kek(secret, record["kdf"])).decrypt(
            bytes.fromhex(record["nonce"]), bytes.fromhex(record["ct"]), _AAD + staff_id.encode("utf-8"))
    except (InvalidTag, KeyError, ValueError, TypeError):
        return None
    if len(raw) != 64:
        return None
    key = PersonKey(staff_id, Ed25519PrivateKey.from_private_bytes(raw[:32]),
                    X25519PrivateKey.from_private_bytes(raw[32:]))
    if raw_public(key.signing).hex() != record.get("sign_pub"):
        return None
    return key
