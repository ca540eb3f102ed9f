"""The organisation's staff directory, rooted in the organisation, and who may have written an entry.

``org create`` makes the organisation's root signing key; it signs the *genesis*: the first システム管理者
(staff id, name, 所属, their key record). Every PC that joins keeps the genesis (store meta ``org_root``),
so the directory is the same on every PC. In a rooted store a staff-directory entry counts only if it is
signed (app/model/signing.py) by a person who, at that entry's time, is an active システム管理者 of the
directory built from the genesis and the valid entries before it (a member may also set their own password).
Revoking a device (``device_revoked`` {device_id, up_to_seq, reason}) refuses its entries after ``up_to_seq``;
deactivating a person refuses their entries after it. Earlier entries stay.

An incident entry counts only if its author, at its time, held a role that the operation of its kind allows
(app/model/permissions.py, derived from app/model/kinds.py: the same table as the door) and signed it; an entry
of the PC itself (``PC:<device>``, emergency capture) only under its own device id. A store that never
joined a rooted organisation trusts its own directory as written (bootstrap); see docs/security.md.
"""
from __future__ import annotations

import bisect
import copy
import json
from dataclasses import dataclass, field

from app.model import permissions, personkey, signing
from app.model.actor import Department
from app.model.entry import Entry, canonical_json, sort_key
from app.model.errors import InputError
from app.model.ids import uuid7
from app.model.sync.crypto import Ed25519PrivateKey, raw_public, verify_sig

ROOT_META = "org_root"
STAFF_STREAM = "staff-directory"
AUDIT_STREAM = "audit-trail"
_GENESIS = b"madoguchi genesis v1\0"
SELF_SERVICE = frozenset({"staff_password_set"})  # a member may sign these about themselves
DIRECTORY_KINDS = frozenset({"staff_added", "staff_roles_changed", "staff_password_set", "staff_deactivated",
                             "device_revoked"})
# Refusal reasons (quarantine rows); those a later directory entry can cure are re-checked at each sync.
CURABLE = frozenset({"unknown_author", "not_permitted", "bad_signature", "unsigned"})


# ---- the root ------------------------------------------------------------------------------------
def make_root(org_id: str, admin: dict) -> dict:
    """The organisation's root: a fresh Ed25519 key signs the first システム管理者; the private key is dropped."""
    from app.model import validation
    root = Ed25519PrivateKey.generate()
    staff_id = uuid7()
    name = validation.text(admin.get("name"), "name", required=True, max_len=200)
    genesis = {"org": org_id, "staff_id": staff_id, "name": name, "roles": ["sysadmin"],
               "department": Department.parse(admin.get("department")).to_dict(),
               "key": personkey.new_record(staff_id, admin.get("password") or "")}
    sig = root.sign(_GENESIS + canonical_json(genesis).encode("utf-8"))
    return {"root_pub": raw_public(root).hex(), "genesis": genesis, "sig": sig.hex()}


def _root_valid(root: dict, org_id: str | None = None) -> bool:
    try:
        g = root["genesis"]
        return ((org_id is None or g["org"] == org_id)
                and verify_sig(bytes.fromhex(root["root_pub"]), bytes.fromhex(root["sig"]),
                               _GENESIS + canonical_json(g).encode("utf-8")))
    except (KeyError, ValueError, TypeError, AttributeError):
        return False


def adopt_root(store, enrollment: dict) -> bool:
    """Keep the organisation's root in this store (at ``org join``). True if the organisation is rooted."""
    root = enrollment.get("root")
    if not root:
        return False
    if not _root_valid(root, enrollment.get("org")):
        raise InputError("参加用ファイルの組織の署名が正しくありません。", "The enrollment file's root signature is invalid.",
                         field="file")
    current = root_of(store)
    if current is None and store.conn.execute(
            "SELECT 1 FROM entries WHERE incident_id = ? LIMIT 1", (STAFF_STREAM,)).fetchone():
        raise InputError("このPCには独自の職員名簿があります。組織の職員名簿に切り替えるとその職員はサインインできなく"
                         "なるため参加しません。新しいデータフォルダ（init で作成）で参加してください。",
                         "This store has its own staff directory, which a rooted organisation would ignore; join "
                         "with a new data folder.", field="file")
    if current is not None and current["root_pub"] != root["root_pub"]:
        raise InputError("このPCは別の組織の職員名簿を持っています。", "This store holds another organisation's directory.",
                         field="file")
    store.set_meta(ROOT_META, canonical_json(root))
    return True


_roots: dict[str, dict | None] = {}


def root_of(store) -> dict | None:
    raw = store.meta(ROOT_META)
    if not raw:
        return None
    if raw not in _roots:
        root = json.loads(raw)
        _roots[raw] = root if _root_valid(root) else None
    return _roots[raw]


# ---- the directory's history -----------------------------------------------------------------------
@dataclass
class History:
    """Members and revoked devices over time; built from the genesis and the valid directory entries."""
    timeline: dict = field(default_factory=dict)        # staff_id -> ([sort keys], [StaffMember])
    revoked: dict = field(default_factory=dict)         # device_id -> (sort key, up_to_seq)
    refused: dict = field(default_factory=dict)         # entry id -> reason (invalid directory entries)
    valid: list = field(default_factory=list)           # the directory entries that count

    def member_at(self, staff_id: str | None, key: tuple):
        keys, states = self.timeline.get(staff_id or "", ([], []))
        i = bisect.bisect_left(keys, key)
        return states[i - 1] if i else None

    def current(self) -> dict:
        return {sid: states[-1] for sid, (_, states) in self.timeline.items()}

    def device_refused(self, e: Entry) -> bool:
        r = self.revoked.get(e.device_id)
        return r is not None and e.seq > r[1]

    def _set(self, key: tuple, member) -> None:
        keys, states = self.timeline.setdefault(member.staff_id, ([], []))
        keys.append(key)
        states.append(member)


