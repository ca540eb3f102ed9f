"""The immutable entry: one fact in an incident's log (see docs/entries.md)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

CORRECTION = "correction"


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, non-ASCII kept as is (never normalised)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Entry:
    id: str
    incident_id: str
    device_id: str
    seq: int
    hlc: str
    author: str
    kind: str
    payload: dict = field(default_factory=dict)
    supersedes: str | None = None
    prev_hash: str = ""
    hash: str = ""
    recorded_at: str = ""

    def hashed_fields(self) -> dict:
        return {
            "id": self.id,
            "incident_id": self.incident_id,
            "device_id": self.device_id,
            "seq": self.seq,
            "hlc": self.hlc,
            "author": self.author,
            "kind": self.kind,
            "payload": self.payload,
            "supersedes": self.supersedes,
            "prev_hash": self.prev_hash,
            "recorded_at": self.recorded_at,
        }

    def to_dict(self) -> dict:
        d = self.hashed_fields()
        d["hash"] = self.hash
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Entry":
        return cls(
            id=d["id"], incident_id=d["incident_id"], device_id=d["device_id"], seq=int(d["seq"]),
            hlc=d["hlc"], author=d["author"], kind=d["kind"], payload=dict(d.get("payload") or {}),
            supersedes=d.get("supersedes"), prev_hash=d.get("prev_hash", ""), hash=d.get("hash", ""),
            recorded_at=d.get("recorded_at", ""),
        )


def sort_key(e: Entry) -> tuple:
    """Total order of entries: hybrid logical clock, then device id, then seq."""
    return (e.hlc, e.device_id, e.seq)


def effective_entries(entries: Iterable[Entry]) -> list[Entry]:
    """Apply corrections: each superseded entry is replaced by the latest correction's payload.

    A correction's payload is ``{"replacement": {...}, "reason": "..."}``; a replacement of
    ``{"withdrawn": true}`` removes the entry from the effective view. Correction entries
    themselves are not part of the result. The original order (by clock) is kept.
    """
    ordered = sorted(entries, key=sort_key)
    latest: dict[str, Entry] = {}
    for e in ordered:
        if e.kind == CORRECTION and e.supersedes:
            latest[e.supersedes] = e
    out: list[Entry] = []
    for e in ordered:
        if e.kind == CORRECTION:
            continue
        corr = latest.get(e.id)
        if corr is None:
            out.append(e)
            continue
        repl = corr.payload.get("replacement") or {}
        if repl.get("withdrawn"):
            continue
        out.append(Entry(**{**e.__dict__, "payload": dict(repl)}))
    return out
