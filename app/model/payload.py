"""Parsing an entry's payload against its kind in the registry (app/model/kinds.py).

Structure only: fields, types, limits, fixed choices. What depends on the edition or on the incident's
other entries is the kind's rules (app/model/kind_rules.py), run by the Service. Nothing is coerced or
normalised: a valid payload is returned as given (names keep every character, 﨑 stays 﨑).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from app.model import kinds, validation
from app.model.kinds import Field, Kind

MAX_LIST = 1_000
MAX_INT = 2**53  # beyond a double's exact range nothing here has a meaning


def _shown(s: str) -> str:
    """A name as it may be echoed in a message: control characters escaped."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in s)


def kind_of(name: Any) -> Kind:
    if not isinstance(name, str) or name not in kinds.KINDS:
        known = "、".join(kinds.KINDS)
        shown = name if isinstance(name, str) and len(name) <= 64 else "…"
        validation.fail("kind", f"記録の種類「{_shown(shown)}」はありません（使える種類：{known}）。",
                        f"unknown entry kind; known kinds: {', '.join(kinds.KINDS)}.")
    return kinds.KINDS[name]


def parse(kind: str | Kind, payload: Any, prefix: str = "") -> dict:
    """Check ``payload`` against the kind's fields. Raises InputError naming the field."""
    k = kind if isinstance(kind, Kind) else kind_of(kind)
    return _object(payload, k.fields, prefix or "payload", open_=False)


def _object(value: Any, fields: tuple[Field, ...], where: str, open_: bool) -> dict:
    if not isinstance(value, dict):
        validation.fail(where, "オブジェクトで指定してください。", "must be a JSON object.")
    by_name = {f.name: f for f in fields}
    for key in value:
        if not isinstance(key, str):
            validation.fail(where, "項目名は文字列で指定してください。", "keys must be strings.")
        if key not in by_name and not open_:
            allowed = "、".join(f"{f.name}（{f.label}）" for f in fields) or "なし"
            validation.fail(f"{where}.{_shown(key[:64])}", f"不明な項目です（使える項目：{allowed}）。",
                            f"unknown field; allowed: {', '.join(by_name) or 'none'}.")
    for f in fields:
        v = value.get(f.name)
        if v is None:
            if f.required:
                validation.fail(f"{where}.{f.name}", f"{f.label}は必須項目です。", "is required.")
            continue
        _value(v, f, f"{where}.{f.name}")
    if open_:
        validation.entry_payload("x", value)  # generic: valid text, bounded depth
    return value


def _value(v: Any, f: Field, where: str) -> None:
    t = f.type
    if t == "text":
        validation.text(v, where, required=f.required, max_len=f.max_len)
        if f.options and v not in f.options:
            validation.fail(where, f"{f.label}は次のいずれかです：{'、'.join(f.options)}",
                            f"must be one of {', '.join(f.options)}.")
    elif t == "time":
        validation.timestamp(v, where, required=f.required)
    elif t == "date":
        s = validation.text(v, where, required=f.required, max_len=10)
        if not s:  # an optional date left empty (e.g. 出入禁止 with no end)
            return
        try:
            dt.date.fromisoformat(s)
        except ValueError:
            validation.fail(where, f"{f.label}は YYYY-MM-DD の日付で指定してください（例：2025-04-01）。",
                            "must be a date YYYY-MM-DD.")
    elif t == "int":
        validation.integer(v, where, minimum=f.minimum, maximum=f.maximum)
    elif t == "bool":
        if not isinstance(v, bool):
            validation.fail(where, f"{f.label}は true か false で指定してください。", "must be true or false.")
    elif t == "texts":
        if not isinstance(v, list):
            validation.fail(where, f"{f.label}は文字列の配列で指定してください。", "must be a list of strings.")
        if len(v) > MAX_LIST:
            validation.fail(where, f"{f.label}が多すぎます（上限{MAX_LIST}件）。", f"has more than {MAX_LIST} items.")
        for i, item in enumerate(v):
            validation.text(item, f"{where}[{i}]", required=True, max_len=f.max_len)
            if f.options and item not in f.options:
                validation.fail(f"{where}[{i}]", f"次のいずれかです：{'、'.join(f.options)}",
                                f"must be one of {', '.join(f.options)}.")
    elif t == "obj":
        _object(v, f.fields, where, open_=not f.fields)
    elif t == "any":
        if isinstance(v, bool):
            return
        if isinstance(v, int):
            validation.integer(v, where, minimum=-MAX_INT, maximum=MAX_INT)
        elif isinstance(v, str):
            validation.text(v, where, max_len=f.max_len)
        elif isinstance(v, list):
            if len(v) > MAX_LIST:
                validation.fail(where, f"多すぎます（上限{MAX_LIST}件）。", f"has more than {MAX_LIST} items.")
            for i, item in enumerate(v):
                validation.text(item, f"{where}[{i}]", max_len=f.max_len)
        else:
            validation.fail(where, "文字列・数・真偽値・文字列の配列のいずれかで指定してください。",
                            "must be a string, a number, true/false or a list of strings.")
    else:  # pragma: no cover - a registry error
        raise AssertionError(f"unknown field type {t}")
