"""退去命令書: the 庁舎管理者's order to leave, handed to the person, and its 控え kept by the ward.

The order (page 1, its own page count) says what happened *before* the order, in time order and without
staff names: the acts and since when, the 中止要求 and the 退去要求 with their times. It fits one page for a
typical case. The 控え (a second part) repeats number, date, addressee and order time and carries what
stays inside the ward: the 退去要求 with the staff who made them and the 交付の記録 (blanks to fill in).

An order is for a person in the building: it is refused for a telephone (or other non 対面) incident.
The articles of 港区役所庁舎管理規則 come from settings (``building_rules_articles``): they are not
confirmed, so they are never written into code. Missing articles: a draft says so; an issued order fails.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from reportlab.platypus import KeepTogether

from app.model.document_facts import IN_PERSON_CHANNELS, encounter

from . import facts
from . import layout as L
from .docnumber import document_number
from .layout import Row
from .required import need
from .wareki import as_datetime, wareki, wareki_datetime

TEMPLATE_ID = "eviction-order"
TEMPLATE_VERSION = "2"
TITLE = "退去命令書"
COPY_TITLE = "退去命令書（控え）"
RULES = "港区役所庁舎管理規則"
MISSING_ARTICLES = "（根拠規定：設定されていません）"
B = L.blank


class MissingArticlesError(ValueError):
    """庁舎管理規則 article numbers are not configured."""


class NotInPersonError(ValueError):
    """A 退去命令 is for a person in the building; this incident was not 対面."""


@dataclass
class EvictionOrderFields:
    number: str
    issued_date: _dt.date
    addressee: str  # 「𠮷田 太郎　殿」 or 「黒い帽子の男性の方」
    issuer_title: str  # 港区庁舎管理者 …
    issuer_name: str = need("庁舎管理者の氏名")
    started_at: str = need("行為の開始日時")  # ISO time the acts began
    place: str = need("場所")
    acts: list[str] = field(default_factory=list)  # 大声で怒鳴る行為 …
    reasons: list[str] = field(default_factory=list)  # what happened before the order, no staff names
    order_at: str = need("命令日時", "")  # ISO time of the 退去命令
    articles: str | None = None  # e.g. 「第○条第○項」 from settings
    leave_requests: list[tuple[int, str, str]] = field(default_factory=list)  # (n, at, by) — 控え only
    channel: str = "対面"
    prefix: str = ""  # 文書番号の記号, for the draft's blank number


def _times(ats: list[str], start: str) -> str:
    """「10時40分、10時50分及び11時00分」 (a date where the day changed)."""
    words = [facts.when_text(a, start) for a in ats]
    if len(words) <= 1:
        return "".join(words)
    return "、".join(words[:-1]) + "及び" + words[-1]


def reasons_before(enc, order_at: str, acts: list[str]) -> list[str]:
    """理由: a short account of what happened before ``order_at`` (no quotes, no staff names)."""
    start = enc.created.get("occurred_at", "") or (enc.start.isoformat() if enc.start else "")
    seen = list(acts)
    for ev in enc.of_kind("behaviour_observed", before=order_at or None):
        word = facts.behaviour_word(ev.payload.get("behaviour", ""))
        if word and word not in seen:
            seen.append(word)
    out = []
    if start:
        out.append(f"{facts.at_text(start)}頃から、{'、'.join(seen) or '迷惑行為'}を行った。")
    stops = [ev.at.isoformat() for ev in enc.of_kind("stop_request", before=order_at or None)]
    if stops:
        out.append(f"{_times(stops, start)}、職員が行為の中止を求めたが、応じなかった。")
    leaves = [ev.at.isoformat() for ev in enc.of_kind("leave_request", before=order_at or None)]
    if leaves:
        times = "の" + str(len(leaves)) + "回にわたり" if len(leaves) > 1 else "に"
        out.append(f"{_times(leaves, start)}{times}、職員が庁舎からの退去を求めたが、応じなかった。")
    return out


def build_eviction_order_fields(entries, settings: dict, number: int | None = None, **extra) -> EvictionOrderFields:
    enc = encounter(entries)
    c = enc.created
    if enc.channel and enc.channel not in IN_PERSON_CHANNELS:
        raise NotInPersonError(
            f"この事案の手段は「{enc.channel}」です。退去命令書は、庁舎内に相手方がいる対面の事案についてのみ"
            "作成できます。電話の場合は、マニュアル電話編に従い対応を終えてください。")
    orders = enc.of_kind("eviction_order")
    order_at = orders[-1].at.isoformat() if orders else ""
    issued = as_datetime(order_at).date() if order_at else _dt.date.today()
    prefix = settings.get("document_prefix", "")
    num = document_number(issued, prefix, number) if (number and prefix) else ""
    acts = list(c.get("behaviours") or [])
    vals = dict(
        number=num,
        issued_date=issued,
        addressee=facts.addressee_label(c.get("party")),
        issuer_title=settings.get("facility_manager_title", "港区庁舎管理者"),
        issuer_name=settings.get("facility_manager_name", ""),
        started_at=c.get("occurred_at", ""),
        place=c.get("place", ""),
        acts=acts,
        reasons=reasons_before(enc, order_at, acts),
        order_at=order_at,
        articles=settings.get("building_rules_articles") or None,
        leave_requests=[(i, ev.at.isoformat(), ev.payload.get("by", ""))
                        for i, ev in enumerate(enc.of_kind("leave_request", before=order_at or None), 1)],
        channel=enc.channel or "対面",
        prefix=prefix,
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


BLANK_DATETIME = f"令和{B(3)}年{B(3)}月{B(3)}日{B(3)}時{B(3)}分"  # 3 ems each, to write in by hand


def _started(f: EvictionOrderFields) -> str:
    return f"{wareki_datetime(f.started_at).replace(' ', '')}頃" if f.started_at else BLANK_DATETIME + "頃"


def number_text(f: EvictionOrderFields) -> str:
    return f.number or f"{f.prefix}第{B(3)}号"


def _head(f: EvictionOrderFields) -> list:
    return L.letter_head(number_text(f), wareki(f.issued_date), f.addressee)


def order_story(f: EvictionOrderFields, draft: bool) -> list:
    basis = basis_text(f, draft)
    acts = "、".join(f.acts) if f.acts else "迷惑行為"
    body = (f"あなたは、{_started(f)}から、{f.place}において、{acts}を行い、職員の再三の中止及び退去の要求に"
            f"応じませんでした。このような行為は、庁舎の秩序を乱し、公務の円滑な遂行を妨げるものです。"
            f"よって、{basis}の規定に基づき、直ちに庁舎から退去することを命じます。")
    return [
        *_head(f),
        *L.letter_body([f.issuer_title, f.issuer_name], TITLE, body, [
            Row("命令日時", wareki_datetime(f.order_at) if f.order_at else BLANK_DATETIME),
            Row("場所", f.place),
            Row("理由", L.numbered(f.reasons or [acts])),
            Row("根拠規定", basis),
        ]),
        L.spacer(3),
        L.para("この命令に従わない場合は、警察に通報します。", "body"),
        L.ijo(),
    ]


def copy_story(f: EvictionOrderFields) -> list:
    history = L.grid_table(["回", "日時", "要求した職員"],
                           [[f"{n}回目", facts.at_text(at), by] for n, at, by in f.leave_requests],
                           [14, 60, 60], roles=["body", "body", "name"])
    handover = L.field_table([
        Row("読上げ・交付日時", BLANK_DATETIME),
        Row("読上げ・交付者", f"職{B(8)}氏名{B(8)}"),
        Row("立会人", f"職{B(8)}氏名{B(8)}"),
        Row("受領", f"□ 受領した{B(2)}□ 受領を拒否した（拒否の状況：{B(10)}）"),
    ])
    return [
        *_head(f),
        L.title(COPY_TITLE),
        L.para("この控えは区が保管し、相手方には交付しません。", "small"),
        L.spacer(2),
        L.field_table([
            Row("命令日時", wareki_datetime(f.order_at) if f.order_at else BLANK_DATETIME),
            Row("命令者", f"{f.issuer_title}　{f.issuer_name}", "name"),
        ]),
        L.spacer(3),
        KeepTogether([L.heading("退去要求の経過"), history]),
        L.spacer(3),
        KeepTogether([L.heading("交付の記録（職員記入欄）"), handover, L.ijo()]),
    ]


def texts(f: EvictionOrderFields) -> list[str]:
    """Every text the document prints from the record (for the variant-form warning)."""
    return [f.addressee, f.issuer_title, f.issuer_name, f.place, *f.acts, *f.reasons,
            *(by for _n, _at, by in f.leave_requests)]


def render(fields: EvictionOrderFields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    f = fields
    if f.channel and f.channel not in IN_PERSON_CHANNELS:
        raise NotInPersonError(f"この事案の手段は「{f.channel}」です。退去命令書は対面の事案についてのみ作成できます。")
    version = L.template_mark(TITLE, TEMPLATE_VERSION)
    return L.render_parts([
        (order_story(f, draft), L.PageSetup(TITLE, draft, f.number, version)),
        (copy_story(f), L.PageSetup(COPY_TITLE, draft, f.number, version, page_label="控え")),
    ], created)
