"""Import of earlier records: every row checked first, then one transaction; nothing half-imported."""
from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from app.model import importer, stats
from app.model.errors import InputError

MAPPING = {"columns": {"occurred_at": "発生日", "channel": "手段", "summary": "内容", "party.name": "相手方",
                       "behaviours": "類型", "judgement": "判断", "handling": "対応", "resolved": "解決",
                       "closed_at": "終了日", "staff": "職員"},
           "defaults": {"department": "区民課"}}
HEADER = ["発生日", "手段", "内容", "相手方", "類型", "判断", "対応", "解決", "終了日", "職員"]
GOOD = [
    ["2024/5/7 10:30", "窓口", "大声で怒鳴った", "𠮷田 太郎", "暴言、侮辱及び誹謗中傷", "該当", "中止要求をした", "有", "2024/5/9", "港 一郎、芝 花子"],
    ["令和6年6月1日", "電話", "長時間の電話", "", "長時間の拘束", "", "", "", "", ""],
]


def _csv(path, rows, encoding="cp932"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([HEADER] + rows)
    return path


def test_csv_import_creates_all_in_one_go(service, tmp_path):
    path = _csv(tmp_path / "old.csv", GOOD, "utf-8-sig")
    header, rows = importer.read_table(path)
    checked = importer.check_rows(header, rows, importer.Mapping.from_dict(MAPPING), "old.csv")
    assert not checked.errors
    ids = importer.import_rows(service.store, checked, "港 一郎", "minato-r7-04")
    facts = {f.id: f for f in stats.collect(service.store)}
    a = facts[ids[0]]
    assert a.occurred_at == "2024-05-07T10:30:00+09:00" and a.channel == "対面" and a.department == "区民課"
    assert a.judgement == "該当" and a.resolution == "解決" and a.party == {"name": "𠮷田 太郎"}
    assert a.committee["handling"] == "中止要求をした" and a.staff == ["港 一郎", "芝 花子"]
    b = facts[ids[1]]
    assert b.occurred_at.startswith("2024-06-01") and b.resolution == "対応中" and b.judgement == "未判断"
    notes = [e for e in service.entries(ids[0]) if e.kind == "note"]
    assert "old.csv 2行目" in notes[0].payload["text"]


def test_one_bad_row_imports_nothing(service, tmp_path):
    bad = GOOD + [["2024/13/40", "対面", "x", "", "", "", "", "", "", ""],
                  ["2024/7/1", "伝書鳩", "x", "", "ねこ", "", "", "たぶん", "", ""]]
    path = _csv(tmp_path / "bad.csv", bad, "utf-8-sig")
    header, rows = importer.read_table(path)
    checked = importer.check_rows(header, rows, importer.Mapping.from_dict(MAPPING))
    assert [e.row for e in checked.errors] == [4, 5]
    assert checked.errors[0].field == "occurred_at"
    assert "channel" in checked.errors[1].field
    before = service.count_incidents()
    with pytest.raises(InputError):
        importer.import_rows(service.store, checked, "x", "minato-r7-04")
    assert service.count_incidents() == before


def test_xlsx_import_with_real_dates(service, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "記録"
    ws.append(HEADER)
    ws.append([dt.datetime(2024, 8, 1, 9, 5), "SNS", "投稿", "", "", "非該当", "", "無", dt.datetime(2024, 8, 3), ""])
    wb.save(tmp_path / "old.xlsx")
    header, rows = importer.read_table(tmp_path / "old.xlsx", "記録")
    checked = importer.check_rows(header, rows, importer.Mapping.from_dict(MAPPING))
    assert not checked.errors
    [iid] = importer.import_rows(service.store, checked, "x", "minato-r7-04")
    f = stats.collect(service.store, incident_ids=[iid])[0]
    assert f.occurred_at == "2024-08-01T09:05:00+09:00" and f.resolution == "未解決" and f.judgement == "非該当"


def test_mapping_needs_required_columns_and_known_headers():
    with pytest.raises(InputError):
        importer.Mapping.from_dict({"columns": {"summary": "内容"}})
    checked = importer.check_rows(["a"], [["x"]], importer.Mapping.from_dict(
        {"columns": {"occurred_at": "発生日", "channel": "a"}}))
    assert checked.errors[0].row == 1 and "発生日" in checked.errors[0].message
