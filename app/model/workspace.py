"""The incident view's content, computed in plain Python (no Qt): time line with corrections beside what
they superseded, flow stage and next actions, documents, evidence, internet steps, escalation, care, and
the CSV export of the history."""
from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from app.model import care, evidence, flow, manual, parties
from app.model.entry import CORRECTION, Entry, sort_key
from app.model.errors import StoreExistsError

KIND_LABELS = {
    "incident_created": "事案の記録開始", "behaviour_observed": "迷惑行為", "quote": "発言", "note": "メモ",
    "stop_request": "中止要求", "leave_request": "退去要求", "backup_call": "応援要請", "police_call": "110番通報",
    "eviction_order": "退去命令", "step_done": "手順完了", "step_input": "入力", "judgement": "カスハラの判断",
    "second_response_statements": "二次対応の3点", "response_stopped": "対応中止", "escalation": "エスカレーション",
    "document_issued": "文書発行", "attachment_added": "証拠の添付", "takedown_request": "削除請求",
    "disclosure_request": "発信者情報開示請求", "care_referral": "職員保健室への連絡", "care_followup": "ケアの経過",
    "party_status": "相手方の状態", "party_linked": "相手方の特定", "party_merged": "相手方の統合",
    "committee_report": "推進委員会報告", "closed": "対応終了", "reopened": "再開", "answer": "回答",
    "correction": "訂正",
}
FIELD_LABELS = {
    "at": "日時", "text": "内容", "speaker": "話者", "summary": "概要", "demands": "要求内容", "place": "場所",
    "channel": "手段", "department": "所属", "party": "相手方", "staff": "職員", "behaviours": "迷惑行為",
    "occurred_at": "発生日時", "reason": "理由", "result": "結果", "platform": "運営会社", "status": "状態",
    "since": "開始", "until": "期限", "outcome": "対応結果", "resolved": "解決", "level": "段階", "phrase": "文言",
    "by": "実施者", "rationale": "理由", "doc_kind": "文書", "number": "文書番号", "sha256": "SHA-256",
    "filename": "ファイル名", "evidence_kind": "種類", "url": "URL", "account": "アカウント", "posted_at": "投稿日時",
    "captured_at": "保存日時", "behaviour": "迷惑行為", "due": "期限", "note": "メモ",
}
HIDDEN_FIELDS = ("manual_edition",)
INTERNET_KINDS = ("takedown_request", "disclosure_request")


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "あり" if value else "なし"
    if isinstance(value, dict):
        return "、".join(f"{FIELD_LABELS.get(k, k)}: {_fmt(v)}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, list):
        return "、".join(_fmt(v) for v in value)
    return "" if value is None else str(value)


def describe(kind: str, payload: dict) -> str:
    """One line of what an entry says, in Japanese field names, values as entered."""
    if payload.get("withdrawn"):
        return "（取り消し）"
    return " / ".join(f"{FIELD_LABELS.get(k, k)}: {_fmt(v)}" for k, v in payload.items()
                      if k not in HIDDEN_FIELDS and v not in ("", None, [], {}))


@dataclass
class Correction:
    entry_id: str
    author: str
    recorded_at: str
    reason: str
    withdrawn: bool
    changes: list[tuple[str, str, str]]  # (field label, old value, new value)


@dataclass
class TimelineItem:
    entry_id: str
    kind: str
    label: str
    author: str
    recorded_at: str
    at: str                 # the time the entry is about (payload "at"), else recorded_at
    original: str           # what the entry said when written
    current: str            # what it says after corrections
    corrections: list[Correction] = field(default_factory=list)
    private: bool = False   # care follow-up

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


def _changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    keys = list(dict.fromkeys([*old, *new]))
    return [(FIELD_LABELS.get(k, k), _fmt(old.get(k)), _fmt(new.get(k))) for k in keys
            if k not in HIDDEN_FIELDS and old.get(k) != new.get(k)]


def timeline(entries: Iterable[Entry], *, show_private: bool = False) -> list[TimelineItem]:
    """Who, when, what — each correction shown beside the entry it superseded, with old and new values."""
    ordered = sorted(entries, key=sort_key)
    items: dict[str, TimelineItem] = {}
    current: dict[str, dict] = {}
    out: list[TimelineItem] = []
    for e in ordered:
        if e.kind == CORRECTION and e.supersedes in items:
            target = items[e.supersedes]
            repl = dict(e.payload.get("replacement") or {})
            withdrawn = bool(repl.get("withdrawn"))
            old = current[e.supersedes]
            target.corrections.append(Correction(e.id, e.author, e.recorded_at, e.payload.get("reason", ""), withdrawn,
                                                 [] if withdrawn else _changes(old, repl)))
            current[e.supersedes] = repl
            target.current = describe(target.kind, repl)
            continue
        private = e.kind in care.CARE_KINDS
        if private and not show_private:
            continue
        item = TimelineItem(e.id, e.kind, KIND_LABELS.get(e.kind, e.kind), e.author, e.recorded_at,
                            str(e.payload.get("at") or e.recorded_at), describe(e.kind, e.payload),
                            describe(e.kind, e.payload), private=private)
        items[e.id] = item
        current[e.id] = dict(e.payload)
        out.append(item)
    return out


@dataclass
class InternetStep:
    kind: str
    label: str
    at: str
    platform: str
    result: str
    author: str


def internet_steps(entries) -> list[InternetStep]:
    from app.model.entry import effective_entries
    return [InternetStep(e.kind, KIND_LABELS[e.kind], e.payload.get("at", ""), e.payload.get("platform", ""),
                         e.payload.get("result", ""), e.author)
            for e in effective_entries(entries) if e.kind in INTERNET_KINDS]


@dataclass
class Bundle:
    """Everything the incident view shows, loaded in one store job."""
    state: object
    flow: object
    timeline: list[TimelineItem]
    documents: list[dict]
    attachments: list[evidence.Attachment]
    internet: list[InternetStep]
    care_tasks: list[care.CareTask]
    care_visible: bool
    party: parties.PartyHistory | None
    party_id: str
    escalations: list[dict]


def bundle(service, incident_id: str, viewer: str | None = None, roles: Iterable[str] | None = None, now=None,
           today: str | None = None) -> Bundle:
    """Everything the incident view shows. The viewer is the person signed in to ``service`` unless given."""
    if viewer is None:
        viewer = service.actor.author
    if roles is None:
        roles = sorted(service.roles())
    entries = service.entries(incident_id)
    state = service.incident(incident_id)
    try:
        edition = manual.load_edition(state.manual_edition or "minato-r7-04")
    except Exception:
        edition = manual.load_edition("minato-r7-04")
    roles = tuple(roles)
    deps = {"incident_department": state.department}
    tasks = care.visible_tasks(entries, viewer, roles, **deps)
    allowed_all = care.can_view(viewer, roles, "\0", **deps)  # a 課長 / 人事課 sees every task
    show_private = bool(tasks) or allowed_all
    party_id = parties.party_of_incident(service.store, incident_id)
    return Bundle(
        state=state, flow=flow.evaluate(entries, edition, now=now),
        timeline=[i for i in timeline(entries, show_private=show_private)
                  if not i.private or allowed_all or any(t.entry_id == i.entry_id for t in tasks)
                  or i.kind == "care_followup" and bool(tasks)],
        documents=list(state.documents), attachments=evidence.attachments(entries),
        internet=internet_steps(entries), care_tasks=tasks, care_visible=show_private,
        party=parties.history(service.store, party_id, exclude_incident=incident_id, today=today),
        party_id=party_id, escalations=list(state.escalations))


CSV_HEADER = ["記録ID", "記録日時", "記録者", "種類", "日時", "内容（記録時）", "内容（現在）", "訂正"]


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(items: list[TimelineItem], out: Path) -> int:
    """The history as CSV (UTF-8 with BOM, for Excel). A new file only; never overwrites."""
    out = Path(out)
    if os.path.lexists(out):
        raise StoreExistsError(f"{out.name} は既にあります。上書きはしません。", f"{out.name} exists; not overwritten.")
    with open(out, "x", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_HEADER)
        for i in items:
            corr = " | ".join(
                f"{c.recorded_at} {c.author}: {c.reason}"
                + ("（取り消し）" if c.withdrawn else "".join(f"［{fl}: {o} → {n}］" for fl, o, n in c.changes))
                for c in i.corrections)
            w.writerow([_cell(x) for x in (i.entry_id, i.recorded_at, i.author, i.label, i.at, i.original,
                                           i.current, corr)])
    return len(items)


def review_queue(service, level: str, limit: int = 200) -> list[dict]:
    """The 部長 (困難) or 総務部長 (特に困難) review queue: open incidents escalated to that level."""
    from app.model.listing import IncidentFilter
    return service.store.list_incidents(IncidentFilter(escalation=level, open_only=True), limit=limit)


def today_iso() -> str:
    return dt.date.today().isoformat()
