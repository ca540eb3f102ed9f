"""File operations for the share: publish without ever replacing, retry on sharing violations.

Each step is a method so tests can inject faults (a vanished share, a kill) at any one of them.
"""
from __future__ import annotations

import errno
import hashlib
import os
import time
from pathlib import Path

RETRY_ERRNOS = {errno.EACCES, errno.EBUSY, errno.EAGAIN}
RETRY_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation (antivirus, indexer)
NO_LINK_ERRNOS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}


class PublishConflict(Exception):
    """A different file already holds the final name: never overwritten."""


def is_transient(exc: OSError) -> bool:
    if getattr(exc, "winerror", None) in RETRY_WINERRORS:
        return True
    return exc.errno in RETRY_ERRNOS


def retry(fn, *args, tries: int = 6, base: float = 0.05, sleep=time.sleep):
    """Call fn, retrying with exponential back-off while the error looks like a sharing violation."""
    for attempt in range(tries):
        try:
            return fn(*args)
        except OSError as exc:
            if attempt == tries - 1 or not is_transient(exc):
                raise
            sleep(base * (2 ** attempt))


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
        try:
            os.link(tmp, final)  # never replaces an existing name
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in NO_LINK_ERRNOS or is_transient(exc):
                raise
            # No hard links here (FAT32 USB stick): rename, after checking the name is free. One writer
            # per folder makes the gap harmless; Windows' rename refuses to replace anyway.
            if final.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(final)) from None
            os.rename(tmp, final)

    def unlink(self, path: Path) -> None:
        Path(path).unlink(missing_ok=True)

    def read(self, path: Path, limit: int) -> bytes:
        """At most limit + 1 bytes, in 1 MiB steps (no up-front buffer of ``limit`` bytes)."""
        parts, total = [], 0
        with open(path, "rb") as f:
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
