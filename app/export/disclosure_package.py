"""保有個人情報の開示資料 (issue 17 §3): what the ward holds about one named person, for the 課 to answer a
本人開示請求.

Part 1 is the facts, incident by incident in time order (what was said and done, what the ward did), then
the 出入禁止 (each ban of the life cycle with its state on the package's date, its period, review date and
the 部長's answer, and the statuses recorded before it), the documents issued and the attachments — listed
by name, kind and date, never their content. Part 2, with its own page count, is the staff's 評価・判断 (judgement rationale, 所見, notes,
the reasons given for a status): information the 課 may decide to withhold. The collection is
app/model/disclosure.py's (through Service.disclosure_collect: checked and audited); names print exactly.

The person reads every page: every date and time is in 和暦 (app/export/wareki.py), the time lines' too (their
lines worded by app/model/workspace.describe with this package's date format); no internal id, stored code or
English word is printed (the template's mark at the foot is in words); an approved ban's reason is printed
once, with the ban in part 1; 「以上」 closes the last table on the page of its last row.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from app.model import bans as ban_model
from app.model import disclosure
from app.model.evidence import KIND_LABELS as EVIDENCE_LABELS

from . import layout as L
from .layout import Row
from .wareki import wareki, wareki_datetime

TEMPLATE_ID = "disclosure-package"
TEMPLATE_VERSION = "1"
TITLE = "保有個人情報の開示資料"
#: the template and its version at the foot of each page, in words (the person reads every page)
TEMPLATE_MARK = L.template_mark("開示資料", TEMPLATE_VERSION)
FACTS_HEADING = "第1部　事実の記録"
OPINIONS_TITLE = "第2部　評価・判断に関する情報"
#: facts listed in their own table (発行した文書, 添付資料), not again in the incident's
LISTED_APART = ("document_issued", "attachment_added")
BANS_HEADING = "出入禁止等の状態"
#: each state of app/model/bans.py as told to the person: in force or not, in words
STATE_WORDS = {
    ban_model.ACTIVE: "有効（出入禁止の期間中です）",
    ban_model.NOT_STARTED: "開始前（まだ始まっていません）",
    ban_model.EXPIRED: "期間満了（期間が終わり、効力はありません）",
    ban_model.LAPSED: "失効（見直し日を過ぎても継続が決められなかったため、効力はありません）",
    ban_model.PENDING: "承認待ち（部長の承認前のため、効力はありません）",
    ban_model.REJECTED: "差戻し（部長が差し戻したため、効力はありません）",
}
REASON_IN_PART_2 = ("部長の承認を受けていない決定のため、理由はお知らせしていません"
                    "（決定した者の判断として、第2部「評価・判断に関する情報」に含めています）。")
OPINIONS_NOTE = ("この部は、職員の評価・判断（カスハラの判断の理由、所見、メモ等）です。"
                 "開示するか、不開示とするかを課で判断してください。")


@dataclass
class PackageFields:
    name: str
    made_on: _dt.date
    incidents: list[dict] = field(default_factory=list)
    statuses: list[dict] = field(default_factory=list)
    bans: list[dict] = field(default_factory=list)  # collect_bans' facts + "incident" (事案 n), "state" on made_on
    outside_scope: int = 0
    request: dict | None = None  # the 開示請求 answered (its state: received_on, due …), when given
    number: str = ""             # 文書番号, given when issued (Service.issue_disclosure_package)


def build(collected: dict, made_on: _dt.date, request: dict | None = None, number: str = "") -> PackageFields:
    incidents = list(collected.get("incidents") or [])
    bans = [{**b, "incident": i, "state": disclosure.ban_state_on(b, made_on)}
            for i, inc in enumerate(incidents, 1) for b in inc.get("bans") or []]
    return PackageFields(collected["name"], made_on, incidents, list(collected.get("statuses") or []), bans,
                         int(collected.get("outside_scope") or 0), request, number)


def when(value: str, sep: str = " ") -> str:
    """An ISO time or date in 和暦 (a value that is neither is printed as it is); ``sep`` between the day
    and the time ("\n" in a narrow column: the day on one line, the time on the next)."""
    if not value:
        return ""
    try:
        return wareki_datetime(value).replace(" ", sep) if len(value) > 10 else wareki(value)
    except (TypeError, ValueError):
        return value


def _dates(value: str, _type: str) -> str:
    """The package's format for a date or time field an entry's line states (app/model/workspace.describe)."""
    return when(value)


def item_text(it: dict) -> str:
    """What a collected entry says (app/model/disclosure.py), worded as the time line words it but with its
    dates and times in 和暦 like the rest of the package."""
    from app.model import workspace  # the time line's wording (imports the Service module)
    if "fields" not in it:
        return it.get("text", "")
    return workspace.describe(it["kind"], it["fields"], dates=_dates)


def _heading_of(i: int, inc: dict) -> str:
    return f"事案{i}　{when(inc.get('occurred_at', ''))}"


def _items_table(items: list[dict], with_author: bool = False, closing: bool = False):
    header = ["日時", "種類", "内容"] + (["記録者"] if with_author else [])
    rows = [[when(it["at"], "\n"), it["label"], item_text(it)] + ([it.get("recorded_by", "")] if with_author else [])
            for it in items]
    widths = [26, 25, 81] if not with_author else [26, 25, 61, 20]
    return L.grid_table(header, rows, widths, roles=["body", "body", "body", "name"][:len(header)],
                        style="small_cell", closing=closing)


def period(start: str, end: str) -> str:
    return f"{when(start)}から{when(end)}まで" if start and end else ""


def _renewal_text(r: dict) -> str:
    said = f"終了日を{when(r['end_date'])}に、見直し日を{when(r['review_date'])}に更新"
    answer = {"承認": "部長が承認", ban_model.PENDING: "部長の承認待ち（効力はありません）",
              "差戻し": "部長が差し戻し（効力はありません）"}.get(r["state"], r["state"])
    return f"{said}（{answer}）" + (f"　理由：{r['reason']}" if r.get("reason") else "")


def _answer_text(b: dict) -> str:
    if not b.get("answer"):
        return "まだ承認されていません"
    return f"{'承認' if b['answer'] == '承認' else '差戻し'}（{b.get('approved_by', '')}）"


def ban_table(f: PackageFields, b: dict):
    """One 出入禁止 as the person may read it: in force or not on the package's date, and why."""
    rows = [Row(f"状態（{wareki(f.made_on)}現在）", STATE_WORDS.get(b["state"], b["state"])),
            Row("期間", period(b["start_date"], b["end_date"])),
            Row("見直し日", when(b["review_date"]))]
    if b.get("scope"):
        rows.append(Row("対象の範囲・場所", b["scope"]))
    rows += [Row("決定した者", b.get("decided_by", ""), "name"), Row("部長の承認", _answer_text(b), "name"),
             Row("理由", b["reason"] if b.get("answer") == "承認" else REASON_IN_PART_2)]
    if b.get("renewals"):
        texts_ = [_renewal_text(r) for r in b["renewals"]]
        rows.append(Row("更新", L.numbered(texts_) if len(texts_) > 1 else texts_[0]))
    return L.field_table(rows)


