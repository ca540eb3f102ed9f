"""和暦 and other dates of the importer: era boundaries, impossible dates refused as InputError."""
from __future__ import annotations

import pytest

from app.model import importer
from app.model.errors import InputError


@pytest.mark.parametrize("text,iso", [
    ("平成31年4月30日", "2019-04-30T00:00:00+09:00"), ("令和元年5月1日", "2019-05-01T00:00:00+09:00"),
    ("昭和64年1月7日", "1989-01-07T00:00:00+09:00"), ("平成元年1月8日", "1989-01-08T00:00:00+09:00"),
    ("令和8年2月28日 9時05分", "2026-02-28T09:05:00+09:00"), ("令和6年2月29日", "2024-02-29T00:00:00+09:00"),
])
def test_real_dates(text, iso):
    assert importer._date(text, "+09:00") == iso


@pytest.mark.parametrize("text", [
    "令和8年13月1日", "令和8年2月30日", "令和7年2月29日", "平成32年1月1日", "平成31年5月1日", "令和元年4月30日",
    "令和0年5月1日", "昭和64年1月8日", "昭和1年12月24日", "令和6年6月1日 24時00分", "令和6年6月1日 10時60分",
    "令和" + "9" * 5000 + "年1月1日", "令和6年" + "1" * 5000 + "月1日", "2024/13/40", "2024-02-30",
])
def test_impossible_dates_are_input_errors(text):
    with pytest.raises(InputError) as exc:
        importer._date(text, "+09:00")
    assert exc.value.ja and exc.value.en and len(exc.value.ja) < 200


def test_check_rows_names_row_and_field():
    mapping = importer.Mapping.from_dict({"columns": {"occurred_at": "発生日", "channel": "手段"}})
    checked = importer.check_rows(["発生日", "手段"], [["令和6年4月1日", "電話"], ["令和8年13月1日", "電話"]], mapping)
    assert [(e.row, e.field) for e in checked.errors] == [(3, "occurred_at")]
