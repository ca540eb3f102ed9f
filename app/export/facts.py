"""Facts that several documents read from an incident's entries (pure; effective view applied).

The time order and the encounter's start and end come from one model function
(:func:`app.model.document_facts.encounter`); this module only words them for the documents.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from app.model import vocab
from app.model.document_facts import Encounter, encounter
from app.model.entry import Entry, effective_entries

from .wareki import as_datetime, wareki_datetime, wareki_time

UNKNOWN_PARTY = "氏名不詳の方"
STEP_KINDS = ("stop_request", "leave_request", "eviction_order", "police_call", "backup_call", "response_stopped")


def effective(entries: Iterable[Entry]) -> list[Entry]:
    return effective_entries(entries)


def of_kind(entries: list[Entry], kind: str) -> list[Entry]:
    return [e for e in entries if e.kind == kind]


def created(entries: list[Entry]) -> dict:
    found = of_kind(entries, "incident_created")
    return dict(found[0].payload) if found else {}


def party_label(party: dict | None) -> str:
    """The party's name as entered, else its description (「黒い帽子の男性」), else 氏名不詳の方."""
    party = party or {}
    name = party.get("name") or ""
    if name:
        return name
    desc = party.get("description") or ""
    return desc if desc else UNKNOWN_PARTY


def party_with_description(party: dict | None) -> str:
    """The name and, when both are known, the description: 「𠮷田 太郎（黒い帽子の男性）」."""
    party = party or {}
    name, desc = party.get("name") or "", party.get("description") or ""
    if name and desc:
        return f"{name}（{desc}）"
    return party_label(party)


def addressee_label(party: dict | None) -> str:
    """宛名: 「𠮷田 太郎 殿」 or 「黒い帽子の男性の方」."""
    party = party or {}
    if party.get("name"):
        return f"{party['name']}　殿"
    desc = party.get("description") or ""
    if not desc:
        return UNKNOWN_PARTY
    return desc if desc.endswith("方") else f"{desc}の方"


def speaker_label(speaker: str | None, party: dict | None = None) -> str:
    if not speaker or speaker == "party":
        return "相手方"
    if speaker == "staff":
        return "職員"
    return speaker


def behaviour_word(value: str) -> str:
    return vocab.behaviour_label(value) or value


@dataclass(frozen=True)
class Step:
    at: str
    label: str  # 中止要求 / 退去要求（1回目） / 退去命令 / 110番通報 / 応援要請 / 対応中止
    detail: str
    by: str = ""  # who did it (staff name): only for internal documents


def _step(ev, n_leave: int) -> Step:
    p, at = ev.payload, ev.at.isoformat()
    if ev.kind == "stop_request":
        return Step(at, "中止要求", f"「{p['phrase']}」" if p.get("phrase") else "")
    if ev.kind == "leave_request":
        return Step(at, f"退去要求（{n_leave}回目）", p.get("by", ""), p.get("by", ""))
    if ev.kind == "eviction_order":
        return Step(at, "退去命令", p.get("by", ""), p.get("by", ""))
    if ev.kind == "police_call":
        return Step(at, "110番通報", p.get("reason", ""))
    if ev.kind == "backup_call":
        return Step(at, "応援要請", f"職員{p.get('staff_present', '?')}名、来庁者{p.get('residents', '?')}名")
    return Step(at, "対応中止", p.get("reason", ""))


def steps_of(enc: Encounter, before=None) -> list[Step]:
    """The steps taken, in clock order, with the n-th 退去要求 numbered in that order."""
    out, n_leave = [], 0
    for ev in enc.of_kind(*STEP_KINDS, before=before):
        if ev.kind == "leave_request":
            n_leave += 1
        out.append(_step(ev, n_leave))
    return out


def steps(entries: list[Entry]) -> list[Step]:
    return steps_of(encounter(entries))


def leave_requests(entries: list[Entry], before=None) -> list[tuple[int, str, str]]:
    """(n, at, by) for each 退去要求, in clock order."""
    evs = encounter(entries).of_kind("leave_request", before=before)
    return [(i, ev.at.isoformat(), ev.payload.get("by", "")) for i, ev in enumerate(evs, 1)]


