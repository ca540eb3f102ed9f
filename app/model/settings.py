"""Deployment settings a 課 or the ward decides: typed options with defaults (Picard's options habit).

Read in order, later files overriding earlier ones:
1. the machine-wide file (installed with the app): ``%ProgramData%\\madoguchi\\config.json`` on Windows,
   ``/etc/madoguchi/config.json`` elsewhere, or ``MADOGUCHI_MACHINE_CONFIG``;
2. the per-user file in the user config folder;
3. the file named by ``MADOGUCHI_CONFIG``.
Every file is validated; a problem names the file and the key, in Japanese and English.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from collections.abc import Mapping

import platformdirs

from app.model.errors import InputError


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    title: str
    check: Callable[[Any], str | None] = lambda v: None  # returns a Japanese problem or None


def _is_str(v):
    return None if isinstance(v, str) else "文字列で指定してください"


def _minutes(v):
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 24 * 60:
        return "1〜1440 の整数（分）で指定してください"
    return None


def _limits(v):
    if not isinstance(v, dict) or not v:
        return "手段ごとの分数（例: {\"電話\": 30, \"対面\": 30}）で指定してください"
    for k, m in v.items():
        if _minutes(m):
            return f"{k}: " + _minutes(m)
    return None


def _hours(v):
    if not isinstance(v, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d", v):
        return "「08:30-17:15」の形式で指定してください"
    return None


def _prefix(v):
    if not isinstance(v, str) or not v or len(v) > 20 or any(ch.isdigit() for ch in v):
        return "数字を含まない1〜20文字で指定してください（例: 港総総）"
    return None


OPTIONS = [
    Option("organisation", "港区", "組織", _is_str),
    Option("department", "", "所属（部・課・係）", _is_str),
    Option("facility_name", "港区役所", "施設名（110番カードに表示）", _is_str),
    Option("facility_address", "東京都港区芝公園1-5-25", "施設の所在地（110番カードに表示）", _is_str),
    Option("time_limit_minutes", {"電話": 30, "対面": 30}, "対応時間の目安（分）", _limits),
    Option("office_hours", "08:30-17:15", "公表している受付時間", _hours),
    Option("group_party_threshold", 5, "団体等多数とみなす区民等の人数", _minutes),
    Option("building_rules_articles", "", "港区役所庁舎管理規則の根拠条項（未確認のため各課で設定）", _is_str),
    Option("document_number_prefix", "港総総", "文書番号の記号", _prefix),
    Option("shared_folder", "", "共有フォルダ（同期先）", _is_str),
    Option("auto_lock_minutes", 3, "自動ロックまでの時間（分）", _minutes),
]
BY_KEY = {o.key: o for o in OPTIONS}


def machine_config_path() -> Path:
    env = os.environ.get("MADOGUCHI_MACHINE_CONFIG")
    if env:
        return Path(env)
    if os.name == "nt":
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "madoguchi" / "config.json"
    return Path("/etc/madoguchi/config.json")


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir("madoguchi", appauthor=False)) / "config.json"


def config_paths() -> list[Path]:
    paths = [machine_config_path(), user_config_path()]
    if os.environ.get("MADOGUCHI_CONFIG"):
        paths.append(Path(os.environ["MADOGUCHI_CONFIG"]))
    return paths


def validate(values: Any, source: str) -> dict:
    if not isinstance(values, dict):
        raise InputError(f"{source}: 設定は JSON オブジェクトで書いてください。", f"{source}: settings must be a JSON object.")
    for key, value in values.items():
        option = BY_KEY.get(key)
        if option is None:
            raise InputError(f"{source}: 不明な設定項目「{key}」です。", f"{source}: unknown setting '{key}'.", field=key)
        problem = option.check(value)
        if problem:
            raise InputError(f"{source}: {option.title}（{key}）: {problem}。", f"{source}: invalid value for '{key}'.",
                             field=key)
    return dict(values)


def load(paths: list[Path] | None = None) -> dict:
    """Defaults, overridden by each existing file in turn."""
    result = {o.key: o.default for o in OPTIONS}
    for path in paths if paths is not None else config_paths():
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path.name}: 設定ファイルを JSON として読めません。", f"{path.name}: not valid JSON ({exc}).")
        result.update(validate(data, path.name))
    return result


def save_user(values: dict, path: Path | None = None) -> Path:
    """Write the per-user file atomically, with only the keys that differ from what is loaded below it."""
    path = path or user_config_path()
    validate(values, path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


DEFAULTS: dict[str, Any] = {o.key: o.default for o in OPTIONS}


class Settings(Mapping):
    """A read-only view of settings with every default filled in; options read as attributes."""

    def __init__(self, values: Mapping[str, Any] | None = None):
        self._values = {**DEFAULTS, **dict(values or {})}

    def __getattr__(self, key: str) -> Any:
        try:
            return self.__dict__["_values"][key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> "Settings":
        return cls(values)

    def office_hours_range(self) -> tuple[int, int] | None:
        """Minutes since midnight (start, end), or None when unset or invalid."""
        try:
            a, b = str(self._values.get("office_hours", "")).split("-")
            ah, am = (int(x) for x in a.split(":"))
            bh, bm = (int(x) for x in b.split(":"))
        except (ValueError, AttributeError):
            return None
        return ah * 60 + am, bh * 60 + bm


def coerce(settings: "Settings | Mapping[str, Any] | None") -> Settings:
    return settings if isinstance(settings, Settings) else Settings(settings)
