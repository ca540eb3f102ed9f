"""File operations for the share: publish without ever replacing, retry on sharing violations.

Each step is a method so tests can inject faults (a vanished share, a kill) at any one of them.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from app.model.files import link_no_replace, retry  # the one reading of errno and winerror


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegularFile(OSError):
    """A name on the share that is not a regular file (named pipe, device, socket, link, folder)."""

    def __init__(self, kind: str, path: str):
        super().__init__(f"not a regular file ({kind})")
        self.kind, self.filename = kind, path


def file_type(mode: int) -> str:
    for test, name in ((stat.S_ISREG, "file"), (stat.S_ISDIR, "folder"), (stat.S_ISLNK, "link"),
                       (stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"),
                       (stat.S_ISBLK, "device")):
        if test(mode):
            return name
    return "other"


def lstat_type(path: Path) -> str:
    """What ``path`` is, without opening it or following a link."""
    return file_type(os.lstat(path).st_mode)


class PublishConflict(Exception):
    """A different file already holds the final name: never overwritten."""


class FileOps:
    """The steps of a publish. Subclass (tests) to fail at a chosen step."""

    def __init__(self, sleep=time.sleep):
        self.sleep = sleep

    def open_temp(self, directory: Path):
        name = f".tmp-{os.getpid()}-{os.urandom(6).hex()}"
        path = Path(directory) / name
        return path, open(path, "xb")

    def write(self, f, data: bytes) -> None:
        f.write(data)

    def fsync(self, f) -> None:
        f.flush()
        os.fsync(f.fileno())

    def close(self, f) -> None:
        f.close()  # delayed-write errors surface here

    def link(self, tmp: Path, final: Path) -> None:
        # never replaces an existing name; no hard links here (FAT32 stick on Windows): rename
        link_no_replace(tmp, final)

    def unlink(self, path: Path) -> None:
        Path(path).unlink(missing_ok=True)

    def read(self, path: Path, limit: int) -> bytes:
        """At most limit + 1 bytes, in 1 MiB steps (no up-front buffer of ``limit`` bytes).

        Only a regular file is read: the open neither blocks (a named pipe with no writer) nor follows a
        link, and anything else raises NotRegularFile before a byte is read."""
        parts, total = [], 0
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW | getattr(os, "O_BINARY", 0))
        try:
            kind = file_type(os.fstat(fd).st_mode)
        except OSError:
            os.close(fd)
            raise
        if kind != "file":
            os.close(fd)
            raise NotRegularFile(kind, str(path))
        with os.fdopen(fd, "rb") as f:
            while total <= limit:
                part = f.read(min(1 << 20, limit + 1 - total))
                if not part:
                    break
                parts.append(part)
                total += len(part)
        return b"".join(parts)

    def fsync_dir(self, directory: Path) -> None:
        if os.name != "posix":
            return
        try:
            fd = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def publish_file(ops: FileOps, directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` under ``directory/name`` atomically, never replacing; read back and compare.

    Returns the final path. If the name exists with the same bytes, that counts as success (a retry after
    a crash); with other bytes, PublishConflict.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / name
    tmp, f = retry(ops.open_temp, directory, sleep=ops.sleep)
    try:
        try:
            ops.write(f, data)
            ops.fsync(f)
        finally:
            ops.close(f)
        try:
            retry(ops.link, tmp, final, sleep=ops.sleep)
        except FileExistsError:
            pass
    finally:
        try:
            ops.unlink(tmp)
        except OSError:
            pass  # a leftover temp name is ignored by readers and cleared by the owner next time
    ops.fsync_dir(directory)
    back = retry(ops.read, final, len(data), sleep=ops.sleep)
    if hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        raise PublishConflict(name)
    return final


def clear_own_temp_files(directory: Path) -> None:
    """Remove this device's leftover temp files (never a published file)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for n in names:
        if n.startswith(".tmp-"):
            try:
                os.unlink(Path(directory) / n)
            except OSError:
                pass
