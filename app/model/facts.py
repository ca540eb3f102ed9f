"""What an incident's log says, gathered once from its effective entries (no rules here)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Iterable

from .entry import Entry, effective_entries
from .manual import Edition


def parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class Facts:
    created: dict = field(default_factory=dict)
    channel: str | None = None
    behaviours: list[str] = field(default_factory=list)         # behaviour ids of the edition, in order seen
    unknown_behaviours: list[str] = field(default_factory=list)  # labels the edition does not know
    scenarios: list[str] = field(default_factory=list)          # scenario ids chosen explicitly
    first_seen: dict[str, int] = field(default_factory=dict)    # behaviour/scenario id -> entry index
    quotes: int = 0
    texts: list[str] = field(default_factory=list)              # summary, notes, free inputs (for nudges)
    stop_requests: int = 0
    leave_request_idx: list[int] = field(default_factory=list)
    police_idx: list[int] = field(default_factory=list)
    eviction_orders: int = 0
    staff_present: int | None = None
    residents: int | None = None
    judgement: dict | None = None
    judgement_idx: int | None = None
    statements: dict | None = None
    response_stopped: dict | None = None
    response_stopped_idx: int | None = None
    escalations: list[str] = field(default_factory=list)
    closed: dict | None = None
    steps_done: set[str] = field(default_factory=set)
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: list[dict] = field(default_factory=list)
    takedown_requests: int = 0
    disclosure_requests: int = 0
    care_referrals: int = 0
    committee_reports: int = 0
    call_ended: dict | None = None
    party_status: dict | None = None
    bans_decided: int = 0            # ban_decided entries (the one way to a new 出入禁止)
    started_at: datetime | None = None

    @property
    def leave_requests(self) -> int:
        return len(self.leave_request_idx)

    def police_called_after(self, index: int) -> bool:
        return any(i >= index for i in self.police_idx)

    def add_behaviour(self, edition: Edition, label_or_id: str, index: int) -> None:
        b = edition.behaviour(label_or_id)
        if b is None:
            if label_or_id not in self.unknown_behaviours:
                self.unknown_behaviours.append(label_or_id)
            return
        if b["id"] not in self.behaviours:
            self.behaviours.append(b["id"])
            self.first_seen.setdefault(b["id"], index)

    def add_scenario(self, edition: Edition, scenario_id: str, index: int) -> None:
        card = edition.scenario(scenario_id) or next(
            (c for c in edition["scenarios"] if c["title"] == scenario_id), None)
        if card and card["id"] not in self.scenarios:
            self.scenarios.append(card["id"])
            self.first_seen.setdefault("scenario:" + card["id"], index)


def collect(entries: Iterable[Entry], edition: Edition) -> Facts:
    entries = list(entries)
    f = Facts()
    for i, e in enumerate(effective_entries(entries)):
        fold(f, e, i, edition)
    return finish(f, status_closed(entries, f.closed), edition)


def status_closed(entries: list[Entry], folded: dict | None) -> dict | None:
    """Open or closed is the status register's value (closed / reopened by causality, not by clocks);
    ``folded`` (the last ``closed`` folded) when the incident has no status register."""
    from .conflicts import registers
    status = registers(entries).get("status")
    if status is None:
        return folded
    v = status.value
    return dict(v.payload) if v is not None and v.kind == "closed" else None


def fold(f: Facts, e: Entry, i: int, edition: Edition) -> None:
    """Fold the ``i``-th effective entry into ``f`` (in place). ``collect`` is this over every effective
    entry, then ``finish``; the store folds a newly appended fact into a kept ``f`` the same way."""
    p = e.payload
    k = e.kind
    if k == "incident_created":
        f.created = dict(p)
        f.channel = p.get("channel")
        f.started_at = parse_time(p.get("occurred_at"))
        for b in p.get("behaviours") or []:
            f.add_behaviour(edition, b, i)
        for s in p.get("scenarios") or []:
            f.add_scenario(edition, s, i)
        if p.get("staff"):
            f.staff_present = len(p["staff"])
        for key in ("summary", "demands"):
            if isinstance(p.get(key), str) and p[key]:
                f.texts.append(p[key])
    elif k == "behaviour_observed":
        if p.get("behaviour"):
            f.add_behaviour(edition, p["behaviour"], i)
        if p.get("scenario"):
            f.add_scenario(edition, p["scenario"], i)
    elif k == "quote":
        f.quotes += 1
    elif k == "note":
        if p.get("text"):
            f.texts.append(str(p["text"]))
    elif k == "stop_request":
        f.stop_requests += 1
    elif k == "leave_request":
        f.leave_request_idx.append(i)
    elif k == "police_call":
        f.police_idx.append(i)
    elif k == "eviction_order":
        f.eviction_orders += 1
    elif k in ("backup_call", "staff_joined"):
        if p.get("staff_present") is not None:
            f.staff_present = int(p["staff_present"])
        if p.get("residents") is not None:
            f.residents = int(p["residents"])
    elif k == "step_done":
        f.steps_done.add(p.get("step"))
    elif k == "step_input":
        f.inputs.setdefault(p.get("step"), {})[p.get("field")] = p.get("value")
        if p.get("field") in ("staff_present", "residents") and p.get("value") not in (None, ""):
            try:
                setattr(f, p["field"], int(p["value"]))
            except (TypeError, ValueError):
                pass
        elif isinstance(p.get("value"), str):
            f.texts.append(p["value"])
    elif k == "judgement":
        f.judgement, f.judgement_idx = dict(p), i
    elif k == "second_response_statements":
        f.statements = dict(p)
    elif k == "response_stopped":
        f.response_stopped, f.response_stopped_idx = dict(p), i
    elif k == "call_ended":
        f.call_ended = dict(p)
    elif k == "escalation":
        if p.get("level") not in f.escalations:
            f.escalations.append(p.get("level"))
    elif k == "closed":
        f.closed = dict(p)
    elif k == "attachment_added":
        f.attachments.append(dict(p))
    elif k == "takedown_request":
        f.takedown_requests += 1
    elif k == "disclosure_request":
        f.disclosure_requests += 1
    elif k == "care_referral":
        f.care_referrals += 1
    elif k == "committee_report":
        f.committee_reports += 1
    elif k == "party_status":
        f.party_status = dict(p)
    elif k == "ban_decided":
        f.bans_decided += 1


def finish(f: Facts, closed: dict | None, edition: Edition) -> Facts:
    """The facts as ``collect`` returns them: ``closed`` from the status register, and the scenarios implied
    by the behaviours seen. ``f`` (as folded) is left as it was, so more entries can be folded into it."""
    out = replace(f, closed=closed, scenarios=list(f.scenarios), first_seen=dict(f.first_seen))
    for b in out.behaviours:
        for s in edition.behaviour(b)["scenarios"]:
            if s not in out.scenarios:
                out.scenarios.append(s)
                out.first_seen.setdefault("scenario:" + s, out.first_seen[b])
    return out
