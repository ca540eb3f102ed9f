"""FileOps that fail at a chosen publish step (a vanished share, a sharing violation, a kill)."""
from __future__ import annotations

import errno
import os
import signal

from app.model.sync.fsops import FileOps

STEPS = ("open_temp", "write", "fsync", "close", "link", "unlink", "fsync_dir", "read")


class FailAt(FileOps):
    """Raise ``exc`` (or SIGKILL the process) the ``nth`` time ``step`` runs; ``times`` failures in all."""

    def __init__(self, step: str, exc: Exception | None = None, times: int = 1, kill: bool = False):
        super().__init__(sleep=lambda s: None)
        self.step, self.exc, self.left, self.kill = step, exc, times, kill
        self.calls = 0

    def _maybe_fail(self, step: str, before=None) -> None:
        if step != self.step or self.left <= 0:
            return
        self.left -= 1
        if before:
            before()
        if self.kill:
            os.kill(os.getpid(), signal.SIGKILL)
        raise self.exc or OSError(errno.ENOENT, "share vanished")

    def open_temp(self, directory):
        self._maybe_fail("open_temp")
        return super().open_temp(directory)

    def write(self, f, data):
        # a vanished share mid-write leaves half a temp file behind
        self._maybe_fail("write", before=lambda: (f.write(data[: len(data) // 2]), f.flush()))
        super().write(f, data)

    def fsync(self, f):
        self._maybe_fail("fsync")
        super().fsync(f)

    def close(self, f):
        if self.step == "close" and self.left > 0:
            f.close()
        self._maybe_fail("close")
        super().close(f)

    def link(self, tmp, final):
        self._maybe_fail("link")
        super().link(tmp, final)

    def unlink(self, path):
        self._maybe_fail("unlink")
        super().unlink(path)

    def fsync_dir(self, directory):
        self._maybe_fail("fsync_dir")
        super().fsync_dir(directory)

    def read(self, path, limit):
        self._maybe_fail("read")
        return super().read(path, limit)
