"""法律相談, tracked (issue 16 §6): 依頼書発行 → 調整済み → 実施 → 報告書提出, per incident.

A consultation opens with an issued 法律相談依頼書 (``document_issued``, doc_kind legal-request) and moves by
``legal_stage`` entries, one stage at a time and in order; 報告書提出 needs an issued 法律相談報告書 after the
依頼書. A later 依頼書 opens a new consultation. Pure: ``today`` is passed in."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from app.model.entry import effective_entries, sort_key

REQUESTED = "依頼書発行"
STAGES = ("調整済み", "実施", "報告書提出")
ORDER = (REQUESTED,) + STAGES
KIND = "legal_stage"


@dataclass
class Consultation:
    incident_id: str
    request_number: str
    requested_on: str          # the 依頼書's date (YYYY-MM-DD)
    stage: str = REQUESTED
    since: str = ""            # the date of the last step
    lawyer: str = ""
    contact: str = ""
    report_number: str = ""
    steps: list[dict] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.stage != STAGES[-1]

    @property
    def next_stage(self) -> str:
        return ORDER[ORDER.index(self.stage) + 1] if self.open else ""

    def days_waited(self, today: str) -> int:
        """Days since the last step (the 依頼書 when none)."""
        return _days(self.since or self.requested_on, today)

    def to_dict(self, today: str | None = None) -> dict:
        d = dict(asdict(self), open=self.open, next_stage=self.next_stage)
        if today is not None:
            d["days_waited"] = self.days_waited(today)
            d["days_since_request"] = _days(self.requested_on, today)
        return d


def _days(since: str, today: str) -> int:
    return (dt.date.fromisoformat(today) - dt.date.fromisoformat(since[:10])).days if since else 0


def _is_doc(e, doc_kind: str) -> bool:
    return e.kind == "document_issued" and isinstance(e.payload, dict) and e.payload.get("doc_kind") == doc_kind


def consultations(entries) -> list[Consultation]:
    """Every consultation of an incident, oldest first (corrections applied)."""
    out: list[Consultation] = []
    for e in effective_entries(entries):
        p = e.payload if isinstance(e.payload, dict) else {}
        if _is_doc(e, "legal-request"):
            day = str(p.get("at") or e.recorded_at or "")[:10]
            out.append(Consultation(e.incident_id, p.get("number", ""), day, since=day))
        elif out and _is_doc(e, "legal-report") and not out[-1].report_number:
            out[-1].report_number = p.get("number", "")
        elif out and e.kind == KIND and p.get("stage") in STAGES:
            c = out[-1]
            c.stage, c.since = p["stage"], p.get("date", "")
            c.lawyer, c.contact = p.get("lawyer") or c.lawyer, p.get("contact") or c.contact
            c.steps.append({"entry_id": e.id, "stage": p["stage"], "date": p.get("date", ""),
                            "lawyer": p.get("lawyer", ""), "contact": p.get("contact", ""),
                            "note": p.get("note", ""), "author": e.author})
    return out


def state(entries) -> Consultation | None:
    """The incident's latest consultation, or None (no 依頼書 issued)."""
    found = consultations(entries)
    return found[-1] if found else None


def legal_queue(incidents, today: str) -> list[Consultation]:
    """Open consultations of ``incidents`` ((incident id, entries) pairs), the longest waiting first."""
    out = [c for _iid, entries in incidents for c in consultations(entries) if c.open]
    return sorted(out, key=lambda c: (-c.days_waited(today), c.incident_id))


def stage_rule(payload: dict, ctx) -> list[str]:
    """A stage needs an issued 依頼書, comes next in order, is not dated before the step before it;
    調整済み names the lawyer and the 文書係 contact; 報告書提出 needs the issued 報告書."""
    entries = ctx.entries
    if ctx.target is not None:  # a correction: judged against what came before the corrected step
        entries = [e for e in entries if sort_key(e) < sort_key(ctx.target)]
    c = state(entries)
    if c is None:
        return ["法律相談依頼書が発行されていないため、法律相談の進行を記録できません。先に依頼書を発行してください。"]
    stage = payload.get("stage")
    if not c.open:
        return ["この法律相談は報告書提出まで済んでいます。新しい相談は依頼書の発行から始めてください。"]
    if stage != c.next_stage:
        return [f"法律相談の進行は{'→'.join(ORDER)}の順に記録します。今は「{c.stage}」なので、次は「{c.next_stage}」です。"]
    out = []
    prev = (c.since or c.requested_on)[:10]
    if str(payload.get("date") or "") < prev:
        out.append(f"日付は前の段階（{c.stage}：{prev}）より前にはできません。")
    if stage == STAGES[0] and not (str(payload.get("lawyer") or "").strip() and str(payload.get("contact") or "").strip()):
        out.append("調整済みには、弁護士と総務課文書係の担当を入力してください。")
    if stage == STAGES[-1] and not c.report_number:
        out.append("法律相談報告書が発行されていません。報告書を発行してから「報告書提出」を記録してください。")
    return out
