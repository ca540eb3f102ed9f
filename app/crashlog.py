"""Unhandled exceptions: logged without personal data (type and frames only, never messages or values)."""
from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

import platformdirs


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("madoguchi", appauthor=False))


def describe(exc_type, exc, tb) -> str:
    """Exception type and the stack (file, line, function); the message may hold a quote or a name, so it is
    left out."""
    frames = traceback.extract_tb(tb)
    lines = [f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')} {exc_type.__module__}.{exc_type.__qualname__}"]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join(lines) + "\n"


def write(exc_type, exc, tb, folder: Path | None = None) -> Path:
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crash.log"
    with open(path, "a", encoding="utf-8") as f:
        f.write(describe(exc_type, exc, tb))
    return path
