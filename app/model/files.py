"""Files the app writes: a new file, never an existing one (CLI and GUI share this), and the one place
that reads an OSError the way each OS means it.

CPython on Windows builds ``OSError(errno, msg, filename, winerror)`` and maps ``winerror`` to ``errno``
with PC/errmap.h: ERROR_INVALID_FUNCTION (1) and ERROR_NOT_SUPPORTED (50) — what ``CreateHardLinkW`` says
on FAT32/exFAT and on shares without hard links — both become EINVAL, and a sharing violation (32) becomes
EACCES. So decisions look at ``winerror`` first when there is one, and at ``errno`` otherwise.
"""
from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from app.model.errors import DiskFullError, ReadOnlyError, StoreExistsError

# Windows: access denied (antivirus, indexer), sharing violation, lock violation → try again shortly.
RETRY_WINERRORS = frozenset({5, 32, 33})
RETRY_ERRNOS = frozenset({errno.EACCES, errno.EBUSY, errno.EAGAIN})
# No hard links on this volume: invalid function, not same device, not supported → rename instead.
NO_LINK_WINERRORS = frozenset({1, 17, 50})
NO_LINK_ERRNOS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS})
DISK_FULL_WINERRORS = frozenset({39, 112})  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY_WINERRORS = frozenset({19})  # ERROR_WRITE_PROTECT
READ_ONLY_ERRNOS = frozenset({errno.EROFS})


def winerror(exc: BaseException) -> int | None:
    value = getattr(exc, "winerror", None)
    return value if isinstance(value, int) else None


def _reads_as(exc: OSError, winerrors: frozenset, errnos: frozenset) -> bool:
    """On Windows the winerror decides (CPython maps several to one errno, e.g. 1 and 50 to EINVAL)."""
    w = winerror(exc)
    return w in winerrors if w is not None else exc.errno in errnos


def is_transient(exc: OSError) -> bool:
    """A sharing violation or a busy file: worth a retry."""
    return _reads_as(exc, RETRY_WINERRORS, RETRY_ERRNOS)


def no_links_here(exc: OSError) -> bool:
    """The volume has no hard links (FAT32/exFAT stick, some SMB shares)."""
    return _reads_as(exc, NO_LINK_WINERRORS, NO_LINK_ERRNOS)


def is_disk_full(exc: OSError) -> bool:
    return _reads_as(exc, DISK_FULL_WINERRORS, DISK_FULL_ERRNOS)


def is_read_only(exc: OSError) -> bool:
    return _reads_as(exc, READ_ONLY_WINERRORS, READ_ONLY_ERRNOS)


def disk_full_error(where: str = "") -> DiskFullError:
    return DiskFullError(
        "ディスクの空き容量がないため記録できませんでした。何も保存していません（閲覧はできます）。"
        "不要なファイルを削除するか、情報システム担当に連絡してから、もう一度記録してください。",
        f"The disk is full{': ' + where if where else ''}; nothing was recorded (reading still works). "
        "Free some space, then record again.")


def read_only_error(where: str = "") -> ReadOnlyError:
    return ReadOnlyError(
        "データフォルダが読み取り専用のため記録できません（鍵は正しく、データは無事です）。"
        "フォルダの書き込み権限かディスクの書き込み禁止を確認してください。",
        f"The data folder is read-only{': ' + where if where else ''}; the key is right and the data is intact. "
        "Check the folder's write permission or the disk's write protection.")


def translate(exc: OSError, where: str = ""):
    """A disk-full or read-only OSError as the app's own error (else None)."""
    if is_disk_full(exc):
        return disk_full_error(where)
    if is_read_only(exc):
        return read_only_error(where)
    return None


def retry(fn, *args, tries: int = 6, base: float = 0.05, sleep=time.sleep):
    """Call fn, retrying with exponential back-off while the error looks like a sharing violation."""
    for attempt in range(tries):
        try:
            return fn(*args)
        except OSError as exc:
            if attempt == tries - 1 or not is_transient(exc):
                raise
            sleep(base * (2 ** attempt))


PRIVATE = 0o600  # owner-only; on Windows the data folder's ACL (the user's profile) decides instead


def create_private(path: Path) -> None:
    """Create ``path`` empty and owner-only (it must not exist), for a writer that opens it by name."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE))


def remove_quietly(path: Path) -> None:
    """Remove our own temporary name; a file another process still holds open (Windows) stays behind."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass


def link_no_replace(tmp: Path, final: Path) -> None:
    """Give the finished file ``tmp`` the name ``final``, never replacing an existing one.

    A hard link where the volume has them; where it has none, a rename after checking the name is free
    (one writer per folder makes the gap harmless; Windows' rename refuses to replace anyway). Raises
    FileExistsError when ``final`` exists; transient errors (sharing violations) are raised for a retry."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise
    except OSError as exc:
        if is_transient(exc) or not no_links_here(exc):
            raise
        if os.path.lexists(final):
            raise FileExistsError(errno.EEXIST, "exists", str(final)) from None
        os.rename(tmp, final)


def exists_error(path: Path) -> StoreExistsError:
    return StoreExistsError(f"出力先のファイルが既にあります（上書きしません）: {Path(path).name}",
                            f"{path} exists; it is never overwritten.")


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that must not exist yet (O_EXCL: never overwrites, even in a race).

    Owner-only (0600) where the OS has modes. The bytes are flushed to disk before returning; a
    half-written file is removed again."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise exists_error(path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        try:
            os.unlink(path)
        except OSError:
            pass
        mine = translate(exc, path.name) if isinstance(exc, OSError) else None
        if mine is not None:
            raise mine from None
        raise
