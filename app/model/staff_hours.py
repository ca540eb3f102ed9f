"""延べ対応時間 (issue 16 item 8): each encounter's duration × the staff involved, totalled (pure; no Qt).

- The duration runs from the encounter's start (発生日時; app/model/document_facts.py) to its end as the
  counter recorded it: the live panel's 「対応を終える」 note, else 対応中止 / 対応を終える（時間超過）, else the
  last event of the encounter that carries its own time. The 対応終了 of the case (``closed``, often days
  later) never lengthens it. An encounter with no recorded end has no duration and is counted apart.
- The staff involved is the largest of: the names recorded at the start and as joining (distinct), and the
  職員の人数 of any 応援要請 or 対応する職員 entry; at least one. Every one of them is counted for the whole
  encounter, so the figure is an upper estimate (as the ward counts 延べ人数 × 時間).
- Totals are in 人・分 (staff-minutes) and shown as hours: by 課 (所属), 手段 and 迷惑行為の類型 (an
  encounter with several behaviours counts under each, as the case counts do).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from app.model import document_facts as D
from app.model.entry import Entry, effective_entries

END_KINDS = ("response_stopped", "call_ended")
STAFF_KINDS = ("staff_joined", "backup_call")
_READ = tuple(sorted(D.ENCOUNTER_KINDS | {"incident_created", "staff_joined"}))
DIMENSIONS = {"department": "所属別", "channel": "手段別", "behaviour": "迷惑行為の類型別"}


@dataclass(frozen=True)
class EncounterHours:
    incident_id: str
    minutes: int | None     # None: no end recorded
    staff: int

    @property
    def staff_minutes(self) -> int:
        return (self.minutes or 0) * self.staff


def duration_minutes(entries: Iterable[Entry]) -> int | None:
    """Whole minutes from the encounter's start to its end as the counter recorded it (see the module)."""
    enc = D.encounter(entries)
    if enc.start is None:
        return None
    ends = [ev.at for ev in enc.events if ev.kind == "note" and ev.payload.get("event") == D.ENDED_EVENT]
    if not ends:
        ends = [ev.at for ev in enc.events if ev.kind in END_KINDS]
    if not ends:
        ends = [ev.at for ev in enc.events if ev.kind != "closed" and ev.payload.get("at")]
    if not ends:
        return None
    try:
        seconds = (ends[-1] - enc.start).total_seconds()
    except TypeError:  # one time with an offset and one without: not comparable
        return None
    return max(0, int(seconds // 60))


def staff_count(entries: Iterable[Entry]) -> int:
    es = effective_entries(list(entries))
    names: list[str] = []
    present = 0
    for e in es:
        p = e.payload
        if e.kind == "incident_created":
            names += [n for n in p.get("staff") or [] if isinstance(n, str) and n.strip()]
        elif e.kind == "staff_joined":
            names += [n for n in p.get("joined") or [] if isinstance(n, str) and n.strip()]
        if e.kind in STAFF_KINDS and isinstance(p.get("staff_present"), int):
            present = max(present, p["staff_present"])
    return max(1, len(dict.fromkeys(names)), present)


def of_incident(incident_id: str, entries: list[Entry]) -> EncounterHours:
    return EncounterHours(incident_id, duration_minutes(entries), staff_count(entries))


def read(store, incident_ids: Iterable[str]) -> dict[str, EncounterHours]:
    """Every given incident's figures, from one pass over the entries the rule reads."""
    from app.model.store import ENTRY_COLUMNS, row_entry
    wanted = set(incident_ids)
    kinds = ", ".join("?" * len(_READ))
    rows = store.conn.execute(
        f"SELECT {ENTRY_COLUMNS} FROM entries WHERE kind IN ({kinds}) OR kind = 'correction'"
        " ORDER BY incident_id, hlc, device_id, seq", _READ)
    grouped: dict[str, list[Entry]] = {}
    for r in rows:
        if r[1] in wanted:
            grouped.setdefault(r[1], []).append(row_entry(r))
    return {iid: of_incident(iid, grouped.get(iid, [])) for iid in wanted}


@dataclass
class StaffHours:
    encounters: int = 0          # encounters with a duration
    unknown: int = 0             # encounters with no recorded end
    minutes: int = 0             # 対応時間, total
    staff_minutes: int = 0       # 延べ対応時間 (人・分)
    by: dict[str, Counter] = field(default_factory=lambda: {d: Counter() for d in DIMENSIONS})

    @staticmethod
    def hours(staff_minutes: int) -> float:
        return round(staff_minutes / 60, 1)

    @property
    def staff_hours(self) -> float:
        return self.hours(self.staff_minutes)

    def ordered(self, dimension: str) -> list[tuple[str, float]]:
        """(key, staff-hours), most first."""
        return [(k, self.hours(v)) for k, v in sorted(self.by[dimension].items(), key=lambda kv: (-kv[1], kv[0]))]

    def to_dict(self) -> dict:
        return {"encounters": self.encounters, "unknown": self.unknown, "minutes": self.minutes,
                "staff_minutes": self.staff_minutes, "staff_hours": self.staff_hours,
                **{f"by_{d}": dict(self.ordered(d)) for d in DIMENSIONS}}


def totals(facts, figures: dict[str, EncounterHours]) -> StaffHours:
    """Totals over ``facts`` (app/model/stats.py IncidentFacts: 所属, 手段, 類型 as the case counts use)."""
    from app.model.stats import UNKNOWN
    t = StaffHours()
    for f in facts:
        h = figures.get(f.id)
        if h is None or h.minutes is None:
            t.unknown += 1
            continue
        t.encounters += 1
        t.minutes += h.minutes
        t.staff_minutes += h.staff_minutes
        t.by["department"][f.department or UNKNOWN] += h.staff_minutes
        t.by["channel"][f.channel or UNKNOWN] += h.staff_minutes
        for b in f.behaviours or [UNKNOWN]:
            t.by["behaviour"][b] += h.staff_minutes
    return t


def compute(store, facts) -> StaffHours:
    facts = list(facts)
    return totals(facts, read(store, [f.id for f in facts]))
