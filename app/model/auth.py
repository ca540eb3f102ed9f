"""Signing in: argon2id check against the staff directory, lock-out with a growing delay, audited.

Failed attempts are counted per name on this PC (store meta, not synced). After ``FREE_ATTEMPTS`` failures
each further failure doubles the wait, from ``BASE_DELAY`` up to ``MAX_DELAY`` seconds; while a name is
locked out its password is not even checked. A success clears the count.
"""
from __future__ import annotations

import hashlib
import json
import time
from typing import Callable

from app.model import audit, passwords, staff
from app.model.actor import Actor
from app.model.errors import PermissionDenied

FREE_ATTEMPTS = 3
BASE_DELAY = 30.0
MAX_DELAY = 3600.0


def delay_after(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(BASE_DELAY * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY)


class LockedOut(PermissionDenied):
    code = "locked_out"

    def __init__(self, seconds: float):
        s = int(seconds + 0.999)
        super().__init__(f"サインインの失敗が続いたため、あと{s}秒お待ちください。",
                         f"Too many failed sign-ins: wait {s} s.")
        self.seconds = seconds


class Authenticator:
    def __init__(self, store, clock: Callable[[], float] = time.time, channel: str = "gui"):
        self.store = store
        self.clock = clock
        self.channel = channel

    def _key(self, name: str) -> str:
        return "signin_failures:" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]

    def _failures(self, name: str) -> dict:
        raw = self.store.meta(self._key(name))
        return json.loads(raw) if raw else {"count": 0, "last": 0.0}

    def wait_seconds(self, name: str) -> float:
        f = self._failures(name)
        return max(0.0, f["last"] + delay_after(f["count"]) - self.clock())

    def sign_in(self, name: str, secret: str) -> Actor:
        device = f"PC:{self.store.device_id}"
        directory = staff.directory(self.store)
        member = directory.active_by_name(name or "")
        who = member.staff_id if member else "(unknown)"
        wait = self.wait_seconds(name or "")
        if wait > 0:
            audit.record(self.store, device, "locked_out", staff_id=who, channel=self.channel)
            raise LockedOut(wait)
        if not passwords.verify(member.password_hash if member else None, secret or ""):
            f = self._failures(name or "")
            self.store.set_meta(self._key(name or ""), json.dumps({"count": f["count"] + 1, "last": self.clock()}))
            audit.record(self.store, device, "sign_in_failed", staff_id=who, channel=self.channel)
            raise PermissionDenied("氏名またはパスワードが違います。", "Wrong name or password.")
        self.store.set_meta(self._key(name), json.dumps({"count": 0, "last": 0.0}))
        audit.record(self.store, member.name, "sign_in", staff_id=member.staff_id, channel=self.channel)
        return Actor(name=member.name, roles=member.roles, department=member.department,
                     staff_id=member.staff_id)
