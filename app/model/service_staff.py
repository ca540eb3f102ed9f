"""Staff management through the Service (システム管理者; bootstrap may only add the first one)."""
from __future__ import annotations

from app.model import audit, passwords, permissions, personkey, staff, validation
from app.model.actor import Department
from app.model.errors import InputError, NotFoundError
from app.model.ids import uuid7


def secret_record(staff_id: str, secret: str) -> dict:
    """What ``staff_password_set`` keeps: for a password, the member's new key pair wrapped by it
    (app/model/personkey.py); for a PIN, only its argon2id hash (a PIN never wraps a key)."""
    passwords.check_strength(secret)
    if personkey.is_pin(secret):
        return {"staff_id": staff_id, "hash": passwords.hash_secret(secret)}
    return {"staff_id": staff_id, "key": personkey.new_record(staff_id, secret)}


def _roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles or []))
    if not roles:
        raise InputError("役割を一つ以上指定してください。", "Give at least one role.", field="role")
    bad = [r for r in roles if r not in permissions.ROLES]
    if bad:
        raise InputError(f"不明な役割です: {bad[0]}（{'、'.join(permissions.ROLES)}）",
                         f"Unknown role {bad[0]}; roles: {', '.join(permissions.ROLES)}.", field="role")
    return roles


class StaffAdmin:
    """Mixed into Service; uses its ``store``, ``actor``, ``require``, ``can``."""

    def list_staff(self) -> list[dict]:
        self.require("staff.list")
        return [m.public() for m in staff.directory(self.store).members.values()]

    def add_staff(self, name: str, roles, password: str, department: Department | str | None = None) -> str:
        self.require("staff.add")
        name = validation.text(name, "name", required=True, max_len=200)
        roles = _roles(roles)
        if permissions.BOOTSTRAP in self.roles() and "sysadmin" not in roles:
            raise InputError("最初の職員はシステム管理者（sysadmin）にしてください。",
                             "The first member of staff must be a sysadmin.", field="role")
        if staff.directory(self.store).active_by_name(name):
            raise InputError("同じ氏名の職員が既にいます。", "A member of staff with this name exists.", field="name")
        dept = department if isinstance(department, Department) else Department.parse(department)
        sid = uuid7()
        secret = secret_record(sid, password)
        s = staff.STAFF_STREAM
        self.store.append_many([
            (s, "staff_added", {"staff_id": sid, "name": name, "department": dept.to_dict(), "roles": roles},
             self.actor.author, None),
            (s, "staff_password_set", secret, self.actor.author, None)])
        audit.record(self.store, self.actor.author, "staff_changed", staff_id=sid, detail="added",
                     channel=self.channel)
        return sid

    def _member(self, name: str) -> staff.StaffMember:
        m = staff.directory(self.store).active_by_name(name)
        if m is None:
            raise NotFoundError(f"職員が見つかりません: {name}", f"No active member of staff {name}.")
        return m

    def set_roles(self, name: str, roles) -> None:
        self.require("staff.roles")
        m, roles = self._member(name), _roles(roles)
        self.store.append(staff.STAFF_STREAM, "staff_roles_changed", {"staff_id": m.staff_id, "roles": roles},
                          self.actor.author)
        audit.record(self.store, self.actor.author, "staff_changed", staff_id=m.staff_id, detail="roles",
                     channel=self.channel)

    def set_password(self, name: str, password: str) -> None:
        self.require("staff.password")
        m = self._member(name)
        self.store.append(staff.STAFF_STREAM, "staff_password_set", secret_record(m.staff_id, password),
                          self.actor.author)
        audit.record(self.store, self.actor.author, "staff_changed", staff_id=m.staff_id, detail="password",
                     channel=self.channel)

    def deactivate_staff(self, name: str, reason: str = "") -> None:
        self.require("staff.deactivate")
        m = self._member(name)
        self.store.append(staff.STAFF_STREAM, "staff_deactivated", {"staff_id": m.staff_id, "reason": reason},
                          self.actor.author)
        audit.record(self.store, self.actor.author, "staff_changed", staff_id=m.staff_id, detail="deactivated",
                     channel=self.channel)

    def revoke_device(self, device_id: str, reason: str = "") -> int:
        """Revoke a PC (lost, stolen, hostile): its entries after the last one this PC holds are refused on
        every PC; the earlier ones stay. Returns that last seq."""
        self.require("staff.deactivate")
        from app.model.sync import layout
        if not isinstance(device_id, str) or not layout.DEVICE_RE.match(device_id):
            raise InputError("端末IDの形式が正しくありません。", "Not a device id.", field="device_id")
        row = self.store.conn.execute("SELECT max(seq) FROM entries WHERE device_id = ?", (device_id,)).fetchone()
        up_to = row[0] or 0
        self.store.append(staff.STAFF_STREAM, "device_revoked",
                          {"device_id": device_id, "up_to_seq": up_to, "reason": reason}, self.actor.author)
        audit.record(self.store, self.actor.author, "staff_changed", detail="device_revoked",
                     channel=self.channel)
        return up_to
