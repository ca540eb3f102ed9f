"""年度 (the April–March fiscal year) and the 和暦 era: the one place these rules live (no Qt, no export).

- A date belongs to the 年度 that began on the last 1 April on or before it: 2026-03-31 → 2025,
  2026-04-01 → 2026. The 年度 is named by its western starting year (2025 = 令和7年度).
- A date-time counts by the date *as written* in its ISO text (the local date of the counter), never
  converted to another time zone: ``2026-04-01T00:30:00+09:00`` is in 2026 although it is still
  31 March in UTC.
- A 年度 is labelled by the era of the calendar year in which it begins, that year being named by the
  newest era begun in it. So the whole of 2019-04-01 … 2020-03-31 is 令和元年度, including April 2019
  (still 平成31年 on the calendar; the ward labels the whole year 令和元年度), and 1988-04-01 …
  1989-03-31 is 昭和63年度 (平成 began in January 1989, within that 年度, but the 年度 began in 昭和63年).
  Document numbers follow the same label: a document dated 2019-04-30 carries 1 (令和元年度).
"""
from __future__ import annotations

import datetime as _dt

#: (first day, era name), newest first
ERAS = (
    (_dt.date(2019, 5, 1), "令和"),
    (_dt.date(1989, 1, 8), "平成"),
    (_dt.date(1926, 12, 25), "昭和"),
)
FIRST_MONTH = 4  # a 年度 begins on 1 April


def as_date(value) -> _dt.date:
    """A date from a date, a datetime or ISO text (a date-time's date as written, offset ignored)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        return _dt.datetime.fromisoformat(s).date() if len(s) > 10 else _dt.date.fromisoformat(s)
    raise TypeError(f"日付ではありません: {value!r}")


def fiscal_year(value) -> int:
    """年度 of a date, datetime or ISO text as a western year: 2026-03-31 → 2025, 2026-04-01 → 2026."""
    d = as_date(value)
    return d.year if d.month >= FIRST_MONTH else d.year - 1


def fiscal_year_of(value) -> int | None:
    """fiscal_year(), or None for an empty or unreadable value (a record without a date)."""
    try:
        return fiscal_year(value)
    except (ValueError, TypeError):
        return None


def fiscal_year_range(year: int) -> tuple[str, str]:
    """The first and last day of 年度 ``year``: 2025 → ('2025-04-01', '2026-03-31')."""
    return f"{year:04d}-{FIRST_MONTH:02d}-01", (_dt.date(year + 1, FIRST_MONTH, 1) - _dt.timedelta(days=1)).isoformat()


# ---- 和暦 --------------------------------------------------------------------------------------------
def era_year(value) -> tuple[str, int]:
    """(era name, year in the era) of a date: 2019-04-30 → (平成, 31), 2019-05-01 → (令和, 1)."""
    d = as_date(value)
    for start, name in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError(f"昭和より前の日付には対応していません: {d.isoformat()}")


def year_text(n: int) -> str:
    """元 for the first year of an era, else the number."""
    return "元" if n == 1 else str(n)


def fiscal_era_year(year: int) -> tuple[str, int]:
    """(era name, era year) of 年度 ``year``: 2025 → (令和, 7), 2019 → (令和, 1), 2018 → (平成, 30)."""
    for start, name in ERAS:
        if year >= start.year:
            return name, year - start.year + 1
    raise ValueError(f"昭和より前の年度には対応していません: {year}")


def fiscal_label(year: int) -> str:
    """令和7年度 / 令和元年度 for 年度 ``year`` (a western year)."""
    name, n = fiscal_era_year(year)
    return f"{name}{year_text(n)}年度"


def fiscal_label_of(value) -> str:
    """The 年度 label of a date: 2026-03-31 → 令和7年度."""
    return fiscal_label(fiscal_year(value))
