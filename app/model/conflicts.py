"""Single-valued fields (registers) with concurrent values: both are kept and the incident needs review.

A register is one single-valued field of an incident: ``status`` (entries ``closed`` / ``reopened``) and
``judgement`` (entries ``judgement``). Each such entry carries ``seen``: the ids of the register's entries
its writer had when it wrote (the store fills it in). A device has always seen its own earlier entries.
The *heads* are the entries nobody has seen; more than one head means concurrent values (要確認). A
``conflict_resolved`` entry (payload ``field``, ``chosen``, ``reason``) written after seeing the heads
makes itself the only head, so one resolution clears the flag on every PC. The provisional order of
concurrent heads is (hlc, device id, seq), the same on every PC; nothing here reads a wall clock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from app.model import kinds
from app.model.entry import Entry, effective_entries, sort_key

RESOLUTION = "conflict_resolved"
REGISTERS: dict[str, tuple[str, ...]] = kinds.registers()  # {"status": (closed, reopened), "judgement": …}
_KIND_REGISTER = {kind: name for name, kinds in REGISTERS.items() for kind in kinds}
REVIEW_LABEL = "要確認"


def register_of(kind: str, payload: dict) -> str | None:
    if kind in _KIND_REGISTER:
        return _KIND_REGISTER[kind]
    if kind == RESOLUTION and payload.get("field") in REGISTERS:
        return payload["field"]
    return None


@dataclass
class Register:
    field: str
    heads: list[Entry]
    value: Entry | None = None
    """The entry whose value counts (provisional while there is a conflict); None if it was withdrawn."""
    conflict_ids: list[str] = field(default_factory=list)

    @property
    def conflict(self) -> bool:
        return len(self.heads) > 1


def _heads(group: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    last_of_device: dict[str, Entry] = {}
    for e in group:
        seen.update(x for x in (e.payload.get("seen") or []) if isinstance(x, str))
        best = last_of_device.get(e.device_id)
        if best is None or e.seq > best.seq:
            last_of_device[e.device_id] = e
    own_earlier = {e.id for e in group if last_of_device[e.device_id].id != e.id}
    return sorted((e for e in group if e.id not in seen and e.id not in own_earlier), key=sort_key)


def registers(entries: Iterable[Entry]) -> dict[str, Register]:
    """The registers of one incident, from all its entries (corrections applied to values)."""
    effective = {e.id: e for e in effective_entries(entries)}
    groups: dict[str, list[Entry]] = {}
    for e in effective.values():
        name = register_of(e.kind, e.payload)
        if name:
            groups.setdefault(name, []).append(e)
    out: dict[str, Register] = {}
    for name, group in groups.items():
        heads = _heads(group)
        value = heads[-1] if heads else None
        hops = 0
        while value is not None and value.kind == RESOLUTION and hops < 16:
            value = effective.get(value.payload.get("chosen") or "")
            hops += 1
        if value is not None and value.kind == RESOLUTION:
            value = None
        out[name] = Register(name, heads, value, [h.id for h in heads] if len(heads) > 1 else [])
    return out


def current_heads(entries: Iterable[Entry], name: str) -> list[str]:
    """Ids of the register's heads: what a new entry of that register has seen."""
    reg = registers(entries).get(name)
    return [h.id for h in reg.heads] if reg else []


def needs_review_of(entries: Iterable[Entry]) -> bool:
    return any(r.conflict for r in registers(entries).values())
