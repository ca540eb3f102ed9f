"""The 推進委員会 report read back: PDF (pdfplumber), xlsx (openpyxl); no party or staff name anywhere."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from app.export import committee_report as cr
from app.export.committee_duties import DutiesSection
from app.export.deidentify import Deidentifier, letters
from app.export.wareki import wareki
from app.model.errors import InputError
from app.model import stats
from tests.export.pdfcheck import plumber_texts
from tests.stats.fixture_data import PARTY_NAMES, STAFF, expected

EMPTY = DutiesSection(today="2026-04-10")  # the duties' sections are always in the report; empty here

FROM, TO = "2025-04-01", "2026-03-31"


@pytest.fixture
def report(service, stats_ids):
    facts = stats.collect(service.store, FROM, TO)
    return cr.build_committee_report(facts, FROM, TO, created_on="2026-04-10", reporter="人事課", duties=EMPTY)


def _names():
    parts = [p for n in PARTY_NAMES + STAFF for p in n.split(" ") if len(p) >= 2]
    return PARTY_NAMES + STAFF + parts


def test_pdf_has_the_three_items_totals_and_wareki(report):
    texts = plumber_texts(cr.render_pdf(report))
    text = "\n".join(texts)
    assert "カスタマー・ハラスメント発生状況等報告" in text
    assert "港区働きやすい職場づくり推進委員会" in text
    assert "令和7年4月1日 〜 令和8年3月31日" in text and "令和8年4月10日" in text
    for word in ("発生状況", "対処内容", "解決の有無", "講じた措置", "退去命令", "110番通報", "法律相談"):
        assert word in text, word
    exp = expected(FROM, TO)
    assert f"{exp['count']}件" in text
    assert "令和7年度" in text
    assert f"1 / {len(texts)}" in texts[0]


def test_pdf_has_no_names(report):
    pdf = cr.render_pdf(report)
    text = "\n".join(plumber_texts(pdf)).replace("\n", "")
    for name in _names():
        assert name not in text, name
    assert "相手方A" in text and "職員1" in text


def test_xlsx_rows_and_totals(report):
    data = cr.render_xlsx(report)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["事案別"]
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert list(header) == cr.CASE_HEADER
    exp = expected(FROM, TO)
    assert len(body) == exp["count"]
    col = {h: i for i, h in enumerate(header)}
    assert {r[col["記録ID"]] for r in body} == {c.id for c in report.cases}
    assert all(r[col["発生状況"]] and r[col["対処内容"]] and r[col["解決の有無"]] for r in body)
    first = next(r for r in body if "退去命令" in r[col["講じた措置"]])
    assert first[col["講じた措置"]] == "中止要求（2回）、退去要求（2回）、退去命令、110番通報"
    assert first[col["解決の有無"]].startswith("解決") and first[col["解決までの日数"]] == 10
    totals = {(r[0], r[1]): r[2] for r in wb["集計"].iter_rows(min_row=2, values_only=True)}
    assert totals[("合計", "全件")] == exp["count"]
    label = stats.DIMENSIONS
    for key, count in exp["judgement"].items():
        assert totals[(label["judgement"], key)] == count
    for key, count in exp["department"].items():
        assert totals[(label["department"], key)] == count
    assert totals[(label["fiscal_year"], "令和7年度")] == exp["count"]


def test_xlsx_has_no_names_and_no_formulas(report):
    data = cr.render_xlsx(report)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    for name in _names():
        assert name not in xml, name
    assert "<f>" not in xml  # 「=SUM(A1:A9)」 in 要求内容 stays text


def test_letters_and_scrub():
    assert [letters(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]

    class F:
        def __init__(self, id, party, staff):
            self.id, self.party, self.staff = id, party, staff
    de = Deidentifier([F("1", {"name": "髙橋 﨑子"}, ["港 一郎"]), F("2", {"description": "男性"}, []),
                       F("3", {"name": "髙橋 﨑子"}, [])])
    assert de.party_label("1") == de.party_label("3") == "相手方A" and de.party_label("2") == "相手方B"
    assert de.scrub("髙橋 﨑子さんと髙橋さん、港 一郎と一郎。港区") == "相手方Aさんと相手方Aさん、職員1と職員1。港区"
    assert de.scrub("高橋さん") == "高橋さん"  # exact as recorded: 髙 is not 高


def test_empty_period(service):
    r = cr.build_committee_report([], FROM, TO, created_on="2026-04-10", reporter="人事課", duties=EMPTY)
    assert "0件" in "\n".join(plumber_texts(cr.render_pdf(r)))
    wb = openpyxl.load_workbook(io.BytesIO(cr.render_xlsx(r)))
    assert wb["事案別"].max_row == 1


def test_a_one_character_surname_is_replaced_where_it_names_a_person():
    class F:
        def __init__(self, id, party, staff):
            self.id, self.party, self.staff = id, party, staff
    de = Deidentifier([F("1", {"name": "林 一"}, ["芝 花子"])])
    assert de.scrub("芝さんが応援し、芝係長に報告。芝地区総合支所。林様が来庁") == \
        "職員1さんが応援し、職員1係長に報告。芝地区総合支所。相手方A様が来庁"


def test_each_measure_once_reporter_required_and_dates_whole(service, stats_ids):
    facts = stats.collect(service.store, FROM, TO)
    with pytest.raises(InputError):
        cr.build_committee_report(facts, FROM, TO, created_on="2026-04-10", reporter="  ", duties=EMPTY)
    r = cr.build_committee_report(facts, FROM, TO, created_on="2026-04-10", reporter="総務部 人事課 台場 人事",
                                  duties=EMPTY)
    text = "\n".join(plumber_texts(cr.render_pdf(r)))
    assert text.count("措置：") == len(r.cases)  # one 措置 line per case in the printed report
    for c in r.cases:
        cell = cr.handling_cell(c)
        assert "措置" not in c.handling
        for s in stats.STEPS:  # each measure named once per case (it was in 対処内容 and in 措置)
            assert cell.count(s) <= 1, (s, cell)
    assert "総務部 人事課 台場 人事" in text
    closed = [c for c in r.cases if c.closed_at]
    assert closed and all(wareki(c.closed_at) in text for c in closed)  # never wrapped mid-date
    for name in ("芝さん",):
        assert name not in text
