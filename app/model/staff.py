"""The staff directory: entries in the reserved stream ``staff-directory`` (so it syncs like any record).

Kinds: ``staff_added`` {staff_id, name, department, roles}, ``staff_roles_changed`` {staff_id, roles},
``staff_password_set`` {staff_id, key} (a password: the member's key record, app/model/personkey.py) or
{staff_id, hash} (a PIN), ``staff_deactivated`` {staff_id, reason}, ``device_revoked`` {device_id, up_to_seq,
reason}. In a rooted organisation only entries signed by a システム管理者 count (app/model/trust.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model.actor import Department
from app.model.entry import sort_key

STAFF_STREAM = "staff-directory"


@dataclass
class StaffMember:
    staff_id: str
    name: str
    department: Department = field(default_factory=Department)
    roles: frozenset = field(default_factory=frozenset)
    password_hash: str = ""   # a PIN's argon2id hash (older records: any secret's)
    active: bool = True
    key: dict | None = None   # the member's key record (app/model/personkey.py), wrapped by their password

    def public(self) -> dict:
        """What `staff list` shows (never the hash)."""
        return {"staff_id": self.staff_id, "name": self.name, "department": self.department.to_dict(),
                "roles": sorted(self.roles), "active": self.active}


class Directory:
    def __init__(self, members: dict[str, StaffMember]):
        self.members = members

    def by_id(self, staff_id: str) -> StaffMember | None:
        return self.members.get(staff_id)

    def active_by_name(self, name: str) -> StaffMember | None:
        """Names are matched exactly as entered (no normalisation)."""
        found = [m for m in self.members.values() if m.active and m.name == name]
        return found[0] if found else None

    def active(self) -> list[StaffMember]:
        return [m for m in self.members.values() if m.active]

    @property
    def empty(self) -> bool:
        return not self.active()


def build(entries) -> Directory:
    members: dict[str, StaffMember] = {}
    for e in sorted(entries, key=sort_key):
        p = e.payload
        sid = p.get("staff_id", "")
        if e.kind == "staff_added":
            members[sid] = StaffMember(sid, p.get("name", ""), Department.from_dict(p.get("department")),
                                       frozenset(p.get("roles") or ()))
        elif sid not in members:
            continue
        elif e.kind == "staff_roles_changed":
            members[sid].roles = frozenset(p.get("roles") or ())
        elif e.kind == "staff_password_set":
            members[sid].password_hash = p.get("hash", "")
            members[sid].key = p.get("key")
        elif e.kind == "staff_deactivated":
            members[sid].active = False
    return Directory(members)


_cache: dict[int, tuple[tuple, Directory]] = {}


def directory(store) -> Directory:
    """The current directory of a store, cached until the stream changes. In a store of a rooted
    organisation only the entries that chain back to the organisation's root count (app/model/trust.py)."""
    from app.model import trust
    root = trust.root_of(store)
    if root is not None:
        return Directory(trust.store_history(store, root).current())
    stamp = tuple(store.conn.execute(
        "SELECT count(*), max(hlc) FROM entries WHERE incident_id = ?", (STAFF_STREAM,)).fetchone())
    cached = _cache.get(id(store))
    if cached and cached[0] == stamp:
        return cached[1]
    d = build(store.entries(STAFF_STREAM))
    _cache[id(store)] = (stamp, d)
    return d
