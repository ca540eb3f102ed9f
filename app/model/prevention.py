"""The state of 再発防止 items (pure; ``today`` is always passed in).

An item is 未着手 until a progress names it; then its latest progress (in register order, corrections
applied) is its state: 対応中 or 完了. It is overdue when its 期限 is before today and it is not 完了.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from app.model import fiscal
from app.model.entry import Entry, effective_entries, sort_key

NOT_STARTED, IN_PROGRESS, DONE = "未着手", "対応中", "完了"
STATES = (NOT_STARTED, IN_PROGRESS, DONE)


@dataclass
class PreventionItem:
    id: str
    what: str
    owner: str
    due: str
    incidents: list[str] = field(default_factory=list)
    review_note: str = ""
    at: str = ""
    author: str = ""
    state: str = NOT_STARTED
    overdue: bool = False
    done_on: str = ""        # the 完了 progress's date (its at, else when it was recorded)
    history: list[dict] = field(default_factory=list)  # progress in order: status, note, at

    def to_dict(self) -> dict:
        return {"id": self.id, "what": self.what, "owner": self.owner, "due": self.due,
                "incidents": list(self.incidents), "review_note": self.review_note, "at": self.at,
                "state": self.state, "overdue": self.overdue, "done_on": self.done_on,
                "history": [dict(h) for h in self.history]}


def _day(value) -> _dt.date | None:
    try:
        return fiscal.as_date(value)
    except (TypeError, ValueError):
        return None


def items(entries: list[Entry], today) -> list[PreventionItem]:
    """Every item of the register with its state as of ``today`` (a date or ISO text), by 期限."""
    today = fiscal.as_date(today)
    out: dict[str, PreventionItem] = {}
    for e in sorted(effective_entries(list(entries)), key=sort_key):
        p = e.payload
        if e.kind == "prevention_item":
            out[e.id] = PreventionItem(e.id, p.get("what", ""), p.get("owner", ""), p.get("due", ""),
                                       list(p.get("incidents") or []), p.get("review_note", "") or "",
                                       p.get("at", "") or e.recorded_at, e.author)
        elif e.kind == "prevention_progress" and p.get("item") in out:
            it = out[p["item"]]
            when = p.get("at") or e.recorded_at
            it.state = p.get("status", it.state)
            it.history.append({"status": it.state, "note": p.get("note", "") or "", "at": when})
            it.done_on = str(when)[:10] if it.state == DONE else ""
    for it in out.values():
        due = _day(it.due)
        it.overdue = it.state != DONE and due is not None and due < today
    return sorted(out.values(), key=lambda i: (i.due, i.at, i.id))


def in_period(item: PreventionItem, date_from: str | None, date_to: str | None) -> bool:
    """For a report of [date_from, date_to]: registered by its end, and not finished before its start."""
    start = str(item.at)[:10]
    if date_to and start and start > str(date_to)[:10]:
        return False
    if date_from and item.state == DONE and item.done_on and item.done_on < str(date_from)[:10]:
        return False
    return True


def counts(found: list[PreventionItem]) -> dict[str, int]:
    """How many items are in each state, and how many are overdue."""
    out = {s: sum(1 for i in found if i.state == s) for s in STATES}
    out["期限超過"] = sum(1 for i in found if i.overdue)
    return out
