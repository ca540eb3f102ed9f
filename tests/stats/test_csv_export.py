"""CSV in UTF-8 with BOM and CP932, read back with the csv module."""
from __future__ import annotations

import csv

import pytest

from app.export import csv_export
from app.model import stats
from tests.stats.fixture_data import PARTY_NAMES, expected


def _read(path, encoding):
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def facts(service, stats_ids):
    return stats.collect(service.store)


def test_utf8_bom_round_trip(facts, tmp_path):
    out = tmp_path / "u.csv"
    csv_export.write_csv(facts, out, "utf-8-sig")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _read(out, "utf-8-sig")
    assert [r["記録ID"] for r in rows] == [f.id for f in facts]
    assert len(rows) == expected()["count"]
    names = {r["相手方"] for r in rows}
    assert PARTY_NAMES[0] in names and PARTY_NAMES[2] in names  # variation sequence kept in UTF-8
    assert all(r["変換注記"] == "" for r in rows)


def test_cp932_replacements_are_visible(facts, tmp_path):
    out = tmp_path / "s.csv"
    result = csv_export.write_csv(facts, out, "cp932")
    rows = _read(out, "cp932")
    assert len(rows) == expected()["count"] and result["rows"] == len(rows)
    by_id = {r["記録ID"]: r for r in rows}
    yoshida = [r for r in rows if r["相手方"] == "〓田 太郎"]
    assert yoshida and all("相手方: U+20BB7→〓" in r["変換注記"] for r in yoshida)
    takahashi = next(r for r in rows if r["相手方"].startswith("髙橋"))
    assert takahashi["相手方"] == "髙橋 﨑子" and takahashi["変換注記"] == ""  # 髙 and 﨑 are in CP932
    katsu = next(r for r in rows if r["相手方"] == "葛飾 次郎")
    assert "U+E0100（異体字セレクタ）を除去" in katsu["変換注記"]
    first = by_id[facts[0].id]  # the earliest case: its summary ends with 😀〜
    assert "〓" in first["概要"] and "U+1F600 GRINNING FACE→〓" in first["変換注記"]
    assert "U+301C→U+FF5E" in first["変換注記"]
    assert result["rows_with_conversions"] == sum(1 for r in rows if r["変換注記"])


@pytest.mark.parametrize("encoding", csv_export.ENCODINGS)
def test_formula_cells_are_guarded(facts, tmp_path, encoding):
    out = tmp_path / "f.csv"
    csv_export.write_csv(facts, out, encoding)
    rows = _read(out, encoding)
    assert any(r["要求内容"] == "'=SUM(A1:A9)" for r in rows)
    assert any(r["相手方"] == "'=cmd|' /C calc'!A0" for r in rows)
    for r in rows:
        for v in r.values():
            assert not v.startswith(("=", "+", "-", "@")), v


def test_never_overwrites_and_cancel_removes_partial(facts, tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("keep")
    with pytest.raises(FileExistsError):
        csv_export.write_csv(facts, out)
    assert out.read_text() == "keep"
    many = facts * 400
    part = tmp_path / "p.csv"
    with pytest.raises(InterruptedError):
        csv_export.write_csv(many, part, progress=lambda done, total: False)
    assert not part.exists()


def test_deidentified_csv(facts, tmp_path):
    out = tmp_path / "d.csv"
    csv_export.write_csv(facts, out, "utf-8-sig", deidentify=True)
    text = out.read_text(encoding="utf-8-sig")
    for name in PARTY_NAMES[:3] + ["港 一郎"]:
        assert name not in text
    assert "相手方A" in text


@pytest.mark.parametrize("value,encoding,written", [
    ("\ufe0f=HYPERLINK(\"http://x\")", "cp932", "'=HYPERLINK(\"http://x\")"),
    ("\ufe0f=HYPERLINK(\"http://x\")", "utf-8-sig", "'\ufe0f=HYPERLINK(\"http://x\")"),
    ("\u200b@SUM(A1)", "utf-8-sig", "'\u200b@SUM(A1)"),
    ("＝1+1", "cp932", "'＝1+1"), ("＋1", "utf-8-sig", "'＋1"), ("－1", "cp932", "'－1"), ("＠x", "cp932", "'＠x"),
    ("葛\U000E0100飾", "cp932", "葛飾"), ("plain", "cp932", "plain"),
])
def test_guard_sees_the_cell_as_written(value, encoding, written):
    notes: list[str] = []
    cell = csv_export.to_cp932(value, "概要", notes) if encoding == "cp932" else value
    assert csv_export.guard_formula(cell) == written
