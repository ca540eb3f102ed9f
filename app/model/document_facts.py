"""The facts of an encounter in time order, as the documents read them (pure; no Qt, no export).

One function, :func:`encounter`, turns an incident's entries into its encounter: when it began and ended,
what happened, in clock order, and on which days. Every document asks it (退去命令書: what happened before
``order_at``; 対応記録票: 対応時間, steps, dates across midnight), so no document re-sorts entries itself.

- The events are the entries written *about the encounter* (quotes, behaviours, notes, 中止要求, 退去要求,
  応援要請, 退去命令, 110番通報, 対応中止, 対応終了). Decisions taken later (カスハラの判断, エスカレーション,
  documents issued, evidence) are not part of the encounter, so issuing a document never moves its end.
- An event's time is its ``at``; a note without one is placed at its recording time, converted to the
  encounter's own offset (a UTC recording stamp is never read as local time).
- The end is the 対応終了 (``closed.at``), else the live panel's 「対応を終える」 note, else 対応中止 /
  call_ended, else the last event.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from app.model.entry import Entry, effective_entries

#: entry kinds that are part of the encounter itself
ENCOUNTER_KINDS = frozenset({
    "quote", "behaviour_observed", "note", "stop_request", "leave_request", "backup_call", "eviction_order",
    "police_call", "call_ended", "response_stopped", "closed",
})
#: kinds whose ``at`` ends the encounter, strongest first
_END_KINDS = ("closed", "encounter_ended", "response_stopped", "call_ended")
ENDED_EVENT = "encounter_ended"  # the live panel's note event (「対応を終えました」, F10)
#: a note's ``event`` in words, for a document the person reads (a wizard step's event is the step's title)
EVENT_WORDS = {ENDED_EVENT: "窓口での対応の終了"}
#: channels where the party is in the building (a 退去命令 can be given)
IN_PERSON_CHANNELS = ("対面",)


def parse_time(value) -> _dt.datetime | None:
    if not value:
        return None
    if isinstance(value, _dt.datetime):
        return value
    try:
        return _dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Event:
    at: _dt.datetime
    kind: str
    payload: dict
    author: str
    seq: int  # order of the entry, to keep events of the same minute in the order they were written

    @property
    def is_staff_quote(self) -> bool:
        return self.kind == "quote" and (self.payload.get("speaker") or "party") != "party"


@dataclass(frozen=True)
class Encounter:
    created: dict
    start: _dt.datetime | None
    end: _dt.datetime | None
    events: tuple[Event, ...]

    @property
    def channel(self) -> str:
        return self.created.get("channel", "") or ""

    @property
    def in_person(self) -> bool:
        return self.channel in IN_PERSON_CHANNELS

    @property
    def minutes(self) -> int | None:
        """対応時間 in whole minutes, start to end of the encounter."""
        if self.start is None or self.end is None:
            return None
        return max(0, int((self.end - self.start).total_seconds() // 60))

    @property
    def days(self) -> list[_dt.date]:
        """The calendar days the encounter runs over (local to the encounter)."""
        out: list[_dt.date] = []
        for t in [self.start, *(e.at for e in self.events), self.end]:
            if t is not None and t.date() not in out:
                out.append(t.date())
        return sorted(out)

    @property
    def crosses_midnight(self) -> bool:
        return len(self.days) > 1

    def before(self, moment) -> tuple[Event, ...]:
        """Events strictly before ``moment`` (what a 退去命令 given at that moment can name)."""
        t = parse_time(moment)
        if t is None:
            return self.events
        return tuple(e for e in self.events if e.at < t)

    def of_kind(self, *kinds: str, before=None) -> tuple[Event, ...]:
        pool = self.before(before) if before is not None else self.events
        return tuple(e for e in pool if e.kind in kinds)


def _created(entries: Sequence[Entry]) -> dict:
    return next((dict(e.payload) for e in entries if e.kind == "incident_created"), {})


def encounter(entries: Iterable[Entry]) -> Encounter:
    """The encounter of an incident's entries (corrections applied), its events in clock order."""
    es = effective_entries(list(entries))
    created = _created(es)
    start = parse_time(created.get("occurred_at"))
    tz = start.tzinfo if start is not None and start.tzinfo else None
    events: list[Event] = []
    for e in es:
        if e.kind not in ENCOUNTER_KINDS:
            continue
        at = parse_time(e.payload.get("at"))
        if at is None:  # placed at its recording time, in the encounter's offset
            at = parse_time(e.recorded_at)
            if at is None:
                continue
            if at.tzinfo is None:
                at = at.replace(tzinfo=_dt.timezone.utc)
            if tz is not None:
                at = at.astimezone(tz)
        if tz is not None and at.tzinfo is None:
            at = at.replace(tzinfo=tz)
        events.append(Event(at, e.kind, dict(e.payload), e.author, e.seq))
    events.sort(key=lambda ev: (ev.at, ev.seq))
    end = None
    for kind in _END_KINDS:
        found = [ev.at for ev in events
                 if (ev.kind == kind) or (kind == ENDED_EVENT and ev.kind == "note"
                                          and ev.payload.get("event") == ENDED_EVENT)]
        if found:
            end = found[-1]
            break
    if end is None and events:
        end = events[-1].at
    if start is None and events:
        start = events[0].at
    return Encounter(created, start, end, tuple(events))
