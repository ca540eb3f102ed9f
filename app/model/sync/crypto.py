"""Bundle cryptography: a random per-bundle key (CEK), ChaCha20-Poly1305 in 64 KiB chunks with a final
flag (STREAM, as in age), the CEK wrapped to the organisation's X25519 key of an epoch, Ed25519 signatures.
"""
from __future__ import annotations

import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHUNK = 64 * 1024
TAG = 16
_RAW = serialization.Encoding.Raw


class CryptoError(Exception):
    pass


def raw_public(key) -> bytes:
    return key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def raw_private(key) -> bytes:
    return key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def _nonce(counter: int, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def chunk_count(plain_len: int) -> int:
    return max(1, -(-plain_len // CHUNK))


def seal_stream(cek: bytes, plaintext: bytes, aad: bytes) -> bytes:
    aead = ChaCha20Poly1305(cek)
    n = chunk_count(len(plaintext))
    out = bytearray()
    for i in range(n):
        out += aead.encrypt(_nonce(i, i == n - 1), plaintext[i * CHUNK:(i + 1) * CHUNK], aad)
    return bytes(out)


def open_stream(cek: bytes, ciphertext: bytes, plain_len: int, aad: bytes) -> bytes:
    n = chunk_count(plain_len)
    if len(ciphertext) != plain_len + n * TAG:
        raise CryptoError("length")
    aead = ChaCha20Poly1305(cek)
    out = bytearray()
    step = CHUNK + TAG
    try:
        for i in range(n):
            out += aead.decrypt(_nonce(i, i == n - 1), ciphertext[i * step:(i + 1) * step], aad)
    except InvalidTag:
        raise CryptoError("ciphertext") from None
    return bytes(out)


def _wrap_key(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"madoguchi cek wrap v1" + epk + recipient).derive(shared)


def wrap_cek(cek: bytes, recipient_pub: bytes) -> dict:
    eph = X25519PrivateKey.generate()
    epk = raw_public(eph)
    kek = _wrap_key(eph.exchange(X25519PublicKey.from_public_bytes(recipient_pub)), epk, recipient_pub)
    nonce = os.urandom(12)
    return {"epk": epk.hex(), "nonce": nonce.hex(), "ct": ChaCha20Poly1305(kek).encrypt(nonce, cek, b"cek").hex()}


def unwrap_cek(wrapped: dict, recipient: X25519PrivateKey) -> bytes:
    try:
        epk = bytes.fromhex(wrapped["epk"])
        kek = _wrap_key(recipient.exchange(X25519PublicKey.from_public_bytes(epk)), epk, raw_public(recipient))
        cek = ChaCha20Poly1305(kek).decrypt(bytes.fromhex(wrapped["nonce"]), bytes.fromhex(wrapped["ct"]), b"cek")
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise CryptoError("wrap") from None
    if len(cek) != 32:
        raise CryptoError("wrap")
    return cek


def verify_sig(pub: bytes, sig: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, message)
        return True
    except (InvalidSignature, ValueError):
        return False


__all__ = ["Ed25519PrivateKey", "X25519PrivateKey", "CryptoError", "seal_stream", "open_stream", "wrap_cek",
           "unwrap_cek", "verify_sig", "raw_public", "raw_private", "chunk_count", "CHUNK", "TAG"]
