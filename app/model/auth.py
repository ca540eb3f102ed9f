"""Signing in: the member's key record (or a PIN's argon2id hash) against the staff directory, lock-out with a
growing delay, audited.

Failed attempts are counted per name on this PC (store meta, not synced). The attempt is counted *before* the
secret is checked, in one write transaction (BEGIN IMMEDIATE: atomic across processes), so parallel guesses
are all counted; a success clears the count. After ``FREE_ATTEMPTS`` attempts each further one doubles the
wait, from ``BASE_DELAY`` up to ``MAX_DELAY`` seconds; while a name is locked out its secret is not checked.

A password unwraps the member's signing key (app/model/personkey.py), kept in memory for the entries they
write (app/model/signing.py) until ``sign_out``. A PIN signs in without a key: what such a session writes
carries no signature, so other PCs of a rooted organisation refuse it (docs/security.md).
"""
from __future__ import annotations

import hashlib
import json
import time
from typing import Callable

from app.model import audit, passwords, personkey, signing, staff
from app.model.actor import Actor
from app.model.errors import DiskFullError, PermissionDenied

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

    def _count_attempt(self, name: str) -> float:
        """Record one more attempt for ``name`` unless it is locked out; return the wait (0: go ahead and check).

        Read and write happen in one BEGIN IMMEDIATE transaction, so attempts from several processes are
        serialised and each is counted before any secret is checked."""
        try:
            with self.store.transaction() as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (self._key(name),)).fetchone()
                f = json.loads(row[0]) if row else {"count": 0, "last": 0.0}
                now = self.clock()
                wait = max(0.0, f["last"] + delay_after(f["count"]) - now)
                if wait > 0:  # locked out: refused without a check, so not counted again
                    return wait
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             (self._key(name), json.dumps({"count": f["count"] + 1, "last": now})))
            return wait
        except DiskFullError:
            # A full disk must not stop sign-in (reading still works): the attempt is counted in this
            # process instead, on top of what the store holds, so guessing here is still slowed down.
            return self._count_in_memory(name)

    def _count_in_memory(self, name: str) -> float:
        row = self.store.conn.execute("SELECT value FROM meta WHERE key = ?", (self._key(name),)).fetchone()
        stored = json.loads(row[0]) if row else {"count": 0, "last": 0.0}
        key = (self.store.store_id, self._key(name))
        f = _UNWRITTEN_ATTEMPTS.get(key) or dict(stored)
        now = self.clock()
        wait = max(0.0, f["last"] + delay_after(f["count"]) - now)
        if wait <= 0:
            _UNWRITTEN_ATTEMPTS[key] = {"count": f["count"] + 1, "last": now}
        return wait

    def sign_in(self, name: str, secret: str) -> Actor:
        device = f"PC:{self.store.device_id}"
        name, secret = name or "", secret or ""
        member = staff.directory(self.store).active_by_name(name)
        who = member.staff_id if member else "(unknown)"
        wait = self._count_attempt(name)
        if wait > 0:
            audit.record(self.store, device, "locked_out", staff_id=who, channel=self.channel)
            raise LockedOut(wait)
        key = None
        if member is not None and member.key:
            key = personkey.unwrap(member.staff_id, member.key, secret)
            ok = key is not None
        else:
            ok = passwords.verify(member.password_hash if member else None, secret)
        if not ok:
            audit.record(self.store, device, "sign_in_failed", staff_id=who, channel=self.channel)
            raise PermissionDenied("氏名またはパスワードが違います。", "Wrong name or password.")
        _UNWRITTEN_ATTEMPTS.pop((self.store.store_id, self._key(name)), None)
        try:
            self.store.set_meta(self._key(name), json.dumps({"count": 0, "last": 0.0}))
        except DiskFullError:
            pass  # the counter is reset when the disk has room again; the right password was given
        if key is not None:
            signing.remember(self.store.store_id, member.name, key)
        audit.record(self.store, member.name, "sign_in", staff_id=member.staff_id, channel=self.channel)
        return Actor(name=member.name, roles=member.roles, department=member.department,
                     staff_id=member.staff_id)


_UNWRITTEN_ATTEMPTS: dict[tuple[str, str], dict] = {}  # attempts a full disk could not record


def sign_out(store, actor: Actor) -> None:
    """Drop the member's signing key from memory (the lock screen, the end of a shift)."""
    signing.forget(store.store_id, actor.author)
