"""The bundle file: one device's entries (or one attachment), compressed, encrypted and signed.

    magic "MDGB" | format u16 | header length u32 | header (canonical JSON) | ciphertext | Ed25519 sig (64)

The signature covers a context string, magic, format, header length, header and SHA-256 of the
ciphertext; every chunk's AAD is SHA-256 of the same prefix, so header and chunks cannot be mixed.
Everything is checked (sizes, signature, certificate, each chunk, decompressed size) before a byte of
the content is used; memory is bounded by MAX_FILE.
"""
from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib

from app.model.entry import canonical_json
from app.model.sync import crypto
from app.model.sync.orgkeys import DeviceKeys

MAGIC = b"MDGB"
FORMAT = 1
PREFIX = struct.Struct(">4sHI")
SIG_LEN = 64
MAX_HEADER = 64 * 1024
MAX_PLAIN = 16 * 1024 * 1024            # compressed content per bundle
MAX_RAW = 64 * 1024 * 1024              # decompressed content per bundle
MAX_FILE = PREFIX.size + MAX_HEADER + MAX_PLAIN + (MAX_PLAIN // crypto.CHUNK + 1) * crypto.TAG + SIG_LEN
_CONTEXT = b"madoguchi bundle v1\0"


class BundleError(Exception):
    """The file is not acceptable; ``reason`` is a short ASCII code for reports."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NeedsUpgrade(BundleError):
    def __init__(self, version: int):
        super().__init__("needs_upgrade")
        self.version = version


class NeedsKey(BundleError):
    def __init__(self, epoch: int):
        super().__init__("needs_key_epoch")
        self.epoch = epoch


def seal(kind: str, content: bytes, keys: DeviceKeys, meta: dict) -> bytes:
    """Build a bundle of ``content`` (bytes) for the current epoch. ``meta`` goes into the header."""
    packed = zlib.compress(content, 6)
    if len(packed) > MAX_PLAIN or len(content) > MAX_RAW:
        raise ValueError("bundle too large")
    cek = os.urandom(32)
    epoch = keys.current_epoch
    header = {"kind": kind, "org": keys.org_id, "epoch": epoch, "cert": keys.cert,
              "wrap": crypto.wrap_cek(cek, keys.epoch_public(epoch)), "chunk": crypto.CHUNK,
              "plain_len": len(packed), "raw_len": len(content),
              "ct_len": len(packed) + crypto.chunk_count(len(packed)) * crypto.TAG, **meta}
    hbytes = canonical_json(header).encode("utf-8")
    prefix = PREFIX.pack(MAGIC, FORMAT, len(hbytes)) + hbytes
    ct = crypto.seal_stream(cek, packed, hashlib.sha256(prefix).digest())
    sig = keys.signing.sign(_CONTEXT + prefix + hashlib.sha256(ct).digest())
    return prefix + ct + sig


def _int(header: dict, name: str, low: int = 0, high: int = 2 ** 53) -> int:
    v = header.get(name)
    if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
        raise BundleError("bad_header")
    return v


def open_bundle(data: bytes, keys: DeviceKeys) -> tuple[dict, bytes]:
    """Verify and decrypt. Returns (header, content); raises BundleError and nothing else."""
    if len(data) == 0:
        raise BundleError("empty")
    if len(data) < PREFIX.size:
        raise BundleError("truncated")
    magic, version, hlen = PREFIX.unpack_from(data)
    if magic != MAGIC:
        raise BundleError("not_a_bundle")
    if version > FORMAT:
        raise NeedsUpgrade(version)
    if version < 1:
        raise BundleError("bad_version")
    if hlen > MAX_HEADER:
        raise BundleError("header_too_large")
    if len(data) > MAX_FILE:
        raise BundleError("too_large")
    if len(data) < PREFIX.size + hlen + SIG_LEN:
        raise BundleError("truncated")
    prefix = data[:PREFIX.size + hlen]
    try:
        header = json.loads(prefix[PREFIX.size:].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError("bad_header") from None
    if not isinstance(header, dict):
        raise BundleError("bad_header")
    plain_len = _int(header, "plain_len", 0, MAX_PLAIN)
    ct_len = _int(header, "ct_len", 0, MAX_FILE)
    raw_len = _int(header, "raw_len", 0, MAX_RAW)
    epoch = _int(header, "epoch", 1, 10 ** 6)
    if header.get("chunk") != crypto.CHUNK or ct_len != plain_len + crypto.chunk_count(plain_len) * crypto.TAG:
        raise BundleError("bad_header")
    end = len(prefix) + ct_len
    if len(data) < end + SIG_LEN:
        raise BundleError("truncated")
    if len(data) > end + SIG_LEN:
        raise BundleError("trailing_data")
    if header.get("org") != keys.org_id:
        raise BundleError("other_organisation")
    cert = header.get("cert")
    if not isinstance(cert, dict) or not keys.cert_valid(cert):
        raise BundleError("bad_certificate")
    ct = data[len(prefix):end]
    if not crypto.verify_sig(bytes.fromhex(cert["pub"]), data[end:], _CONTEXT + prefix + hashlib.sha256(ct).digest()):
        raise BundleError("bad_signature")
    if epoch not in keys.epochs:
        raise NeedsKey(epoch)
    try:
        cek = crypto.unwrap_cek(header.get("wrap") or {}, keys.epochs[epoch])
        packed = crypto.open_stream(cek, ct, plain_len, hashlib.sha256(prefix).digest())
    except crypto.CryptoError:
        raise BundleError("decrypt_failed") from None
    d = zlib.decompressobj()
    try:
        content = d.decompress(packed, raw_len + 1)
    except zlib.error:
        raise BundleError("bad_content") from None
    if len(content) != raw_len or not d.eof or d.unconsumed_tail or d.unused_data:
        raise BundleError("bad_content")
    return header, content
