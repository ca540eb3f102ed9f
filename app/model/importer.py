"""Import of earlier records a 課 kept in a CSV / Excel sheet before madoguchi.

A mapping says which column holds which field. Every row is checked first; if any row has an error nothing is
written. Otherwise all incidents are created in one transaction (``store.append_many``). Each imported
incident gets a note naming the source file and row, so the origin stays visible in the log.

Mapping (JSON)::

    {"columns": {"occurred_at": "発生日時", "channel": "手段", "summary": "概要", "party.name": "相手方", …},
     "defaults": {"department": "区民課"}, "sheet": "2024年度", "utc_offset": "+09:00"}
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.model import fiscal, validation, vocab
from app.model.errors import InputError, MadoguchiError
from app.model.ids import uuid7

#: target field → Japanese label (the mapping dialog lists these)
TARGETS = {
    "occurred_at": "発生日時（必須）", "channel": "手段（必須）", "department": "所属", "place": "場所",
    "summary": "発生状況・概要", "demands": "要求内容", "party.name": "相手方氏名", "party.description": "相手方の特徴",
    "staff": "対応職員", "behaviours": "迷惑行為の類型", "judgement": "カスハラの判断", "handling": "対処内容",
    "resolved": "解決の有無", "closed_at": "終了日",
}
REQUIRED = ("occurred_at", "channel")
CHANNEL_ALIASES = {"窓口": "対面", "来庁": "対面", "来所": "対面", "TEL": "電話", "tel": "電話", "Eメール": "メール",
                   "e-mail": "メール", "郵送": "文書", "手紙": "文書"}
YES = {"有", "あり", "解決", "済", "はい", "○", "〇", "yes", "true", "1"}
NO = {"無", "なし", "未解決", "未", "いいえ", "×", "no", "false", "0"}
_SPLIT = re.compile(r"[、,，;；/／\n]+")
_ERA = {name: start.year - 1 for start, name in fiscal.ERAS}  # 令和 → 2018 (app/model/fiscal.py)
#: first and last day of each era, from the one era table (昭和64年1月7日, 平成31年4月30日; 令和 has no end yet)
_ERA_SPAN = {name: (start, (fiscal.ERAS[i - 1][0] - dt.timedelta(days=1)) if i else dt.date(9999, 12, 31))
             for i, (start, name) in enumerate(fiscal.ERAS)}
_WAREKI = re.compile(r"^(令和|平成|昭和)(元|\d+)年(\d+)月(\d+)日(?:\s*(\d+)[時:](\d+)分?)?$")


@dataclass
class Mapping:
    columns: dict[str, str]
    defaults: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    utc_offset: str = "+09:00"

    @classmethod
    def from_dict(cls, d: Any) -> "Mapping":
        d = validation.obj(d, "mapping", ("columns", "defaults", "sheet", "utc_offset"))
        cols = validation.obj(d.get("columns"), "columns", tuple(TARGETS))
        defaults = validation.obj(d.get("defaults"), "defaults", tuple(TARGETS))
        missing = [t for t in REQUIRED if t not in cols and t not in defaults]
        if missing:
            validation.fail(f"columns.{missing[0]}", "対応する列を指定してください。", "needs a column.")
        return cls({k: str(v) for k, v in cols.items()}, {k: str(v) for k, v in defaults.items()},
                   d.get("sheet"), d.get("utc_offset") or "+09:00")


@dataclass
class RowError:
    row: int  # 1-based data row number as the 課 sees it in the sheet (header is row 1, data from row 2)
    field: str
    message: str


@dataclass
class Checked:
    incidents: list[tuple[dict, list[tuple[str, dict]]]]  # (incident payload, [(kind, payload)…])
    errors: list[RowError]
    rows: int


def read_table(path: Path, sheet: str | None = None) -> tuple[list[str], list[list[Any]]]:
    """Header and data rows of a .csv (UTF-8 with or without BOM, else CP932) or .xlsx sheet."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb[sheet] if sheet else wb.worksheets[0]
            values = [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp932")
        values = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    values = [r for r in values if any(v not in (None, "") for v in r)]
    if not values:
        return [], []
    header = ["" if v is None else str(v).strip() for v in values[0]]
    return header, values[1:]


def split_behaviours(text: str) -> list[str]:
    """Behaviour labels from one cell. 、 also occurs inside labels (暴言、侮辱及び誹謗中傷), so pieces split at
    、 are joined back while they form the start of a known label."""
    out: list[str] = []
    for chunk in re.split(r"[,，;；/／\n]+", text):
        pieces = [p.strip() for p in chunk.split("、") if p.strip()]
        i = 0
        while i < len(pieces):
            best = 1
            for j in range(len(pieces), i, -1):
                if "、".join(pieces[i:j]) in vocab.behaviours():
                    best = j - i
                    break
            out.append("、".join(pieces[i:i + best]))
            i += best
    return out


def _not_a_date(ja: str = "", en: str = "") -> InputError:
    return InputError(ja or "日付として読めません（例: 2024/4/1 10:00、令和6年4月1日）。",
                      en or "not a date (e.g. 2024/4/1 10:00).")


def _wareki(m: re.Match) -> dt.datetime:
    """令和・平成・昭和 to a date; a year, month, day or time that does not exist is refused (InputError)."""
    era, (first, last) = m[1], _ERA_SPAN[m[1]]
    shown = m[0] if len(m[0]) <= 40 else m[0][:40] + "…"
    n = 1 if m[2] == "元" else int(m[2]) if len(m[2]) <= 4 else 10_000
    if n < 1:
        raise _not_a_date(f"{era}{m[2]}年はありません（元年からです）。",
                          f"{era} year {m[2]} does not exist (era years start at 1).")
    if _ERA[era] + n > last.year:
        raise _not_a_date(f"{era}{n}年はありません（{era}は{last.year - _ERA[era]}年まで）。",
                          f"{era} year {n} does not exist (the era ends in year {last.year - _ERA[era]}).")
    try:
        d = dt.datetime(_ERA[era] + n, int(m[3]), int(m[4]), int(m[5] or 0), int(m[6] or 0))
    except (ValueError, OverflowError):
        raise _not_a_date(f"「{shown}」という日付・時刻はありません。", f"{shown}: no such date or time.") from None
    if not first <= d.date() <= last:
        raise _not_a_date(f"「{shown}」は{era}の期間（{first:%Y-%m-%d}〜）の外です。" if era == "令和" else
                          f"「{shown}」は{era}の期間（{first:%Y-%m-%d}〜{last:%Y-%m-%d}）の外です。",
                          f"{shown} is outside the {era} era ({first} to {last}).")
    return d


def _date(value: Any, offset: str) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat() + ("" if value.tzinfo else offset)
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00{offset}"
    s = str(value).strip()
    m = _WAREKI.match(s)
    if m:
        return _wareki(m).isoformat() + offset
    s2 = s.replace("/", "-").replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(s2, fmt).isoformat() + offset
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(s)
        return parsed.isoformat() if parsed.tzinfo else parsed.isoformat() + offset
    except ValueError:
        raise _not_a_date() from None


def _cell(row: list, header: list[str], mapping: Mapping, target: str) -> str | Any:
    col = mapping.columns.get(target)
    if col is not None and col in header:
        i = header.index(col)
        v = row[i] if i < len(row) else None
        if v not in (None, ""):
            return v if isinstance(v, (dt.date, dt.datetime)) else str(v)
    return mapping.defaults.get(target, "")


def check_rows(header: list[str], rows: list[list[Any]], mapping: Mapping, source: str = "") -> Checked:
    """Check every row; nothing is written here."""
    errors: list[RowError] = []
    unknown = [c for c in mapping.columns.values() if c not in header]
    for c in unknown:
        errors.append(RowError(1, c, f"列「{c}」が見出しにありません。"))
    out = []
    for n, row in enumerate(rows, start=2):
        def get(t):
            return _cell(row, header, mapping, t)
        try:
            data: dict[str, Any] = {}
            occurred = get("occurred_at")
            if occurred in ("", None):
                raise InputError("発生日時が空です。", "occurred_at is empty.", field="occurred_at")
            try:
                data["occurred_at"] = _date(occurred, mapping.utc_offset)
            except InputError as exc:
                raise InputError(exc.ja, exc.en, field="occurred_at") from None
            channel = str(get("channel"))
            data["channel"] = CHANNEL_ALIASES.get(channel, channel)
            for t in ("department", "place", "summary", "demands"):
                if get(t):
                    data[t] = str(get(t))
            party = {k: str(get(f"party.{k}")) for k in ("name", "description") if get(f"party.{k}")}
            if party:
                data["party"] = party
            if get("staff"):
                data["staff"] = [s for s in _SPLIT.split(str(get("staff"))) if s]
            if get("behaviours"):
                data["behaviours"] = split_behaviours(str(get("behaviours")))
            payload, _ = validation.incident(data)
            extra: list[tuple[str, dict]] = [
                ("note", {"text": f"以前の記録から取り込み（{source} {n}行目）" if source else f"以前の記録から取り込み（{n}行目）"})]
            j = str(get("judgement"))
            if j:
                validation.choice(j, "judgement", vocab.judgement_results())
                extra.append(("judgement", {"result": j, "at": payload["occurred_at"], "rationale": "以前の記録から取り込み",
                                           "imported": source or "以前の記録"}))
            handling = str(get("handling"))
            resolved_raw = str(get("resolved")).strip()
            resolved = None
            if resolved_raw:
                if resolved_raw.lower() in YES:
                    resolved = True
                elif resolved_raw.lower() in NO:
                    resolved = False
                else:
                    validation.fail("resolved", "「有」「無」（解決・未解決）で指定してください。", "must be yes or no.")
            if handling or resolved is not None:
                extra.append(("committee_report", {"at": payload["occurred_at"], "occurrence": payload["summary"],
                                                   "handling": validation.text(handling, "handling"),
                                                   "resolved": resolved}))
            closed_at = get("closed_at")
            if closed_at:
                try:
                    closed_iso = _date(closed_at, mapping.utc_offset)
                except InputError as exc:
                    raise InputError(exc.ja, exc.en, field="closed_at") from None
                extra.append(("closed", {"at": closed_iso, "outcome": "以前の記録から取り込み",
                                         "resolved": bool(resolved)}))
            out.append((payload, extra))
        except MadoguchiError as exc:
            errors.append(RowError(n, getattr(exc, "field", "") or "", exc.ja))
    return Checked(out, errors, len(rows))


def import_rows(store, checked: Checked, actor: str, edition: str) -> list[str]:
    """Create every checked incident in one transaction. Refuses if any row had an error."""
    if checked.errors:
        raise InputError(f"{len(checked.errors)}件のエラーがあるため、取り込みませんでした。",
                         f"{len(checked.errors)} rows have errors; nothing was imported.", field="rows")
    items, ids = [], []
    for payload, extra in checked.incidents:
        iid = uuid7()
        ids.append(iid)
        items.append((iid, "incident_created", dict(payload, manual_edition=edition), actor, None))
        items += [(iid, kind, p, actor, None) for kind, p in extra]
    if items:
        store.append_many(items)
    return ids


def import_for(svc, checked: "Checked") -> list[str]:
    """Create every checked incident as the person signed in to ``svc``, through the Service's door: each
    entry (the judgement, the closing, the committee report of an old record) needs that person's right and
    the registry's rules, exactly as if they recorded it by hand. All or nothing, in one transaction."""
    svc.require("incident.create")
    if checked.errors:
        raise InputError(f"{len(checked.errors)}件のエラーがあるため、取り込みませんでした。",
                         f"{len(checked.errors)} rows have errors; nothing was imported.", field="rows")
    items, ids = [], []
    for n, (payload, extra) in enumerate(checked.incidents, start=1):
        iid = uuid7()
        ids.append(iid)
        batch = [("incident_created", dict(payload, manual_edition=svc.edition), None)]
        batch += [(kind, p, None) for kind, p in extra]
        try:
            items += svc.prepare_many(iid, batch, door="service", stored=[])
        except InputError as exc:
            raise InputError(f"{n}件目: {exc.ja}", f"record {n}: {exc.en}", field=exc.field) from None
    if items:
        svc.store.append_many(items)
    return ids
