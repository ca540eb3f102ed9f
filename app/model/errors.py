"""Errors that carry a Japanese and an English message and a process exit code."""
from __future__ import annotations


class MadoguchiError(Exception):
    exit_code = 1
    code = "error"

    def __init__(self, ja: str, en: str, *, field: str | None = None):
        super().__init__(f"{ja} / {en}")
        self.ja = ja
        self.en = en
        self.field = field

    def as_dict(self) -> dict:
        d = {"error": self.code, "message_ja": self.ja, "message_en": self.en}
        if self.field:
            d["field"] = self.field
        return d


class InputError(MadoguchiError):
    """Bad input: nothing was stored."""
    exit_code = 2
    code = "invalid_input"


class KeyUnavailableError(MadoguchiError):
    """The store key is missing or wrong: the file was not touched."""
    exit_code = 3
    code = "key_unavailable"


class StoreMissingError(MadoguchiError):
    exit_code = 4
    code = "store_missing"


class StoreExistsError(MadoguchiError):
    exit_code = 5
    code = "store_exists"


class PermissionDenied(MadoguchiError):
    exit_code = 6
    code = "permission_denied"


class NotFoundError(MadoguchiError):
    exit_code = 7
    code = "not_found"


class AppendOnlyError(MadoguchiError):
    exit_code = 8
    code = "append_only"


class DiskFullError(MadoguchiError):
    """The disk holding the data folder is full: nothing was recorded; reading still works."""
    exit_code = 11
    code = "disk_full"


class ReadOnlyError(MadoguchiError):
    """The data folder (or its disk) is read-only: nothing was recorded; reading may still work."""
    exit_code = 12
    code = "read_only"
