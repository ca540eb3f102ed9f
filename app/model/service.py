"""The one door to the store for the GUI and the CLI alike. Every operation is checked against
app/model/permissions.py for the Service's actor; a refusal raises PermissionDenied and is audited."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from app.model import approvals, audit, captures, conflicts, permissions, staff, statistics, validation
from app.model.actor import Actor
from app.model.entry import CORRECTION, Entry
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.ids import uuid7
from app.model.projection import IncidentState
from app.model.service_staff import StaffAdmin
from app.model.store import Store

DEFAULT_EDITION = "minato-r7-04"
RESTRICTED = {"restricted": True}


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Service(StaffAdmin):
    def __init__(self, store: Store, actor: Actor, edition: str = DEFAULT_EDITION, channel: str = "model"):
        if not isinstance(actor, Actor):
            raise TypeError("Service needs an authenticated Actor (app.model.auth.Authenticator.sign_in)")
        self.store = store
        self.actor = actor
        self.edition = edition
        self.channel = channel

    def with_actor(self, actor: Actor) -> "Service":
        return Service(self.store, actor, self.edition, self.channel)

    # ---- permissions ---------------------------------------------------------------------------
    def member(self) -> staff.StaffMember | None:
        if not self.actor.is_staff:
            return None
        m = staff.directory(self.store).by_id(self.actor.staff_id)
        return m if m and m.active and m.name == self.actor.name else None

    def roles(self) -> frozenset:
        """The actor's roles now: staff from the directory (a change applies at once), else the pseudo-role."""
        if self.actor.is_staff:
            m = self.member()
            return m.roles if m else frozenset()
        if permissions.BOOTSTRAP in self.actor.roles:
            return self.actor.roles if staff.directory(self.store).empty else frozenset()
        return self.actor.roles

    def can(self, operation: str) -> bool:
        return permissions.allowed(operation, self.roles())

    def require(self, operation: str, target: str = "") -> None:
        if self.can(operation):
            return
        audit.record(self.store, self.actor.author, "permission_denied", op=operation, target=target,
                     channel=self.channel)
        raise PermissionDenied(f"この操作の権限がありません（{operation}）。",
                               f"Not permitted: {operation}.")

    # ---- incidents -----------------------------------------------------------------------------
    def create_incident(self, data: Any) -> str:
        self.require("incident.create")
        payload, quotes = validation.incident(data)
        payload["manual_edition"] = self.edition
        incident_id = uuid7()
        items = [(incident_id, "incident_created", payload, self.actor.author, None)]
        items += [(incident_id, "quote", q, self.actor.author, None) for q in quotes]
        self.store.append_many(items)
        return incident_id

    def append(self, incident_id: str, kind: str, payload: Any, supersedes: str | None = None) -> Entry:
        validation.entry_payload(kind, payload)
        if kind == "incident_created":
            raise InputError("kind: incident_created は `incident add` で作成してください。",
                             "kind: use `incident add` to create an incident.", field="kind")
        if kind == CORRECTION and not supersedes:
            raise InputError("訂正には訂正する記録の ID（supersedes）が必要です。",
                             "A correction needs the id of the entry it supersedes.", field="supersedes")
        self._check_append(incident_id, kind, payload, supersedes)
        self._require_incident(incident_id)
        if kind == conflicts.RESOLUTION:
            self._check_resolution(incident_id, payload)
        return self.store.append(incident_id, kind, payload, self.actor.author, supersedes)

    def _check_append(self, incident_id: str, kind: str, payload: dict, supersedes: str | None) -> None:
        self.require(permissions.operation_for_entry(kind, payload), incident_id)
        if kind != CORRECTION:
            return
        row = self.store.conn.execute("SELECT kind, payload FROM entries WHERE id = ? AND incident_id = ?",
                                      (supersedes, incident_id)).fetchone()
        if row is None:
            raise NotFoundError("訂正する記録が見つかりません。", f"Entry {supersedes} to correct is not in this incident.")
        import json
        target_kind, target_payload = row[0], json.loads(row[1])
        op = "incident.create" if target_kind == "incident_created" else \
            permissions.operation_for_entry(target_kind, target_payload)
        self.require(op, incident_id)
        replacement = payload.get("replacement") if isinstance(payload.get("replacement"), dict) else {}
        if target_kind == "escalation" and not replacement.get("withdrawn"):
            self.require(permissions.operation_for_entry(target_kind, replacement), incident_id)

    def _check_resolution(self, incident_id: str, payload: dict) -> None:
        if payload.get("field") not in conflicts.REGISTERS:
            raise InputError("field: status か judgement を指定してください。",
                             "field: must be status or judgement.", field="field")
        chosen = payload.get("chosen")
        ids = {e.id for e in self.store.entries(incident_id)
               if conflicts.register_of(e.kind, e.payload) == payload["field"]}
        if chosen not in ids:
            raise InputError("chosen: この事案の該当する記録の ID を指定してください。",
                             "chosen: must be the id of an entry of that field in this incident.", field="chosen")

    def correct(self, incident_id: str, entry_id: str, replacement: dict, reason: str) -> Entry:
        validation.text(reason, "reason", required=True, max_len=2000)
        return self.append(incident_id, CORRECTION, {"replacement": replacement, "reason": reason}, entry_id)

    def incident(self, incident_id: str) -> IncidentState:
        """Open an incident (GUI open, `incident show`): checked and audited as a view."""
        self.require("incident.view", incident_id)
        state = self.store.incident(incident_id)
        audit.record(self.store, self.actor.author, "view", target=incident_id, channel=self.channel)
        return state

    def entries(self, incident_id: str) -> list[Entry]:
        self.require("incident.view", incident_id)
        self._require_incident(incident_id)
        return [e if e.kind != "care_referral" or self._may_see_care(e.payload)
                else Entry(**{**e.__dict__, "payload": dict(RESTRICTED)})
                for e in self.store.entries(incident_id)]

    def _may_see_care(self, payload: dict) -> bool:
        roles = self.roles()
        if "hr" in roles or payload.get("staff") == self.actor.name:
            return True
        if "section_chief" not in roles:
            return False
        concerned = staff.directory(self.store).active_by_name(payload.get("staff") or "")
        me = self.member()
        return bool(concerned and me and me.department.ka and concerned.department.ka == me.department.ka)

    def list_incidents(self, search="", limit: int = 200, offset: int = 0, sort: str = "occurred_at",
                       descending: bool = True) -> list[dict]:
        """``search`` is a text or a listing.IncidentFilter."""
        self.require("incident.list")
        return self.store.list_incidents(search, limit, offset, sort, descending)

    def count_incidents(self, search="") -> int:
        self.require("incident.list")
        return self.store.count_incidents(search)

    def record_output(self, incident_id: str, what: str, detail: str = "") -> None:
        """Check and audit an export (``what="export"``) or a print (``"print"``) before it is produced."""
        if what not in ("export", "print"):
            raise InputError("what: export か print を指定してください。", "what: export or print.", field="what")
        self.require(f"incident.{what}", incident_id)
        self._require_incident(incident_id)
        audit.record(self.store, self.actor.author, what, target=incident_id, detail=detail, channel=self.channel)

    # ---- emergency capture ---------------------------------------------------------------------
    def unclaimed_captures(self) -> list[dict]:
        self.require("incident.list")
        return captures.unclaimed(self.store)

    def claim(self, incident_id: str) -> Entry:
        self.require("incident.claim", incident_id)
        if not captures.is_unclaimed_capture(self.store, incident_id):
            raise InputError("引き継ぎ待ちの緊急記録ではありません。", "Not an unclaimed emergency capture.",
                             field="id")
        e = self.store.append(incident_id, "claimed", {"at": _now(), "staff_id": self.actor.staff_id},
                              self.actor.author)
        audit.record(self.store, self.actor.author, "claim", target=incident_id, channel=self.channel)
        return e

    # ---- approvals -----------------------------------------------------------------------------
    def request_approval(self, incident_id: str, subject: str, draft: dict) -> Entry:
        if subject not in permissions.APPROVAL_SUBJECTS:
            raise InputError("subject: judgement か legal_request を指定してください。",
                             "subject: judgement or legal_request.", field="subject")
        return self.append(incident_id, "approval_requested", {"subject": subject, "draft": draft, "at": _now()})

    def pending_approvals(self) -> list[dict]:
        self.require("approval.queue")
        roles = self.roles()
        return [dict(r, mine=r["approver_role"] in roles) for r in approvals.pending(self.store)]

    def approve(self, request_id: str, decision: str = "承認", comment: str = "") -> list[Entry]:
        request = approvals.find(self.store, request_id)
        if request is None:
            raise NotFoundError("承認待ちの依頼が見つかりません。", f"No pending request {request_id}.")
        if decision not in approvals.DECISIONS:
            raise InputError("decision: 承認 か 差戻し を指定してください。", "decision: 承認 or 差戻し.",
                             field="decision")
        iid = request["incident_id"]
        self.require(f"approval.{request['subject']}", iid)
        items = [(iid, "approval_given", {"request": request_id, "decision": decision, "comment": comment,
                                          "at": _now()}, self.actor.author, None)]
        if decision == "承認" and request["subject"] == "judgement":
            self.require("entry.judgement", iid)
            validation.entry_payload("judgement", request["draft"])
            items.append((iid, "judgement", dict(request["draft"]), self.actor.author, None))
        written = self.store.append_many(items)
        audit.record(self.store, self.actor.author, "approval", target=iid, detail=decision, channel=self.channel)
        return written

    # ---- aggregation and audit -----------------------------------------------------------------
    def statistics(self) -> dict:
        self.require("stats.view")
        return statistics.compute(self.store)

    def audit_log(self, limit: int = 500) -> list[dict]:
        self.require("audit.view")
        return audit.recent(self.store, limit)

    def _require_incident(self, incident_id: str) -> None:
        if not self.store.has_incident(incident_id):
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")


def state_dict(state: IncidentState) -> dict:
    d = asdict(state)
    d["status"] = state.status
    return d
