"""研修・周知 records (pure): the trainings held, the notices given, counts per 年度, and a person's trainings.

Names are compared exactly as recorded (never normalised). A 年度 is app/model/fiscal.py's.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.model import fiscal
from app.model.entry import Entry, effective_entries, sort_key


@dataclass
class Training:
    id: str
    course: str
    held_on: str
    attendees: list[str] = field(default_factory=list)
    material: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "course": self.course, "held_on": self.held_on, "attendees": list(self.attendees),
                "material": self.material, "fiscal_year": fiscal.fiscal_year_of(self.held_on)}


@dataclass
class Notice:
    id: str
    means: str
    date: str
    note: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "means": self.means, "date": self.date, "note": self.note,
                "fiscal_year": fiscal.fiscal_year_of(self.date)}


def _effective(entries: list[Entry]) -> list[Entry]:
    return sorted(effective_entries(list(entries)), key=sort_key)


def trainings(entries: list[Entry]) -> list[Training]:
    out = [Training(e.id, e.payload.get("course", ""), e.payload.get("held_on", ""),
                    list(e.payload.get("attendees") or []), e.payload.get("material", "") or "")
           for e in _effective(entries) if e.kind == "training_held"]
    return sorted(out, key=lambda t: (t.held_on, t.id))


def notices(entries: list[Entry]) -> list[Notice]:
    out = [Notice(e.id, e.payload.get("means", ""), e.payload.get("date", ""), e.payload.get("note", "") or "")
           for e in _effective(entries) if e.kind == "notice_given"]
    return sorted(out, key=lambda n: (n.date, n.id))


def trainings_of(entries: list[Entry], name: str) -> list[Training]:
    """What one person attended, oldest first (the name exactly as in the directory)."""
    return [t for t in trainings(entries) if name in t.attendees]


def _in(day: str, date_from: str | None, date_to: str | None) -> bool:
    d = str(day)[:10]
    return (not date_from or d >= str(date_from)[:10]) and (not date_to or d <= str(date_to)[:10])


@dataclass
class YearCounts:
    """Per 年度 (a western year; 2025 = 令和7年度)."""
    trainings: Counter = field(default_factory=Counter)
    attendances: Counter = field(default_factory=Counter)
    notices: Counter = field(default_factory=Counter)
    by_course: dict[int, Counter] = field(default_factory=dict)
    by_means: dict[int, Counter] = field(default_factory=dict)

    def years(self) -> list[int]:
        return sorted(set(self.trainings) | set(self.notices))

    def to_dict(self) -> dict:
        return {str(y): {"label": fiscal.fiscal_label(y), "trainings": self.trainings[y],
                         "attendances": self.attendances[y], "notices": self.notices[y],
                         "by_course": dict(self.by_course.get(y, {})), "by_means": dict(self.by_means.get(y, {}))}
                for y in self.years()}


def counts(entries: list[Entry], date_from: str | None = None, date_to: str | None = None) -> YearCounts:
    """研修 held, attendances and 周知 given per 年度, within [date_from, date_to] when given."""
    c = YearCounts()
    for t in trainings(entries):
        y = fiscal.fiscal_year_of(t.held_on)
        if y is None or not _in(t.held_on, date_from, date_to):
            continue
        c.trainings[y] += 1
        c.attendances[y] += len(t.attendees)
        c.by_course.setdefault(y, Counter())[t.course] += 1
    for n in notices(entries):
        y = fiscal.fiscal_year_of(n.date)
        if y is None or not _in(n.date, date_from, date_to):
            continue
        c.notices[y] += 1
        c.by_means.setdefault(y, Counter())[n.means] += 1
    return c
