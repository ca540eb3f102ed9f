"""Build incident logs for tests: entries with increasing clocks (fictional data only)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.model.entry import Entry

JST = timezone(timedelta(hours=9))
T0 = datetime(2025, 4, 1, 10, 0, tzinfo=JST)


def at(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def now(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


class Log:
    """An incident log grown one entry at a time: ``log.add(kind, **payload)``."""

    def __init__(self, device: str = "dev-a", incident: str = "inc-1"):
        self.entries: list[Entry] = []
        self.device, self.incident = device, incident

    def add(self, kind: str, supersedes: str | None = None, author: str = "職員A", **payload) -> Entry:
        n = len(self.entries) + 1
        e = Entry(id=f"e{n:04d}", incident_id=self.incident, device_id=self.device, seq=n,
                  hlc=f"{n:012d}", author=author, kind=kind, payload=payload, supersedes=supersedes)
        self.entries.append(e)
        return e

    def created(self, channel: str = "対面", behaviours=(), staff=("職員A",), **kw) -> Entry:
        payload = dict(occurred_at=at(0), channel=channel, place="1階窓口", summary="",
                       demands="手続の説明", party={"name": "", "description": "中年の男性"},
                       staff=list(staff), behaviours=list(behaviours), department="区民課",
                       manual_edition="minato-r7-04")
        payload.update(kw)
        return self.add("incident_created", **payload)

    def correct(self, target: Entry, reason: str = "訂正", **replacement) -> Entry:
        return self.add("correction", supersedes=target.id, replacement=replacement, reason=reason)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)
