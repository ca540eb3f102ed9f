"""The one door for appending entries: every append, from any door (GUI, CLI `entry add`, import,
approvals, document issuing, the demo filler), is prepared here against the registry.

``prepare`` checks, in order: the operation for the actor's roles (app/model/permissions.py), first, so
someone not allowed learns nothing about a valid payload; that the kind exists and may be appended through
the door used; the payload's structure (app/model/payload.py); the kind's semantic rules
(app/model/kind_rules.py); the incident's scope for a decision (app/model/access.py); for a correction, the
target's operation too; and for a kind gated by the flow (判断, 対応中止, 退去命令, 対応終了, escalation), that
the flow engine offers that action now. A plain fact (発言, 退去要求 …) needs none of the incident's entries
and is checked without reading them. The engine's offers (``Service.next_actions``)
ask the same ``may`` so that what is offered is what is accepted.
"""
from __future__ import annotations

import datetime as dt

from app.model import access, flow, kinds, manual, permissions, staff
from app.model import payload as payloads
from app.model.entry import Entry
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.kind_rules import RuleContext


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Door:
    """Mixed into Service; uses its ``store``, ``actor``, ``edition``, ``settings``, ``roles``, ``require``."""

    # ---- who is in scope -----------------------------------------------------------------------
    def may(self, operation: str, entries: list[Entry] | None = None) -> bool:
        """May the actor perform ``operation`` (on the incident whose ``entries`` are given)?"""
        granting = permissions.roles_for(operation) & self.roles()
        if not granting:
            return False
        if entries is None:
            return True
        unit = access.unit_of(entries)
        member = self.member()
        directory = staff.directory(self.store)
        return any(access.in_scope(member, role, unit, directory) for role in granting)

    def require_on(self, operation: str, incident_id: str, entries: list[Entry]) -> None:
        self.require(operation, incident_id)
        if not self.may(operation, entries):
            from app.model import audit
            audit.record(self.store, self.actor.author, "permission_denied", op=operation, target=incident_id,
                         detail="scope", channel=self.channel)
            raise PermissionDenied("この事案は担当の課（所属）が異なるため、この操作はできません。",
                                   f"Not permitted: {operation} on an incident of another section.")

    def edition_of(self, entries: list[Entry]) -> manual.Edition:
        wanted = next((e.payload.get("manual_edition") for e in entries if e.kind == "incident_created"), None)
        for candidate in (wanted, self.edition):
            if candidate:
                try:
                    return manual.load_edition(candidate)
                except Exception:  # an edition this PC does not have: judge by the Service's own
                    continue
        return manual.load_edition()

    # ---- preparing an append -------------------------------------------------------------------
    def prepare(self, incident_id: str, kind: str, payload, supersedes: str | None = None,
                pending: list[Entry] | None = None, door: str = "entry", stored: list[Entry] | None = None) -> dict:
        """Check one append; returns the payload to store. ``pending``: entries of the same batch before it."""
        from app.model import validation
        k = kinds.get(kind) if isinstance(kind, str) else None
        # the role first: someone not allowed learns nothing about what a valid entry would look like
        self.require(permissions.operation_for_entry(kind if isinstance(kind, str) else "?",
                                                     payload if isinstance(payload, dict) else None), incident_id)
        if k is None:
            k = payloads.kind_of(kind)
        if k.stream != "incident":
            raise InputError(f"kind: {kind} は事案の記録ではありません。", f"kind: {kind} is not an incident entry.",
                             field="kind")
        if door == "entry" and k.door != "entry":
            raise InputError(f"kind: {k.label}（{kind}）はこの方法では記録できません。専用の操作を使ってください。",
                             f"kind: {kind} is written by its own command, not `entry add`.", field="kind")
        validation.entry_payload(kind, payload)  # generic first: bounded depth and valid text everywhere
        payloads.parse(k, payload)
        if kind == kinds.CORRECTION and not supersedes:
            raise InputError("訂正には訂正する記録の ID（supersedes）が必要です。",
                             "A correction needs the id of the entry it supersedes.", field="supersedes")
        if kind != kinds.CORRECTION and supersedes:
            raise InputError("supersedes は訂正（correction）にだけ指定できます。",
                             "supersedes is only for a correction.", field="supersedes")
        if stored is None and not (self.needs_history(kind) or supersedes):
            # a plain fact (発言, 退去要求 …): nothing of the incident to read, only that it exists — the live
            # panel's path stays one indexed lookup, not a read of every entry
            if any(e.kind == "incident_created" for e in pending or []) or self.store.has_incident(incident_id):
                return payload
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")
        entries = (stored if stored is not None else self.store.entries(incident_id)) + list(pending or [])
        if not any(e.kind == "incident_created" for e in entries) and kind != "incident_created":
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")
        target = None
        if supersedes:
            target = next((e for e in entries if e.id == supersedes), None)
            if target is None:
                raise NotFoundError("訂正する記録が見つかりません。", f"Entry {supersedes} to correct is not in this incident.")
        if k.decision:  # who may, before what the entry says: a rule's reason tells of the incident
            self.require_on(k.operation(payload), incident_id, entries)
        ctx = RuleContext(self.edition_of(entries), entries, target, author=self.actor.author)
        reasons = [r for rule in k.rules for r in rule(payload, ctx)]
        if reasons:
            raise InputError(reasons[0], "The entry breaks a rule of its kind: " + reasons[0], field=kind)
        if target is not None:
            self._require_correctable(incident_id, target, payload, entries)
        self._gate(k, payload, ctx)
        return payload

    def _require_correctable(self, incident_id: str, target: Entry, payload: dict, entries: list[Entry]) -> None:
        op = "incident.create" if target.kind == "incident_created" else \
            permissions.operation_for_entry(target.kind, target.payload)
        decision = bool(kinds.get(target.kind) and kinds.get(target.kind).decision)
        check = self.require_on if decision else (lambda o, i, _e: self.require(o, i))
        check(op, incident_id, entries)
        replacement = payload.get("replacement") or {}
        if target.kind == "escalation" and not replacement.get("withdrawn"):
            check(permissions.operation_for_entry(target.kind, replacement), incident_id, entries)

    def _gate(self, k: kinds.Kind, payload: dict, ctx: RuleContext) -> None:
        """A decision gated by the flow: the engine must offer it now (one rule for offer and door)."""
        action = k.action or (flow.ESCALATION_ACTIONS.get(payload.get("level")) if k.levels else None)
        if action is None:
            return
        if k.name == "closed":
            ok, reasons = flow.can_close(ctx.entries, ctx.edition, outcome=payload.get("outcome"))
            if ok:
                return
        else:
            check = flow.check_action(ctx.entries, action, ctx.edition, self.flow_settings(), now_iso())
            if check.allowed:
                return
            reasons = list(check.reasons)
        raise InputError(f"今は「{k.label}」を記録できません：{'、'.join(reasons)}",
                         f"{k.name} cannot be recorded now: the flow does not offer it ({len(reasons)} reasons).",
                         field="kind")

    def flow_settings(self):
        """The 課's settings the flow reads: the Service's, else the process's one Settings object."""
        if self.settings is not None:
            return self.settings
        from app.model import settings as settings_mod
        return settings_mod.current()

    # ---- what the engine offers this person ----------------------------------------------------
    def next_actions(self, incident_id: str, now=None, settings=None) -> flow.FlowState:
        """The flow for this incident, as this person may act on it: an action the door would refuse from
        them is offered as a request to the person entitled (an approval), or not at all."""
        self.require("incident.view", incident_id)
        entries = self.store.entries(incident_id)
        if not entries:
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")
        edition = self.edition_of(entries)
        state = flow.evaluate(entries, edition, settings if settings is not None else self.flow_settings(),
                              now or now_iso())
        return flow.for_person(state, lambda op: self.may_append(op, entries), self.may("entry.approval_requested"),
                               self.roles())

    @staticmethod
    def needs_history(kind: str) -> bool:
        """Does checking an entry of this kind need the incident's entries (rules, scope, the flow)?"""
        k = kinds.get(kind) if isinstance(kind, str) else None
        return k is None or bool(k.rules or k.decision or k.action or k.levels)

    def append_or_ask(self, incident_id: str, kind: str, payload) -> Entry:
        """Append, or — for a decision this person may not take (判断, 対応中止, 退去命令, 対応終了) — record it as
        a draft for the person entitled to approve (an ``approval_requested``), as the engine offers it."""
        k = kinds.get(kind)
        if k is not None and k.approvable and isinstance(payload, dict) and \
                not self.may_append(k.operation(payload), self.store.entries(incident_id)):
            return self.request_approval(incident_id, kind, payload)
        return self.append(incident_id, kind, payload)

    def may_append(self, operation: str, entries: list[Entry]) -> bool:
        """The door's check for an entry operation: the role, and the scope for a decision."""
        kind = kinds.get(operation.split(".")[1]) if operation.startswith("entry.") else None
        return self.may(operation, entries if kind is not None and kind.decision else None)
