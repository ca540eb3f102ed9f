"""法律相談報告書: the report to 総務課文書係 after the consultation."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from . import facts
from . import layout as L
from .layout import Row
from .required import need
from .wareki import as_datetime, wareki, wareki_datetime, wareki_time

TEMPLATE_ID = "legal-report"
TEMPLATE_VERSION = "2"
TITLE = "法律相談報告書"


@dataclass
class ConsultationItem:
    question: str
    advice: str = ""


@dataclass
class LegalReportFields:
    report_date: _dt.date = need("報告日")
    reporter_department: str = need("報告者の所属")
    reporter_title: str = need("報告者の職")
    reporter_name: str = need("報告者の氏名")
    consulted_at: _dt.datetime | None = need("相談日時（開始）", None)
    place_method: str = need("場所・方法", "")
    lawyer_name: str = need("弁護士名", "")
    attendees: list[str] = need("出席者", default_factory=list)
    subject: str = need("件名", "")
    items: list[ConsultationItem] = need("相談事項", default_factory=list)
    policy: str = need("今後の対応方針", "")
    consulted_until: _dt.datetime | None = need("相談日時（終了）", None)
    law_office: str = need("事務所名", "")
    request_number: str = need("法律相談依頼書の文書番号", "")
    request_date: _dt.date | None = need("法律相談依頼書の依頼日", None)
    continuation_needed: bool | None = None
    continuation_note: str = ""
    addressee: str = "総務課長"
    addressee_desk: str = "総務課文書係"
    number: str = ""  # 文書番号, given when issued (app/export/issue.py)


def build_legal_report_fields(entries, settings: dict, request=None, **extra) -> LegalReportFields:
    """Fields from the entries; the questions are taken from the 依頼書 (``request``) when given."""
    es = facts.effective(entries)
    c = facts.created(es)
    questions = list(getattr(request, "questions", []) or [])
    req_date = getattr(request, "request_date", None)
    vals = dict(
        report_date=_dt.date.today(),
        reporter_department=c.get("department") or settings.get("department", ""),
        reporter_title=settings.get("section_chief_title", "課長"),
        reporter_name=settings.get("section_chief_name", ""),
        consulted_at=None,
        place_method="",
        lawyer_name="",
        attendees=list(getattr(request, "attendees", []) or []),
        subject=getattr(request, "subject", "") or _subject(c),
        items=[ConsultationItem(q) for q in questions],
        request_number=getattr(request, "number", "") or "",
        request_date=as_datetime(req_date).date() if req_date else None,
    )
    vals.update(extra)
    return LegalReportFields(**vals)


def _subject(created: dict) -> str:
    from .legal_request import subject_of
    return subject_of(created)


def extra_missing(f: LegalReportFields) -> list[tuple[str, str]]:
    """A 見解・助言 for every 相談事項, and an end after the start."""
    out = [("items", f"見解・助言 {i}") for i, it in enumerate(f.items, 1) if not (it.advice or "").strip()]
    if f.consulted_at and f.consulted_until and as_datetime(f.consulted_until) <= as_datetime(f.consulted_at):
        out.append(("consulted_until", "相談日時（終了は開始より後）"))
    return out


def consulted_text(f: LegalReportFields) -> str:
    """「令和7年6月16日 10時00分〜11時00分（60分）」."""
    if not f.consulted_at:
        return ""
    start = as_datetime(f.consulted_at)
    if not f.consulted_until:
        return wareki_datetime(start)
    end = as_datetime(f.consulted_until)
    until = wareki_time(end) if end.date() == start.date() else wareki_datetime(end)
    mins = int((end - start).total_seconds() // 60)
    return f"{wareki_datetime(start)}〜{until}（{mins}分）"


def request_text(f: LegalReportFields) -> str:
    if not f.request_number:
        return ""
    return f"{f.request_number}" + (f"（{wareki(f.request_date)}付け 法律相談依頼書）" if f.request_date else "")


def texts(f: LegalReportFields) -> list[str]:
    return [f.reporter_name, f.lawyer_name, f.law_office, f.subject, f.policy, *f.attendees,
            *(x for it in f.items for x in (it.question, it.advice))]


def _continuation(f: LegalReportFields) -> str:
    mark = {True: "要", False: "不要", None: "未定"}[f.continuation_needed]
    return f"{mark}" + (f"（{f.continuation_note}）" if f.continuation_note else "")


def render(fields: LegalReportFields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    f = fields
    items = []
    for i, it in enumerate(f.items, 1):
        items.append(L.field_table([
            Row(f"相談事項 {i}", it.question),
            Row(f"見解・助言 {i}", it.advice),
        ]))
        items.append(L.spacer(2))
    story = [
        *([L.para(f.number, "right")] if f.number else []),
        L.para(wareki(f.report_date), "right"),
        L.spacer(2),
        L.para(f"{f.addressee}　あて（{f.addressee_desk}）"),
        L.spacer(2),
        L.para(f"報告者　{f.reporter_department}", "right"),
        L.para(f"{f.reporter_title}　{f.reporter_name}", "right", role="name"),
        L.title(TITLE),
        L.para("下記のとおり法律相談を実施しましたので報告します。"),
        L.para("記", "center"),
        L.field_table([
            Row("件名", f.subject),
            Row("依頼書", request_text(f)),
            Row("相談日時", consulted_text(f)),
            Row("場所・方法", f.place_method),
            Row("弁護士名", f.lawyer_name, "name"),
            Row("事務所名", f.law_office),
            Row("出席者", "、".join(f.attendees), "name"),
        ]),
        L.spacer(3),
        L.heading("相談事項及び弁護士の見解・助言"),
        *(items or [L.para("（相談事項なし）")]),
        L.field_table([
            Row("今後の対応方針", f.policy),
            Row("継続相談の要否", _continuation(f)),
        ]),
        L.spacer(4),
        L.KeepTogether([L.heading("決裁欄"), L.grid_table(["課長", "係長", "担当"],
                                                         [[[L.spacer(14)], [L.spacer(14)], [L.spacer(14)]]],
                                                         [1, 1, 1]), L.ijo()]),
    ]
    return L.render_story(story, L.PageSetup(TITLE, draft, f.number, L.template_mark(TITLE, TEMPLATE_VERSION)), created)
