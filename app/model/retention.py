"""Retention classes (issue 17 §1): how long each kind of record is kept, from when, and its disposal date.

One table, ``CLASSES``; the ``retention_years`` setting (app/model/settings.py) derives its default from it
and may change the years per class. A period runs, as public records' periods do, from 1 April of the 年度
after the one in which the record was completed (翌年度の4月1日起算): an incident closed on 2025-06-10
(2025年度) with 3 years is kept until 2029-03-31 and may be disposed of from 2029-04-01. An open incident, and
a 出入禁止 without an end, have no disposal date.

Issued documents (依頼書, 報告書, 通知書 …) are part of their incident and go with it: they have no class of
their own (the ward's table keeps a document with the 事案の記録 it belongs to). A 相談 (the sealed
consultations register) is kept from its last record (the consultation, its 経過 and their corrections).

The default years are provisional: the ward's 文書保存年限設定基準 is not part of this repository, so
総務課文書係 must confirm them (docs/privacy.md says so); a deployment sets them in ``retention_years``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from app.model import fiscal
from app.model.entry import Entry, effective_entries

CLOSING, BAN_END, RECORDED, LAST_RECORD = "closing", "ban_end", "recorded", "last_record"
START_LABELS = {CLOSING: "対応終了", BAN_END: "出入禁止の終了", RECORDED: "記録", LAST_RECORD: "最後の記録（相談の経過）"}
INCIDENT, CONSULTATION, AUDIT = "incident", "consultation", "audit"   # the record a class belongs to


@dataclass(frozen=True)
class RetentionClass:
    id: str
    label: str
    years: int          # the default; the setting retention_years overrides it
    start: str          # CLOSING, BAN_END, RECORDED or LAST_RECORD: the event that completes the record
    covers: str
    record: str = INCIDENT  # INCIDENT (disposed of with its incident), CONSULTATION or AUDIT


CLASSES: tuple[RetentionClass, ...] = (
    RetentionClass("incident", "対応記録（カスハラに該当しない・判断なし）", 3, CLOSING,
                   "an incident without a 該当 judgement, with its issued documents and evidence"),
    RetentionClass("incident_harassment", "対応記録（カスハラに該当）", 5, CLOSING,
                   "an incident judged 該当, with its issued documents and evidence"),
    RetentionClass("incident_ban", "対応記録（出入禁止を含む）", 5, BAN_END,
                   "an incident that recorded a 出入禁止 (an approved ban_decided / ban_renewed, or a party_status "
                   "出入禁止): kept from the end of the last ban"),
    RetentionClass("care", "心身のケア・配慮措置の記録", 5, CLOSING,
                   "a 職員保健室 referral and a 配慮措置 with their follow-ups (restricted records inside an incident)"),
    RetentionClass("consultation", "相談記録", 5, LAST_RECORD,
                   "a worker's 相談 in the sealed consultations register, with its 経過: kept from its last record",
                   CONSULTATION),
    RetentionClass("audit", "操作の記録（監査）", 5, RECORDED, "the audit trail, per 年度 of recording", AUDIT),
)
BY_ID = {c.id: c for c in CLASSES}
DEFAULT_YEARS = {c.id: c.years for c in CLASSES}
INCIDENT_CLASSES = tuple(c.id for c in CLASSES if c.record == INCIDENT)
CONSULTATION_CLASSES = tuple(c.id for c in CLASSES if c.record == CONSULTATION)
CARE_KINDS = ("care_referral", "measure_taken")  # the restricted records of an incident with the class care
MAX_YEARS = 30


def check_years(value) -> str | None:
    """The check of the retention_years setting (a Japanese problem, or None)."""
    if not isinstance(value, dict):
        return "保存年限は記録の種類ごとの年数（例: {\"incident\": 3}）で指定してください"
    for k, v in value.items():
        if k not in BY_ID:
            return f"不明な記録の種類「{k}」です（{'、'.join(BY_ID)}）"
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= MAX_YEARS:
            return f"{k}: 1〜{MAX_YEARS} の整数（年）で指定してください"
    return None


def years_of(class_id: str, settings=None) -> int:
    configured = {}
    if settings is not None:
        try:
            configured = settings["retention_years"] or {}
        except KeyError:
            configured = {}
    return int(configured.get(class_id, DEFAULT_YEARS[class_id]))


def disposal_date(completed, years: int) -> _dt.date:
    """The first day a record completed on ``completed`` may be disposed of (翌年度4月1日起算 + years)."""
    fy = fiscal.fiscal_year(completed)
    return _dt.date(fy + 1 + years, fiscal.FIRST_MONTH, 1)


@dataclass(frozen=True)
class Item:
    """One record's retention: its class, when its period started, and from when it may be disposed of."""
    incident_id: str
    class_id: str
    record_id: str        # the incident id, or the care referral's entry id
    completed: str        # ISO date the record was completed ("" while it is not)
    years: int
    disposal_on: str      # ISO date ("" while it has none: open, or a ban without end)

    @property
    def label(self) -> str:
        return BY_ID[self.class_id].label

    def to_dict(self) -> dict:
        return {"incident_id": self.incident_id, "class": self.class_id, "label": self.label,
                "record_id": self.record_id, "completed": self.completed, "years": self.years,
                "disposal_on": self.disposal_on,
                "start": START_LABELS[BY_ID[self.class_id].start]}

    def due(self, today) -> bool:
        return bool(self.disposal_on) and self.disposal_on <= fiscal.as_date(today).isoformat()


