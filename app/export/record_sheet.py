"""対応記録票: the whole incident as one document (time line with verbatim quotes, judgement, steps,
evidence with SHA-256, harm, SNS details, 警察対応, 作成日・記録者・確認欄).

対応時間 runs from the encounter's start to its end (app/model/document_facts.py), never to the incident's
last entry, so issuing a document or adding evidence later does not change it. Times on a later day than
the start carry their date. The 管理番号 is the document number (a draft leaves it blank): the incident's
internal id is never printed.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from app.model import evidence as evidence_mod
from app.model.document_facts import encounter

from . import facts
from . import layout as L
from .layout import Row
from .required import need
from .wareki import as_datetime, wareki, wareki_datetime, wareki_time

TEMPLATE_ID = "record"
TEMPLATE_VERSION = "2"
UNNUMBERED = "（発行時に付番）"
TITLE = "対応記録票"


@dataclass
class Judgement:
    result: str = ""
    at: str = ""
    definition: list[str] = field(default_factory=list)
    manner: list[str] = field(default_factory=list)
    demand: list[str] = field(default_factory=list)
    duration_frequency: list[str] = field(default_factory=list)
    rationale: str = ""


@dataclass
class Evidence:
    filename: str
    kind: str
    sha256: str
    detail: str = ""


@dataclass
class RecordSheetFields:
    management_number: str
    department: str = need("所属")
    recorder: str = need("記録者")
    staff: list[str] = need("対応職員")
    started_at: str = need("発生日時")
    ended_at: str = need("終了日時")
    place: str = need("場所")
    channel: str = need("手段")
    party: str = need("相手方")
    summary: str = ""
    demands: str = ""
    behaviours: list[str] = field(default_factory=list)
    timeline: list[tuple[str, str, str]] = field(default_factory=list)  # (at, what, text)
    responses: list[str] = field(default_factory=list)
    judgement: Judgement | None = None
    escalations: list[str] = field(default_factory=list)
    steps: list[tuple[str, str, str]] = field(default_factory=list)  # (at, label, detail)
    evidence: list[Evidence] = field(default_factory=list)
    harm: str = ""
    sns: list[str] = field(default_factory=list)
    manual_edition: str = ""
    police: list[tuple[str, str, str]] = field(default_factory=list)  # (at, reason, 受理番号)
    created_on: _dt.date | None = None  # 作成日 (the day of issue)
    number: str = ""  # 文書番号, given when issued (app/export/issue.py)

    @property
    def duration_minutes(self) -> int | None:
        return facts.minutes_between(self.started_at, self.ended_at)


def _edition(edition_id: str):
    from app.model import manual
    try:
        return manual.load_edition(edition_id or manual.DEFAULT_EDITION)
    except (manual.ManualError, OSError, ValueError):
        return None


def check_item_labels(edition) -> dict[str, str]:
    """Judgement check-item id → the manual's wording, read from the edition (「① 区民、事業者等から…」)."""
    if edition is None:
        return {}
    labels = {d["id"]: f"{d.get('mark', '')}{d['text']}" for d in edition["definition"]["items"]}
    labels.update({d["mark"]: f"{d['mark']}{d['text']}" for d in edition["definition"]["items"] if d.get("mark")})
    for point in edition["judgement"]["points"]:
        labels.update({it["id"]: it["text"] for it in point["items"]})
    return labels


def edition_label(edition, raw: str) -> str:
    return f"{edition.title}（{edition.id}）" if edition is not None and raw in ("", edition.id) else raw


