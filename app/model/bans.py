"""The state of each 出入禁止 from an incident's entries and ``today`` (pure; no store, no clock).

A ban (``ban_decided``) is 承認待ち until the 部長 answers, 差戻し when sent back; once approved it is
開始前 before its start date, 有効 from it, 期間満了 after its end date and 失効 after its review date
(the review date itself still 有効) unless a renewal (``ban_renewed``) approved by the 部長 moved the end
and review dates. A renewal not yet approved is shown as pending and changes nothing.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from app.model.entry import Entry, effective_entries
from app.model.kinds_bans import APPROVED, DECIDED, RENEWED

PENDING, REJECTED, NOT_STARTED, ACTIVE, EXPIRED, LAPSED = "承認待ち", "差戻し", "開始前", "有効", "期間満了", "失効"
STATES = (PENDING, REJECTED, NOT_STARTED, ACTIVE, EXPIRED, LAPSED)


@dataclass
class Ban:
    decision_id: str
    incident_id: str
    state: str
    reason: str
    start_date: str
    end_date: str          # in force: the last approved renewal's, else the decision's
    review_date: str
    scope: str = ""
    decided_by: str = ""
    approved_by: str = ""
    renewals: list[dict] = field(default_factory=list)  # {"id", "end_date", "review_date", "reason", "state"}
    renewal_pending: bool = False

    @property
    def active(self) -> bool:
        return self.state == ACTIVE

    def to_dict(self) -> dict:
        return asdict(self)


def _answer(entries: list[Entry], target_id: str) -> Entry | None:
    return next((e for e in entries if e.kind == APPROVED and e.payload.get("decision_id") == target_id), None)


def bans_of(entries: list[Entry], today: str) -> list[Ban]:
    """Every ban of one incident, oldest first, with its state on ``today`` (YYYY-MM-DD)."""
    effective = effective_entries(entries)
    out = []
    for d in (e for e in effective if e.kind == DECIDED):
        p = d.payload
        answer = _answer(effective, d.id)
        ban = Ban(d.id, d.incident_id, PENDING, p.get("reason", ""), p.get("start_date", ""), p.get("end_date", ""),
                  p.get("review_date", ""), p.get("scope", ""), d.author)
        if answer is not None:
            ban.approved_by = answer.author
        for r in (e for e in effective if e.kind == RENEWED and e.payload.get("decision_id") == d.id):
            ra = _answer(effective, r.id)
            state = PENDING if ra is None else ra.payload.get("decision", "")
            ban.renewals.append({"id": r.id, "end_date": r.payload.get("end_date", ""),
                                 "review_date": r.payload.get("review_date", ""), "reason": r.payload.get("reason", ""),
                                 "state": state})
            if state == "承認":
                ban.end_date, ban.review_date = r.payload.get("end_date", ""), r.payload.get("review_date", "")
            ban.renewal_pending = ban.renewal_pending or state == PENDING
        ban.state = state_on(answer.payload.get("decision") if answer else None, ban, today)
        out.append(ban)
    return out


def state_on(decision: str | None, ban: Ban, today: str) -> str:
    if decision is None:
        return PENDING
    if decision != "承認":
        return REJECTED
    if today < ban.start_date:
        return NOT_STARTED
    if today > ban.end_date:
        return EXPIRED
    if today > ban.review_date:
        return LAPSED
    return ACTIVE


def active_bans(incidents: dict[str, list[Entry]], today: str) -> list[Ban]:
    """The bans in force on ``today`` across incidents (e.g. all of one party's), by start date."""
    found = [b for entries in incidents.values() for b in bans_of(entries, today) if b.active]
    return sorted(found, key=lambda b: (b.start_date, b.decision_id))


def find(entries: list[Entry], decision_id: str, today: str) -> Ban | None:
    return next((b for b in bans_of(entries, today) if b.decision_id == decision_id), None)
