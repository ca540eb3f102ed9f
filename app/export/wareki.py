"""和暦 (Japanese era) dates for documents: 令和7年4月1日, 令和元年5月1日, 平成31年4月30日."""
from __future__ import annotations

import datetime as _dt

#: (first day, era name), newest first
ERAS = (
    (_dt.date(2019, 5, 1), "令和"),
    (_dt.date(1989, 1, 8), "平成"),
    (_dt.date(1926, 12, 25), "昭和"),
)


def _as_date(value) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _dt.datetime.fromisoformat(value).date() if "T" in value else _dt.date.fromisoformat(value)
    raise TypeError(f"日付ではありません: {value!r}")


def as_datetime(value) -> _dt.datetime:
    """ISO 8601 text or datetime → datetime (the offset, if any, is kept; no conversion)."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        return _dt.datetime.fromisoformat(value)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    raise TypeError(f"日時ではありません: {value!r}")


def era_year(value) -> tuple[str, int]:
    """(era name, year in the era) of a date."""
    d = _as_date(value)
    for start, name in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError(f"昭和より前の日付には対応していません: {d.isoformat()}")


def _year_text(n: int) -> str:
    return "元" if n == 1 else str(n)


def wareki_year(value) -> str:
    """令和7年 / 令和元年."""
    name, n = era_year(value)
    return f"{name}{_year_text(n)}年"


def wareki(value) -> str:
    """令和7年4月1日."""
    d = _as_date(value)
    return f"{wareki_year(d)}{d.month}月{d.day}日"


def wareki_datetime(value) -> str:
    """令和7年4月1日 10時05分 (the local time as written in the ISO text)."""
    t = as_datetime(value)
    return f"{wareki(t)} {t.hour}時{t.minute:02d}分"


def wareki_time(value) -> str:
    """10時05分."""
    t = as_datetime(value)
    return f"{t.hour}時{t.minute:02d}分"


WEEKDAYS = "月火水木金土日"


def wareki_with_weekday(value) -> str:
    """令和7年4月1日（火）."""
    d = _as_date(value)
    return f"{wareki(d)}（{WEEKDAYS[d.weekday()]}）"


def fiscal_year(value) -> int:
    """年度 (April–March) as a western year: 2026-03-31 → 2025, 2026-04-01 → 2026."""
    d = _as_date(value)
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_wareki(value) -> tuple[str, int]:
    """The era and era year of the 年度 a date falls in, counted at the 年度's first day (1 April).

    令和元年度 began on 2019-04-01 while the era was still 平成 (平成31年度 = 令和元年度); the ward numbers
    its documents by the era in force when the document is dated, so a date in 令和 from 2019-05-01
    to 2020-03-31 gives (令和, 1), and April 2019 gives (平成, 31).
    """
    d = _as_date(value)
    name, _ = era_year(d)
    fy = fiscal_year(d)
    start = next(s for s, n in ERAS if n == name)
    return name, fy - start.year + 1


def fiscal_year_label(value) -> str:
    """令和7年度."""
    name, n = fiscal_year_wareki(value)
    return f"{name}{_year_text(n)}年度"
