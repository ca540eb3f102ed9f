"""本人開示・訂正の請求 (issue 17 §3): the 30-day clock and the state of each request, from the register.

個人情報保護法: a decision within 30 days of the request (counted from the day after it arrived), which
the 課 may extend once by up to 30 more days, giving the reason. The two numbers live here, once. A
訂正請求 runs on the same clock. ``today`` is always passed in (never read here).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass

from app.model.entry import Entry, effective_entries

DECISION_DAYS = 30       # 開示決定等の期限: 請求があった日から30日以内
EXTENSION_MAX_DAYS = 30  # 正当な理由があるときは、30日以内に限り延長できる

RECEIVED = "受付"
EXTENDED = "延長"
DECIDED = "決定済み"
OVERDUE = "期限超過"

#: the kind that opens a request -> the kind that decides it
DECIDED_BY: dict[str, str] = {"disclosure_received": "disclosure_decided", "correction_received": "correction_decided"}
REQUEST_LABELS = {"disclosure_received": "開示請求", "correction_received": "訂正請求"}
EXTENSION = "disclosure_extended"


def base_due(received_on: str) -> _dt.date:
    """The first 期限: 30 days after the day the request arrived."""
    return _dt.date.fromisoformat(received_on) + _dt.timedelta(days=DECISION_DAYS)


def latest_extension(received_on: str) -> _dt.date:
    """The furthest an extension may move the 期限."""
    return base_due(received_on) + _dt.timedelta(days=EXTENSION_MAX_DAYS)


@dataclass(frozen=True)
class RequestState:
    id: str
    kind: str          # disclosure_received | correction_received
    label: str         # 開示請求 | 訂正請求
    requester: str     # exactly as received
    received_on: str
    due: str           # the 期限 now in force (extended or not)
    state: str         # 受付 | 延長 | 決定済み | 期限超過
    days_left: int | None  # days from today to the 期限 (negative: overdue); None once decided
    extension_reason: str = ""
    decision: str = ""
    decided_on: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def request_entry(entries: list[Entry], request_id: str) -> Entry | None:
    """The request (開示請求 or 訂正請求) with this id, corrections applied."""
    return next((e for e in effective_entries(entries) if e.id == request_id and e.kind in DECIDED_BY), None)


def of_request(entries: list[Entry], request_id: str, kind: str) -> list[Entry]:
    """The entries of ``kind`` (an extension, a decision) that answer the request."""
    return [e for e in effective_entries(entries) if e.kind == kind and e.payload.get("request") == request_id]


def state_of(request: Entry, entries: list[Entry], today: _dt.date | str) -> RequestState:
    today = _dt.date.fromisoformat(today) if isinstance(today, str) else today
    p = request.payload
    due = base_due(p["received_on"])
    extensions = of_request(entries, request.id, EXTENSION)
    reason = ""
    if extensions:
        due = _dt.date.fromisoformat(extensions[-1].payload["due"])
        reason = extensions[-1].payload.get("reason", "")
    decisions = of_request(entries, request.id, DECIDED_BY[request.kind])
    if decisions:
        d = decisions[-1].payload
        state, left = DECIDED, None
        decision, decided_on = d.get("decision", ""), d.get("decided_on", "") or str(d.get("at", ""))[:10]
    else:
        left = (due - today).days
        state = OVERDUE if left < 0 else (EXTENDED if extensions else RECEIVED)
        decision = decided_on = ""
    return RequestState(request.id, request.kind, REQUEST_LABELS[request.kind], p.get("requester", ""),
                        p["received_on"], due.isoformat(), state, left, reason, decision, decided_on)


def states(entries: list[Entry], today: _dt.date | str) -> list[RequestState]:
    """Every request of the register with its state on ``today``, the nearest 期限 first, decided ones last."""
    out = [state_of(e, entries, today) for e in effective_entries(entries) if e.kind in DECIDED_BY]
    return sorted(out, key=lambda s: (s.state == DECIDED, s.due, s.received_on, s.id))