def build_record_sheet_fields(entries, settings: dict, **extra) -> RecordSheetFields:
    es = facts.effective(entries)
    c = facts.created(es)
    edition = _edition(c.get("manual_edition", ""))
    labels = check_item_labels(edition)

    def words(ids) -> list[str]:  # unknown ids (older editions, free text) are printed as recorded
        return [labels.get(i, i) for i in (ids or [])]

    jd = facts.of_kind(es, "judgement")
    judgement = None
    if jd:
        p = jd[-1].payload
        judgement = Judgement(p.get("result", ""), p.get("at", ""), words(p.get("definition")),
                              words(p.get("manner")), words(p.get("demand")),
                              words(p.get("duration_frequency")), p.get("rationale", ""))
    responses = [f"{facts.at_text(at)}　{who}：「{text}」" for at, who, text in facts.quotes(es) if who != "相手方"]
    for e in facts.of_kind(es, "second_response_statements"):
        p = e.payload
        said = [t for k, t in (("organisational_answer", "組織としての回答であること"),
                               ("explained_fully", "説明を尽くしていること"),
                               ("no_further_discussion", "これ以上の議論はできないこと")) if p.get(k)]
        responses.append(f"{facts.at_text(p.get('at', ''))}　二次対応として「{'」「'.join(said)}」を伝えた。")
    evidence, sns = [], []
    for e in facts.of_kind(es, "attachment_added"):
        p = e.payload
        detail = "、".join(x for x in (
            f"URL：{p['url']}" if p.get("url") else "", f"アカウント：{p['account']}" if p.get("account") else "",
            f"投稿日時：{facts.at_text(p['posted_at'])}" if p.get("posted_at") else "",
            f"保存日時：{facts.at_text(p['captured_at'])}" if p.get("captured_at") else "") if x)
        kind = p.get("evidence_kind", "")
        evidence.append(Evidence(p.get("filename", ""), evidence_mod.KIND_LABELS.get(kind, kind), p.get("sha256", ""),
                                 detail))
        if p.get("evidence_kind") == "sns" or p.get("url"):
            sns.append(f"{p.get('filename', '')}　{detail}")
    for kind, label in (("takedown_request", "削除請求"), ("disclosure_request", "発信者情報開示請求")):
        for e in facts.of_kind(es, kind):
            p = e.payload
            sns.append(f"{facts.at_text(p.get('at', ''))}　{label}（{p.get('platform', '')}）：{p.get('result', '')}")
    harm = "\n".join(str(e.payload.get("value", "")) for e in facts.of_kind(es, "step_input")
                     if e.payload.get("field") == "harm")
    first = next((e for e in es if e.kind == "incident_created"), es[0] if es else None)
    enc = encounter(es)
    vals = dict(
        management_number="",
        department=c.get("department") or settings.get("department", ""),
        recorder=first.author if first else "",
        staff=list(c.get("staff") or []),
        started_at=enc.start.isoformat() if enc.start else "",
        ended_at=enc.end.isoformat() if enc.end else "",
        place=c.get("place", ""),
        channel=c.get("channel", ""),
        party=facts.party_with_description(c.get("party")),
        summary=c.get("summary", ""),
        demands=c.get("demands", ""),
        behaviours=list(c.get("behaviours") or []),
        timeline=[(t.at, t.what, t.text) for t in facts.timeline(es)],
        responses=responses,
        judgement=judgement,
        escalations=[f"{facts.at_text(e.payload.get('at', ''))}　{e.payload.get('level', '')}："
                     f"{e.payload.get('reason', '')}" for e in facts.of_kind(es, "escalation")],
        steps=[(s.at, s.label, s.detail) for s in facts.steps_of(enc)],
        police=[(ev.at.isoformat(), ev.payload.get("reason", ""), ev.payload.get("receipt_number", ""))
                for ev in enc.of_kind("police_call")],
        evidence=evidence,
        harm=harm,
        sns=sns,
        manual_edition=edition_label(edition, c.get("manual_edition", "")),
    )
    vals.update(extra)
    return RecordSheetFields(**vals)


def texts(f: RecordSheetFields) -> list[str]:
    """Every text the record prints from the entries (for the variant-form warning)."""
    return [f.recorder, *f.staff, f.party, f.place, f.summary, f.demands, *(t for _a, _w, t in f.timeline),
            *f.responses, *(d for _a, _l, d in f.steps)]


def _period(f: RecordSheetFields) -> str:
    if not f.started_at:
        return ""
    end = ""
    if f.ended_at:
        same_day = as_datetime(f.ended_at).date() == as_datetime(f.started_at).date()
        end = wareki_time(f.ended_at) if same_day else wareki_datetime(f.ended_at)
    return f"{wareki_datetime(f.started_at)} 〜 {end}"


def duration_text(mins: int | None) -> str:
    """「78分」, 「1時間18分」 is not used: the manual's limits are in minutes."""
    return f"{mins}分" if mins is not None else ""


