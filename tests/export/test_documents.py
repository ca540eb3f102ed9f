import dataclasses
import datetime as dt
import re

import pytest

from app.export import DOCUMENT_KINDS, TEMPLATE_VERSIONS, build_fields, render
from app.export import eviction_order, legal_report, legal_request, record_sheet
from app.export import layout as L

from . import incident_data as D
from . import pdfcheck

EXTRA = {
    "legal-request": dict(request_date=D.REQUEST_DATE, questions=["退去命令の発出は適法か", "出入禁止の通知は可能か"],
                          preferred_dates=["2025-06-16T10:00:00+09:00", "2025-06-17T16:30:00+09:00"],
                          attendees=[D.CHIEF, "渡邊 健一"], planned_response="出入禁止の通知を検討している。"),
    "legal-report": dict(report_date=dt.date(2025, 6, 20), consulted_at="2025-06-16T10:00:00+09:00",
                         lawyer_name="齋藤 真理", place_method="区役所3階 会議室（対面）", policy="出入禁止を通知する。",
                         continuation_needed=False),
    "eviction-order": dict(number=12),
    "record": {},    "ban-notice": dict(reasons=["窓口で職員を繰り返し怒鳴りつけ、退去命令にも従わなかった（「出て行け」と言われても居座った）。"],
                       start_date="2025-07-01", end_date="2025-12-31", review_date="2025-09-30",
                       scope="本庁舎1階 区民課窓口", approval="承認済み"),
}


JST = dt.timezone(dt.timedelta(hours=9))
CREATED = dt.datetime(2025, 6, 20, 10, 0, tzinfo=JST)  # the time of issue (the PDF's creation date)


def fields(kind, **over):
    return build_fields(kind, D.entries(), D.SETTINGS, **{**EXTRA[kind], **over})


@pytest.fixture(scope="module")
def pdfs():
    return {(k, draft): render(k, fields(k), draft, CREATED) for k in DOCUMENT_KINDS for draft in (True, False)}


def test_kinds_and_versions():
    assert set(DOCUMENT_KINDS) == {"legal-request", "legal-report", "eviction-order", "record", "ban-notice"}
    assert all(v for v in TEMPLATE_VERSIONS.values())


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_draft_watermark_only_on_drafts(pdfs, kind):
    draft, issued = pdfs[(kind, True)], pdfs[(kind, False)]
    for text in pdfcheck.page_texts(draft):
        assert "下書き" in text
    assert "下書き" not in pdfcheck.all_text(issued)
    assert b"/FontFile2" in issued


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_byte_identical_for_same_input(pdfs, kind):
    # rendered again after other documents in this process: same bytes
    assert render(kind, fields(kind), False, CREATED) == pdfs[(kind, False)]


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_page_numbers(pdfs, kind):
    texts = pdfcheck.page_texts(pdfs[(kind, False)])
    if kind == "eviction-order":  # the order and its 控え count their pages apart
        assert len(texts) == 2 and "1 / 1" in texts[0] and "控え\u30001 / 1" in texts[1]
        return
    n = len(texts)
    for i, t in enumerate(texts, 1):
        assert f"{i} / {n}" in t


def test_legal_request_fields(pdfs):
    pdf = pdfs[("legal-request", False)]
    text = pdfcheck.all_text(pdf)
    assert "総務課長" in text and "総務課文書係" in text
    assert "令和7年6月12日" in text
    assert pdfcheck.row_right_of(pdf, "相談区分") == "事務執行"
    assert pdfcheck.row_right_of(pdf, "担当者").startswith("渡邊 健一（内線 3456）")
    assert D.CHIEF in text  # 依頼者 with a variation sequence, exact
    for at, q in D.QUOTES:
        assert q in text
    assert "10時05分\u3000相手方の発言：「お前は無能だ、要求に応じろ」" in text
    assert "退去要求（2回目）：渡邊 健一" in text
    assert pdfcheck.row_right_of(pdf, "法的な問題点・").endswith("1\u3000退去命令の発出は適法か")
    assert "2\u3000出入禁止の通知は可能か" in text
    assert pdfcheck.row_right_of(pdf, "希望日時").startswith("第1希望\u3000令和7年6月16日（月） 10時00分")
    assert "誤記メモ" not in text and "相手方は11時18分に退去した。" in text  # corrections applied


