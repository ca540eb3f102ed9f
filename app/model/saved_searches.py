"""Saved searches: kept in the store (encrypted, on this PC only, never synced), one set per member of staff.

A search text often holds a party's name, so it must not sit in a plaintext file. Earlier versions kept
them in ``saved_searches.json`` in the user's config folder; the first time a member's searches are read,
that member's part of the file moves into the store and is removed from the file (the file is deleted when
nothing is left in it)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from app.model.errors import InputError
from app.model.listing import IncidentFilter

META_PREFIX = "saved_searches/"
NAME_MAX = 100


def legacy_path() -> Path:
    """Where earlier versions kept saved searches in plaintext."""
    env = os.environ.get("MADOGUCHI_CONFIG_DIR")
    base = Path(env) if env else Path(platformdirs.user_config_dir("madoguchi", appauthor=False))
    return base / "saved_searches.json"


class SavedSearches:
    """The saved searches of one member of staff in ``store`` (its ``meta`` table, which sync never sends)."""

    def __init__(self, store, staff_id: str, user_name: str = "", legacy: Path | None = None):
        if not staff_id:
            raise ValueError("saved searches belong to a signed-in member of staff")
        self.store = store
        self.key = META_PREFIX + staff_id
        self.user_name = user_name
        self.legacy = legacy if legacy is not None else legacy_path()

    def _read(self) -> dict:
        raw = self.store.meta(self.key)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict) -> None:
        self.store.set_meta(self.key, json.dumps(data, ensure_ascii=False, sort_keys=True))

    def all(self) -> dict[str, IncidentFilter]:
        data = self._read()
        moved = self._take_legacy()
        if moved:
            data = {**moved, **data}
            self._write(data)
        return {name: IncidentFilter.from_dict(d) for name, d in data.items() if isinstance(d, dict)}

    def save(self, name: str, f: IncidentFilter) -> None:
        name = (name or "").strip()
        if not name or len(name) > NAME_MAX:
            raise InputError(f"検索の名前を1〜{NAME_MAX}文字で入力してください。",
                             f"A saved search needs a name of 1-{NAME_MAX} characters.")
        data = self._read()
        data[name] = f.to_dict()
        self._write(data)

    def delete(self, name: str) -> None:
        data = self._read()
        if data.pop(name, None) is not None:
            self._write(data)

    def _take_legacy(self) -> dict:
        """This member's searches from the old plaintext file, removed from it (the file goes when empty)."""
        if not self.user_name:
            return {}
        try:
            old = json.loads(self.legacy.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        users = old.get("users") if isinstance(old, dict) else None
        if not isinstance(users, dict) or self.user_name not in users:
            return {}
        mine = users.pop(self.user_name)
        mine = {n: d for n, d in mine.items() if isinstance(d, dict)} if isinstance(mine, dict) else {}
        if mine:  # into the store first: a crash between the two steps leaves a copy, never a loss
            self._write({**mine, **self._read()})
        if users:
            tmp = self.legacy.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(old, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, self.legacy)
        else:
            self.legacy.unlink(missing_ok=True)
        return mine
