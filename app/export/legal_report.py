"""法律相談報告書: the report to 総務課文書係 after the consultation."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from . import facts
from . import layout as L
from .layout import Row
from .wareki import as_datetime, wareki, wareki_datetime

TEMPLATE_ID = "legal-report"
TEMPLATE_VERSION = "1"
TITLE = "法律相談報告書"


@dataclass
class ConsultationItem:
    question: str
    advice: str = ""


@dataclass
class LegalReportFields:
    report_date: _dt.date
    reporter_department: str
    reporter_title: str
    reporter_name: str
    consulted_at: _dt.datetime | None
    place_method: str
    lawyer_name: str
    attendees: list[str] = field(default_factory=list)
    subject: str = ""
    items: list[ConsultationItem] = field(default_factory=list)
    policy: str = ""
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
    vals = dict(
        report_date=_dt.date.today(),
        reporter_department=c.get("department") or settings.get("department", ""),
        reporter_title=settings.get("section_chief_title", "課長"),
        reporter_name=settings.get("section_chief_name", ""),
        consulted_at=None,
        place_method="",
        lawyer_name="",
        attendees=list(getattr(request, "attendees", []) or []),
        subject=getattr(request, "subject", "") or f"窓口におけるカスタマー・ハラスメント事案への対応について（{c.get('summary', '')}）",
        items=[ConsultationItem(q) for q in questions],
    )
    vals.update(extra)
    return LegalReportFields(**vals)


def _continuation(f: LegalReportFields) -> str:
    mark = {True: "要", False: "不要", None: "未定"}[f.continuation_needed]
    return f"{mark}" + (f"（{f.continuation_note}）" if f.continuation_note else "")


def render(fields: LegalReportFields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    f = fields
    items = []
    for i, it in enumerate(f.items, 1):
        items.append(L.field_table([
            Row(f"相談事項 {i}", it.question),
            Row(f"見解・助言 {i}", it.advice or "（記入）"),
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
            Row("相談日時", wareki_datetime(as_datetime(f.consulted_at)) if f.consulted_at else ""),
            Row("場所・方法", f.place_method),
            Row("弁護士名", f.lawyer_name, "name"),
            Row("出席者", "、".join(f.attendees), "name"),
        ]),
        L.spacer(3),
        L.heading("相談事項及び弁護士の見解・助言"),
        *(items or [L.para("（相談事項なし）")]),
        L.field_table([
            Row("今後の対応方針", f.policy),
            Row("継続相談の要否", _continuation(f)),
        ]),
    ]
    return L.render_story(story, L.PageSetup(TITLE, draft, f.number, f"{TEMPLATE_ID} v{TEMPLATE_VERSION}"), created)
