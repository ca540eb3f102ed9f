"""Retention classes (issue 17 §1): how long each kind of record is kept, from when, and its disposal date.

One table, ``CLASSES``; the ``retention_years`` setting (app/model/settings.py) derives its default from it
and may change the years per class. A period runs, as public records' periods do, from 1 April of the 年度
after the one in which the record was completed (翌年度の4月1日起算): an incident closed on 2025-06-10
(2025年度) with 3 years is kept until 2029-03-31 and may be disposed of from 2029-04-01. An open incident, and
a 出入禁止 without an end, have no disposal date.

The default years are provisional: the ward's 文書保存年限設定基準 is not part of this repository, so
総務課文書係 must confirm them (docs/privacy.md says so); a deployment sets them in ``retention_years``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from app.model import fiscal
from app.model.conflicts import registers
from app.model.entry import Entry, effective_entries

CLOSING, BAN_END, RECORDED = "closing", "ban_end", "recorded"
START_LABELS = {CLOSING: "対応終了", BAN_END: "出入禁止の終了", RECORDED: "記録"}


@dataclass(frozen=True)
class RetentionClass:
    id: str
    label: str
    years: int          # the default; the setting retention_years overrides it
    start: str          # CLOSING, BAN_END or RECORDED: the event that completes the record
    covers: str


CLASSES: tuple[RetentionClass, ...] = (
    RetentionClass("incident", "対応記録（カスハラに該当しない・判断なし）", 3, CLOSING,
                   "an incident without a 該当 judgement, with its documents and evidence"),
    RetentionClass("incident_harassment", "対応記録（カスハラに該当）", 5, CLOSING,
                   "an incident judged 該当, with its documents and evidence"),
    RetentionClass("incident_ban", "対応記録（出入禁止を含む）", 5, BAN_END,
                   "an incident that recorded a 出入禁止: kept from the end of the ban"),
    RetentionClass("care", "心身のケアの記録", 5, CLOSING,
                   "a 職員保健室 referral and its follow-ups (restricted records inside an incident)"),
    RetentionClass("audit", "操作の記録（監査）", 5, RECORDED, "the audit trail, per 年度 of recording"),
)
BY_ID = {c.id: c for c in CLASSES}
DEFAULT_YEARS = {c.id: c.years for c in CLASSES}
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


def _ban_end(entries: list[Entry]) -> tuple[bool, str]:
    """(the incident recorded a 出入禁止, the day it ended: its ``until``, or the later status that replaced
    it; "" while it runs without end)."""
    banned, end = False, ""
    for e in entries:
        if e.kind != "party_status":
            continue
        if e.payload.get("status") == "出入禁止":
            banned, end = True, str(e.payload.get("until") or "")
        elif banned and not end:
            end = _day(e)
    from app.model import bans  # a ban of the life cycle: approved, it ends at its (last renewed) end date
    approved = [b.end_date for b in bans.bans_of(entries, "9999-12-31") if b.state == bans.EXPIRED]
    if approved:
        running = banned and not end
        banned, end = True, "" if running else max([end, *approved])
    return banned, end


def of_incident(incident_id: str, stored: Iterable[Entry], settings=None) -> list[Item]:
    """The retention items of one incident: the incident itself and each care referral in it."""
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
        if e.kind == "care_referral":
            items.append(_item(incident_id, "care", e.id, completed, settings))
    return items


def _item(incident_id: str, class_id: str, record_id: str, completed: str, settings) -> Item:
    years = years_of(class_id, settings)
    return Item(incident_id, class_id, record_id, completed, years,
                disposal_date(completed, years).isoformat() if completed else "")
