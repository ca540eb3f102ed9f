"""The recovery key: the store key itself, in base32 with a checksum, for the 課長 to print and keep.

It is the key itself (not a key that unwraps it) so that it opens the database and every backup even when
every other file and the keyring are gone.
"""
from __future__ import annotations

import base64
import hashlib

from app.model.errors import InputError

PREFIX = "MDG1"


def encode(key: bytes) -> str:
    check = hashlib.sha256(b"madoguchi-recovery" + key).digest()[:3]
    text = base64.b32encode(key + check).decode("ascii").rstrip("=")
    groups = [text[i:i + 5] for i in range(0, len(text), 5)]
    return "-".join([PREFIX] + groups)


def decode(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if not cleaned.startswith(PREFIX):
        raise InputError("復旧キーの形式が正しくありません（MDG1- で始まります）。",
                         "The recovery key must start with MDG1-.", field="recovery_key")
    body = cleaned[len(PREFIX):].replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except Exception:
        raise InputError("復旧キーに使えない文字があります。", "The recovery key has invalid characters.",
                         field="recovery_key") from None
    key, check = raw[:-3], raw[-3:]
    if len(key) != 32 or hashlib.sha256(b"madoguchi-recovery" + key).digest()[:3] != check:
        raise InputError("復旧キーが正しくありません（入力の誤りがないか確認してください）。",
                         "The recovery key's checksum does not match; check for typing errors.",
                         field="recovery_key")
    return key
