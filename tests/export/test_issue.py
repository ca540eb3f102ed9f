"""Issuing against a real SQLCipher store: numbers, the document_issued entry, kept bytes, the rules."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from app.export import DOCUMENT_KINDS, issue
from app.export import layout as L
from tests.people import judge
from app.model import migrations
from app.model.errors import InputError, PermissionDenied

JST = dt.timezone(dt.timedelta(hours=9))
SETTINGS = {"document_number_prefix": "港総総", "department": "区民課", "section_chief_title": "区民課長",
            "section_chief_name": "芝 一郎", "building_rules_articles": "第○条（試験用の値）",
            "facility_manager_name": "高輪 次郎", "contact_name": "港 一郎", "extension": "1234"}


def req(**over):
    """What a 法律相談依頼書 needs beyond the entries (its required fields)."""
    return {"questions": ["退去命令は適法か"], "planned_response": "出入禁止の通知を検討している。",
            "attendees": ["芝 一郎"], **over}


def report(**over):
    return {"consulted_at": "2025-06-16T10:00:00+09:00", "consulted_until": "2025-06-16T11:00:00+09:00",
            "lawyer_name": "赤坂 三郎", "law_office": "赤坂法律事務所", "place_method": "会議室（対面）",
            "policy": "出入禁止を通知する。", **over}


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=JST)


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


@pytest.fixture
def incident(service, people, sample):
    iid = service.create_incident(sample)
    service.append(iid, "leave_request", {"at": "2025-04-01T10:20:00+09:00", "by": "港 一郎"})
    service.append(iid, "leave_request", {"at": "2025-04-01T10:30:00+09:00", "by": "港 一郎"})
    service.with_actor(people["facility_manager"]).append(
        iid, "eviction_order", {"at": "2025-04-01T10:40:00+09:00", "by": "高輪 次郎"})
    judge(service.with_actor(people["section_chief"]), iid, {"result": "該当", "definition": ["d1", "d2", "d3"],
                                      "manner": ["manner_abusive"], "demand": [], "duration_frequency": ["df_sit_in"],
                                      "rationale": "暴言と居座り", "at": "2025-04-01T11:00:00+09:00"})
    return iid


def issued_entries(service, iid):
    return [e for e in service.entries(iid) if e.kind == "document_issued"]


def test_schema_has_issued_documents(store):
    assert migrations.current_version(store.conn) == migrations.LATEST
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"issued_documents", "document_counters"} <= names


def test_issue_records_one_entry_and_keeps_the_bytes(store, service, incident):
    before = len(service.entries(incident))
    got = issue.issue(store, incident, "legal-request", actor="芝 一郎", role="section_chief",
                      settings=SETTINGS, extra=req(), now=at(2025, 6, 2))
    entries = service.entries(incident)
    assert len(entries) == before + 1
    [e] = issued_entries(service, incident)
    assert e.author == "芝 一郎"
    assert e.payload["doc_kind"] == "legal-request"
    assert e.payload["number"] == got.number == "7港総総第1号"
    assert e.payload["sha256"] == got.sha256 == hashlib.sha256(got.pdf).hexdigest()
    assert e.payload["template_version"] == issue.TEMPLATE_VERSIONS["legal-request"]
    assert e.payload["at"] == "2025-06-02T10:00:00+09:00"
    # the PDF is the issued one: number on it, no 下書き watermark
    text = text_of(got.pdf)
    assert "7港総総第1号" in text and "下書き" not in text and "法律相談依頼書" in text
    assert "（下書き）" not in (PdfReader(io.BytesIO(got.pdf)).metadata.title or "")
    # reprint by number and by hash gives the same bytes
    assert issue.reprint(store, incident, "7港総総第1号") == got.pdf
    assert issue.reprint(store, incident, got.sha256.upper()) == got.pdf
    assert issue.issued_documents(store, incident)[0]["number"] == "7港総総第1号"


def test_kept_bytes_survive_reopen_and_cannot_be_changed(created, service, incident):
    got = issue.issue(created.store, incident, "record", actor="港 一郎", role="staff", settings=SETTINGS,
                      now=at(2025, 6, 2))
    with pytest.raises(Exception):
        created.store.conn.execute("UPDATE issued_documents SET pdf = x'00'")
    with pytest.raises(Exception):
        created.store.conn.execute("DELETE FROM issued_documents")
    assert issue.reprint(created.store, incident, got.number) == got.pdf


def test_numbers_follow_the_fiscal_year(store, incident):
    def n(when):
        return issue.issue(store, incident, "record", actor="港 一郎", role="staff", settings=SETTINGS,
                           now=when).number
    assert n(at(2026, 3, 30)) == "7港総総第1号"   # 令和8年3月 → 令和7年度
    assert n(at(2026, 3, 31)) == "7港総総第2号"
    assert n(at(2026, 4, 1)) == "8港総総第1号"    # a new 年度 counts from 1
    assert n(at(2026, 4, 2)) == "8港総総第2号"
    assert n(at(2026, 3, 31, 16)) == "7港総総第3号"  # the old 年度 keeps its own counter
    other = dict(SETTINGS, document_number_prefix="港総窓")
    assert issue.issue(store, incident, "record", actor="港 一郎", role="staff", settings=other,
                       now=at(2026, 4, 3)).number == "8港総窓第1号"


def test_the_document_date_decides_the_year(store, incident):
    got = issue.issue(store, incident, "legal-request", actor="芝 一郎", role="section_chief", settings=SETTINGS,
                      extra=req(request_date="2026-03-31"), now=at(2026, 4, 1))
    assert got.number == "7港総総第1号"


def test_drafts_are_not_numbered_and_not_recorded(store, service, incident):
    before = len(service.entries(incident))
    for kind in issue.DOCUMENT_KINDS:
        pdf = issue.render_draft(kind, service.entries(incident), SETTINGS, today=dt.date(2025, 6, 2))
        text = text_of(pdf)
        assert "下書き" in text
        assert not re.search(r"港総総第\s*\d+\s*号", text)
    assert len(service.entries(incident)) == before
    assert store.conn.execute("SELECT count(*) FROM document_counters").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM issued_documents").fetchone()[0] == 0


def test_only_a_section_chief_applies_for_legal_consultation(store, service, incident):
    before = len(service.entries(incident))
    for role in ("staff", "chief", "director", None):
        with pytest.raises(PermissionDenied) as err:
            issue.issue(store, incident, "legal-request", actor="港 一郎", role=role, settings=SETTINGS)
        assert "課長" in err.value.ja and "法律相談" in err.value.ja
    assert len(service.entries(incident)) == before
    # a draft is allowed for anyone
    assert issue.render_draft("legal-request", service.entries(incident), SETTINGS)


def test_only_the_facility_manager_issues_an_eviction_order(store, incident):
    with pytest.raises(PermissionDenied) as err:
        issue.issue(store, incident, "eviction-order", actor="芝 一郎", role="section_chief", settings=SETTINGS)
    assert "庁舎管理者" in err.value.ja
    got = issue.issue(store, incident, "eviction-order", actor="高輪 次郎", role="facility_manager",
                      settings=SETTINGS, now=at(2025, 4, 1, 11))
    text = text_of(got.pdf)
    assert got.number == "7港総総第1号" and "7港総総第1号" in text and "第○条（試験用の値）" in text


def test_no_eviction_order_without_articles(store, service, incident):
    no_articles = dict(SETTINGS, building_rules_articles="")
    with pytest.raises(InputError) as err:
        issue.issue(store, incident, "eviction-order", actor="高輪 次郎", role="facility_manager",
                    settings=no_articles)
    assert "根拠規定" in err.value.ja
    assert not issued_entries(service, incident)
    # the counter did not move
    assert store.conn.execute("SELECT count(*) FROM document_counters").fetchone()[0] == 0
    draft = issue.render_draft("eviction-order", service.entries(incident), no_articles)
    assert "設定されていません" in text_of(draft)


def test_record_shows_the_manuals_wording(store, service, incident):
    got = issue.issue(store, incident, "record", actor="港 一郎", role="staff", settings=SETTINGS)
    text = text_of(got.pdf).replace("\n", "")
    assert "侮辱的な暴言、差別的・性的な言動、暴力や脅迫を伴う苦情" in text
    assert "繰り返しの要求や、退去命令したにも関わらず居座る" in text
    assert "①区民、事業者等から職員に対し、区の業務に関して行われるもの" in text
    assert "manner_abusive" not in text and "df_sit_in" not in text


def test_unknown_extra_field_is_refused(store, incident):
    with pytest.raises(InputError) as err:
        issue.issue(store, incident, "legal-request", actor="芝 一郎", role="section_chief", settings=SETTINGS,
                    extra={"no_such_field": 1})
    assert "no_such_field" in err.value.ja


def test_legal_report_takes_the_questions_of_the_request(store, incident):
    issue.issue(store, incident, "legal-request", actor="芝 一郎", role="section_chief", settings=SETTINGS,
                extra=req(questions=["録音の拒否は可能か"]), now=at(2025, 6, 2))
    got = issue.issue(store, incident, "legal-report", actor="芝 一郎", role="section_chief", settings=SETTINGS,
                      extra=report(items=[{"question": "録音の拒否は可能か", "advice": "可能と考えられる。"}]),
                      now=at(2025, 6, 20))
    text = text_of(got.pdf)
    assert "録音の拒否は可能か" in text and "赤坂 三郎" in text and got.number == "7港総総第2号"


def test_issue_for_takes_the_role_and_rights_of_the_signed_in_person(service, people, incident, store):
    """Through the Service: a 職員 may not issue; a 課長 applies in the 課長's role; the export is audited."""
    with pytest.raises(PermissionDenied):
        issue.issue_for(service, incident, "legal-request", settings=SETTINGS, now=at(2025, 6, 2))
    with pytest.raises(PermissionDenied):
        issue.issue_for(service, incident, "record", settings=SETTINGS, now=at(2025, 6, 2))  # not a manager
    chief = service.with_actor(people["section_chief"])
    got = issue.issue_for(chief, incident, "legal-request", settings=SETTINGS, now=at(2025, 6, 2),
                          extra=req())
    [entry] = issued_entries(service, incident)
    assert entry.payload["role"] == "section_chief" and entry.author == people["section_chief"].author
    assert entry.payload["sha256"] == got.sha256
    exports = [e for e in store.entries("audit-trail") if e.payload.get("action") == "export"]
    assert exports and exports[-1].payload["target"] == incident
    with pytest.raises(PermissionDenied):  # a 課長 is not the 庁舎管理者
        issue.issue_for(chief, incident, "eviction-order", settings=SETTINGS, now=at(2025, 6, 2))
    manager = service.with_actor(people["facility_manager"])
    assert issue.issue_for(manager, incident, "eviction-order", settings=SETTINGS, now=at(2025, 6, 2)).number