@pytest.mark.parametrize("when", ["2025-06-14T10:00:00+09:00", "2025-06-16T08:59:00+09:00",
                                  "2025-06-16T17:00:00+09:00", "2025-06-15T13:00:00+09:00"])
def test_preferred_date_rule(when):
    f = fields("legal-request", preferred_dates=[when])
    with pytest.raises(legal_request.ConsultationTimeError, match="月曜日から金曜日の9時から17時"):
        legal_request.render(f, draft=True)


def test_preferred_date_rule_accepts_office_hours():
    legal_request.check_preferred("2025-06-20T16:59:00+09:00")
    legal_request.check_preferred("2025-06-16T09:00:00+09:00")


def test_only_a_section_chief_requests():
    f = fields("legal-request", requester_title="係長")
    legal_request.render(f, draft=True)
    with pytest.raises(legal_request.RequesterError, match="課長"):
        legal_request.render(f, draft=False)


def test_long_background_flows_over_pages_with_heading_repeated():
    long = D.long_background(5000)
    f = fields("legal-request", background=long)
    pdf = legal_request.render(f, draft=False)
    texts = pdfcheck.page_texts(pdf)
    assert len(texts) >= 3
    n = len(texts)
    body_pages = [t for t in texts if "相手方は窓口において" in t]
    assert len(body_pages) >= 3
    for t in body_pages:
        assert "経緯・背景" in t
    for i, t in enumerate(texts, 1):
        assert f"{i} / {n}" in t
        if i > 1:
            assert "法律相談依頼書（続き）" in t
    # the page decorations (number, running head, template) are drawn last: drop them before joining
    mark = re.escape(L.template_mark(legal_request.TITLE, legal_request.TEMPLATE_VERSION))
    bodies = [re.sub(rf"\d+/\d+(法律相談依頼書（続き）)?{mark}$", "", re.sub(r"\s", "", t)) for t in texts]
    flat = "".join(b if i == 0 else re.sub(r"^経緯・背景", "", b) for i, b in enumerate(bodies))  # repeated head
    # every character of the 5,000 is there, in order, across the pages
    assert len(re.findall("相手方は窓口において", flat)) == long.count("相手方は窓口において")


def test_legal_report_fields(pdfs):
    pdf = pdfs[("legal-report", False)]
    text = pdfcheck.all_text(pdf)
    assert pdfcheck.row_right_of(pdf, "相談日時") == "令和7年6月16日 10時00分"
    assert pdfcheck.row_right_of(pdf, "弁護士名") == "齋藤 真理"
    assert "令和7年6月20日" in text
    assert pdfcheck.row_right_of(pdf, "継続相談の要否") == "不要"


def test_legal_report_matches_questions_and_advice():
    req = fields("legal-request")
    f = legal_report.build_legal_report_fields(D.entries(), D.SETTINGS, request=req, **EXTRA["legal-report"])
    assert [i.question for i in f.items] == req.questions
    f.items[0].advice = "退去要求を重ねた経過があり適法と考えられる。"
    pdf = legal_report.render(f, draft=False)
    assert pdfcheck.row_right_of(pdf, "相談事項 1") == req.questions[0]
    assert pdfcheck.row_right_of(pdf, "見解・助言 1").startswith("退去要求を重ねた経過")
    assert pdfcheck.row_right_of(pdf, "相談事項 2") == req.questions[1]


def test_eviction_order(pdfs):
    pdf = pdfs[("eviction-order", False)]
    text = pdfcheck.all_text(pdf)
    flat = text.replace("\n", "")
    assert "7港総総第12号" in text  # 令和7年6月 → 令和7年度
    assert f"{D.PARTY}\u3000殿" in text
    assert D.MANAGER in text and "印" in text
    assert "あなたは、令和7年6月10日10時00分頃から、芝地区総合支所 1階 区民課窓口において" in flat
    assert "直ちに庁舎から退去することを命じます。" in flat
    assert pdfcheck.row_right_of(pdf, "命令日時") == "令和7年6月10日 11時10分"
    assert pdfcheck.row_right_of(pdf, "根拠規定") == "港区役所庁舎管理規則" + D.SETTINGS["building_rules_articles"]
    assert "警察に通報します" in text
    for n, by in ((1, "髙橋 﨑子"), (2, "渡邊 健一"), (3, D.CHIEF)):
        assert f"{n}回目" in text and by in text
    assert "令和7年6月10日 10時40分髙橋 﨑子" in pdfcheck.rows_right_of(pdf, "1回目")
    for label in ("読上げ・交付日時", "立会人", "受領を拒否した"):
        assert label in text


