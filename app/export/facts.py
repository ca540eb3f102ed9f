"""Facts that several documents read from an incident's entries (pure; effective view applied)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from app.model.entry import Entry, effective_entries

from .wareki import as_datetime, wareki_datetime, wareki_time

UNKNOWN_PARTY = "氏名不詳の方"


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


def addressee_label(party: dict | None) -> str:
    """宛名: 「𠮷田 太郎 殿」 or 「黒い帽子の男性の方」."""
    party = party or {}
    if party.get("name"):
        return f"{party['name']}　殿"
    desc = party.get("description") or ""
    if not desc:
        return UNKNOWN_PARTY
    return desc if desc.endswith("方") else f"{desc}の方"


def speaker_label(speaker: str | None, party: dict) -> str:
    if not speaker or speaker == "party":
        return "相手方"
    if speaker == "staff":
        return "職員"
    return speaker


@dataclass(frozen=True)
class Step:
    at: str
    label: str  # 中止要求 / 退去要求（1回目） / 退去命令 / 110番通報 / 応援要請 / 対応中止
    detail: str


def steps(entries: list[Entry]) -> list[Step]:
    """The steps taken, in order, with the n-th 退去要求 numbered."""
    out: list[Step] = []
    n_leave = 0
    for e in entries:
        p = e.payload
        if e.kind == "stop_request":
            out.append(Step(p.get("at", ""), "中止要求", f"「{p['phrase']}」" if p.get("phrase") else ""))
        elif e.kind == "leave_request":
            n_leave += 1
            out.append(Step(p.get("at", ""), f"退去要求（{n_leave}回目）", p.get("by", "")))
        elif e.kind == "eviction_order":
            out.append(Step(p.get("at", ""), "退去命令", p.get("by", "")))
        elif e.kind == "police_call":
            out.append(Step(p.get("at", ""), "110番通報", p.get("reason", "")))
        elif e.kind == "backup_call":
            out.append(Step(p.get("at", ""), "応援要請",
                            f"職員{p.get('staff_present', '?')}名、来庁者{p.get('residents', '?')}名"))
        elif e.kind == "response_stopped":
            out.append(Step(p.get("at", ""), "対応中止", p.get("reason", "")))
    return out


def leave_requests(entries: list[Entry]) -> list[tuple[int, str, str]]:
    """(n, at, by) for each 退去要求."""
    return [(i, e.payload.get("at", ""), e.payload.get("by", ""))
            for i, e in enumerate(of_kind(entries, "leave_request"), 1)]


def quotes(entries: list[Entry]) -> list[tuple[str, str, str]]:
    """(at, speaker label, text) of each verbatim quote, text exactly as recorded."""
    party = created(entries).get("party") or {}
    return [(e.payload.get("at", ""), speaker_label(e.payload.get("speaker"), party), e.payload.get("text", ""))
            for e in of_kind(entries, "quote")]


@dataclass(frozen=True)
class TimelineLine:
    at: str
    what: str  # 発言 / 中止要求 / …
    text: str


def timeline(entries: list[Entry]) -> list[TimelineLine]:
    """Everything that happened, in clock order: quotes verbatim (「…」), notes, steps."""
    party = created(entries).get("party") or {}
    lines: list[TimelineLine] = []
    step_iter = iter(steps(entries))
    step_kinds = {"stop_request", "leave_request", "eviction_order", "police_call", "backup_call",
                  "response_stopped"}
    c = created(entries)
    if c:
        lines.append(TimelineLine(c.get("occurred_at", ""), "発生", c.get("summary", "")))
    for e in entries:
        p = e.payload
        if e.kind == "quote":
            who = speaker_label(p.get("speaker"), party)
            lines.append(TimelineLine(p.get("at", ""), f"{who}の発言", f"「{p.get('text', '')}」"))
        elif e.kind == "note":
            lines.append(TimelineLine(p.get("at", "") or e.recorded_at, "記録", p.get("text", "")))
        elif e.kind in step_kinds:
            s = next(step_iter)
            lines.append(TimelineLine(s.at, s.label, s.detail))
        elif e.kind == "escalation":
            lines.append(TimelineLine(p.get("at", ""), f"エスカレーション（{p.get('level', '')}）",
                                      p.get("reason", "")))
        elif e.kind == "closed":
            lines.append(TimelineLine(p.get("at", ""), "対応終了", p.get("outcome", "")))
    # clock order of the events themselves (an entry may be written after the fact); stable otherwise
    return sorted(lines, key=lambda ln: as_datetime(ln.at).timestamp() if ln.at else float("inf"))


def timeline_text(entries: list[Entry]) -> str:
    """The time line as prose lines for 経緯・背景: 「10時05分　相手方の発言：「…」」."""
    out = []
    c = created(entries)
    if c:
        party = party_label(c.get("party"))
        out.append(f"{wareki_datetime(c['occurred_at'])}頃、{c.get('place', '')}において、"
                   f"相手方（{party}）から申出があった（手段：{c.get('channel', '')}）。")
        if c.get("demands"):
            out.append(f"要求内容：{c['demands']}")
    for line in timeline(entries):
        if line.what == "発生":
            continue
        when = wareki_time(line.at) if line.at else "（時刻不明）"
        out.append(f"{when}　{line.what}" + (f"：{line.text}" if line.text else ""))
    return "\n".join(out)


def at_text(at: str) -> str:
    return wareki_datetime(at) if at else "（日時不明）"


def minutes_between(start: str, end: str) -> int | None:
    if not start or not end:
        return None
    return int((as_datetime(end) - as_datetime(start)).total_seconds() // 60)


def end_time(entries: list[Entry]) -> str:
    closed = of_kind(entries, "closed")
    if closed and closed[-1].payload.get("at"):
        return closed[-1].payload["at"]
    stamps = [e.payload.get("at") for e in entries if e.payload.get("at")]
    return max(stamps, key=lambda s: as_datetime(s)) if stamps else ""