def quotes(entries: list[Entry]) -> list[tuple[str, str, str]]:
    """(at, speaker label, text) of each verbatim quote, in clock order, text exactly as recorded."""
    return [(ev.at.isoformat(), speaker_label(ev.payload.get("speaker")), ev.payload.get("text", ""))
            for ev in encounter(entries).of_kind("quote")]


@dataclass(frozen=True)
class TimelineLine:
    at: str
    what: str  # 発言 / 中止要求 / …
    text: str


def timeline_of(enc: Encounter, extra: Iterable[Entry] = ()) -> list[TimelineLine]:
    """Everything that happened, in clock order: quotes verbatim (「…」), notes, steps; ``extra`` entries
    (escalations) at their own time."""
    lines: list[TimelineLine] = []
    if enc.created:
        lines.append(TimelineLine(enc.created.get("occurred_at", ""), "発生", enc.created.get("summary", "")))
    n_leave = 0
    for ev in enc.events:
        p, at = ev.payload, ev.at.isoformat()
        if ev.kind == "quote":
            lines.append(TimelineLine(at, f"{speaker_label(p.get('speaker'))}の発言", f"「{p.get('text', '')}」"))
        elif ev.kind == "note":
            lines.append(TimelineLine(at, "記録", p.get("text", "")))
        elif ev.kind == "behaviour_observed":
            lines.append(TimelineLine(at, "迷惑行為", behaviour_word(p.get("behaviour", ""))))
        elif ev.kind in STEP_KINDS:
            n_leave += ev.kind == "leave_request"
            s = _step(ev, n_leave)
            lines.append(TimelineLine(s.at, s.label, s.detail))
        elif ev.kind == "closed":
            lines.append(TimelineLine(at, "対応終了", p.get("outcome", "")))
    for e in extra:
        if e.kind == "escalation":
            lines.append(TimelineLine(e.payload.get("at", ""), f"エスカレーション（{e.payload.get('level', '')}）",
                                      e.payload.get("reason", "")))
    return sorted(lines, key=lambda ln: as_datetime(ln.at).timestamp() if ln.at else float("inf"))


def timeline(entries: list[Entry]) -> list[TimelineLine]:
    es = effective(entries)
    return timeline_of(encounter(es), of_kind(es, "escalation"))


def when_text(at: str, start: str | None) -> str:
    """「10時05分」 on the encounter's first day, 「6月11日 9時05分」 on a later day."""
    if not at:
        return "（時刻不明）"
    t = as_datetime(at)
    if start and as_datetime(start).date() != t.date():
        return f"{t.month}月{t.day}日 {wareki_time(t)}"
    return wareki_time(t)


def timeline_text(entries: list[Entry]) -> str:
    """The time line as prose lines for 経緯・背景: 「10時05分　相手方の発言：「…」」 (dates after midnight)."""
    out = []
    c = created(effective(entries))
    start = c.get("occurred_at", "")
    if c:
        party = party_label(c.get("party"))
        place = c.get("place", "")
        where = f"{place}において、" if place else ""
        out.append(f"{at_text(start)}頃、{where}相手方（{party}）から申出があった（手段：{c.get('channel', '')}）。")
        if c.get("demands"):
            out.append(f"要求内容：{c['demands']}")
    seen_police = False
    for line in timeline(entries):
        if line.what == "発生":
            continue
        if line.what == "110番通報":  # one line for the call however often it was pressed
            if seen_police:
                continue
            seen_police = True
        out.append(f"{when_text(line.at, start)}　{line.what}" + (f"：{line.text}" if line.text else ""))
    return "\n".join(out)


def at_text(at: str) -> str:
    return wareki_datetime(at) if at else "（日時不明）"


def minutes_between(start: str, end: str) -> int | None:
    if not start or not end:
        return None
    return int((as_datetime(end) - as_datetime(start)).total_seconds() // 60)


def end_time(entries: list[Entry]) -> str:
    """The end of the encounter (not of the incident's last entry)."""
    end = encounter(entries).end
    return end.isoformat() if end else ""
