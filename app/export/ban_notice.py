"""出入禁止通知書: the notice handed or sent to the person of a 出入禁止 (issue 16 item 7).

It names the person exactly as recorded, the reasons (the decision's and each approved renewal's), the
period in 和暦 (start to end, after approved renewals), the review date, where to object (教示) and the
contact desk (the incident's 課). A ban not approved by the 部長 may be drafted, never issued.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from app.model import bans as ban_model
from app.model.errors import InputError

from . import facts
from . import layout as L
from .layout import Row
from .required import need
from .wareki import wareki

TEMPLATE_ID = "ban-notice"
TEMPLATE_VERSION = "1"
TITLE = "出入禁止通知書"
OBJECTION = ("この出入禁止に不服がある場合や、事情が変わった場合は、下記の問合せ先の課に申し出てください。"
             "申出は見直し日の前でも受け付け、その内容を踏まえて出入禁止の継続の要否を見直します。")


@dataclass
class BanNoticeFields:
    decision_id: str
    issued_date: _dt.date
    addressee: str                       # 「髙橋 﨑子　殿」: the name exactly as recorded
    issuer_title: str
    issuer_name: str = ""
    department: str = need("問合せ先（課）", "")
    reasons: list[str] = need("理由", default_factory=list)
    start_date: str = need("開始日", "")
    end_date: str = need("終了日", "")
    review_date: str = need("見直し日", "")
    scope: str = ""
    approval: str = need("部長の承認", "")  # empty until the 部長 approved: no notice may be issued
    objection: str = OBJECTION
    contact: str = ""                    # telephone or room of the desk (settings ``ban_contact``)
    number: str = ""                     # 文書番号, given when issued (app/export/issue.py)
    prefix: str = ""


def build_ban_notice_fields(entries, settings: dict, decision_id: str = "", issued_date=None,
                            **extra) -> BanNoticeFields:
    issued = issued_date or _dt.date.today()
    today = issued.isoformat()
    found = ban_model.bans_of(entries, today)
    ban = next((b for b in found if b.decision_id == decision_id), None) if decision_id else \
        (found[-1] if found else None)
    if ban is None and (decision_id or found):
        raise InputError("この事案に、その出入禁止の決定はありません。", "No such ban decision in this incident.",
                         field="decision_id")
    if ban is None:  # no ban in the incident: a blank notice (a draft; issuing needs the approved ban)
        ban = ban_model.Ban("", "", ban_model.PENDING, "", "", "", "")
    c = facts.created(facts.effective(entries))
    reasons = [ban.reason] * bool(ban.reason) + [r["reason"] for r in ban.renewals if r["state"] == "承認" and r["reason"]]
    approved = ban.state not in (ban_model.PENDING, ban_model.REJECTED)
    vals = dict(
        decision_id=ban.decision_id, issued_date=issued, addressee=facts.addressee_label(c.get("party")),
        issuer_title=settings.get("ban_issuer_title") or f"港区{section_of(c.get('department') or '')}長",
        issuer_name=settings.get("section_chief_name", ""),
        department=section_of(c.get("department") or ""), reasons=reasons, start_date=ban.start_date,
        end_date=ban.end_date, review_date=ban.review_date, scope=ban.scope,
        approval="承認済み" if approved else "", objection=settings.get("ban_objection_text") or OBJECTION,
        contact=settings.get("ban_contact", ""), prefix=settings.get("document_prefix", ""))
    vals.update(extra)
    return BanNoticeFields(**vals)


def section_of(department: str) -> str:
    """The 課 of a 所属 (「区民部/区民課/窓口係」 → 区民課; a plain 「区民課」 stays)."""
    parts = department.split("/")
    return parts[1] if len(parts) > 1 and parts[1] else parts[0]


def period_text(f: BanNoticeFields) -> str:
    if not (f.start_date and f.end_date):
        return ""
    return f"{wareki(f.start_date)}から{wareki(f.end_date)}まで"


def texts(f: BanNoticeFields) -> list[str]:
    return [f.addressee, f.issuer_title, f.issuer_name, f.department, f.scope, f.contact, *f.reasons]


def render(fields: BanNoticeFields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    f = fields
    where = f.scope or "港区の庁舎"
    body = (f"あなたに対し、下記の理由により、{where}への立入りを下記の期間禁止することとしましたので、"
            "通知します。期間中に立ち入った場合は、退去を求め、警察に通報することがあります。")
    story = [
        *L.letter_head(f.number or f"{f.prefix}第{L.blank(3)}号", wareki(f.issued_date), f.addressee),
        *L.letter_body([f.issuer_title, f.issuer_name], TITLE, body, [
            Row("対象の範囲・場所", where),
            Row("理由", L.numbered(f.reasons) if len(f.reasons) > 1 else (f.reasons[0] if f.reasons else "")),
            Row("期間", period_text(f)),
            Row("見直し日", wareki(f.review_date) if f.review_date else ""),
            Row("不服がある場合の申出先", f.objection),
            Row("問合せ先", "　".join(x for x in (f.department, f.contact) if x)),
        ]),
        L.ijo(),
    ]
    return L.render_story(story, L.PageSetup(TITLE, draft, f.number, L.template_mark(TITLE, TEMPLATE_VERSION)), created)
