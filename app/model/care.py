"""Care follow-up (職員のメンタルケア): a referral to the 職員保健室 as a task with a due date.

Visible only to the staff member it concerns, their 課長 and 人事課: the one rule is
app/model/access.may_see_care, applied by ``Service.entries`` (corrections of care records included).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.model import kinds
from app.model.entry import effective_entries

CARE_KINDS = kinds.private_kinds()
#: a private follow-up kind -> the field naming the record it follows; every other private kind names the
#: person concerned in ``staff`` (a care referral, a 配慮措置)
FOLLOWS = {"care_followup": "referral", "measure_followup": "measure_id"}
ROOT_KINDS = tuple(k for k in CARE_KINDS if k not in FOLLOWS)


def root_id(kind: str, payload) -> str | None:
    """The id of the record a private follow-up follows (None for any other kind)."""
    name = FOLLOWS.get(kind)
    return payload.get(name) if name and isinstance(payload, dict) else None


@dataclass
class CareTask:
    entry_id: str
    staff: str
    due: str
    note: str
    referred_by: str
    done: bool = False
    done_at: str = ""

    def reminder(self, today: str) -> str:
        """"" / "期限まで3日" / "期限切れ" — for the reminder shown to those who may see it."""
        if self.done or not self.due:
            return ""
        if self.due < today:
            return "期限切れ"
        days = (dt.date.fromisoformat(self.due) - dt.date.fromisoformat(today)).days
        return "本日が期限" if days == 0 else (f"期限まで{days}日" if days <= 7 else "")


def tasks(entries) -> list[CareTask]:
    out: dict[str, CareTask] = {}
    for e in effective_entries(entries):
        p = e.payload
        if e.kind == "care_referral":
            out[e.id] = CareTask(e.id, p.get("staff", ""), p.get("due", ""), p.get("note", ""), e.author)
        elif e.kind == "care_followup" and p.get("referral") in out:
            t = out[p["referral"]]
            t.done = bool(p.get("done"))
            t.done_at = p.get("at", "")
    return list(out.values())


def refer(service, incident_id: str, staff: str, due: str, note: str = ""):
    """A referral with its follow-up date; the registry checks the fields (app/model/kinds.py)."""
    return service.append(incident_id, "care_referral", {"staff": staff, "due": due, "note": note})


def mark_done(service, incident_id: str, referral_id: str, at: str, note: str = ""):
    return service.append(incident_id, "care_followup", {"referral": referral_id, "at": at, "done": True,
                                                         "note": note})


# ---- sealed care records ---------------------------------------------------------------------------
# A care record (and a correction of one) is stored as {"sealed": envelope}: its payload encrypted
# (ChaCha20-Poly1305) under a fresh key that is wrapped (X25519, app/model/sync/crypto.wrap_cek) to each
# reader's own key: every member with a key whom access.may_see_care lets see it when it is written (the
# person concerned, a 課長 of the same 課, 人事課). The store key alone shows that the entry exists, not
# what it says; a reader opens it with their key, in memory only while they are signed in with a password.
SEALED = "sealed"


def is_sealed(payload) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get(SEALED), dict)


def _aad(incident_id: str, kind: str) -> bytes:
    return f"madoguchi care v1\0{incident_id}\0{kind}".encode("utf-8")


def readers(service, concerned_name: str) -> dict[str, str]:
    """staff id -> X25519 public key (hex) of everyone the one care rule lets see a record about
    ``concerned_name`` now (app/model/access.may_see_care)."""
    from app.model import access, staff
    directory = staff.directory(service.store)
    concerned = directory.active_by_name(concerned_name or "")
    return {m.staff_id: m.key["seal_pub"] for m in directory.active()
            if m.key and m.key.get("seal_pub")
            and access.may_see_care(m.name, m.roles, concerned_name, m, concerned)}


def seal(service, incident_id: str, kind: str, payload: dict, concerned_name: str) -> dict:
    import os

    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    from app.model.entry import canonical_json
    from app.model.errors import InputError
    to = readers(service, concerned_name)
    if not to:
        raise InputError("この記録を読める職員（本人・同じ課の課長・人事課）がいないため、記録できません。",
                         "Nobody may read this care record (no member with a key): not written.", field="staff")
    cek, nonce = os.urandom(32), os.urandom(12)
    ct = ChaCha20Poly1305(cek).encrypt(nonce, canonical_json(payload).encode("utf-8"), _aad(incident_id, kind))
    return {SEALED: {"v": 1, "nonce": nonce.hex(), "ct": ct.hex(),
                     "to": {sid: _wrap(cek, pub) for sid, pub in sorted(to.items())}}}


def _wrap(cek: bytes, pub_hex: str) -> dict:
    """The content key wrapped to one reader's X25519 key; ``for`` names that key (a password reset makes a
    new key pair: a reader re-wraps to it, ``add_readers``)."""
    from app.model.sync.crypto import wrap_cek
    return {**wrap_cek(cek, bytes.fromhex(pub_hex)), "for": pub_hex[:16]}


def _cek(service, e, extra: dict | None = None) -> bytes | None:
    """The record's content key, unwrapped with the signed-in actor's own key (None: not a reader here)."""
    from app.model import signing
    from app.model.sync.crypto import CryptoError, unwrap_cek
    env = e.payload.get(SEALED) if isinstance(e.payload, dict) else None
    key = signing.key_for(service.store.store_id, service.actor.author)
    if not isinstance(env, dict) or key is None or not isinstance(env.get("to"), dict):
        return None
    from app.model.sync.crypto import raw_public
    mine = raw_public(key.sealing).hex()[:16]
    wraps = [env["to"].get(key.staff_id)] + list((extra or {}).get(key.staff_id, []))
    for wrapped in wraps:
        if isinstance(wrapped, dict) and wrapped.get("for", mine) == mine:
            try:
                return unwrap_cek(wrapped, key.sealing)
            except CryptoError:
                continue
    return None


def _decrypt(e, cek: bytes) -> dict | None:
    import json

    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    env = e.payload[SEALED]
    try:
        plain = ChaCha20Poly1305(cek).decrypt(bytes.fromhex(env["nonce"]), bytes.fromhex(env["ct"]),
                                              _aad(e.incident_id, e.kind))
        return json.loads(plain)
    except (InvalidTag, KeyError, ValueError, TypeError):
        return None


def unseal(service, e, extra: dict | None = None) -> dict | None:
    """The plain payload of a sealed care record if the Service's actor is one of its readers and signed in.
    ``extra``: keys wrapped to readers added later (``care_readers_added``, see ``added_keys``)."""
    cek = _cek(service, e, extra)
    return _decrypt(e, cek) if cek is not None else None


def opened(service, e, extra: dict | None, restricted: dict):
    """``e`` as the Service's actor may see it: a sealed care record opened for a reader, else ``restricted``."""
    if not is_sealed(e.payload):
        return e
    from app.model.entry import Entry
    plain = unseal(service, e, extra)
    return Entry(**{**e.__dict__, "payload": plain if plain is not None else dict(restricted)})


