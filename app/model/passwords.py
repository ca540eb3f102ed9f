"""Password / PIN hashing with argon2id (argon2-cffi). The parameters travel inside each hash."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.model.errors import InputError

# argon2-cffi's defaults (RFC 9106 low-memory profile): argon2id, t=3, m=64 MiB, p=4.
HASHER = PasswordHasher()
MIN_PIN = 6        # digits only
MIN_PASSWORD = 8   # anything else
_DUMMY: str | None = None


def check_strength(secret: str) -> None:
    if not isinstance(secret, str) or not secret:
        raise InputError("パスワードが空です。", "The password is empty.", field="password")
    need = MIN_PIN if secret.isdigit() else MIN_PASSWORD
    if len(secret) < need:
        raise InputError(f"短すぎます（PIN は{MIN_PIN}桁以上、パスワードは{MIN_PASSWORD}文字以上）。",
                         f"Too short (PIN: at least {MIN_PIN} digits, password: at least {MIN_PASSWORD}).",
                         field="password")


def hash_secret(secret: str) -> str:
    check_strength(secret)
    return HASHER.hash(secret)


def verify(stored_hash: str | None, secret: str) -> bool:
    """True if ``secret`` matches. With no hash, a dummy is checked so timing does not reveal names."""
    global _DUMMY
    if not stored_hash:
        if _DUMMY is None:
            _DUMMY = HASHER.hash("not-a-real-password")
        stored_hash, secret = _DUMMY, secret + "\x00"
    try:
        return HASHER.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