def test_every_issued_document_is_pdfa_with_the_issue_time_and_its_own_id(store, incident):
    from app.export import pdfa
    import pikepdf

    extras = {"legal-request": req(), "legal-report": report(items=[{"question": "退去命令は適法か",
                                                                     "advice": "適法と考えられる。"}]),
              "eviction-order": {}, "record": {}}
    roles_ = {"legal-request": "section_chief", "legal-report": "section_chief",
              "eviction-order": "facility_manager", "record": "staff"}
    ids = set()
    for i, kind in enumerate(("legal-request", "legal-report", "eviction-order", "record")):
        when = at(2025, 6, 2 + i, 11)
        got = issue.issue(store, incident, kind, actor="芝 一郎", role=roles_[kind], settings=SETTINGS,
                          extra=extras[kind], now=when)
        assert pdfa.structure_problems(got.pdf) == [], kind
        with pikepdf.open(io.BytesIO(got.pdf)) as doc:
            assert str(doc.docinfo["/CreationDate"]) == f"D:202506{2 + i:02d}110000+09'00'"
            ids.add(bytes(doc.trailer.ID[0]))
        assert issue.reprint(store, incident, got.number) == got.pdf  # the kept bytes, not a new rendering
        text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(got.pdf)).pages)
        module = DOCUMENT_KINDS[kind]  # the template at the foot of every page, in words, never its id
        assert text.count(L.template_mark(module.TITLE, module.TEMPLATE_VERSION)) >= 1, kind
        assert module.TEMPLATE_ID not in text and " v" + module.TEMPLATE_VERSION not in text, kind
    assert len(ids) == 4