def payload_for(service, entries, e) -> dict | None:
    """The payload of care record ``e`` (one of the incident's ``entries``) for the Service's actor: as stored
    when not sealed, opened for a reader, None for anyone else."""
    if not is_sealed(e.payload):
        return e.payload
    return unseal(service, e, added_keys(entries).get(e.id))


# ---- readers added later: a reader re-wraps the content key; nothing is decrypted on a PC without a right
READERS_ADDED = "care_readers_added"


def _pack(staff_id: str, wrapped: dict) -> str:
    return "|".join((staff_id, wrapped["epk"], wrapped["nonce"], wrapped["ct"], wrapped["for"]))


def added_keys(entries) -> dict[str, dict[str, list[dict]]]:
    """Sealed record id -> {staff id: [wrapped keys]} from the incident's ``care_readers_added`` entries."""
    out: dict[str, dict[str, list[dict]]] = {}
    for e in entries:
        if e.kind != READERS_ADDED or not isinstance(e.payload.get("keys"), list):
            continue
        for text in e.payload["keys"]:
            parts = text.split("|") if isinstance(text, str) else []
            if len(parts) == 5:
                out.setdefault(e.payload.get("target", ""), {}).setdefault(parts[0], []).append(
                    {"epk": parts[1], "nonce": parts[2], "ct": parts[3], "for": parts[4]})
    return out


