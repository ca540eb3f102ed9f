"""Deployment settings a 課 or the ward decides: typed options with defaults (Picard's options habit).

Each option is declared once below (key, default, type, Japanese title, check, and the modules that read it).
Read in order, later files overriding earlier ones:
1. the machine-wide file (installed with the app): ``%ProgramData%\\madoguchi\\config.json`` on Windows,
   ``/etc/madoguchi/config.json`` elsewhere, or ``MADOGUCHI_MACHINE_CONFIG``;
2. the per-user file in the user config folder;
3. the file named by ``MADOGUCHI_CONFIG``.

One loader, one failure policy (:func:`load_settings`): a file that cannot be read as a JSON object is
skipped, an unknown key or a bad value is skipped, each with a :class:`Problem` naming the file and the key
in Japanese and English; the value below it (an earlier file, else the default) is used, so the app always
starts. Problems are returned and logged (file name and key only: never a value).

One Settings object per process: :func:`start` loads it at start-up (the GUI in app/ui/main.py),
:func:`current` returns it (loading it on first use, e.g. in the CLI through :func:`load`).
"""
from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from collections.abc import Mapping

import platformdirs

from app.model import retention
from app.model.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    type: type
    title: str
    check: Callable[[Any], str | None] = lambda v: None  # returns a Japanese problem or None
    read_by: tuple[str, ...] = ()  # the modules that read it (tests/model/test_settings.py checks them)


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


def _titles(v):
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
        return "職名の一覧（例: [\"課長\", \"室長\"]）で指定してください"
    return None


OPTIONS = [
    Option("organisation", "港区", str, "組織", _is_str,
           read_by=("app/export/layout.py",)),  # the PDF author
    Option("department", "", str, "所属（部・課・係）", _is_str,
           read_by=("app/ui/live/police_card.py", "app/export/record_sheet.py")),
    Option("facility_name", "港区役所", str, "施設名（110番カードに表示）", _is_str,
           read_by=("app/ui/live/police_card.py",)),
    Option("facility_address", "東京都港区芝公園1-5-25", str, "施設の所在地（110番カードに表示）", _is_str,
           read_by=("app/ui/live/police_card.py",)),
    Option("time_limit_minutes", {"電話": 30, "対面": 30}, dict, "対応時間の目安（分）", _limits,
           read_by=("app/model/flow.py", "app/ui/live/live_panel.py")),
    Option("office_hours", "08:30-17:15", str, "公表している受付時間", _hours,
           read_by=("app/model/flow.py",)),
    Option("group_party_threshold", 5, int, "団体等多数とみなす区民等の人数", _minutes,
           read_by=("app/model/flow.py",)),  # named by the edition (multiple_staff.table[].party_min_setting)
    Option("building_rules_articles", "", str, "港区役所庁舎管理規則の根拠条項（未確認のため各課で設定）", _is_str,
           read_by=("app/export/eviction_order.py", "app/export/issue.py")),
    Option("legal_request_titles", ["課長", "室長", "担当課長", "副参事"], list,
           "法律相談を依頼できる職（職名の末尾）", _titles, read_by=("app/export/legal_request.py",)),
    Option("document_number_prefix", "港総総", str, "文書番号の記号", _prefix,
           read_by=("app/export/issue.py",)),
    Option("shared_folder", "", str, "共有フォルダ（同期先）", _is_str,
           read_by=("app/ui/sync_status.py", "app/selftest.py")),
    Option("auto_lock_minutes", 3, int, "自動ロックまでの時間（分）", _minutes,
           read_by=("app/ui/access_controller.py",)),
    Option("retention_years", dict(retention.DEFAULT_YEARS), dict, "保存年限（記録の種類ごとの年数）",
           retention.check_years, read_by=("app/model/retention.py",)),
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


@dataclass(frozen=True)
class Problem:
    """Something wrong in a settings file; the app uses the value below it instead."""
    file: str  # the file's name (not its folder: that may name the user)
    key: str   # "" when the whole file could not be used
    ja: str
    en: str

    def __str__(self) -> str:
        return f"{self.ja} / {self.en}"


def _problem(path: Path, key: str, ja: str, en: str) -> Problem:
    return Problem(path.name, key, f"設定ファイル {path.name}: {ja}", f"settings file {path.name}: {en}")


def load_settings(paths: list[Path] | None = None) -> tuple["Settings", list[Problem]]:
    """THE loader: defaults, overridden by each readable file in turn; what is broken is skipped and reported."""
    values = dict(DEFAULTS)
    problems: list[Problem] = []
    for path in paths if paths is not None else config_paths():
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            problems.append(_problem(path, "", "JSON として読めないため、このファイルの設定は使いません。",
                                     f"not readable as JSON ({type(exc).__name__}); the file is ignored."))
            continue
        if not isinstance(data, dict):
            problems.append(_problem(path, "", "設定は JSON オブジェクトで書いてください。このファイルの設定は使いません。",
                                     "settings must be a JSON object; the file is ignored."))
            continue
        for key, value in data.items():
            option = BY_KEY.get(key)
            if option is None:
                problems.append(_problem(path, key, f"不明な設定項目「{key}」です（使いません）。",
                                         f"unknown setting '{key}' (ignored)."))
                continue
            problem = option.check(value)
            if problem:
                problems.append(_problem(path, key, f"{option.title}（{key}）: {problem}。この項目は既定値などを使います。",
                                         f"invalid value for '{key}'; the value below it (or the default) is used."))
                continue
            values[key] = value
    for p in problems:
        log.warning("settings problem in %s, key %s", p.file, p.key or "(whole file)")
    return Settings(values), problems


_process: tuple["Settings", list[Problem]] | None = None


def start(paths: list[Path] | None = None) -> tuple["Settings", list[Problem]]:
    """Load the process's settings (once, at start-up) and keep them; returns them with the problems found."""
    global _process
    _process = load_settings(paths)
    return _process


def current() -> "Settings":
    """The process's Settings object (loaded by :func:`start`, or now on first use)."""
    return (_process or start())[0]


def problems() -> list[Problem]:
    """The problems found when the process's settings were loaded."""
    return list((_process or start())[1])


def load(paths: list[Path] | None = None) -> "Settings":
    """The process's settings (``paths`` given: those files, through the same loader). Never raises."""
    return current() if paths is None else load_settings(paths)[0]


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