def _day(entry: Entry | None) -> str:
    if entry is None:
        return ""
    at = entry.payload.get("at") if isinstance(entry.payload, dict) else None
    try:
        return fiscal.as_date(at or entry.recorded_at).isoformat()
    except (TypeError, ValueError):
        return fiscal.as_date(entry.recorded_at).isoformat()


def _status_bans(entries: list[Entry]) -> list[str]:
    """The ends of the 出入禁止 statuses (party_status): its ``until``, or the day a later status replaced it;
    "" for one running without end."""
    ends: list[str] = []
    for e in entries:
        if e.kind != "party_status":
            continue
        if e.payload.get("status") == "出入禁止":
            ends.append(str(e.payload.get("until") or ""))
        elif ends and not ends[-1]:
            ends[-1] = _day(e)
    return ends


def _decided_bans(entries: list[Entry]) -> list[str]:
    """The ends of the bans decided by the 課長 (ban_decided, app/model/bans.py): the end date in force (the
    last approved renewal's). A ban sent back never was one; one awaiting the 部長's answer, or with a
    renewal awaiting it, has no end yet ("")."""
    from app.model import bans
    ends = []
    for b in bans.bans_of(entries, "9999-12-31"):
        if b.state == bans.REJECTED:
            continue
        ends.append("" if b.state == bans.PENDING or b.renewal_pending else b.end_date)
    return ends


def _ban_end(entries: list[Entry]) -> tuple[bool, str]:
    """(the incident recorded a 出入禁止, the day the last one ended; "" while one runs without end)."""
    ends = _status_bans(entries) + _decided_bans(entries)
    if not ends:
        return False, ""
    return True, ("" if "" in ends else max(ends))


def of_incident(incident_id: str, stored: Iterable[Entry], settings=None) -> list[Item]:
    """The retention items of one incident: the incident itself and each care referral and 配慮措置 in it."""
    from app.model.conflicts import registers  # not at import: kinds_disposal reads this table
    stored = list(stored)
    entries = effective_entries(stored)
    regs = registers(stored)
    status = regs.get("status")
    closed = status.value if status is not None and status.value is not None and status.value.kind == "closed" \
        else None
    judgement = regs.get("judgement")
    harassment = bool(judgement and judgement.value is not None and judgement.value.payload.get("result") == "該当")
    banned, ban_end = _ban_end(entries)
    completed = _day(closed)
    if banned:
        class_id, start = "incident_ban", (ban_end if completed and ban_end else "")
    else:
        class_id, start = ("incident_harassment" if harassment else "incident"), completed
    items = [_item(incident_id, class_id, incident_id, start, settings)]
    for e in entries:
        if e.kind in CARE_KINDS:
            items.append(_item(incident_id, "care", e.id, completed, settings))
    return items


def _item(incident_id: str, class_id: str, record_id: str, completed: str, settings) -> Item:
    years = years_of(class_id, settings)
    return Item(incident_id, class_id, record_id, completed, years,
                disposal_date(completed, years).isoformat() if completed else "")


def consultation_groups(stored: Iterable[Entry], plain) -> tuple[dict[str, str], dict[str, dict | None]]:
    """(entry id -> the id of the 相談 it belongs to, entry id -> its opened payload) for the records of the
    consultations register that ``plain(entry)`` opens: the consultation, its 経過 and corrections of either."""
    from app.model.entry import CORRECTION
    stored = list(stored)
    opened = {e.id: plain(e) for e in stored}
    root_of: dict[str, str] = {}
    for e in stored:  # oldest first: a correction's target is known before it
        p = opened.get(e.id)
        if e.kind == "consultation" and p is not None:
            root_of[e.id] = e.id
        elif e.kind == "consultation_followup" and p is not None and p.get("consultation") in root_of:
            root_of[e.id] = root_of[p["consultation"]]
        elif e.kind == CORRECTION and e.supersedes in root_of:
            root_of[e.id] = root_of[e.supersedes]
    return root_of, opened


def of_consultations(stored: Iterable[Entry], plain, settings=None) -> list[Item]:
    """The retention items of the consultations register, one per 相談 that ``plain(entry)`` (the payload
    opened for the person asking, None if it is not theirs to read) opens: completed on the day of its last
    record — the consultation, its 経過 and corrections of either (``at``, else the day it was recorded)."""
    stored = list(stored)
    root_of, opened = consultation_groups(stored, plain)
    last: dict[str, str] = {}
    for e in stored:
        root = root_of.get(e.id)
        if root is not None:
            last[root] = max(last.get(root, ""), _opened_day(e, opened[e.id]))
    return [_item("", "consultation", root, day, settings) for root, day in last.items()]


def _opened_day(e: Entry, payload) -> str:
    at = payload.get("at") if isinstance(payload, dict) else None
    try:
        return fiscal.as_date(at or e.recorded_at).isoformat()
    except (TypeError, ValueError):
        return fiscal.as_date(e.recorded_at).isoformat()
