"""Care follow-up (職員のメンタルケア): a referral to the 職員保健室 as a task with a due date.

Visible only to the staff member it concerns, their 課長 and 人事課: the one rule is
app/model/access.may_see_care, applied by ``Service.entries`` (corrections of care records included).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.model import kinds
from app.model.entry import effective_entries

CARE_KINDS = kinds.private_kinds()


@dataclass
class CareTask:
    entry_id: str
    staff: str
    due: str
    note: str
    referred_by: str
    done: bool = False
    done_at: str = ""

    def reminder(self, today: str) -> str:
        """"" / "期限まで3日" / "期限切れ" — for the reminder shown to those who may see it."""
        if self.done or not self.due:
            return ""
        if self.due < today:
            return "期限切れ"
        days = (dt.date.fromisoformat(self.due) - dt.date.fromisoformat(today)).days
        return "本日が期限" if days == 0 else (f"期限まで{days}日" if days <= 7 else "")


def tasks(entries) -> list[CareTask]:
    out: dict[str, CareTask] = {}
    for e in effective_entries(entries):
        p = e.payload
        if e.kind == "care_referral":
            out[e.id] = CareTask(e.id, p.get("staff", ""), p.get("due", ""), p.get("note", ""), e.author)
        elif e.kind == "care_followup" and p.get("referral") in out:
            t = out[p["referral"]]
            t.done = bool(p.get("done"))
            t.done_at = p.get("at", "")
    return list(out.values())


def refer(service, incident_id: str, staff: str, due: str, note: str = ""):
    """A referral with its follow-up date; the registry checks the fields (app/model/kinds.py)."""
    return service.append(incident_id, "care_referral", {"staff": staff, "due": due, "note": note})


def mark_done(service, incident_id: str, referral_id: str, at: str, note: str = ""):
    return service.append(incident_id, "care_followup", {"referral": referral_id, "at": at, "done": True,
                                                         "note": note})