def bans_story(f: PackageFields) -> list:
    """The 出入禁止 section: each ban of the life cycle, then the statuses recorded before it (always listed
    when there are any; an empty table 「なし」 when there is nothing at all)."""
    blocks = [[L.para(f"出入禁止{n}（事案{b['incident']}）", "label"), ban_table(f, b)]
              for n, b in enumerate(f.bans, 1)]
    statuses = [[s.get("status", ""), when(s.get("since", "")), when(s.get("until", "")) or "定めなし"]
                for s in f.statuses]
    if statuses or not f.bans:
        blocks.append(([L.para("このほか、相手方の状態として記録したもの", "label")] if f.bans else [])
                      + [L.grid_table(["状態", "開始", "期限"], statuses, [30, 50, 50])])
    out = [L.KeepTogether([L.heading(BANS_HEADING), *blocks[0]])]
    for block in blocks[1:]:
        out += [L.spacer(2), L.KeepTogether(block)]
    return out


def _request_rows(f: PackageFields) -> list[Row]:
    r = f.request
    if not r:
        return []
    return [Row("請求の受付日", wareki(r["received_on"])), Row("開示決定等の期限", wareki(r["due"]))]


def facts_story(f: PackageFields) -> list:
    story = [
        L.para(f.number or "（文書番号は発行時に付けます）", "right"),
        L.para(wareki(f.made_on), "right"),
        L.title(TITLE),
        L.field_table([Row("氏名", f.name, "name"), *_request_rows(f), Row("作成日", wareki(f.made_on)),
                       Row("収録した事案", f"{len(f.incidents)}件")]),
        L.spacer(2),
        L.para("上記の方に関して区が保有する個人情報（カスタマーハラスメント対応の記録）を、事実の記録（第1部）と"
               "職員の評価・判断（第2部）とに分けてまとめたものです。", "indent"),
    ]
    if f.outside_scope:
        story.append(L.para(f"このほか、他の課が保有する記録が{f.outside_scope}件あります（この資料には含みません）。",
                            "small"))
    story += [L.spacer(2), L.heading(FACTS_HEADING)]
    for i, inc in enumerate(f.incidents, 1):
        story += [L.KeepTogether([L.heading(_heading_of(i, inc)),
                                  L.field_table([Row("手段", inc.get("channel", "")),
                                                 Row("担当の課", inc.get("department", ""))])]),
                  L.spacer(1), _items_table([it for it in inc["facts"] if it["kind"] not in LISTED_APART]),
                  L.spacer(2)]
    if not f.incidents:
        story.append(L.para("保有する記録はありません。"))
    documents = [[when(d.get("at", "")), d.get("title", ""), d.get("number", ""), f"事案{i}"]
                 for i, inc in enumerate(f.incidents, 1) for d in inc.get("documents", [])]
    attachments = [[when(a.get("captured_at") or a.get("recorded_at", "")), EVIDENCE_LABELS.get(a.get("kind", ""), a.get("kind", "")),
                    a.get("filename", ""), f"事案{i}"]
                   for i, inc in enumerate(f.incidents, 1) for a in inc.get("attachments", [])]
    story += [
        *bans_story(f),
        L.spacer(2),
        L.KeepTogether([L.heading("発行した文書"),
                        L.grid_table(["発行日時", "表題", "文書番号", "事案"], documents, [40, 40, 36, 16])]),
        L.spacer(2),
        L.KeepTogether([L.heading("添付資料（証拠）"), L.para("ファイルの内容はこの資料に含めていません。", "small"),
                        L.grid_table(["日時", "種類", "ファイル名", "事案"], attachments, [40, 28, 48, 16])]),
    ]
    return story


