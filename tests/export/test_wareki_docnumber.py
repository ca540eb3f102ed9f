import datetime as dt

import pytest

from app.export.docnumber import document_number, document_year
from app.export.wareki import fiscal_year, fiscal_year_label, wareki, wareki_datetime


@pytest.mark.parametrize("d, expected", [
    ("2025-04-01", "令和7年4月1日"),
    ("2019-05-01", "令和元年5月1日"),
    ("2019-04-30", "平成31年4月30日"),
    ("1989-01-08", "平成元年1月8日"),
    ("1989-01-07", "昭和64年1月7日"),
    ("2020-01-01", "令和2年1月1日"),
])
def test_wareki(d, expected):
    assert wareki(d) == expected


def test_wareki_time_keeps_local_time():
    assert wareki_datetime("2025-04-01T10:05:00+09:00") == "令和7年4月1日 10時05分"
    assert wareki_datetime(dt.datetime(2025, 4, 1, 9, 0)) == "令和7年4月1日 9時00分"


def test_fiscal_year():
    assert fiscal_year(dt.date(2026, 3, 31)) == 2025
    assert fiscal_year(dt.date(2026, 4, 1)) == 2026
    assert fiscal_year_label("2026-03-31") == "令和7年度"
    assert fiscal_year_label("2019-06-01") == "令和元年度"


@pytest.mark.parametrize("d, n, expected", [
    ("2026-03-31", 12, "7港総総第12号"),   # 令和8年3月 → 令和7年度
    ("2026-04-01", 1, "8港総総第1号"),     # 令和8年4月 → 令和8年度
    ("2025-04-01", 12, "7港総総第12号"),
    ("2019-05-01", 1, "1港総総第1号"),     # 令和元年度 (dated in 令和)
    ("2020-03-31", 40, "1港総総第40号"),
    ("2020-04-01", 1, "2港総総第1号"),
    ("2019-04-30", 3, "1港総総第3号"),     # the whole 年度 is 令和元年度 (app/model/fiscal.py)
])
def test_document_number_rule(d, n, expected):
    assert document_number(d, "港総総", n) == expected


def test_document_number_rejects_bad_input():
    with pytest.raises(ValueError):
        document_number("2025-04-01", "", 1)
    with pytest.raises(ValueError):
        document_number("2025-04-01", "港総総", 0)
    assert document_year("2026-03-01") == 7
