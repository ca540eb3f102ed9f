"""相談記録: the notice shown before a consultation, who reads one, and its sealing (issue 16 §1).

A consultation (and its 経過 and corrections) is stored sealed with the care records' envelope
(app/model/care.py: ChaCha20-Poly1305 under a fresh key wrapped to each reader's X25519 key). Its readers:
the worker who consulted, 人事課, and the 課長 of the worker's 課 only if the worker chose the 課長 as 窓口 or
agreed that the 課 be told. Anyone else is not shown the record at all (service_registers leaves it out).
The one reading rule is ``may_read``; the readers a record is sealed to are those it allows.

The link of a 経過 (or a correction) to its 相談 is inside the seal. So that a disposed 相談's 経過 written
on an offline PC can still be found when it arrives (issue 17 §2), each such record also carries, beside the
ciphertext, a *link tag*: HMAC-SHA256 over its own nonce under the 相談's *link key*, itself an HMAC of the
相談's content key (``link_key``). Only the 相談's readers can compute the link key, so before a disposal
nobody else can tell which records belong together; 人事課's disposal approval names it, and from then on
every PC recognises the 相談's records (``is_linked``). A disposed record (a tombstone) opens for nobody."""
from __future__ import annotations

from app.model import access, care, staff
from app.model import roles as R
from app.model.entry import CORRECTION, Entry
from app.model.errors import InputError, PermissionDenied
from app.model.kinds_consult import WINDOW_SECTION_CHIEF

KINDS = ("consultation", "consultation_followup")

#: shown before the form (GUI) and by `consultation notice`; its display is recorded as ``notice_shown``
NOTICE = (
    "【不利益取扱いの禁止】\n"
    "相談したこと、事実関係の確認に協力したこと等を理由として、解雇その他不利益な取扱いをされることはありません"
    "（労働施策総合推進法第33条）。\n"
    "相談の内容は、あなた本人と相談窓口（人事課。窓口に課長を選んだ場合は所属の課長）だけが読めます。"
    "「課に伝えることに同意する」を選んだ場合に限り、所属の課長も読むことができます。\n"
    "カスハラに当たるかどうかはっきりしない場合も相談できます（「判断が微妙」を選んでください）。"
)


def section_may_read(payload: dict) -> bool:
    """The 課長 of the worker's 課 reads it only if chosen as 窓口 or the worker agreed to the 課 being told."""
    return payload.get("window") == WINDOW_SECTION_CHIEF or payload.get("consents_to_section") is True


def may_read(name: str, roles, member, consultation: dict, worker) -> bool:
    """The one reading rule: the worker (by name), 人事課, or the worker's 課長 when ``section_may_read``."""
    roles = set(roles or ())
    if worker is not None and name == worker.name:
        return True
    if R.HR in roles:
        return True
    if R.SECTION_CHIEF not in roles or worker is None or not section_may_read(consultation):
        return False
    return access.may_see_care(name, {R.SECTION_CHIEF}, worker.name, member, worker)


def readers(service, consultation: dict, worker_name: str) -> dict[str, str]:
    """staff id -> X25519 public key (hex) of every active member with a key whom ``may_read`` allows."""
    directory = staff.directory(service.store)
    worker = directory.active_by_name(worker_name)
    return {m.staff_id: m.key["seal_pub"] for m in directory.active()
            if m.key and m.key.get("seal_pub") and may_read(m.name, m.roles, m, consultation, worker)}


LINK_INFO = b"madoguchi/consultation-link/v1"


def link_key(service, consultation: Entry) -> str | None:
    """The link key (hex) of a 相談, for a reader of it signed in with their key (else None)."""
    import hashlib
    import hmac
    cek = care._cek(service, consultation) if care.is_sealed(consultation.payload) else None
    return hmac.new(cek, LINK_INFO, hashlib.sha256).hexdigest() if cek is not None else None


def link_tag(key_hex: str, nonce_hex: str) -> str:
    import hashlib
    import hmac
    return hmac.new(bytes.fromhex(key_hex), bytes.fromhex(nonce_hex), hashlib.sha256).hexdigest()


def is_linked(payload, key_hex: str) -> bool:
    """The stored (sealed) payload carries the link tag of the 相談 whose link key is ``key_hex``."""
    import hmac
    env = payload.get(care.SEALED) if isinstance(payload, dict) else None
    if not isinstance(env, dict) or not isinstance(env.get("link"), str) or not isinstance(env.get("nonce"), str):
        return False
    try:
        return hmac.compare_digest(env["link"], link_tag(key_hex, env["nonce"]))
    except ValueError:
        return False