def add_readers(service, incident_id: str) -> int:
    """Wrap the keys of the incident's sealed care records (that the actor can read) to every reader the care
    rule allows now and whose current key has none yet (a new 課長 of the 課; a member whose password was reset
    and so has a new key pair). Returns how many records got new readers."""
    from app.model.entry import CORRECTION
    stored = service.store.entries(incident_id)
    extra = added_keys(stored)
    by_id = {e.id: e for e in stored}
    opened: dict[str, tuple[bytes, dict]] = {}
    for e in stored:
        if is_sealed(e.payload):
            cek = _cek(service, e, extra.get(e.id))
            plain = _decrypt(e, cek) if cek is not None else None
            if plain is not None:
                opened[e.id] = (cek, plain)

    def concerned(entry_id: str, depth: int = 0):
        e = by_id.get(entry_id)
        if e is None or depth > 8:
            return None
        plain = opened[e.id][1] if e.id in opened else (None if is_sealed(e.payload) else e.payload)
        if plain is None:
            return None
        if e.kind in ROOT_KINDS:
            return plain.get("staff", "")
        if e.kind in FOLLOWS:
            return concerned(root_id(e.kind, plain) or "", depth + 1)
        return concerned(e.supersedes, depth + 1) if e.kind == CORRECTION else None

    items = []
    for entry_id, (cek, _plain) in opened.items():
        who = concerned(entry_id)
        if who is None:
            continue
        wraps = {sid: [w] for sid, w in by_id[entry_id].payload[SEALED]["to"].items()}
        for sid, more in extra.get(entry_id, {}).items():
            wraps.setdefault(sid, []).extend(more)
        new = {sid: pub for sid, pub in readers(service, who).items()
               if not any(isinstance(w, dict) and w.get("for", pub[:16]) == pub[:16] for w in wraps.get(sid, []))}
        if new:
            items.append((READERS_ADDED, {"target": entry_id, "keys": [
                _pack(sid, _wrap(cek, pub)) for sid, pub in sorted(new.items())]}, None))
    if items:
        service.append_many(incident_id, items, door="service")
    return len(items)


def envelope_ok(payload) -> bool:
    """The shape of a sealed payload (what another PC can check without reading it)."""
    env = payload.get(SEALED) if isinstance(payload, dict) else None
    return (isinstance(env, dict) and env.get("v") == 1 and isinstance(env.get("nonce"), str)
            and isinstance(env.get("ct"), str) and isinstance(env.get("to"), dict) and bool(env["to"])
            and set(payload) <= {SEALED, "signature"})


def seal_items(service, items: list[tuple], stored=None) -> list[tuple]:
    """Seal the care records (and corrections of one) among a Service's prepared store items."""
    from app.model.entry import CORRECTION
    out, by_id = [], None
    for incident_id, kind, payload, author, supersedes in items:
        concerned = None
        if kind in CARE_KINDS:
            concerned = _concerned(service, incident_id, kind, payload, by_id)
        elif kind == CORRECTION and supersedes:
            by_id = by_id if by_id is not None else {e.id: e for e in service.store.entries(incident_id)}
            target = by_id.get(supersedes)
            if target is not None and target.kind in CARE_KINDS:
                plain = unseal(service, target) if is_sealed(target.payload) else target.payload
                concerned = _concerned(service, incident_id, target.kind, plain or {}, by_id)
        if concerned is not None:
            payload = seal(service, incident_id, kind, payload, concerned)
        out.append((incident_id, kind, payload, author, supersedes))
    return out


def _concerned(service, incident_id: str, kind: str, payload: dict, by_id) -> str:
    from app.model.errors import PermissionDenied
    if kind not in FOLLOWS:
        return payload.get("staff", "")
    by_id = by_id if by_id is not None else {e.id: e for e in service.store.entries(incident_id)}
    ref = by_id.get(root_id(kind, payload))
    plain = (unseal(service, ref) if ref is not None and is_sealed(ref.payload) else (ref.payload if ref else None))
    if plain is None:
        raise PermissionDenied("元の記録を読めないため、経過を記録できません。",
                               "The record followed cannot be read by this person: no follow-up written.")
    return plain.get("staff", "")
