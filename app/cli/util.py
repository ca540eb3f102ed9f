"""Helpers every CLI command module uses: JSON out, JSON and secrets in, new files only.

Input is hostile until checked: ``read_json`` refuses (with an InputError naming the file, exit 2) a file over
10 MiB, bytes that are not UTF-8, nesting deeper than 64, integers longer than 18 digits and NaN / Infinity,
before any of it reaches the model.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
import sys
from pathlib import Path

from app.model.errors import InputError
from app.model.files import exists_error, write_new
from app.model.secret_file import read_secret

__all__ = ["emit", "read_json", "read_secret", "write_new", "check_new_out", "iso_date", "safe_text",
           "MAX_JSON_BYTES", "MAX_JSON_DEPTH", "MAX_INT_DIGITS"]

MAX_JSON_BYTES = 10 * 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_INT_DIGITS = 18

# C0 controls except \n and \t (ESC included), DEL and C1: a hostile name must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with terminal control characters written as ``\\uXXXX``."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit(value) -> None:
    """``value`` as JSON on stdout (DEL and C1 escaped too; json already escapes C0)."""
    sys.stdout.write(safe_text(json.dumps(value, ensure_ascii=False, indent=2, default=str)) + "\n")


def check_new_out(path: Path, suffixes: tuple[str, ...] = ()) -> Path:
    """An ``--out`` path that can be created: right suffix, not existing, in an existing folder.

    Checked before anything is numbered or recorded; ``write_new`` checks again when writing."""
    path = Path(path)
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(f"--out の拡張子は {' / '.join(suffixes)} にしてください。",
                         f"--out must end with {' or '.join(suffixes)}.", field="out")
    if path.exists():
        raise exists_error(path)
    if not path.parent.is_dir():
        raise InputError(f"出力先のフォルダがありません: {path.parent}", f"No folder {path.parent}.", field="out")
    return path


def iso_date(value: str | None, name: str) -> str | None:
    """``--from`` / ``--to``: an ISO date (YYYY-MM-DD) or None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--{name}: 日付は YYYY-MM-DD で指定してください。", f"--{name}: use YYYY-MM-DD.",
                         field=name) from None


def add_today(parser, help: str = "YYYY-MM-DD (default: today)") -> None:
    """``--today``: the day a queue or a deadline is judged on (checked by today_of, so a bad date is the
    usual Japanese InputError, exit 2)."""
    parser.add_argument("--today", default=None, help=help)


def today_of(args) -> str:
    """The day given with ``--today``, else the PC's date."""
    return iso_date(getattr(args, "today", None), "today") or dt.date.today().isoformat()


def _read_limited(path: str, label: str, what: str) -> bytes:
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            raw = stream.read(MAX_JSON_BYTES + 1) if stream is not None else \
                sys.stdin.read(MAX_JSON_BYTES + 1).encode("utf-8")
        else:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_JSON_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"ファイルがありません: {label}", f"{what}: file not found: {label}", field=what) from None
    except IsADirectoryError:
        raise InputError(f"ファイルではなくフォルダです: {label}", f"{what}: {label} is a folder.", field=what) from None
    if len(raw) > MAX_JSON_BYTES:
        raise InputError(f"{label}: JSON が大きすぎます（{MAX_JSON_BYTES // (1024 * 1024)} MiB まで）。",
                         f"{what}: {label} is larger than {MAX_JSON_BYTES // (1024 * 1024)} MiB.", field=what)
    return raw


_ESCAPE = re.compile(r"\\.", re.S)
_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """The deepest nesting of ``[`` / ``{`` outside strings, in linear time and without recursion
    (json.loads recurses once per level, so a 100 000-deep ``[[[…`` must be refused before it)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", _ESCAPE.sub("", text)))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


class _Refused(Exception):
    def __init__(self, ja: str, en: str):
        super().__init__(en)
        self.ja, self.en = ja, en


def _parse_int(s: str) -> int:
    if len(s.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"整数の桁数が多すぎます（{MAX_INT_DIGITS}桁まで）。",
                       f"an integer has more than {MAX_INT_DIGITS} digits.")
    return int(s)


def _parse_float(s: str) -> float:
    value = float(s)
    if not math.isfinite(value):
        raise _Refused("数値が大きすぎます。", f"the number {s[:20]}… is out of range.")
    return value


def _parse_constant(s: str):
    raise _Refused(f"{s} は JSON の値として使えません。", f"{s} is not allowed in JSON.")


def read_json(path: str, what: str = "json"):
    """The JSON value in file ``path`` (``-``: stdin), checked for size, encoding, depth and numbers."""
    label = "標準入力" if path == "-" else Path(path).name
    label_en = "stdin" if path == "-" else Path(path).name
    raw = _read_limited(path, label_en, what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: UTF-8 として読めません（{exc.start}バイト目）。",
                         f"{what}: {label_en} is not valid UTF-8 (byte {exc.start}).", field=what) from None
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise InputError(f"{label}: JSON の入れ子が深すぎます（{MAX_JSON_DEPTH}段まで）。",
                         f"{what}: {label_en} is nested deeper than {MAX_JSON_DEPTH} levels.", field=what)
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}: JSON として読めません（{exc.lineno}行目 {exc.colno}文字目）。",
                         f"{what}: invalid JSON in {label_en} at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
                         field=what) from None
    except _Refused as exc:
        raise InputError(f"{label}: {exc.ja}", f"{what}: {label_en}: {exc.en}", field=what) from None
    except (RecursionError, ValueError) as exc:  # belt and braces: nothing from parsing reaches a traceback
        raise InputError(f"{label}: JSON として読めません。", f"{what}: {label_en} cannot be read: "
                         f"{type(exc).__name__}.", field=what) from None
