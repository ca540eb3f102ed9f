"""退去命令書: the 庁舎管理者's order to leave, with the 退去要求 history and blanks for the hand-over.

The articles of 港区役所庁舎管理規則 come from settings (``building_rules_articles``): they are not
confirmed, so they are never written into code. Missing articles: a draft says so; an issued order fails.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from . import facts
from . import layout as L
from .docnumber import document_number
from .layout import Row
from .wareki import as_datetime, wareki, wareki_datetime

TEMPLATE_ID = "eviction-order"
TEMPLATE_VERSION = "1"
TITLE = "退去命令書"
RULES = "港区役所庁舎管理規則"
MISSING_ARTICLES = "（根拠規定：設定されていません）"


class MissingArticlesError(ValueError):
    """庁舎管理規則 article numbers are not configured."""


@dataclass
class EvictionOrderFields:
    number: str
    issued_date: _dt.date
    addressee: str  # 「𠮷田 太郎　殿」 or 「黒い帽子の男性の方」
    issuer_title: str  # 港区庁舎管理者 …
    issuer_name: str
    started_at: str  # ISO time the acts began
    place: str
    acts: list[str] = field(default_factory=list)  # 大声で怒鳴る行為 …
    reasons: list[str] = field(default_factory=list)  # the acts with their times, from the entries
    order_at: str = ""  # ISO time of the 退去命令
    articles: str | None = None  # e.g. 「第○条第○項」 from settings
    leave_requests: list[tuple[int, str, str]] = field(default_factory=list)  # (n, at, by)


def build_eviction_order_fields(entries, settings: dict, number: int | None = None, **extra) -> EvictionOrderFields:
    es = facts.effective(entries)
    c = facts.created(es)
    orders = facts.of_kind(es, "eviction_order")
    order_at = orders[-1].payload.get("at", "") if orders else ""
    issued = as_datetime(order_at).date() if order_at else _dt.date.today()
    prefix = settings.get("document_prefix", "")
    num = document_number(issued, prefix, number) if (number and prefix) else ""
    reasons = [f"{facts.at_text(at)}頃、{who}が「{text}」と発言した。" for at, who, text in facts.quotes(es)
               if who == "相手方"]
    for n, at, by in facts.leave_requests(es):
        reasons.append(f"{facts.at_text(at)}、職員（{by}）による{n}回目の退去要求に応じなかった。")
    vals = dict(
        number=num,
        issued_date=issued,
        addressee=facts.addressee_label(c.get("party")),
        issuer_title=settings.get("facility_manager_title", "港区庁舎管理者"),
        issuer_name=settings.get("facility_manager_name", ""),
        started_at=c.get("occurred_at", ""),
        place=c.get("place", ""),
        acts=list(c.get("behaviours") or []),
        reasons=reasons,
        order_at=order_at,
        articles=settings.get("building_rules_articles") or None,
        leave_requests=facts.leave_requests(es),
    )
    vals.update(extra)
    return EvictionOrderFields(**vals)


def basis_text(f: EvictionOrderFields, draft: bool) -> str:
    if f.articles:
        return f"{RULES}{f.articles}"
    if draft:
        return f"{RULES}{MISSING_ARTICLES}"
    raise MissingArticlesError(
        "退去命令書の根拠規定（港区役所庁舎管理規則の条項）が設定されていません。"
        "設定の「building_rules_articles」に条項を入力してから発行してください。")


def _started(f: EvictionOrderFields) -> str:
    return f"{wareki_datetime(f.started_at).replace(' ', '')}頃" if f.started_at else "令和　年　月　日　時　分頃"


def render(fields: EvictionOrderFields, draft: bool) -> bytes:
    f = fields
    basis = basis_text(f, draft)
    acts = "、".join(f.acts) if f.acts else "迷惑行為"
    body = (f"あなたは、{_started(f)}から、{f.place}において、{acts}を行い、職員の再三の中止及び退去の要求に"
            f"応じませんでした。このような行為は、庁舎の秩序を乱し、公務の円滑な遂行を妨げるものです。"
            f"よって、{basis}の規定に基づき、直ちに庁舎から退去することを命じます。")
    history = L.grid_table(["回", "日時", "要求した職員"],
                           [[f"{n}回目", facts.at_text(at), by] for n, at, by in f.leave_requests],
                           [14, 60, 60], roles=["body", "body", "name"])
    handover = L.field_table([
        Row("読上げ・交付日時", "令和　　年　　月　　日　　時　　分"),
        Row("読上げ・交付者", "職・氏名"),
        Row("立会人", "職・氏名"),
        Row("受領", "□ 受領した　　□ 受領を拒否した（拒否の状況：　　　　　　　　　　　　）"),
    ])
    story = [
        L.para(f.number or "　　港総総第　　号", "right"),
        L.para(wareki(f.issued_date), "right"),
        L.spacer(4),
        L.para(f.addressee, role="name"),
        L.spacer(4),
        L.SealBox([f.issuer_title, f.issuer_name]),
        L.spacer(4),
        L.title(TITLE),
        L.para(body, "indent"),
        L.spacer(2),
        L.para("記", "center"),
        L.field_table([
            Row("命令日時", wareki_datetime(f.order_at) if f.order_at else "令和　　年　　月　　日　　時　　分"),
            Row("場所", f.place),
            Row("理由", L.numbered(f.reasons or [acts])),
            Row("根拠規定", basis),
        ]),
        L.spacer(3),
        L.heading("退去要求の経過"),
        history,
        L.spacer(3),
        L.para("この命令に従わない場合は、警察に通報します。", "body"),
        L.spacer(4),
        L.heading("交付の記録（職員記入欄）"),
        handover,
    ]
    return L.render_story(story, L.PageSetup(TITLE, draft, f.number, f"{TEMPLATE_ID} v{TEMPLATE_VERSION}"))