def _seal_to(stream: str, kind: str, payload: dict, to: dict[str, str], link: str | None = None) -> dict:
    """The care envelope (same key wrapping, same associated data: the stream and the kind); ``link``: the
    相談's link key, for a 経過 or a correction (its tag goes beside the ciphertext)."""
    import os

    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    from app.model.entry import canonical_json
    cek, nonce = os.urandom(32), os.urandom(12)
    ct = ChaCha20Poly1305(cek).encrypt(nonce, canonical_json(payload).encode("utf-8"), care._aad(stream, kind))
    env = {"v": 1, "nonce": nonce.hex(), "ct": ct.hex(),
           "to": {sid: care._wrap(cek, pub) for sid, pub in sorted(to.items())}}
    if link:
        env["link"] = link_tag(link, env["nonce"])
    return {care.SEALED: env}


def plain_of(service, e: Entry) -> dict | None:
    """The stored payload opened with the signed-in actor's key (None: not sealed to them, or disposed of)."""
    from app.model import shred
    if shred.is_tombstone(e.payload):
        return None
    if not care.is_sealed(e.payload):
        return e.payload if isinstance(e.payload, dict) else None
    return care.unseal(service, e)


def root_of(e: Entry, by_id: dict[str, Entry], plain: dict | None, service) -> tuple[Entry, dict] | None:
    """The consultation a consultation record belongs to, opened: itself, the one a 経過 follows, or the target
    of a correction (followed through)."""
    for _ in range(8):
        if e.kind == "consultation":
            return (e, plain) if plain is not None else None
        if e.kind == "consultation_followup":
            nxt = by_id.get((plain or {}).get("consultation", ""))
        elif e.kind == CORRECTION:
            nxt = by_id.get(e.supersedes or "")
        else:
            return None
        if nxt is None:
            return None
        e, plain = nxt, plain_of(service, nxt)
    return None


def open_record(service, e: Entry, stored: list[Entry]) -> dict | None:
    """OPENERS: the plain payload for a reader (sealed to them and the rule allows them now), else None."""
    plain = plain_of(service, e)
    if plain is None:
        return None
    root = root_of(e, {x.id: x for x in stored}, plain, service)
    if root is None:
        return None
    directory = staff.directory(service.store)
    worker = directory.active_by_name(root[0].author)
    if worker is None and service.actor.name == root[0].author:
        return plain
    return plain if may_read(service.actor.name, service.roles(), service.member(), root[1], worker) else None


def seal_record(service, stream: str, kind: str, payload: dict, stored: list[Entry], pending: list[Entry],
                supersedes: str | None) -> dict:
    """SEALERS: seal a consultation, a 経過 or a correction of either to the consultation's readers."""
    link = None
    if kind == "consultation":
        consultation, worker = payload, service.actor.name
    else:
        by_id = {x.id: x for x in stored}
        start = by_id.get(supersedes or "") if kind == CORRECTION else by_id.get(payload.get("consultation", ""))
        opened = open_record(service, start, stored) if start is not None else None
        root = root_of(start, by_id, opened, service) if opened is not None else None
        if root is None:
            raise PermissionDenied("この相談記録を読む権限がないため、記録できません。",
                                   "The consultation cannot be read by this person: nothing written.")
        consultation, worker = root[1], root[0].author
        link = link_key(service, root[0])
        if kind == CORRECTION and start.kind == "consultation":
            _check_correction(service, start, opened, payload)
    to = readers(service, consultation, worker)
    me = service.member()
    if me is None or me.staff_id not in to:
        raise InputError("サインインしている職員の鍵がないため、この相談記録を封印できません。パスワードでサインインし直してください。",
                         "The actor has no sealing key: the consultation cannot be sealed.", field="kind")
    if consultation.get("window") == WINDOW_SECTION_CHIEF and not _role_among(service, to, R.SECTION_CHIEF):
        raise InputError("所属の課に課長が登録されていないため、窓口に課長を選べません。人事課を選んでください。",
                         "No 課長 of the worker's section can read it: choose 人事課.", field="window")
    if not _role_among(service, to, R.HR):
        raise InputError("人事課の職員が登録されていないため、相談を記録できません。システム管理者に確認してください。",
                         "No 人事課 member can read it: not written.", field="window")
    return _seal_to(stream, kind, payload, to, link)


def _role_among(service, to: dict, role: str) -> bool:
    directory = staff.directory(service.store)
    return any(role in (m.roles if (m := directory.by_id(sid)) else ()) for sid in to)


def _check_correction(service, target: Entry, opened: dict, payload: dict) -> None:
    if service.actor.name != target.author:
        raise PermissionDenied("相談記録を訂正できるのは、相談した本人だけです。",
                               "Only the worker who consulted may correct a consultation.")
    repl = payload.get("replacement") or {}
    if repl.get("withdrawn"):
        return
    for f, label in (("window", "相談窓口"), ("consents_to_section", "課に伝えることへの同意")):
        if repl.get(f) != opened.get(f):
            raise InputError(f"{label}は訂正では変えられません。新しい相談として記録してください。",
                             f"{f} cannot be changed by a correction: record a new consultation.", field=f)
