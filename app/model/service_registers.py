"""The door for registers (app/model/streams.py): records of the employer that belong to no one incident.

The same checks as an incident's entries (app/model/door.py), in the same order: the operation for the
actor's roles first, then that the kind belongs to the register and may be appended through the door used,
the payload's structure, the kind's semantic rules (with the register's entries as context), and for a
correction the target's operation too. A private kind is sealed by the sealer named for it in ``SEALERS``
(the readers of a 相談記録 are not those of a care record); reading opens what the actor may read and leaves
out, not merely blanks, what they may not: that a person consulted is itself private.
"""
from __future__ import annotations

from typing import Callable

from app.model import kinds, manual, permissions, streams
from app.model import payload as payloads
from app.model.entry import CORRECTION, Entry, effective_entries
from app.model.errors import InputError, NotFoundError
from app.model.kind_rules import RuleContext

#: kind -> sealer(service, stream, kind, payload, stored, pending) -> stored payload (sealed), for private
#: register kinds; and kind -> opener(service, entry, stored) -> plain payload or None (not a reader).
SEALERS: dict[str, Callable] = {}
OPENERS: dict[str, Callable] = {}


def view_operation(stream: str) -> str:
    return f"register.{stream}.view"


class Registers:
    """Mixed into Service; uses its ``store``, ``actor``, ``edition``, ``require``, ``channel``."""

    def append_register(self, stream: str, kind: str, payload, supersedes: str | None = None,
                        door: str = "entry") -> Entry:
        return self.append_register_many(stream, [(kind, payload, supersedes)], door)[0]

    def append_register_many(self, stream: str, items, door: str = "entry") -> list[Entry]:
        """Check and append entries of one register in one transaction (each checked with those before it)."""
        if not streams.is_register(stream):
            raise InputError("記録簿の指定が正しくありません。", f"{stream!r} is not a register.", field="stream")
        stored = self.store.entries(stream)
        pending: list[Entry] = []
        out = []
        for kind, payload, supersedes in items:
            payload = self._prepare_register(stream, kind, payload, supersedes, door, stored + pending)
            stored_payload = payload
            target_kind = kind
            if kind == CORRECTION:
                target_kind = next(e.kind for e in stored + pending if e.id == supersedes)
            sealer = SEALERS.get(target_kind)
            if sealer is not None:
                stored_payload = sealer(self, stream, kind, payload, stored, pending, supersedes)
            pending.append(Entry(id=f"pending-{len(pending)}", incident_id=stream, device_id="", seq=0,
                                 hlc=f"~{len(pending):08d}", author=self.actor.author, kind=kind,
                                 payload=payload, supersedes=supersedes))
            out.append((stream, kind, stored_payload, self.actor.author, supersedes))
        return self.store.append_many(out)

    def _prepare_register(self, stream: str, kind, payload, supersedes, door: str, entries: list[Entry]) -> dict:
        from app.model import validation
        k = kinds.get(kind) if isinstance(kind, str) else None
        self.require(permissions.operation_for_entry(kind if isinstance(kind, str) else "?",
                                                     payload if isinstance(payload, dict) else None), stream)
        if k is None:
            k = payloads.kind_of(kind)
        if kind != CORRECTION and k.stream != stream:
            raise InputError(f"kind: {k.label}はこの記録簿（{streams.REGISTERS[stream]}）の記録ではありません。",
                             f"kind: {kind} does not belong to the register {stream}.", field="kind")
        if door == "entry" and k.door != "entry":
            raise InputError(f"kind: {k.label}（{kind}）はこの方法では記録できません。専用の操作を使ってください。",
                             f"kind: {kind} is written by its own command.", field="kind")
        validation.entry_payload(kind, payload)
        payloads.parse(k, payload)
        target = None
        if kind == CORRECTION:
            target = next((e for e in entries if e.id == supersedes), None) if supersedes else None
            if target is None:
                raise NotFoundError("訂正する記録が見つかりません。", f"Entry {supersedes} is not in {stream}.")
            self.require(permissions.operation_for_entry(target.kind, target.payload), stream)
        elif supersedes:
            raise InputError("supersedes は訂正（correction）にだけ指定できます。",
                             "supersedes is only for a correction.", field="supersedes")
        ctx = RuleContext(manual.load_edition(self.edition), entries, target, author=self.actor.author)
        reasons = [r for rule in k.rules for r in rule(payload, ctx)]
        if reasons:
            raise InputError(reasons[0], "The entry breaks a rule of its kind: " + reasons[0], field=kind)
        return payload

    def register_entries(self, stream: str) -> list[Entry]:
        """The register's effective entries (corrections applied) as this person may read them: a private
        record they may not read is left out. Reading a private one is audited (who looked, issue 17)."""
        if not streams.is_register(stream):
            raise InputError("記録簿の指定が正しくありません。", f"{stream!r} is not a register.", field="stream")
        self.require(view_operation(stream), stream)
        stored = self.store.entries(stream)
        out = []
        for e in stored:
            opener = OPENERS.get(e.kind)
            if opener is None and e.kind == CORRECTION:
                target = next((t for t in stored if t.id == e.supersedes), None)
                opener = OPENERS.get(target.kind) if target is not None else None
            if opener is not None:
                plain = opener(self, e, stored)
                if plain is None:
                    continue
                e = Entry(**{**e.__dict__, "payload": plain})
                self._audit_read("view_register", stream, e.id)
            out.append(e)
        return effective_entries(out)
