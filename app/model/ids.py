"""UUIDv7 ids and the hybrid logical clock (HLC)."""
from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass

# A remote clock further ahead than this is not adopted (it is flagged instead).
MAX_FORWARD_SKEW_MS = 10 * 60 * 1000


def uuid7(ms: int | None = None) -> str:
    """RFC 9562 UUID version 7: 48-bit Unix ms, version, 74 random bits."""
    if ms is None:
        ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 68 & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return str(uuid.UUID(int=value))


@dataclass(frozen=True, order=True)
class HLCStamp:
    wall_ms: int
    counter: int

    def encode(self) -> str:
        """Sortable text form: 15 digits of ms, 6 digits of counter."""
        return f"{self.wall_ms:015d}.{self.counter:06d}"

    @classmethod
    def decode(cls, text: str) -> "HLCStamp":
        wall, _, counter = text.partition(".")
        return cls(int(wall), int(counter or 0))


class HybridLogicalClock:
    """Wall clock + counter: monotonic per device even if the wall clock jumps back."""

    def __init__(self, last: HLCStamp | None = None, clock=None):
        self._last = last or HLCStamp(0, 0)
        self._clock = clock or (lambda: time.time_ns() // 1_000_000)
        self._lock = threading.Lock()

    @property
    def last(self) -> HLCStamp:
        return self._last

    def now(self) -> HLCStamp:
        with self._lock:
            wall = self._clock()
            if wall > self._last.wall_ms:
                stamp = HLCStamp(wall, 0)
            else:
                stamp = HLCStamp(self._last.wall_ms, self._last.counter + 1)
            self._last = stamp
            return stamp

    def observe(self, remote: HLCStamp) -> bool:
        """Merge a remote stamp. Returns False (and ignores it) when it is too far in the future."""
        with self._lock:
            wall = self._clock()
            if remote.wall_ms > wall + MAX_FORWARD_SKEW_MS:
                return False
            if remote > self._last:
                self._last = remote
            return True
