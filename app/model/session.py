"""A signed-in session on a shared counter PC: idle auto-lock and the end of a shift. Qt-free, fake clocks welcome."""
from __future__ import annotations

import time
from typing import Callable

from app.model.actor import Actor
from app.model.settings import DEFAULTS

DEFAULT_IDLE_SECONDS = DEFAULTS["auto_lock_minutes"] * 60.0  # the setting's default (3 minutes without input)
DEFAULT_SHIFT_SECONDS = 10 * 3600  # sign in again per shift


class Session:
    def __init__(self, actor: Actor, clock: Callable[[], float] = time.monotonic,
                 idle_seconds: float = DEFAULT_IDLE_SECONDS, shift_seconds: float = DEFAULT_SHIFT_SECONDS):
        self.actor = actor
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.shift_seconds = shift_seconds
        self.started = clock()
        self.last_activity = self.started
        self.locked = False

    def touch(self) -> None:
        """User input seen (ignored while locked: only signing in unlocks)."""
        if not self.locked:
            self.last_activity = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

    def expired(self) -> bool:
        return self.clock() - self.started >= self.shift_seconds

    def check(self) -> bool:
        """Lock if idle too long or the shift is over. Returns True when locked."""
        if not self.locked and (self.idle_for() >= self.idle_seconds or self.expired()):
            self.locked = True
        return self.locked

    def lock(self) -> None:
        self.locked = True

    def unlock(self, actor: Actor) -> bool:
        """Unlock for the same person (already re-authenticated by the caller)."""
        if self.expired() or actor.staff_id != self.actor.staff_id:
            return False
        self.locked = False
        self.last_activity = self.clock()
        return True
