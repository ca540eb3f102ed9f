"""Files the app writes for people: a new file, never an existing one (CLI and GUI share this)."""
from __future__ import annotations

import os
from pathlib import Path

from app.model.errors import StoreExistsError


def exists_error(path: Path) -> StoreExistsError:
    return StoreExistsError(f"出力先のファイルが既にあります（上書きしません）: {Path(path).name}",
                            f"{path} exists; it is never overwritten.")


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that must not exist yet (O_EXCL: never overwrites, even in a race).

    The bytes are flushed to disk before returning; a half-written file is removed again."""
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
    except BaseException:
        try:
            os.unlink(path)
        finally:
            raise
