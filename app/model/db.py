"""Opening and creating SQLCipher files. Never creates a database where a file already exists."""
from __future__ import annotations

import contextlib
import os
import urllib.parse
from pathlib import Path

import sqlcipher3

from app.model import files
from app.model.errors import KeyUnavailableError, ReadOnlyError, StoreExistsError, StoreMissingError

KEY_BYTES = 32


def _uri(path: Path, mode: str) -> str:
    return f"file:{urllib.parse.quote(str(path))}?mode={mode}"


def _apply_key(conn, key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise KeyUnavailableError("鍵の長さが正しくありません。", "The store key has the wrong length.")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def _tune(conn) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    # SQLCipher decrypts a page each time it enters the cache: a large cache keeps lists and search fast.
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA busy_timeout = 5000")


def connect_existing(path: Path, key: bytes, copy_below_version: int = 0):
    """Open an existing encrypted store read-write. The file is never created or changed on failure.

    If its schema is older than ``copy_below_version``, a byte-for-byte copy is kept before anything is
    written (see keep_copy_before_upgrade)."""
    path = Path(path)
    if not path.is_file():
        raise StoreMissingError(
            f"データファイルがありません: {path.name}。`madoguchi init` で作成するか、`madoguchi restore` で復元してください。",
            f"No store file {path.name}. Create one with `madoguchi init` or restore a backup.",
        )
    conn = sqlcipher3.connect(_uri(path, "rw"), uri=True, check_same_thread=False, isolation_level=None)
    try:
        _apply_key(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "SQLITE_NOTADB").startswith(("SQLITE_IOERR", "SQLITE_FULL",
                                                                        "SQLITE_CANTOPEN")):
            # Not the key: WAL's shared-memory file could not be made beside the store.
            fallback = _open_without_shared_memory(path, key)
            if fallback is not None:
                return fallback
            if not writable(path.parent):  # a read-only folder: say so, `recover` would not help
                raise ReadOnlyError(
                    "データフォルダが読み取り専用のため開けません（鍵は正しく、データは無事です）。"
                    "フォルダの書き込み権限かディスクの書き込み禁止を確認してください。",
                    "The data folder is read-only, so the store cannot be opened; the key is right and the "
                    "data is intact. Check the folder's permission or the disk's write protection.") from None
        raise KeyUnavailableError(
            "鍵が正しくないため、データを開けません。ファイルは変更していません。復旧キーで `madoguchi recover` を実行してください。",
            "The key does not open this store; the file was not changed. Run `madoguchi recover` with the recovery key.",
        ) from None
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if 0 < version < copy_below_version:
        keep_copy_before_upgrade(path, version)
    _tune(conn)
    return conn


def _open_without_shared_memory(path: Path, key: bytes):
    """On a full disk WAL's -shm file cannot be made, so reading fails too. In exclusive locking mode SQLite
    keeps the WAL index in memory: this process can still read (and write once there is space again);
    other processes wait until it closes. None if that does not open either."""
    conn = sqlcipher3.connect(_uri(path, "rw"), uri=True, check_same_thread=False, isolation_level=None)
    try:
        _apply_key(conn, key)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        return None
    _tune(conn)
    return conn


def writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (tried, not guessed: os.access says yes to root on a
    write-protected folder and cannot see a read-only mount on Windows)."""
    probe = Path(folder) / f".write-probe-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return False
    files.remove_quietly(probe)
    return True


def full_or_read_only(exc: Exception, folder: Path | None = None):
    """A SQLite write error as the app's own DiskFullError / ReadOnlyError (else None)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return files.disk_full_error()
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return files.read_only_error()
    if name.startswith("SQLITE_IOERR") and folder is not None and not writable(folder):
        return files.read_only_error()
    return None


@contextlib.contextmanager
def write_errors(folder: Path | None = None):
    """Around a write: a full disk or a read-only folder becomes DiskFullError / ReadOnlyError (Japanese,
    says what to do) instead of a raw SQLite error. Nothing was written in either case."""
    try:
        yield
    except sqlcipher3.DatabaseError as exc:
        mine = full_or_read_only(exc, folder)
        if mine is None:
            raise
        raise mine from None


def rollback(conn) -> None:
    """ROLLBACK if a transaction is still open (SQLite may already have rolled back after SQLITE_FULL)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def create_new(path: Path, key: bytes, initialise) -> None:
    """Create a store at ``path``: built under a temporary name, then linked into place without replacing.

    ``initialise(conn)`` creates the schema. If ``path`` exists (even empty), StoreExistsError.
    """
    path = Path(path)
    if path.exists():
        raise StoreExistsError(
            f"データファイルが既にあります: {path.name}。上書きはしません。",
            f"A store already exists at {path.name}; it is never overwritten.",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.creating-{os.getpid()}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    # Owner-only from the first byte: SQLite takes an empty file as a new database, and gives its
    # journal and WAL the database file's mode (on Windows the data folder's ACL decides).
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600))
    conn = sqlcipher3.connect(_uri(tmp, "rw"), uri=True, isolation_level=None)
    try:
        with write_errors(path.parent):
            _apply_key(conn, key)
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
            initialise(conn)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)  # our own half-built temporary file, never the user's store
        raise
    conn.close()
    fsync_file(tmp)
    try:
        files.link_no_replace(tmp, path)  # fails if path exists: never replaces
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise StoreExistsError(
            f"データファイルが既にあります: {path.name}。上書きはしません。",
            f"A store already exists at {path.name}; it is never overwritten.",
        ) from None
    files.remove_quietly(tmp)
    _fsync_dir(path.parent)


def fsync_file(path: Path) -> None:
    """Flush a finished file to disk before it is linked into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_new(source: Path, target: Path) -> None:
    """Copy a file to a path that must not exist yet (never overwrites), flushed to disk."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def keep_copy_before_upgrade(path: Path, version: int) -> Path:
    """Before a schema upgrade, keep an (encrypted) copy of the file beside it. Never overwrites.

    Called before WAL mode is switched on, so a store left with a WAL by an older version is copied
    together with its -wal file."""
    n = 0
    while True:
        target = path.with_name(f"{path.name}.schema{version}.{n}.bak")
        if not target.exists():
            break
        n += 1
    for suffix in ("", "-wal"):
        source = Path(str(path) + suffix)
        if not source.exists():
            continue
        copy_new(source, Path(str(target) + suffix))
    return target
