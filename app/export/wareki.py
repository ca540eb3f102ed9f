"""和暦 (Japanese era) dates for documents: 令和7年4月1日, 令和元年5月1日, 平成31年4月30日."""
from __future__ import annotations

import datetime as _dt

# The era table and the 年度 rule live in the model (app/model/fiscal.py); this module only formats.
from app.model.fiscal import ERAS, era_year, fiscal_label_of, fiscal_year  # noqa: F401 (re-exported)
from app.model.fiscal import as_date as _as_date
from app.model.fiscal import fiscal_era_year as _fiscal_era_year
from app.model.fiscal import year_text as _year_text


def as_datetime(value) -> _dt.datetime:
    """ISO 8601 text or datetime → datetime (the offset, if any, is kept; no conversion)."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        return _dt.datetime.fromisoformat(value)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    raise TypeError(f"日時ではありません: {value!r}")


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


def fiscal_year_wareki(value) -> tuple[str, int]:
    """The era and era year of the 年度 a date falls in (app/model/fiscal.py): 2019-04-30 → (令和, 1)."""
    return _fiscal_era_year(fiscal_year(value))


def fiscal_year_label(value) -> str:
    """令和7年度 (the 年度 of a date; app/model/fiscal.py)."""
    return fiscal_label_of(value)