@pytest.mark.parametrize("kind,role,extra,label", [
    ("legal-request", "section_chief", {"questions": ["退去命令は適法か"], "attendees": ["芝 一郎"]}, "検討している対処内容"),
    ("legal-report", "section_chief", {"lawyer_name": "赤坂 三郎"}, "相談日時（開始）"),
    ("eviction-order", "facility_manager", {"place": ""}, "場所"),
    ("record", "staff", {"staff": []}, "対応職員"),
])
def test_issuing_with_a_required_field_empty_is_refused_for_every_kind(store, service, incident, kind, role, extra,
                                                                       label):
    before = len(service.entries(incident))
    with pytest.raises(InputError) as err:
        issue.issue(store, incident, kind, actor="芝 一郎", role=role, settings=SETTINGS, extra=extra,
                    now=at(2025, 6, 2))
    assert f"「{label}」" in err.value.ja
    assert len(service.entries(incident)) == before
    assert store.conn.execute("SELECT count(*) FROM document_counters").fetchone()[0] == 0
    assert issue.render_draft(kind, service.entries(incident), SETTINGS, extra)  # a draft is still made


def test_a_requester_title_outside_the_setting_is_refused(store, incident):
    chief = dict(SETTINGS, section_chief_title="課長補佐")
    with pytest.raises(InputError) as err:
        issue.issue(store, incident, "legal-request", actor="芝 一郎", role="section_chief", settings=chief,
                    extra=req(), now=at(2025, 6, 2))
    assert "課長補佐" in err.value.ja and "legal_request_titles" in err.value.ja
    for title in ("室長", "副参事"):
        ok = issue.issue(store, incident, "legal-request", actor="芝 一郎", role="section_chief",
                         settings=dict(SETTINGS, section_chief_title=title), extra=req(), now=at(2025, 6, 2))
        assert title in text_of(ok.pdf)
