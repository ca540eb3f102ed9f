"""Counts of the employer's duties for the 推進委員会報告 (issue 16): 相談, 配慮措置, 法律相談, 出入禁止.

Pure (no store, no clock): the callers pass what the reader may see and ``today``. Only numbers leave here,
never a name, a text or an id.

- 相談 and 配慮措置 are sealed to their readers. They are counted from the records the report's author can
  open (``Service.consultations()`` / ``Service.visible``), never from the sealed envelopes: the 窓口 and
  the 判断 are inside the seal, and counting envelopes by their existence would tell a 課長 that someone of
  his 課 consulted 人事課 without agreeing that the 課 be told, which the seal is there to withhold.
  人事課 reads every one, so its report is complete; a 課長's counts only those he may read, and the report
  says so (``scope``).
- 法律相談 and 出入禁止 are not sealed: they are counted ward-wide like the case totals (``stats.view``).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from app.model import bans as ban_model
from app.model import legal_track, measures
from app.model.kinds_consult import HARASSMENT_ANSWERS, WINDOWS

ALL, READABLE = "all", "readable"  # whose records were counted: every one, or those the author may read
MEASURE_ORDER = measures.OPTIONS
BAN_ORDER = (ban_model.PENDING, ban_model.NOT_STARTED, ban_model.ACTIVE, ban_model.LAPSED, ban_model.EXPIRED,
             ban_model.REJECTED)


def in_period(day: str, date_from: str | None, date_to: str | None) -> bool:
    d = str(day or "")[:10]
    if not d:
        return False
    return (not date_from or d >= str(date_from)[:10]) and (not date_to or d <= str(date_to)[:10])


def ordered(counter: Counter, order) -> list[tuple[str, int]]:
    """``order``'s keys first (zeros included), then any other key by count."""
    rest = sorted(((k, v) for k, v in counter.items() if k not in order), key=lambda kv: (-kv[1], kv[0]))
    return [(k, counter.get(k, 0)) for k in order] + rest


@dataclass
class ConsultCounts:
    scope: str = ALL
    total: int = 0
    by_window: Counter = field(default_factory=Counter)
    by_answer: Counter = field(default_factory=Counter)
    to_incident: int = 0

    def windows(self) -> list[tuple[str, int]]:
        return ordered(self.by_window, WINDOWS)

    def answers(self) -> list[tuple[str, int]]:
        return ordered(self.by_answer, HARASSMENT_ANSWERS)


def consult_counts(consultations: list[dict], date_from, date_to, scope: str) -> ConsultCounts:
    """``consultations``: as ``Service.consultations()`` returns them (opened, with their 経過)."""
    c = ConsultCounts(scope=scope)
    for x in consultations:
        if not in_period(x.get("at") or x.get("recorded_at"), date_from, date_to):
            continue
        c.total += 1
        c.by_window[x.get("window") or "不明"] += 1
        c.by_answer[x.get("is_harassment") or "不明"] += 1
        if x.get("incident_id") or any(f.get("incident_id") for f in x.get("followups", ())):
            c.to_incident += 1
    return c


@dataclass
class MeasureCounts:
    scope: str = ALL
    total: int = 0
    by_type: Counter = field(default_factory=Counter)
    done: int = 0
    overdue: int = 0      # not done, the 経過確認日 passed
    waiting: int = 0      # not done, the 経過確認日 still ahead (today included)

    def types(self) -> list[tuple[str, int]]:
        return ordered(self.by_type, MEASURE_ORDER)


def measure_counts(found: list[measures.Measure], date_from, date_to, today: str, scope: str) -> MeasureCounts:
    """``found``: the 配慮措置 the author may read (app/model/measures.measures of visible entries)."""
    c = MeasureCounts(scope=scope)
    for m in found:
        if not in_period(m.at, date_from, date_to):
            continue
        c.total += 1
        c.by_type[m.measure or "その他"] += 1
        if m.done:
            c.done += 1
        elif m.due and m.due < today:
            c.overdue += 1
        else:
            c.waiting += 1
    return c


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


@dataclass
class LegalCounts:
    total: int = 0
    by_stage: Counter = field(default_factory=Counter)
    open: int = 0
    closed: int = 0
    mean_days_open: float | None = None     # open ones: days since the 依頼書, as of today
    mean_days_closed: float | None = None   # closed ones: days from the 依頼書 to 報告書提出

    def stages(self) -> list[tuple[str, int]]:
        return ordered(self.by_stage, legal_track.ORDER)


def legal_counts(per_incident: list[list], date_from, date_to, today: str) -> LegalCounts:
    """``per_incident``: the entries of each incident with a 依頼書; consultations requested in the period."""
    c, waiting, took = LegalCounts(), [], []
    for entries in per_incident:
        for x in legal_track.consultations(entries):
            if not in_period(x.requested_on, date_from, date_to):
                continue
            c.total += 1
            c.by_stage[x.stage] += 1
            if x.open:
                c.open += 1
                waiting.append(_days(x.requested_on, today))
            else:
                c.closed += 1
                took.append(_days(x.requested_on, x.since or x.requested_on))
    c.mean_days_open, c.mean_days_closed = _mean(waiting), _mean(took)
    return c


@dataclass
class BanCounts:
    decided: int = 0                 # decided in the period
    by_state: Counter = field(default_factory=Counter)  # of those, their state today
    in_force: int = 0                # in force today, whenever decided
    renewed: int = 0                 # approved renewals of those decided in the period

    def states(self) -> list[tuple[str, int]]:
        return ordered(self.by_state, BAN_ORDER)


def ban_counts(per_incident: list[list], date_from, date_to, today: str) -> BanCounts:
    """``per_incident``: the entries of each incident with a 出入禁止 decision."""
    c = BanCounts()
    for entries in per_incident:
        decided_at = {e.id: (e.payload.get("at") if isinstance(e.payload, dict) else "") or e.recorded_at
                      for e in entries if e.kind == "ban_decided"}
        for b in ban_model.bans_of(entries, today):
            if b.active:
                c.in_force += 1
            if not in_period(decided_at.get(b.decision_id, ""), date_from, date_to):
                continue
            c.decided += 1
            c.by_state[b.state] += 1
            c.renewed += sum(1 for r in b.renewals if r["state"] == "承認")
    return c