def opinions_story(f: PackageFields) -> list:
    story = [L.title(OPINIONS_TITLE), L.para(OPINIONS_NOTE, "indent"), L.spacer(2)]
    shown = [(i, inc) for i, inc in enumerate(f.incidents, 1) if inc.get("opinions")]
    for n, (i, inc) in enumerate(shown, 1):
        last = n == len(shown)  # 「以上」 closes the last table, on the page of its last row
        story += [L.heading(_heading_of(i, inc)), _items_table(inc["opinions"], with_author=True, closing=last)]
        story += [] if last else [L.spacer(2)]
    if not shown:
        story.append(L.KeepTogether([L.para("評価・判断に関する記録はありません。"), L.ijo()]))
    return story


def texts(f: PackageFields) -> list[str]:
    """Every text the package prints from the records."""
    return [f.name, *(item_text(it) for inc in f.incidents for part in ("facts", "opinions") for it in inc[part]),
            *(x for b in f.bans for x in (b.get("scope", ""), b.get("reason", ""), b.get("decided_by", ""),
                                          b.get("approved_by", ""), *(r.get("reason", "") for r in b["renewals"])))]


def render(f: PackageFields, created: _dt.datetime | None = None, draft: bool = False) -> bytes:
    """The package; the number (and the person's name) at the top right of every later page."""
    version = TEMPLATE_MARK
    head = "　".join(x for x in (f.number, f.name) if x)
    return L.render_parts([
        (facts_story(f), L.PageSetup(TITLE, draft, head, version)),
        (opinions_story(f), L.PageSetup(TITLE, draft, head, version, page_label="評価・判断")),
    ], created)


def package_for(svc, name: str, *, today: _dt.date, request_id: str | None = None,
                created: _dt.datetime | None = None) -> bytes:
    """A draft of the package for ``name`` (「下書き」, no number, not kept) as the signed-in person may collect
    it (checked and audited by the Service); with ``request_id``, the 開示請求's 受付日 and 期限 are printed.
    The package given to the person is issued: :func:`issue_package`."""
    collected = svc.disclosure_collect(name)
    request = None
    if request_id:
        from app.model.errors import NotFoundError
        request = next((r for r in svc.disclosure_requests(today.isoformat()) if r["id"] == request_id), None)
        if request is None:
            raise NotFoundError("その開示請求は見つかりません。", f"No disclosure request {request_id}.")
    return render(build(collected, today, request), created, draft=True)


def issue_package(svc, request_id: str, *, settings=None, now: _dt.datetime | None = None) -> dict:
    """Issue the package answering the 開示請求 ``request_id`` (the requester's name as received): numbered
    like every issued document ({年度}{prefix}第{n}号), its bytes kept and its issue recorded in the disclosure
    register, through the Service (``document.disclosure-package``). Returns number, sha256, size, pdf."""
    from .docnumber import document_number
    from .issue import export_settings
    now = (now or _dt.datetime.now().astimezone()).replace(microsecond=0)
    if now.tzinfo is None:
        now = now.astimezone()
    prefix = export_settings(settings).get("document_prefix") or ""

    def make(collected: dict, request: dict, n: int) -> tuple[str, bytes]:
        number = document_number(now.date(), prefix, n)
        return number, render(build(collected, now.date(), request, number), now)

    return svc.issue_disclosure_package(request_id, make, prefix=prefix, now=now,
                                        template_version=TEMPLATE_VERSION)