def _author_problem(h: History, e: Entry):
    """(signing member, None) or (None, reason) for a person-authored entry."""
    key = sort_key(e)
    signer = signing.signer_of(e)
    if signer is None:
        return None, "unsigned"
    m = h.member_at(signer, key)
    if m is None:
        return None, "unknown_author"
    if not m.active or m.name != e.author:
        return None, "not_permitted"
    if not signing.signature_ok(e, (m.key or {}).get("sign_pub")):
        return None, "bad_signature"
    return m, None


def _directory_step(h: History, e: Entry) -> str | None:
    """Apply one directory entry to ``h`` if valid; else the reason it is refused."""
    from app.model.staff import StaffMember
    if e.kind not in DIRECTORY_KINDS:
        return "unknown_kind"
    if h.device_refused(e):
        return "device_revoked"
    m, problem = _author_problem(h, e)
    if problem:
        return problem
    p = signing.strip(e.payload)
    sid = p.get("staff_id", "")
    key = sort_key(e)
    target = h.member_at(sid, key) if sid else None
    own = e.kind in SELF_SERVICE and sid == m.staff_id
    if "sysadmin" not in m.roles and not own:
        return "not_permitted"
    if e.kind == "device_revoked":
        device, up_to = p.get("device_id"), p.get("up_to_seq")
        if not isinstance(device, str) or not isinstance(up_to, int):
            return "invalid_payload"
        if device not in h.revoked or up_to < h.revoked[device][1]:
            h.revoked[device] = (key, up_to)
        return None
    if e.kind == "staff_added":
        if not sid or target is not None:
            return "staff_exists"
        roles = p.get("roles") or []
        if not isinstance(roles, list) or any(r not in permissions.ROLES for r in roles):
            return "invalid_payload"
        h._set(key, StaffMember(sid, p.get("name", ""), Department.from_dict(p.get("department")),
                                frozenset(roles)))
        return None
    if target is None:
        return "unknown_member"
    new = copy.copy(target)
    if e.kind == "staff_roles_changed":
        roles = p.get("roles") or []
        if not isinstance(roles, list) or any(r not in permissions.ROLES for r in roles):
            return "invalid_payload"
        new.roles = frozenset(roles)
    elif e.kind == "staff_password_set":
        new.key, new.password_hash = p.get("key"), p.get("hash", "")
    elif e.kind == "staff_deactivated":
        new.active = False
    h._set(key, new)
    return None


def history(root: dict, entries) -> History:
    """The directory's history from the genesis and ``entries`` of the staff-directory stream."""
    from app.model.staff import StaffMember
    g = root["genesis"]
    h = History()
    h._set((), StaffMember(g["staff_id"], g["name"], Department.from_dict(g.get("department")),
                           frozenset(g["roles"]), key=g.get("key")))
    for e in sorted(entries, key=sort_key):
        reason = _directory_step(h, e)
        if reason:
            h.refused[e.id] = reason
        else:
            h.valid.append(e)
    return h


_cache: dict[int, tuple[tuple, History]] = {}


def store_history(store, root: dict) -> History:
    stamp = (root["root_pub"],) + tuple(store.conn.execute(
        "SELECT count(*), max(hlc) FROM entries WHERE incident_id = ?", (STAFF_STREAM,)).fetchone())
    cached = _cache.get(id(store))
    if cached and cached[0] == stamp:
        return cached[1]
    h = history(root, store.entries(STAFF_STREAM))
    _cache[id(store)] = (stamp, h)
    return h


# ---- whether an entry counts -----------------------------------------------------------------------
def operations_of(e: Entry, target: Entry | None = None) -> list[str]:
    """The operations the author of ``e`` needs (app/model/permissions.py, as at the door): its kind's; for a
    correction also that of the entry it corrects and, for a kind with levels, of its replacement."""
    ops = [permissions.operation_for_entry(e.kind, signing.strip(e.payload))]
    if e.kind == "correction" and target is not None:
        ops.append(permissions.operation_for_entry(target.kind, signing.strip(target.payload)))
        replacement = e.payload.get("replacement")
        if isinstance(replacement, dict) and replacement.get("level") is not None:
            ops.append(permissions.operation_for_entry(target.kind, replacement))
    return ops


def refusal(h: History, e: Entry, lookup=None) -> str | None:
    """Why ``e`` does not count in a rooted organisation (None: it does). ``h`` must have been built with
    ``e`` among its entries if ``e`` is a directory entry (its validity depends on the entries before it).
    ``lookup(entry_id)``: the entry a correction corrects, if known here."""
    if e.incident_id == STAFF_STREAM:
        return h.refused.get(e.id)
    if h.device_refused(e):
        return "device_revoked"
    if e.incident_id == AUDIT_STREAM:
        return None  # attested by the device's bundle signature only (docs/security.md)
    target = lookup(e.supersedes) if lookup is not None and e.kind == "correction" and e.supersedes else None
    operations = operations_of(e, target)
    if e.author.startswith("PC:"):
        if e.author != f"PC:{e.device_id}":
            return "not_permitted"
        roles = {permissions.PC}
    else:
        m, problem = _author_problem(h, e)
        if problem:
            return problem
        roles = m.roles
    return None if all(permissions.allowed(op, roles) for op in operations) else "not_permitted"
