"""Windows file semantics on a real folder, for tests on any OS.

``win_error`` builds exactly what CPython on Windows raises: ``OSError(errno, msg, filename, winerror,
filename2)`` with ``errno`` taken from ``winerror`` by PC/errmap.h (so ERROR_INVALID_FUNCTION and
ERROR_NOT_SUPPORTED are EINVAL, a sharing violation is EACCES → PermissionError, ERROR_ALREADY_EXISTS is
EEXIST → FileExistsError). ``WindowsVolume`` patches os.link / os.rename / os.replace / os.unlink / os.open
and open() for paths under one folder only, so that folder behaves like a FAT32 stick on Windows (no hard
links), rename never replaces, and a file "held open by another process" cannot be opened, renamed or
deleted while it is held.
"""
from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path

# PC/errmap.h (CPython): winerror → errno, for the codes these tests use; everything else is EINVAL.
ERRMAP = {1: errno.EINVAL, 2: errno.ENOENT, 3: errno.ENOENT, 5: errno.EACCES, 17: errno.EXDEV, 19: errno.EACCES,
          32: errno.EACCES, 33: errno.EACCES, 50: errno.EINVAL, 80: errno.EEXIST, 112: errno.ENOSPC,
          183: errno.EEXIST}
MESSAGES = {1: "Incorrect function", 5: "Access is denied", 17: "The system cannot move the file to a different "
            "disk drive", 32: "The process cannot access the file because it is being used by another process",
            33: "The process cannot access the file because another process has locked a portion of the file",
            50: "The request is not supported", 112: "There is not enough space on the disk",
            183: "Cannot create a file when that file already exists"}


def win_error(winerror: int, filename=None, filename2=None) -> OSError:
    """The exception CPython raises on Windows for ``winerror`` (class chosen from the mapped errno)."""
    exc = OSError(ERRMAP.get(winerror, errno.EINVAL), MESSAGES.get(winerror, "error"),
                  None if filename is None else str(filename), winerror,
                  None if filename2 is None else str(filename2))
    exc.winerror = winerror  # on Windows the constructor sets it; elsewhere it is ignored
    return exc


class WindowsVolume:
    """Make ``root`` behave like a Windows volume. ``link_error``: the winerror CreateHardLinkW gives there
    (1 or 50 on FAT32/exFAT; None: links work). ``held``: path → how many more attempts fail with a
    sharing violation (None: held until released)."""

    def __init__(self, monkeypatch, root: Path, link_error: int | None = 50):
        self.root = os.path.realpath(root)
        self.link_error = link_error
        self.held: dict[str, int | None] = {}
        self.calls: list[tuple[str, str]] = []
        self.before_rename = None  # called (src, dst) just before a rename: a second writer's race
        self._real = {n: getattr(os, n) for n in ("link", "rename", "replace", "unlink", "remove", "open")}
        self._builtin = builtins.open
        for name in ("link", "rename", "replace", "unlink", "remove", "open"):
            monkeypatch.setattr(os, name, getattr(self, "_" + name))
        monkeypatch.setattr(builtins, "open", self._builtin_open)

    # ---- helpers -----------------------------------------------------------------------------------
    def mine(self, path) -> bool:
        if isinstance(path, int):
            return False
        p = os.path.realpath(os.fspath(path))
        return p == self.root or p.startswith(self.root + os.sep)

    def hold(self, path, times: int | None = None) -> None:
        self.held[os.path.realpath(path)] = times

    def release(self, path) -> None:
        self.held.pop(os.path.realpath(path), None)

    def _check_held(self, *paths) -> None:
        for path in paths:
            key = os.path.realpath(os.fspath(path))
            if key in self.held:
                left = self.held[key]
                if left is not None:
                    if left <= 1:
                        del self.held[key]
                    else:
                        self.held[key] = left - 1
                raise win_error(32, path)

    # ---- the patched calls ---------------------------------------------------------------------------
    def _link(self, src, dst, *a, **kw):
        if not self.mine(dst):
            return self._real["link"](src, dst, *a, **kw)
        self.calls.append(("link", os.fspath(dst)))
        self._check_held(src)
        if self.link_error is not None:
            raise win_error(self.link_error, src, dst)
        if os.path.lexists(dst):
            raise win_error(183, src, dst)
        return self._real["link"](src, dst, *a, **kw)

    def _rename(self, src, dst, *a, **kw):
        if not (self.mine(src) or self.mine(dst)):
            return self._real["rename"](src, dst, *a, **kw)
        self.calls.append(("rename", os.fspath(dst)))
        if self.before_rename:
            hook, self.before_rename = self.before_rename, None
            hook(src, dst)
        self._check_held(src, dst)
        if os.path.lexists(dst):
            raise win_error(183, src, dst)  # MoveFileEx without REPLACE_EXISTING
        return self._real["rename"](src, dst, *a, **kw)

    def _replace(self, src, dst, *a, **kw):
        if not (self.mine(src) or self.mine(dst)):
            return self._real["replace"](src, dst, *a, **kw)
        self.calls.append(("replace", os.fspath(dst)))
        for path in (src, dst):
            key = os.path.realpath(os.fspath(path))
            if key in self.held:
                self._check_held(path)  # counts down
        return self._real["replace"](src, dst, *a, **kw)

    def _unlink(self, path, *a, **kw):
        if self.mine(path):
            self.calls.append(("unlink", os.fspath(path)))
            self._check_held(path)  # DeleteFile on a file open without FILE_SHARE_DELETE
        return self._real["unlink"](path, *a, **kw)

    _remove = _unlink

    def _open(self, path, flags, *a, **kw):
        if self.mine(path):
            self._check_held(path)
        return self._real["open"](path, flags, *a, **kw)

    def _builtin_open(self, file, *a, **kw):
        if not isinstance(file, int) and self.mine(file):
            self._check_held(file)
        return self._builtin(file, *a, **kw)