def test_eviction_order_missing_articles():
    settings = {k: v for k, v in D.SETTINGS.items() if k != "building_rules_articles"}
    f = eviction_order.build_eviction_order_fields(D.entries(), settings, number=3)
    assert f.articles is None
    draft = eviction_order.render(f, draft=True)
    assert "（根拠規定：設定されていません）" in pdfcheck.all_text(draft)
    with pytest.raises(eviction_order.MissingArticlesError, match="根拠規定"):
        eviction_order.render(f, draft=False)


def test_eviction_order_never_hardcodes_articles():
    src = open(eviction_order.__file__, encoding="utf-8").read()
    assert not re.search(r"第[0-9０-９一二三四五六七八九十]+条", src)


def test_eviction_order_unknown_party_is_described():
    es = D.entries()
    first = es[0]
    payload = {**first.payload, "party": {"name": "", "description": "黒い帽子の男性"}}
    es[0] = dataclasses.replace(first, payload=payload)
    f = eviction_order.build_eviction_order_fields(es, D.SETTINGS, number=1)
    assert f.addressee == "黒い帽子の男性の方"
    assert "黒い帽子の男性の方" in pdfcheck.all_text(eviction_order.render(f, draft=True))


def test_record_sheet(pdfs):
    pdf = pdfs[("record", False)]
    text = pdfcheck.all_text(pdf)
    assert pdfcheck.row_right_of(pdf, "管理番号") == "（発行時に付番）"  # never the internal id
    assert D.INCIDENT not in text
    assert pdfcheck.row_right_of(pdf, "対応職員") == "、".join(D.STAFF)
    assert pdfcheck.row_right_of(pdf, "発生日時") == "令和7年6月10日 10時00分 〜 11時18分"
    assert pdfcheck.row_right_of(pdf, "対応時間") == "78分"
    assert pdfcheck.row_right_of(pdf, "相手方") == D.PARTY + "（黒い帽子の男性）"
    for at, q in D.QUOTES:
        assert f"「{q}」" in text.replace("\n", "")
    for label in ("中止要求", "退去要求（1回目）", "退去要求（3回目）", "退去命令", "110番通報"):
        assert label in text
    assert pdfcheck.row_right_of(pdf, "判断結果") == "該当（令和7年6月10日 11時30分）"
    assert pdfcheck.row_right_of(pdf, "要求態様") == "大声・暴言"
    assert "70分以上居座ったため" in text
    flat = text.replace("\n", "")
    assert D.SHA[:32] in flat and D.SHA[32:] in flat
    assert "https://sns.example/p/1" in flat and "@example" in flat
    assert "職員1名が精神的苦痛を訴えた。" in text
    assert "誤記メモ" not in text


def test_build_is_pure_and_editable():
    es = D.entries()
    before = [e.to_dict() for e in es]
    f = record_sheet.build_record_sheet_fields(es, D.SETTINGS)
    assert [e.to_dict() for e in es] == before
    f.place = "芝地区総合支所 2階 相談室"
    assert "芝地区総合支所 2階 相談室" in pdfcheck.all_text(record_sheet.render(f, draft=True))


def test_names_extract_exactly_from_documents(pdfs):
    text = pdfcheck.all_text(pdfs[("record", False)]) + pdfcheck.all_text(pdfs[("eviction-order", False)])
    for name in (D.PARTY, D.CHIEF, D.MANAGER, "髙橋 﨑子", "齋藤 真理"):
        assert name in text
    used = pdfcheck.used_glyphs(pdfs[("eviction-order", False)])
    assert used and not [u for u in used if u[2] == 0]
