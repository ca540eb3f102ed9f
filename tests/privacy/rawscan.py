"""Read every page of a SQLCipher 4 file (and of its WAL) decrypted with the store key, free pages included,
so a test can tell whether any byte of a text is left anywhere in the file, not only in live rows."""
from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096      # SQLCipher 4 defaults: 4096-byte pages, 80 bytes reserved (16 IV + 64 HMAC-SHA512)
RESERVE = 80
SALT = 16


def _page(raw: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    iv = raw[PAGE - RESERVE:PAGE - RESERVE + 16]
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return d.update(raw[start:PAGE - RESERVE]) + d.finalize()


def pages(path: Path, key: bytes) -> list[bytes]:
    """The decrypted pages of the database file, then of its -wal file's frames."""
    out = []
    data = Path(path).read_bytes()
    for i in range(0, len(data) - PAGE + 1, PAGE):
        out.append(_page(data[i:i + PAGE], key, i == 0))
    wal = Path(str(path) + "-wal")
    if wal.exists():
        w = wal.read_bytes()
        off = 32
        while off + 24 + PAGE <= len(w):
            pgno = struct.unpack(">I", w[off:off + 4])[0]
            out.append(_page(w[off + 24:off + 24 + PAGE], key, pgno == 1))
            off += 24 + PAGE
    return out


def holds(path: Path, key: bytes, text: str) -> bool:
    needles = [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    return any(n in p for p in pages(path, key) for n in needles)

