"""Issue 15: documents fit to hand over, read back from the PDFs with positions (pdfplumber).

The fixture crosses midnight and the 年度 boundary, has quotes after the 退去命令 and the next morning, steps
written out of clock order and documents issued after the encounter (tests/export/handover_data.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pikepdf
import pytest

from app.export import DOCUMENT_KINDS, build_fields, eviction_order, fonts, issue, kinsoku, legal_request, pdfa
from app.export import render as render_kind
from app.model.document_facts import encounter
from app.model.errors import InputError

from . import handover_data as H
from . import pdfcheck

JST = dt.timezone(dt.timedelta(hours=9))
ISSUED_AT = dt.datetime(2026, 4, 1, 1, 0, tzinfo=JST)
EXTRA = {
    "legal-request": dict(request_date=dt.date(2026, 4, 2), questions=["退去命令の発出は適法か", "出入禁止の通知は可能か"],
                          planned_response="出入禁止の通知を検討している。", attendees=["芝 一郎", "港 花子"],
                          preferred_dates=["2026-04-06T10:00:00+09:00"]),
    "legal-report": dict(report_date=dt.date(2026, 4, 10), consulted_at="2026-04-06T10:00:00+09:00",
                         consulted_until="2026-04-06T11:00:00+09:00", lawyer_name="赤坂 三郎",
                         law_office="赤坂法律事務所", place_method="区役所3階 会議室（対面）", attendees=["芝 一郎"],
                         policy="出入禁止を通知する。", request_number="8港総総第2号", request_date=dt.date(2026, 4, 2),
                         items=[issue.ConsultationItem("退去命令の発出は適法か", "適法と考えられる。")]),
    "eviction-order": dict(number=3),
    "record": dict(number="8港総総第4号"),    "ban-notice": dict(reasons=["窓口で職員を繰り返し怒鳴りつけ、退去命令にも従わなかった（「出て行け」と言われても居座った）。"],
                       start_date="2025-07-01", end_date="2025-12-31", review_date="2025-09-30",
                       scope="本庁舎1階 区民課窓口", approval="承認済み"),
}


def fields(kind, es=None, **over):
    return build_fields(kind, es or H.entries(), H.SETTINGS, **{**EXTRA[kind], **over})


@pytest.fixture(scope="module")
def pdfs():
    return {k: render_kind(k, fields(k), False, ISSUED_AT) for k in DOCUMENT_KINDS}


# ---- the encounter, from one model function -----------------------------------------------------------
def test_the_encounter_runs_from_its_start_to_its_end_across_midnight():
    enc = encounter(H.entries())
    assert enc.start.isoformat() == "2026-03-31T23:40:00+09:00"
    assert enc.end.isoformat() == "2026-04-01T00:40:00+09:00"  # 対応終了, not the next morning's quote
    assert enc.minutes == 60 and enc.crosses_midnight
    assert [e.at for e in enc.events] == sorted(e.at for e in enc.events)
    note = next(e for e in enc.events if e.kind == "note")
    assert note.at.isoformat() == "2026-04-01T00:15:00+09:00"  # its UTC recording time, read in Tokyo time
    assert not [e for e in enc.before(H.ORDER_AT) if e.at.isoformat() >= H.ORDER_AT]


# ---- 退去命令書 ------------------------------------------------------------------------------------------
def test_eviction_order_names_only_what_happened_before_the_order_and_no_staff(pdfs):
    pages = pdfcheck.page_texts(pdfs["eviction-order"])  # pypdf keeps U+3000 as printed
    order, copy = pages[0], pages[1]
    flat = order.replace("\n", "")
    for said in H.AFTER_ORDER + H.BEFORE_ORDER:  # no quotes at all on the order, least of all later ones
        assert said not in flat
    for name in H.STAFF:
        assert name not in flat and name.split(" ")[0] not in flat
    assert "退去要求の経過" not in flat and "交付の記録" not in flat
    # the reasons, in time order: acts since 23時40分, the 中止要求, the three 退去要求 (dates after midnight)
    assert "令和8年3月31日 23時40分頃から" in flat  # 2026-03-31 is 令和8年 (and 令和7年度)
    i_acts = flat.index("23時40分頃から")
    i_stop = flat.index("23時50分、職員が行為の中止を求めた")
    i_leave = flat.index("23時55分、4月1日 0時05分及び4月1日 0時12分の3回にわたり")
    assert i_acts < i_stop < i_leave
    assert "土下座の要求" in flat  # a behaviour seen before the order
    assert "1 / 1" in order  # one page
    assert pdfcheck.row_right_of(pdfs["eviction-order"], "命令日時", 0) == "令和8年4月1日 0時20分"
    # staff names and the hand-over record on the 控え only
    assert "退去命令書（控え）" in copy and "交付の記録" in copy and "控え\u30001 / 1" in copy
    assert fonts.text_of(H.STAFF_A[0]) in copy
    assert H.STAFF_A in copy.replace("\n", "")
    assert "8港総総第3号" in order  # dated 令和8年4月1日: 令和8年度


def test_eviction_order_is_refused_for_a_telephone_incident():
    with pytest.raises(eviction_order.NotInPersonError, match="電話"):
        fields("eviction-order", H.entries(channel="電話"))
    with pytest.raises(InputError) as err:
        issue.render_draft("eviction-order", H.entries(channel="電話"), H.SETTINGS)
    assert "対面" in err.value.ja


def test_blanks_keep_their_width_and_the_draft_shows_the_configured_prefix():
    f = fields("eviction-order", number=None)
    assert f.number == ""
    pdf = eviction_order.render(f, draft=True, created=ISSUED_AT)
    copy = pdfcheck.page_texts(pdf)[1]
    assert "港総総第\u3000\u3000\u3000号" in pdfcheck.page_texts(pdf)[0]
    gaps = pdfcheck.blank_gaps(pdf, "和", "年", page_no=1)  # 読上げ・交付日時 「令和　　　年…」
    em = 10.5
    blanks = [g for g in gaps if g > em]  # 「令和8年」 has none; every blank left to fill in is 3 ems or more
    assert blanks and min(blanks) >= 3 * em - 0.5, gaps
    assert "令和\u3000\u3000\u3000年" in copy


# ---- Japanese typesetting -----------------------------------------------------------------------------
def _violations(pdf: bytes) -> list[str]:
    bad = []
    for page in pdfcheck.text_lines(pdf):
        for line in page:
            text = "".join(fonts.text_of(ch) for ch in line).strip("\u3000 ")
            if not text:
                continue
            if text[0] in kinsoku.NO_START or text[-1] in kinsoku.NO_END:
                bad.append(line)
    return bad


def _stress_background() -> str:
    said = "「お前は無能だ、要求に応じろ」と言い、（大声で）「土下座しろ」と迫った。"
    return "".join(f"相手方は{i}回目の来庁で、職員に対し{said[: 8 + i % 17]}{said[8 + i % 17:]}" for i in range(40))


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(pdfs, kind):
    assert _violations(pdfs[kind]) == []


def test_kinsoku_holds_for_long_punctuated_text_and_the_check_can_fail(monkeypatch):
    f = fields("legal-request", background=_stress_background())
    good = legal_request.render(f, draft=False, created=ISSUED_AT)
    assert _violations(good) == []
    # the same text with reportlab's own splitter breaks the rules: the check sees it
    from reportlab.platypus import paragraph as rl_paragraph
    monkeypatch.setattr(rl_paragraph, "cjkFragSplit", kinsoku.REPORTLAB_SPLIT)
    monkeypatch.setattr(rl_paragraph, "wordSplit", kinsoku.REPORTLAB_WORD_SPLIT)
    bad = legal_request.render(f, draft=False, created=ISSUED_AT)
    assert _violations(bad)


def test_labels_never_break_mid_word(pdfs):
    lines = [ln for page in pdfcheck.text_lines(pdfs["legal-request"]) for ln in page]
    assert "法的な問題点・" in lines and "質問事項" in lines  # broken after 「・」 only
    assert "検討している対処内容" in lines  # whole on one line
    assert not [ln for ln in lines if ln.endswith("・質") or ln == "問事項"]


@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_ijo_closes_every_document(pdfs, kind):
    lines = [ln for page in pdfcheck.text_lines(pdfs[kind]) for ln in page]
    assert "以上" in lines


def test_the_number_is_printed_once_on_the_first_page():
    pdf = legal_request.render(fields("legal-request", number="8港総総第2号", background=_stress_background()),
                               draft=False, created=ISSUED_AT)
    pages = pdfcheck.plumber_texts(pdf)
    assert len(pages) >= 2
    assert pages[0].count("8港総総第2号") == 1
    assert "記" in [ln for ln in pdfcheck.text_lines(pdf)[0]]


def test_one_line_rows_never_split_into_an_empty_fragment():
    """A row of a label | value table is on one page whole: every label printed has its value beside it."""
    pdf = legal_request.render(fields("legal-request", background=_stress_background()), draft=True,
                               created=ISSUED_AT)
    for label in ("現状", "検討している対処内容", "関係法令・例規", "添付資料", "希望日時", "出席予定者"):
        rows = pdfcheck.rows_right_of(pdf, label)
        assert rows and all(r.strip() for r in rows), (label, rows)
        assert len(rows) == 1, (label, rows)


# ---- 対応記録票 -----------------------------------------------------------------------------------------
def test_record_sheet_counts_the_encounter_not_the_last_entry(pdfs):
    pdf = pdfs["record"]
    text = pdfcheck.all_text(pdf)
    assert pdfcheck.row_right_of(pdf, "対応時間") == "60分"
    assert pdfcheck.row_right_of(pdf, "発生日時") == "令和8年3月31日 23時40分 〜 令和8年4月1日 0時40分"
    assert pdfcheck.row_right_of(pdf, "管理番号") == "8港総総第4号" and H.INCIDENT not in text
    assert pdfcheck.row_right_of(pdf, "記録者") == H.STAFF_A
    assert pdfcheck.row_right_of(pdf, "相手方") == f"{H.PARTY}（黒い帽子の男性）"
    assert "作成日\u3000令和8年4月1日" in text
    assert "窓口録音.m4a（録音）" in text.replace("\n", "") and "audio" not in text
    assert pdfcheck.row_right_of(pdf, "受理番号 1") == "芝-0401-07"
    assert "確認欄" in text and "係長" in text and "課長" in text
    # times after midnight carry their date; steps are in clock order whatever the order of writing
    assert "4月1日 0時05分" in text and "4月1日 9時05分" in text
    flat = text.replace("\n", "")
    assert flat.index("退去要求（1回目）") < flat.index("退去要求（2回目）") < flat.index("退去要求（3回目）")
    assert flat.index("退去要求（3回目）") < flat.index("110番通報")


def test_issuing_other_documents_never_changes_the_duration():
    es = H.entries()
    later = es + [dataclasses.replace(es[-1], id="h900", seq=900, kind="document_issued",
                                      payload={"doc_kind": "legal-request", "sha256": "00" * 32,
                                               "at": "2026-05-01T10:00:00+09:00"},
                                      recorded_at="2026-05-01T01:00:00Z")]
    assert fields("record", later).duration_minutes == fields("record", es).duration_minutes == 60


# ---- 法律相談依頼書 / 報告書 ------------------------------------------------------------------------------
def test_legal_request_current_status_takes_the_last_step_in_time():
    f = fields("legal-request")
    assert f.current_status.startswith("令和8年4月1日 0時31分に110番通報を行った。")
    assert f.background.count("110番通報") == 1
    no_summary = H.with_payload(H.entries(), "incident_created", summary="", place="")
    g = fields("legal-request", no_summary)
    assert not g.subject.endswith("（）") and "、において" not in g.background


@pytest.mark.parametrize("title,ok", [("区民課長", True), ("室長", True), ("担当課長", True), ("副参事", True),
                                      ("係長", False), ("課長補佐", False)])
def test_titles_that_may_apply_come_from_the_setting(title, ok):
    assert legal_request.may_apply(title, {"legal_request_titles": ["課長", "室長", "担当課長", "副参事"]}) is ok
    assert legal_request.may_apply(title) is ok  # the setting's default
    assert legal_request.may_apply("係長", {"legal_request_titles": ["係長"]})


def test_legal_report_refers_to_its_request_and_carries_the_consultation(pdfs):
    pdf = pdfs["legal-report"]
    text = pdfcheck.all_text(pdf)
    assert pdfcheck.row_right_of(pdf, "依頼書") == "8港総総第2号（令和8年4月2日付け 法律相談依頼書）"
    assert pdfcheck.row_right_of(pdf, "相談日時") == "令和8年4月6日 10時00分〜11時00分（60分）"
    assert pdfcheck.row_right_of(pdf, "事務所名") == "赤坂法律事務所"
    assert pdfcheck.row_right_of(pdf, "弁護士名") == "赤坂 三郎"
    assert pdfcheck.row_right_of(pdf, "出席者") == "芝 一郎"
    assert "決裁欄" in text and "（記入）" not in text


# ---- required fields ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,name,label", [
    ("legal-request", "planned_response", "検討している対処内容"),
    ("legal-request", "attendees", "出席予定者"),
    ("legal-report", "consulted_until", "相談日時（終了）"),
    ("legal-report", "lawyer_name", "弁護士名"),
    ("legal-report", "law_office", "事務所名"),
    ("legal-report", "policy", "今後の対応方針"),
    ("legal-report", "request_number", "法律相談依頼書の文書番号"),
    ("eviction-order", "order_at", "命令日時"),
    ("record", "place", "場所"),
])
def test_a_required_field_empty_is_named(kind, name, label):
    empty = [] if name == "attendees" else ("" if name != "consulted_until" else None)
    f = dataclasses.replace(fields(kind), **{name: empty})
    assert (name, label) in issue.missing_required(kind, f)
    with pytest.raises(InputError) as err:
        issue.check_required(kind, f)
    assert f"「{label}」" in err.value.ja and "下書きは作成できます" in err.value.ja
    assert render_kind(kind, f, True, ISSUED_AT)  # a draft is still made


def test_every_kind_declares_required_fields_and_a_complete_one_passes():
    for kind in DOCUMENT_KINDS:
        assert issue.required.required(type(fields(kind)))
        assert issue.missing_required(kind, fields(kind)) == [], kind


def test_each_question_needs_its_advice():
    f = fields("legal-report", items=[issue.ConsultationItem("退去命令の発出は適法か", "")])
    assert ("items", "見解・助言 1") in issue.missing_required("legal-report", f)


# ---- PDF/A-2b --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(DOCUMENT_KINDS))
def test_every_document_is_pdfa_2b(pdfs, kind):
    pdf = pdfs[kind]
    assert pdfa.structure_problems(pdf) == []
    assert b"Helvetica" not in pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert str(doc.docinfo["/CreationDate"]) == "D:20260401010000+09'00'"  # the time of issue
        assert meta["xmp:CreateDate"].startswith("2026-04-01T01:00:00")
        [intent] = doc.Root.OutputIntents
        assert str(intent.S) == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
    try:
        from pikepdf import pdfa as validator
    except ImportError:  # pikepdf[pdfa] (jsonschema, fontTools) not installed: the structural check above stands
        return
    report = validator.validate_written(io.BytesIO(pdf), "2b")
    assert not report.findings, report.findings


def test_the_structural_check_can_fail():
    from reportlab.pdfgen.canvas import Canvas
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 72, "Helvetica")
    c.save()
    problems = pdfa.structure_problems(buf.getvalue())
    assert "no XMP metadata" in problems and any("Helvetica" in p for p in problems)


def test_each_document_has_its_own_id():
    a = render_kind("record", fields("record", number="8港総総第4号"), False, ISSUED_AT)
    b = render_kind("record", fields("record", number="8港総総第5号"), False, ISSUED_AT)
    c = render_kind("record", fields("record", number="8港総総第4号"), False, ISSUED_AT + dt.timedelta(minutes=1))

    def ident(pdf):
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return bytes(doc.trailer.ID[0])
    assert len({ident(a), ident(b), ident(c)}) == 3


# ---- variant forms ----------------------------------------------------------------------------------------
def test_a_variant_form_without_a_glyph_prints_the_base_and_is_named():
    f = fields("eviction-order")
    notes = issue.variant_warnings("eviction-order", f)
    assert notes and "邊\U000E0104（U+908A U+E0104）" in notes[0] and "「邊」" in notes[0]
    assert not [n for n in notes if "葛" in n]  # IPAmj明朝 has 葛󠄀 (U+E0100)
    pdf = render_kind("eviction-order", f, False, ISSUED_AT)
    used = pdfcheck.used_glyphs(pdf)
    assert used and not [u for u in used if u[2] == 0]  # the base glyph, never .notdef




def test_no_orphan_last_line():
    """「す。」 alone on the last line of the order's body (the audit's draft) does not happen."""
    pdf = eviction_order.render(fields("eviction-order"), draft=False, created=ISSUED_AT)
    lines = pdfcheck.text_lines(pdf)[0]
    last = next(ln for ln in lines if ln.endswith("じます。"))  # the body's last line
    assert len(last.strip("\u3000 。")) >= 3, lines
    assert kinsoku.no_orphan("あいうえおかきくけこさしす。", [(0, 12, False), (12, 14, False)]) == \
        [(0, 10, False), (10, 14, False)]


@pytest.mark.parametrize("kind", ["eviction-order", "record"])
def test_the_variant_form_of_a_staff_name_is_named_for_every_document_that_prints_it(kind):
    assert any("U+908A U+E0104" in n for n in issue.variant_warnings(kind, fields(kind)))
