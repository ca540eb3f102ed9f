"""法律相談依頼書 (港区政策法務法律相談実施要領 第1号様式 style), addressed to 総務課長 (総務課文書係)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from app.model import settings as app_settings

from . import facts
from . import layout as L
from .layout import Row
from .required import need
from .wareki import as_datetime, wareki, wareki_with_weekday

TEMPLATE_ID = "legal-request"
TEMPLATE_VERSION = "2"
TITLES_SETTING = "legal_request_titles"
TITLE = "法律相談依頼書"
CONSULT_START = _dt.time(9, 0)
CONSULT_END = _dt.time(17, 0)


class ConsultationTimeError(ValueError):
    """希望日時 outside 月曜日〜金曜日 9時〜17時."""


class RequesterError(ValueError):
    """Only a 課長 (or a title of the setting ``legal_request_titles``) may apply."""


@dataclass
class LegalRequestFields:
    request_date: _dt.date = need("依頼日")
    requester_department: str = need("依頼者の所属")
    requester_title: str = need("依頼者の職")
    requester_name: str = need("依頼者の氏名")
    contact_name: str = need("担当者")
    extension: str = need("内線")
    subject: str = need("件名")
    background: str = need("経緯・背景")
    current_status: str = need("現状", "")
    planned_response: str = need("検討している対処内容", "")
    questions: list[str] = need("法的な問題点・質問事項", default_factory=list)
    related_laws: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    preferred_dates: list[_dt.datetime] = field(default_factory=list)
    attendees: list[str] = need("出席予定者", default_factory=list)
    category: str = "事務執行"
    addressee: str = "総務課長"
    addressee_desk: str = "総務課文書係"
    number: str = ""  # 文書番号, given when issued (app/export/issue.py)


def check_preferred(value) -> _dt.datetime:
    """Raise ConsultationTimeError unless the time is 月〜金 9:00–17:00 (a start before 17:00)."""
    t = as_datetime(value)
    clock = t.time().replace(tzinfo=None)
    if t.weekday() >= 5 or not (CONSULT_START <= clock < CONSULT_END):
        raise ConsultationTimeError(
            f"希望日時「{wareki_with_weekday(t)} {t.hour}時{t.minute:02d}分」は指定できません。"
            "法律相談は月曜日から金曜日の9時から17時までの間で指定してください。")
    return t


def titles(settings=None) -> list[str]:
    """The titles that may apply (setting ``legal_request_titles``: 課長, 室長, 担当課長, 副参事 by default)."""
    if settings is not None and settings.get(TITLES_SETTING):
        return list(settings[TITLES_SETTING])
    return list(app_settings.current()[TITLES_SETTING])


def may_apply(title: str, settings=None) -> bool:
    """A title that ends in one of :func:`titles` (区民課長, 担当課長, 室長; not 課長補佐 or 係長)."""
    t = (title or "").strip()
    return any(t.endswith(x) for x in titles(settings))


def check_requester(title: str, settings=None) -> None:
    if not may_apply(title, settings):
        raise RequesterError(f"法律相談を依頼できるのは{'・'.join(titles(settings))}です（依頼者の職：「{title}」）。"
                             "設定「legal_request_titles」で変更できます。")


def validate(f: LegalRequestFields, draft: bool, settings=None) -> None:
    for d in f.preferred_dates:
        check_preferred(d)
    if not draft:
        check_requester(f.requester_title, settings)


def subject_of(created: dict) -> str:
    summary = (created.get("summary") or "").strip()
    return "窓口におけるカスタマー・ハラスメント事案への対応について" + (f"（{summary}）" if summary else "")


def texts(f: LegalRequestFields) -> list[str]:
    return [f.requester_name, f.contact_name, f.subject, f.background, f.current_status, f.planned_response,
            *f.questions, *f.attendees]


def build_legal_request_fields(entries, settings: dict, **extra) -> LegalRequestFields:
    """Fill the fields from the incident's entries and settings; ``extra`` overrides any field."""
    es = facts.effective(entries)
    c = facts.created(es)
    steps = facts.steps(es)
    status = []
    if steps:  # the last step in time (not in the order the entries were written)
        last = steps[-1]
        status.append(f"{facts.at_text(last.at)}に{last.label}を行った。")
    closed = facts.of_kind(es, "closed")
    status.append(f"対応終了（{closed[-1].payload.get('outcome', '')}）。" if closed else "対応継続中。")
    judgement = facts.of_kind(es, "judgement")
    if judgement:
        status.append(f"課長判断：{judgement[-1].payload.get('result', '')}。")
    vals = dict(
        request_date=_dt.date.today(),
        requester_department=c.get("department") or settings.get("department", ""),
        requester_title=settings.get("section_chief_title", "課長"),
        requester_name=settings.get("section_chief_name", ""),
        contact_name=settings.get("contact_name", ""),
        extension=settings.get("extension", ""),
        subject=subject_of(c),
        background=facts.timeline_text(es),
        current_status="".join(status),
        planned_response="",
        questions=[],
        related_laws=list(settings.get("related_laws", ["港区役所庁舎管理規則", "東京都カスタマー・ハラスメント防止条例"])),
        attachments=["対応記録票"] + [a.payload.get("filename", "") for a in facts.of_kind(es, "attachment_added")],
        preferred_dates=[],
        attendees=[],
    )
    vals.update(extra)
    return LegalRequestFields(**vals)


def render(fields: LegalRequestFields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    f = fields
    validate(f, draft)
    story = [
        *([L.para(f.number, "right")] if f.number else []),
        L.para(wareki(f.request_date), "right"),
        L.spacer(2),
        L.para(f"{f.addressee}　あて（{f.addressee_desk}）"),
        L.spacer(2),
        L.para(f"依頼者　{f.requester_department}", "right"),
        L.para(f"{f.requester_title}　{f.requester_name}", "right", role="name"),
        L.title(TITLE),
        L.para("港区政策法務法律相談実施要領に基づき、下記のとおり法律相談を依頼します。"),
        L.para("記", "center"),
        L.field_table([
            Row("相談区分", f.category),
            Row("件名", f.subject),
            Row("担当者", f"{f.contact_name}（内線 {f.extension}）", "name"),
        ]),
        L.spacer(3),
        L.section("経緯・背景", f.background),  # may run over pages: its rows split
        L.spacer(3),
        L.field_table([
            Row("現状", f.current_status),
            Row("検討している対処内容", f.planned_response),
            Row("法的な問題点・質問事項", L.numbered(f.questions)),
            Row("関係法令・例規", "\n".join(f.related_laws)),
            Row("添付資料", L.numbered(f.attachments)),
            Row("希望日時", "\n".join(f"第{i}希望　{wareki_with_weekday(d)} {as_datetime(d).hour}時"
                                   f"{as_datetime(d).minute:02d}分" for i, d in enumerate(
                                       [as_datetime(x) for x in f.preferred_dates], 1))
                or "（調整による）"),
            Row("出席予定者", "、".join(f.attendees), "name"),
        ]),
        L.spacer(2),
        L.para("※法律相談は、月曜日から金曜日（祝日等を除く。）の9時から17時までの間に実施します。", "small"),
        L.ijo(),
    ]
    return L.render_story(story, L.PageSetup(TITLE, draft, f.number, L.template_mark(TITLE, TEMPLATE_VERSION)), created)
