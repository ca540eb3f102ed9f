"""本人開示・訂正の請求 (issue 17 §3): the kinds of the disclosure register and their rules.

A request (開示請求, 訂正請求) is received, may be extended once (up to 30 more days, with a reason) and is
decided; the clock is app/model/disclosure_requests.py. Written by the 課長 and the 総務部長 through their own
Service methods (app/model/service_disclosure.py). Not to be confused with the incident kind
``disclosure_request`` (発信者情報開示請求 to a platform).
"""
from __future__ import annotations

import datetime as _dt

from app.model import disclosure_requests as clock
from app.model import roles as R
from app.model import streams
from app.model.kind_fields import AT, REASON, Kind, date, integer, obj, short, text

WHO = frozenset({R.SECTION_CHIEF, R.GENERAL_AFFAIRS_DIRECTOR})
DISCLOSURE_DECISIONS = ("全部開示", "部分開示", "不開示")
CORRECTION_DECISIONS = ("訂正する", "訂正しない")
FULL = "全部開示"
CORRECT = "訂正する"

REQUESTER = short("requester", "請求者", required=True,
                  doc="the name exactly as written on the request (never normalised)")
RECEIVED_ON = date("received_on", "受付日", required=True)
REQUEST = short("request", "請求", required=True)


def requester_named(payload: dict, ctx) -> list[str]:
    return [] if str(payload.get("requester") or "").strip() else ["請求者の氏名を入力してください。"]


def _open_request(payload: dict, ctx, kinds_: tuple[str, ...]) -> tuple[object, list[str]]:
    """The request the entry answers, and why it may not be answered (unknown, wrong kind, decided)."""
    req = clock.request_entry(ctx.entries, str(payload.get("request") or ""))
    if req is None or req.kind not in kinds_:
        return None, ["対象の請求が見つかりません。"]
    if clock.of_request(ctx.entries, req.id, clock.DECIDED_BY[req.kind]):
        return req, ["この請求は決定済みです。"]
    return req, []


def extension_allowed(payload: dict, ctx) -> list[str]:
    """Once, with a reason, to a day after the first 期限 and at most 30 days past it."""
    req, problems = _open_request(payload, ctx, tuple(clock.DECIDED_BY))
    if problems:
        return problems
    if clock.of_request(ctx.entries, req.id, clock.EXTENSION):
        return ["期限の延長は一度だけです。"]
    if not str(payload.get("reason") or "").strip():
        return ["延長の理由を書いてください（個人情報保護法：正当な理由が必要です）。"]
    new_due = _dt.date.fromisoformat(payload["due"])
    first, last = clock.base_due(req.payload["received_on"]), clock.latest_extension(req.payload["received_on"])
    if not first < new_due <= last:
        return [f"延長後の期限は{first.isoformat()}より後、{last.isoformat()}まで"
                f"（{clock.EXTENSION_MAX_DAYS}日以内）の日付にしてください。"]
    return []


def disclosure_decision_allowed(payload: dict, ctx) -> list[str]:
    _req, problems = _open_request(payload, ctx, ("disclosure_received",))
    if problems:
        return problems
    if payload.get("decision") != FULL and not str(payload.get("withheld") or "").strip():
        return ["部分開示・不開示では、開示しない情報とその理由を書いてください。"]
    return []


def correction_decision_allowed(payload: dict, ctx) -> list[str]:
    _req, problems = _open_request(payload, ctx, ("correction_received",))
    if problems:
        return problems
    return [] if str(payload.get("reason") or "").strip() else ["決定の理由を書いてください。"]


def package_answers_request(payload: dict, ctx) -> list[str]:
    """A package answers a 開示請求 (decided or not: the package may be made before or with the decision)."""
    req = clock.request_entry(ctx.entries, str(payload.get("request") or ""))
    return [] if req is not None and req.kind == "disclosure_received" else ["対象の開示請求が見つかりません。"]


_S = streams.DISCLOSURES
KINDS: tuple[Kind, ...] = (
    Kind("disclosure_received", "開示請求の受付", (
        REQUESTER, RECEIVED_ON, text("scope", "請求の範囲", max_len=20_000), short("contact", "連絡先"), AT),
        WHO, "a 本人開示請求 received (the 30-day clock starts the next day)", stream=_S, door="service",
        rules=(requester_named,)),
    Kind("disclosure_extended", "開示決定等の期限の延長", (REQUEST, date("due", "延長後の期限", required=True),
                                                 text("reason", "理由", required=True, max_len=20_000), AT),
         WHO, "the 期限 extended once, by up to 30 days, with the reason (開示請求 or 訂正請求)", stream=_S,
         door="service", rules=(extension_allowed,)),
    Kind("disclosure_decided", "開示決定", (
        REQUEST, short("decision", "決定", required=True, options=DISCLOSURE_DECISIONS),
        text("withheld", "開示しない情報と理由", max_len=20_000), date("decided_on", "決定日"), AT),
        WHO, "全部開示 / 部分開示 / 不開示 (what is withheld and why, unless 全部開示)", stream=_S, door="service",
        rules=(disclosure_decision_allowed,)),
    Kind("correction_received", "訂正請求の受付", (
        REQUESTER, short("incident", "事案", required=True), short("entry", "訂正を求める記録", required=True),
        text("requested", "訂正を求める内容", required=True, max_len=20_000), RECEIVED_ON, AT),
        WHO, "a 訂正請求 about one entry of an incident", stream=_S, door="service", rules=(requester_named,)),
    Kind("correction_decided", "訂正の決定", (
        REQUEST, short("decision", "決定", required=True, options=CORRECTION_DECISIONS), REASON,
        obj("replacement", "訂正後の内容"), date("decided_on", "決定日"), AT),
        WHO, "訂正する (a correction of the entry, naming the requester, written with it) / 訂正しない",
        stream=_S, door="service", rules=(correction_decision_allowed,)),
    Kind("disclosure_package_issued", "開示資料の発行", (
        REQUEST, short("number", "文書番号", required=True), short("sha256", "SHA-256", required=True),
        integer("size", "バイト数", minimum=1, maximum=10**9), short("template_version", "様式の版"),
        short("name", "対象の方の氏名"), AT),
        WHO, "the 開示資料 (PDF) issued for a 開示請求: its number, SHA-256 and size; the bytes are kept with the "
        "issued documents (`disclosure package --request`)", stream=_S, door="service",
        rules=(package_answers_request,)),
)
