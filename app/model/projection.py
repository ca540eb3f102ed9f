"""The current state of an incident, derived from its entries (never stored as truth)."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model import conflicts, kinds
from app.model.entry import Entry, effective_entries, sort_key


@dataclass
class IncidentState:
    id: str
    occurred_at: str = ""
    channel: str = ""
    place: str = ""
    summary: str = ""
    demands: str = ""
    party: dict = field(default_factory=dict)
    staff: list = field(default_factory=list)
    behaviours: list = field(default_factory=list)
    department: str = ""
    manual_edition: str = ""
    created_by: str = ""
    quotes: list = field(default_factory=list)
    stop_requests: list = field(default_factory=list)
    leave_requests: list = field(default_factory=list)
    backup_calls: list = field(default_factory=list)
    police_calls: list = field(default_factory=list)
    eviction_orders: list = field(default_factory=list)
    judgement: dict | None = None
    escalations: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    closed: dict | None = None
    entry_count: int = 0
    corrections: int = 0
    needs_review: bool = False
    """要確認: a single-valued field has concurrent values (see app/model/conflicts.py)."""
    conflicts: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return "closed" if self.closed else "open"

    @property
    def party_label(self) -> str:
        return self.party.get("name") or self.party.get("description") or ""


_LISTS = kinds.listed()  # kind -> IncidentState list, from the registry
_CREATED_FIELDS = ("occurred_at", "channel", "place", "summary", "demands", "department", "manual_edition")


def project(incident_id: str, entries: list[Entry]) -> IncidentState:
    state = IncidentState(id=incident_id)
    state.entry_count = len(entries)
    state.corrections = sum(1 for e in entries if e.kind == "correction")
    for e in effective_entries(entries):
        p = e.payload
        if e.kind == "incident_created":
            for f in _CREATED_FIELDS:
                setattr(state, f, p.get(f) or "")
            state.party = dict(p.get("party") or {})
            state.staff = list(p.get("staff") or [])
            state.behaviours = list(p.get("behaviours") or [])
            state.created_by = e.author
        elif e.kind in _LISTS:
            item = dict(p, entry_id=e.id, author=e.author)
            getattr(state, _LISTS[e.kind]).append(item)
    for name, reg in conflicts.registers(entries).items():
        v = reg.value
        value = dict(v.payload, entry_id=v.id, author=v.author) if v is not None and v.kind != "reopened" else None
        if value is not None:
            value.pop("seen", None)
        if name == "status":
            state.closed = value
        elif name == "judgement":
            state.judgement = value
        if reg.conflict:
            state.needs_review = True
            state.conflicts.append({"field": name, "entries": reg.conflict_ids})
    for n, item in enumerate(state.leave_requests, start=1):
        item["n"] = n
    return state


def ordered(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=sort_key)
