"""The one 年度 rule (app/model/fiscal.py) and everything that uses it."""
from __future__ import annotations

import datetime as dt

import pytest

from app.model import fiscal, stats


@pytest.mark.parametrize("value, year", [
    ("2026-03-31", 2025), ("2026-04-01", 2026),
    (dt.date(2026, 3, 31), 2025), (dt.date(2026, 4, 1), 2026),
    (dt.datetime(2026, 3, 31, 23, 59, 59), 2025),
    ("2026-03-31T23:59:59+09:00", 2025),
    ("2026-04-01T00:00:00+09:00", 2026),
    ("2026-04-01T00:30:00+09:00", 2026),   # still 31 March in UTC: the local date as written counts
    ("2026-03-31T23:30:00-05:00", 2025),   # already 1 April in UTC and in Tokyo: still as written
    ("2026-03-31T15:30:00Z", 2025),
    ("2026-04-01 08:30", 2026),
    ("2019-04-01", 2019), ("2020-03-31", 2019),
])
def test_fiscal_year(value, year):
    assert fiscal.fiscal_year(value) == year


def test_fiscal_year_of_tolerates_missing_dates():
    assert fiscal.fiscal_year_of("") is None and fiscal.fiscal_year_of(None) is None
    assert fiscal.fiscal_year_of("not a date") is None
    assert fiscal.fiscal_year_of("2026-04-01T00:30:00+09:00") == 2026


def test_fiscal_year_range():
    assert fiscal.fiscal_year_range(2025) == ("2025-04-01", "2026-03-31")
    assert fiscal.fiscal_year_range(2019) == ("2019-04-01", "2020-03-31")
    assert fiscal.fiscal_year_range(2023) == ("2023-04-01", "2024-03-31")  # leap year: still 31 March
    lo, hi = fiscal.fiscal_year_range(2025)
    assert fiscal.fiscal_year(lo) == fiscal.fiscal_year(hi) == 2025
    assert fiscal.fiscal_year(dt.date.fromisoformat(lo) - dt.timedelta(days=1)) == 2024
    assert fiscal.fiscal_year(dt.date.fromisoformat(hi) + dt.timedelta(days=1)) == 2026


@pytest.mark.parametrize("year, label", [
    (2025, "令和7年度"), (2020, "令和2年度"), (2019, "令和元年度"), (2018, "平成30年度"),
    (1989, "平成元年度"), (1988, "昭和63年度"),
])
def test_fiscal_label(year, label):
    assert fiscal.fiscal_label(year) == label


def test_the_whole_of_reiwa_1_is_reiwa_gannendo():
    """令和 began on 2019-05-01; the ward labels the whole 年度 2019-04-01 … 2020-03-31 令和元年度."""
    for day in ("2019-04-01", "2019-04-30", "2019-05-01", "2020-03-31"):
        assert fiscal.fiscal_label_of(day) == "令和元年度", day
    assert fiscal.era_year("2019-04-30") == ("平成", 31)  # the calendar date itself is still 平成
    assert fiscal.fiscal_label_of("2019-03-31") == "平成30年度"
    assert fiscal.fiscal_label_of("2020-04-01") == "令和2年度"


def test_every_user_calls_the_one_rule():
    from app.export import docnumber, wareki
    from app.ui.stats import dashboard
    assert wareki.fiscal_year is fiscal.fiscal_year and wareki.ERAS is fiscal.ERAS
    assert wareki.fiscal_year_label("2019-04-30") == "令和元年度"
    assert docnumber.document_year("2019-04-30") == 1 and docnumber.document_year("2026-03-31") == 7
    assert stats.fiscal_year_range is fiscal.fiscal_year_range and stats.fiscal_year_of is fiscal.fiscal_year_of
    assert dashboard.fiscal_label is fiscal.fiscal_label
    assert dashboard.key_label("fiscal_year", "2019") == "令和元年度"


def test_stats_use_the_local_date_near_midnight(store, service):
    a = service.create_incident({"occurred_at": "2026-03-31T23:59:00+09:00", "channel": "対面", "summary": "架空"})
    b = service.create_incident({"occurred_at": "2026-04-01T00:01:00+09:00", "channel": "対面", "summary": "架空"})
    by_id = {f.id: f for f in stats.collect(store)}
    assert (by_id[a].fiscal_year, by_id[b].fiscal_year) == (2025, 2026)
    lo, hi = fiscal.fiscal_year_range(2026)
    assert [f.id for f in stats.collect(store, lo, hi)] == [b]
