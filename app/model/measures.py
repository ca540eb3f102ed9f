"""配慮措置 (issue 16 §2): what was done for an affected worker and when its effect is checked next.

Pure: the entries given are already opened for the reader (``Service.visible``); a record this person may
not read comes as ``{"restricted": true}`` and is left out. ``today`` is always passed in."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from app.model.entry import effective_entries

OPTIONS = ("対応者の交代", "複数対応", "担当業務・配置の変更", "休暇", "職員保健室への連絡", "その他")
TAKEN, FOLLOWUP = "measure_taken", "measure_followup"


@dataclass
class Measure:
    entry_id: str
    incident_id: str
    staff: str
    measure: str
    detail: str
    followup: str          # the first 経過確認日
    due: str               # the next 経過確認日 now (the last follow-up's, else the first)
    done: bool = False
    author: str = ""
    at: str = ""
    followups: list[dict] = field(default_factory=list)

    def days_overdue(self, today: str) -> int:
        return (dt.date.fromisoformat(today) - dt.date.fromisoformat(self.due)).days

    def to_dict(self, today: str | None = None) -> dict:
        d = asdict(self)
        if today is not None and self.due:
            d["days_overdue"] = self.days_overdue(today)
        return d


def _readable(payload) -> bool:
    return isinstance(payload, dict) and not payload.get("restricted") and "sealed" not in payload


def measures(entries) -> list[Measure]:
    """Every 配慮措置 readable in ``entries`` (one incident or several), with its follow-ups applied in order."""
    out: dict[str, Measure] = {}
    for e in effective_entries(entries):
        p = e.payload
        if not _readable(p):
            continue
        if e.kind == TAKEN:
            out[e.id] = Measure(e.id, e.incident_id, p.get("staff", ""), p.get("measure", ""), p.get("detail", ""),
                                p.get("followup", ""), p.get("followup", ""), author=e.author, at=p.get("at", ""))
        elif e.kind == FOLLOWUP and p.get("measure_id") in out:
            m = out[p["measure_id"]]
            m.done = bool(p.get("done"))
            if p.get("next_followup"):
                m.due = p["next_followup"]
            m.followups.append({"entry_id": e.id, "done": m.done, "next_followup": p.get("next_followup", ""),
                                "note": p.get("note", ""), "at": p.get("at", ""), "author": e.author})
    return list(out.values())


def measures_due(entries, today: str) -> list[Measure]:
    """Follow-ups due on or before ``today`` and not done, the longest overdue first."""
    due = [m for m in measures(entries) if not m.done and m.due and m.due <= today]
    return sorted(due, key=lambda m: (m.due, m.at, m.entry_id))


def followup_rule(payload: dict, ctx) -> list[str]:
    """A follow-up names a 配慮措置 of this incident; one not done says when to check next."""
    out = []
    if not any(e.id == payload.get("measure_id") and e.kind == TAKEN for e in ctx.entries):
        out.append("経過を記録する配慮措置がこの事案にありません。")
    if not payload.get("done") and not payload.get("next_followup"):
        out.append("完了していない配慮措置には、次の経過確認日を入力してください。")
    return out
