"""Saved searches: a small JSON per user in the user config folder (no personal data beyond the
search texts the user typed)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from app.model.listing import IncidentFilter


def default_path() -> Path:
    env = os.environ.get("MADOGUCHI_CONFIG_DIR")
    base = Path(env) if env else Path(platformdirs.user_config_dir("madoguchi", appauthor=False))
    return base / "saved_searches.json"


class SavedSearches:
    def __init__(self, user: str, path: Path | None = None):
        self.user = user
        self.path = Path(path) if path else default_path()

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {"format": 1, "users": {}}
        return data if isinstance(data, dict) and isinstance(data.get("users"), dict) else {"format": 1, "users": {}}

    def all(self) -> dict[str, IncidentFilter]:
        mine = self._read()["users"].get(self.user) or {}
        return {name: IncidentFilter.from_dict(d) for name, d in mine.items() if isinstance(d, dict)}

    def save(self, name: str, f: IncidentFilter) -> None:
        data = self._read()
        data["users"].setdefault(self.user, {})[name] = f.to_dict()
        self._write(data)

    def delete(self, name: str) -> None:
        data = self._read()
        data["users"].get(self.user, {}).pop(name, None)
        self._write(data)

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
