"""Checking what people and scripts hand us. Nothing is stored unless all of it is valid.

Names and texts are kept exactly as given: no NFKC, no trimming, variation selectors kept.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from app.model import vocab
from app.model.errors import InputError

MAX_TEXT = 200_000  # characters in one text field
ALLOWED_CONTROLS = {"\n", "\t", "\r"}
CHANNELS = vocab.channels()      # 手段, from the default edition (app/model/vocab.py)
BEHAVIOURS = vocab.behaviours()  # 迷惑行為の類型, from the default edition (app/model/vocab.py)


def fail(field: str, ja: str, en: str):
    raise InputError(f"{field}: {ja}", f"{field}: {en}", field=field)


def text(value: Any, field: str, *, required: bool = False, max_len: int = MAX_TEXT) -> str:
    if value is None:
        if required:
            fail(field, "必須項目です。", "is required.")
        return ""
    if not isinstance(value, str):
        fail(field, "文字列で指定してください。", f"must be a string, not {type(value).__name__}.")
    if required and not value.strip():
        fail(field, "必須項目です。", "is required.")
    if len(value) > max_len:
        fail(field, f"長すぎます（{len(value):,}文字、上限{max_len:,}文字）。", f"is too long ({len(value)} > {max_len}).")
    for i, ch in enumerate(value):
        cat = unicodedata.category(ch)
        if cat == "Cs":
            fail(field, f"{i + 1}文字目に不正な文字（サロゲート）があります。", f"has a lone surrogate at {i}.")
        if cat == "Cc" and ch not in ALLOWED_CONTROLS:
            fail(field, f"{i + 1}文字目に制御文字 U+{ord(ch):04X} があります。", f"has control character U+{ord(ch):04X}.")
    return value


def timestamp(value: Any, field: str, *, required: bool = False) -> str:
    s = text(value, field, required=required, max_len=64)
    if not s:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(s)
    except ValueError:
        fail(field, "日時は ISO 8601 形式で指定してください（例: 2025-04-01T10:15:00+09:00）。",
             "must be an ISO 8601 date-time, e.g. 2025-04-01T10:15:00+09:00.")
    if parsed.tzinfo is None:
        fail(field, "時差（+09:00 など）を付けてください。", "needs a UTC offset such as +09:00.")
    return s


def choice(value: Any, field: str, options: tuple, *, required: bool = False) -> str:
    s = text(value, field, required=required, max_len=200)
    if s and s not in options:
        fail(field, f"次のいずれかを指定してください: {'、'.join(options)}", f"must be one of {', '.join(options)}.")
    return s


def text_list(value: Any, field: str, options: tuple | None = None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        fail(field, "配列で指定してください。", "must be a list.")
    out = []
    for i, item in enumerate(value):
        out.append(choice(item, f"{field}[{i}]", options) if options else text(item, f"{field}[{i}]", max_len=1000))
    return out


def obj(value: Any, field: str, allowed: tuple) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        fail(field, "オブジェクトで指定してください。", "must be an object.")
    unknown = [k for k in value if k not in allowed]
    if unknown:
        fail(f"{field}.{unknown[0]}" if field else unknown[0], "不明な項目です。",
             f"unknown field; allowed: {', '.join(allowed)}.")
    return value


def integer(value: Any, field: str, *, minimum: int = 0, maximum: int = 10_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        fail(field, "整数で指定してください。", "must be an integer.")
    if not minimum <= value <= maximum:
        fail(field, f"{minimum}〜{maximum} の範囲で指定してください。", f"must be between {minimum} and {maximum}.")
    return value


INCIDENT_FIELDS = ("occurred_at", "channel", "place", "summary", "demands", "party", "staff", "quotes",
                   "behaviours", "department")


def incident(data: Any) -> tuple[dict, list[dict]]:
    """Validate `incident add` input. Returns the incident_created payload and the quotes."""
    data = obj(data, "", INCIDENT_FIELDS)
    if not isinstance(data, dict) or not data:
        fail("incident", "事案の内容が空です。", "is empty.")
    from app.model.kinds import PARTY  # the party's fields are the registry's (one rule, one place)
    party_fields = {f.name: f for f in PARTY.fields}
    party = obj(data.get("party"), "party", tuple(party_fields))
    payload = {
        "occurred_at": timestamp(data.get("occurred_at"), "occurred_at", required=True),
        "channel": choice(data.get("channel"), "channel", CHANNELS, required=True),
        "place": text(data.get("place"), "place", max_len=1000),
        "summary": text(data.get("summary"), "summary"),
        "demands": text(data.get("demands"), "demands"),
        "party": {k: (integer(v, f"party.{k}", minimum=f.minimum, maximum=f.maximum) if f.type == "int"
                      else text(v, f"party.{k}", max_len=f.max_len))
                  for k, f in party_fields.items() if (v := party.get(k)) is not None},
        "staff": text_list(data.get("staff"), "staff"),
        "behaviours": text_list(data.get("behaviours"), "behaviours", BEHAVIOURS),
        "department": text(data.get("department"), "department", max_len=200),
    }
    quotes_in = data.get("quotes")
    if quotes_in is not None and not isinstance(quotes_in, list):
        fail("quotes", "配列で指定してください。", "must be a list.")
    quotes = []
    for i, q in enumerate(quotes_in or []):
        q = obj(q, f"quotes[{i}]", ("at", "text", "speaker"))
        quotes.append({"at": timestamp(q.get("at"), f"quotes[{i}].at", required=True),
                       "text": text(q.get("text"), f"quotes[{i}].text", required=True),
                       **({"speaker": text(q["speaker"], f"quotes[{i}].speaker", max_len=200)} if "speaker" in q else {})})
    return payload, quotes


def entry_payload(kind: str, payload: Any) -> dict:
    """Generic checks for any entry payload: an object whose strings are valid text."""
    if not isinstance(kind, str) or not kind or not kind.replace("_", "").isalnum() or not kind.isascii():
        fail("kind", "記録の種類が正しくありません。", "is not a valid entry kind.")
    if not isinstance(payload, dict):
        fail("payload", "オブジェクトで指定してください。", "must be a JSON object.")
    _walk(payload, "payload", 0)
    return payload


def _walk(value: Any, field: str, depth: int) -> None:
    if depth > 8:
        fail(field, "入れ子が深すぎます。", "is nested too deeply.")
    if isinstance(value, str):
        text(value, field)
    elif isinstance(value, dict):
        for k, v in value.items():
            text(k, f"{field} key", max_len=200)
            _walk(v, f"{field}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(v, f"{field}[{i}]", depth + 1)
    elif value is None or isinstance(value, (bool, int, float)):
        return
    else:
        fail(field, "使えない値の型です。", f"has an unsupported type {type(value).__name__}.")