def _police_rows(f: RecordSheetFields) -> list:
    if not f.police:
        return [Row("警察対応", "なし")]
    rows = []
    for i, (at, reason, receipt) in enumerate(f.police, 1):
        n = f" {i}" if len(f.police) > 1 else ""
        rows.append(Row(f"110番通報{n}", f"{facts.at_text(at)}" + (f"　{reason}" if reason else "")))
        rows.append(Row(f"受理番号{n}", receipt or L.blank(10)))
    return rows


def _confirmation() -> "L.Table":
    """確認欄: 記録者・係長・課長, each a box to sign or stamp."""
    return L.grid_table(["記録者", "係長", "課長"], [[[L.spacer(14)], [L.spacer(14)], [L.spacer(14)]]], [1, 1, 1])


def render(fields: RecordSheetFields, draft: bool, created: _dt.datetime | None = None) -> bytes:
    f = fields
    mins = f.duration_minutes
    j = f.judgement
    judgement_rows = [Row("判断", "未判断")] if j is None else [
        Row("判断結果", f"{j.result}（{facts.at_text(j.at)}）"),
        Row("定義①②③", "\n".join(j.definition)),
        Row("要求態様", "\n".join(j.manner) or "該当なし"),
        Row("要求内容", "\n".join(j.demand) or "該当なし"),
        Row("時間・回数・頻度", "\n".join(j.duration_frequency) or "該当なし"),
        Row("判断理由", j.rationale),
    ]
    start = f.started_at
    made = f.created_on or (created.date() if created else None)
    story = [
        L.para(f"作成日　{wareki(made)}" if made else f"作成日　令和{L.blank(3)}年{L.blank(3)}月{L.blank(3)}日",
               "right"),
        L.title(TITLE),
        L.field_table([
            Row("管理番号", f.number or f.management_number or UNNUMBERED),
            Row("所属", f.department),
            Row("記録者", f.recorder, "name"),
            Row("対応職員", "、".join(f.staff), "name"),
            Row("発生日時", _period(f)),
            Row("対応時間", duration_text(mins)),
            Row("場所", f.place),
            Row("手段", f.channel),
            Row("相手方", f.party, "name"),
            Row("概要", f.summary),
            Row("要求内容", f.demands),
            Row("迷惑行為の類型", "、".join(f.behaviours)),
        ]),
        L.spacer(3),
        L.heading("経過（発言は原文のまま）"),
        L.grid_table(["時刻", "区分", "内容"],
                     [[facts.when_text(at, start), what, text] for at, what, text in f.timeline],
                     [36, 28, 94]),
        L.spacer(3),
        L.section("職員の対応・回答", "\n".join(f.responses) or "記録なし"),
        L.spacer(3),
        L.heading("カスハラの判断（課長）"),
        L.field_table(judgement_rows),
        L.spacer(3),
        L.section("エスカレーション", "\n".join(f.escalations) or "なし"),
        L.spacer(3),
        L.heading("実施した措置"),
        L.grid_table(["日時", "措置", "内容・実施者"],
                     [[facts.at_text(at), label, detail] for at, label, detail in f.steps],
                     [50, 34, 74], roles=["body", "body", "name"]),
        L.spacer(3),
        L.heading("警察対応"),
        L.field_table(_police_rows(f)),
        L.spacer(3),
        L.heading("証拠資料"),
        L.grid_table(["ファイル名・種別", "SHA-256"],
                     [[f"{e.filename}（{e.kind}）" + (f"\n{e.detail}" if e.detail else ""),
                       e.sha256[:32] + "\n" + e.sha256[32:]] for e in f.evidence], [70, 88]),
        L.spacer(3),
        L.field_table([
            Row("被害の状況", f.harm or "なし"),
            Row("SNS等", "\n".join(f.sns) or "なし"),
            Row("マニュアル版", f.manual_edition),
        ]),
        L.spacer(4),
        L.KeepTogether([L.heading("確認欄"), _confirmation(), L.ijo()]),
    ]
    return L.render_story(story, L.PageSetup(TITLE, draft, f.number,
                                             L.template_mark(TITLE, TEMPLATE_VERSION)), created)
