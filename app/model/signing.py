"""Signed authorship: every entry a signed-in person writes carries their Ed25519 signature.

The signature sits in the payload under ``SIGNATURE`` ({"by": staff_id, "sig": hex}) and covers what the entry
says (id, incident, clock, author, kind, the rest of the payload, supersedes, time), not its place in a
device's chain (``PLACE_FIELDS``); the entry's hash covers the signature and the place. The private key exists only
in memory, from a password sign-in (app/model/auth.py) until sign-out or the end of the process; the store
signs an entry whose author is a person signed in to that store (``Store.signer`` calls ``sign``).
"""
from __future__ import annotations

import threading

from app.model.entry import Entry, canonical_json

SIGNATURE = "signature"
_CONTEXT = b"madoguchi entry v1\0"
_keys: dict[tuple[str, str], object] = {}
_lock = threading.Lock()


def remember(store_id: str, author: str, key) -> None:
    """Keep a signed-in person's key (app/model/personkey.PersonKey) for entries they write in this store."""
    with _lock:
        _keys[(store_id, author)] = key


def key_for(store_id: str, author: str):
    """The signed-in person's keys (app/model/personkey.PersonKey), or None."""
    with _lock:
        return _keys.get((store_id, author))


def forget(store_id: str, author: str) -> None:
    with _lock:
        _keys.pop((store_id, author), None)


def forget_all() -> None:
    with _lock:
        _keys.clear()


PLACE_FIELDS = ("device_id", "seq", "prev_hash")
"""Where an entry sits in a device's chain, not what it says: left out of the author's signature, so a record
of a cloned PC's other branch keeps its signature when another PC re-issues it at a place of its own
(app/model/sync/reissue.py). The chain's hashes and the bundle's device signature cover the place."""


def message(e: Entry) -> bytes:
    fields = {k: v for k, v in e.hashed_fields().items() if k not in PLACE_FIELDS}
    fields["payload"] = {k: v for k, v in e.payload.items() if k != SIGNATURE}
    return _CONTEXT + canonical_json(fields).encode("utf-8")


def sign(store_id: str, e: Entry) -> Entry:
    """``e`` with its author's signature, if that person is signed in here; else unchanged."""
    with _lock:
        key = _keys.get((store_id, e.author))
    if key is None:
        return e
    unsigned = Entry(**{**e.__dict__, "payload": {k: v for k, v in e.payload.items() if k != SIGNATURE}})
    sig = key.sign(message(unsigned)).hex()
    return Entry(**{**unsigned.__dict__, "payload": {**unsigned.payload, SIGNATURE: {"by": key.staff_id, "sig": sig}}})


def signer_of(e: Entry) -> str | None:
    s = e.payload.get(SIGNATURE)
    return s.get("by") if isinstance(s, dict) and isinstance(s.get("by"), str) else None


def signature_ok(e: Entry, sign_pub_hex: str | None) -> bool:
    s = e.payload.get(SIGNATURE)
    if not isinstance(s, dict) or not isinstance(s.get("sig"), str) or not sign_pub_hex:
        return False
    from app.model.sync.crypto import verify_sig
    try:
        return verify_sig(bytes.fromhex(sign_pub_hex), bytes.fromhex(s["sig"]), message(e))
    except ValueError:
        return False


def strip(payload: dict) -> dict:
    return {k: v for k, v in payload.items() if k != SIGNATURE}


def shown(e: Entry) -> Entry:
    """``e`` as the Service shows it: without the signature (authentication, not content), so a payload copied
    into a correction carries none."""
    if not isinstance(e.payload, dict) or SIGNATURE not in e.payload:
        return e
    return Entry(**{**e.__dict__, "payload": strip(e.payload)})
