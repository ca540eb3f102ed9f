"""A secret (password, passphrase, recovery key) read from a file or stdin, never from an argument.

Shared by the CLI (``--password-file`` …) and the GUI (``--passphrase-file`` at start)."""
from __future__ import annotations

import sys

from app.model.errors import InputError

MAX_SECRET_CHARS = 64 * 1024


def read_secret(path: str | None, what: str) -> str | None:
    """The text of ``path`` (``-`` is stdin) without trailing line ends; None when no path is given."""
    if path is None:
        return None
    try:
        if path == "-":
            data = sys.stdin.read(MAX_SECRET_CHARS + 1)  # text: the console's own encoding
        else:
            with open(path, "rb") as fh:
                raw = fh.read(4 * MAX_SECRET_CHARS + 1)
            if len(raw) > 4 * MAX_SECRET_CHARS:
                data = "x" * (MAX_SECRET_CHARS + 1)
            else:
                data = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except IsADirectoryError:
        raise InputError(f"{what}: ファイルではなくフォルダです。", f"{what}: {path} is a folder.",
                         field=what) from None
    except UnicodeDecodeError:
        raise InputError(f"{what} のファイルが UTF-8 として読めません。", f"{what}: the file is not valid UTF-8.",
                         field=what) from None
    if len(data) > MAX_SECRET_CHARS:
        raise InputError(f"{what} のファイルが大きすぎます。", f"{what}: the file is too large.", field=what)
    value = data.rstrip("\r\n")
    if not value:
        raise InputError(f"{what} が空です。", f"{what} is empty.", field=what)
    return value
