"""The one door to the store for the GUI, the CLI, the importer, approvals and document issuing. Every
operation is checked against app/model/permissions.py (entry operations derive from the registry,
app/model/kinds.py) and the incident's scope (app/model/access.py) for the Service's actor; every payload is
parsed against its kind (app/model/door.py). A refusal raises PermissionDenied and is audited."""
from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from app.model import access, approvals, audit, captures, care, kinds, permissions, staff, statistics, validation
from app.model import payload as payloads
from app.model import kinds_bans, signing
from app.model.actor import Actor
from app.model.door import Door, now_iso
from app.model.entry import CORRECTION, Entry
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.ids import uuid7
from app.model.projection import IncidentState
from app.model.service_consult import Consultations
from app.model.service_disclosure import DisclosureRequests
from app.model.service_bans import Bans
from app.model.service_measures import Measures
from app.model.service_disposal import Disposal
from app.model.service_registers import Registers
from app.model.service_prevention import PreventionDuties
from app.model.service_staff import StaffAdmin
from app.model.service_workspace import Workspace
from app.model.store import Store

DEFAULT_EDITION = "minato-r7-04"
RESTRICTED = {"restricted": True}


_now = now_iso


class Service(StaffAdmin, Door, Registers, Workspace,
              Bans, Consultations, Measures, PreventionDuties, DisclosureRequests, Disposal):
    def __init__(self, store: Store, actor: Actor, edition: str = DEFAULT_EDITION, channel: str = "model",
                 settings=None):
        if not isinstance(actor, Actor):
            raise TypeError("Service needs an authenticated Actor (app.model.auth.Authenticator.sign_in)")
        self.store = store
        self.actor = actor
        self.edition = edition
        self.channel = channel
        self.settings = settings
        self._audited: dict[tuple, float] = {}

    def sign_out(self) -> None:
        """Drop the actor's signing key from memory (the lock screen, the end of a shift)."""
        from app.model import signing
        signing.forget(self.store.store_id, self.actor.author)

    def with_actor(self, actor: Actor) -> "Service":
        return Service(self.store, actor, self.edition, self.channel, self.settings)

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
        raise PermissionDenied(permissions.denied_text(operation), f"Not permitted: {operation}.")

    # ---- incidents -----------------------------------------------------------------------------
    def create_incident(self, data: Any) -> str:
        self.require("incident.create")
        payload, quotes = validation.incident(data)
        payload["manual_edition"] = self.edition
        incident_id = uuid7()
        items = [("incident_created", payload, None)] + [("quote", q, None) for q in quotes]
        self.append_many(incident_id, items, door="service")
        return incident_id

    def append(self, incident_id: str, kind: str, payload: Any, supersedes: str | None = None,
               door: str = "entry") -> Entry:
        """Append one entry through the door (``door="service"`` for this package's own operations)."""
        return self.append_many(incident_id, [(kind, payload, supersedes)], door=door)[0]

    def append_many(self, incident_id: str, items, door: str = "entry") -> list[Entry]:
        """Append entries of one incident in one transaction, each checked with the ones before it."""
        return self.store.append_many(care.seal_items(self, self.prepare_many(incident_id, items, door)))

    def prepare_many(self, incident_id: str, items, door: str = "entry", stored: list[Entry] | None = None) -> list[tuple]:
        """Check a batch; returns the store's items. Nothing is written (the caller writes them at once)."""
        if stored is None and any(kind == "incident_created" or self.needs_history(kind) or sup
                                  for kind, _p, sup in items):
            stored = self.store.entries(incident_id)  # read once for the batch, only when a check needs it
        pending: list[Entry] = []
        out = []
        for kind, payload, supersedes in items:
            if kind == "incident_created":
                self.require("incident.create")
                if door == "entry" or stored or pending:  # stored is read above for a batch that creates
                    raise InputError("kind: incident_created は `incident add` で作成してください。",
                                     "kind: use `incident add` to create an incident.", field="kind")
                payloads.parse(kind, payload)
            else:
                self.prepare(incident_id, kind, payload, supersedes, pending, door, stored)
            pending.append(Entry(id=f"pending-{len(pending)}", incident_id=incident_id, device_id="", seq=0,
                                 hlc=f"~{len(pending):08d}", author=self.actor.author, kind=kind,
                                 payload=payload, supersedes=supersedes))
            out.append((incident_id, kind, payload, self.actor.author, supersedes))
        return out

    def correct(self, incident_id: str, entry_id: str, replacement: dict, reason: str) -> Entry:
        validation.text(reason, "reason", required=True, max_len=2000)
        return self.append(incident_id, CORRECTION, {"replacement": replacement, "reason": reason}, entry_id)

    def incident(self, incident_id: str) -> IncidentState:
        """Open an incident (GUI open, `incident show`): checked and audited as a view."""
        self.require("incident.view", incident_id)
        self._require_incident(incident_id)
        state = self.store.incident(incident_id)
        self._audit_read("view", incident_id)
        return state

    def entries(self, incident_id: str) -> list[Entry]:
        """The incident's entries as this person may see them: care records (and every correction of one)
        that are not theirs to see keep only ``{"restricted": true}``."""
        self.require("incident.view", incident_id)
        self._require_incident(incident_id)
        shown = self.visible(self.store.entries(incident_id))
        self._audit_read("view", incident_id)
        return shown

    def visible(self, stored: list[Entry]) -> list[Entry]:
        extra = care.added_keys(stored)  # keys wrapped to readers added later
        stored = [signing.shown(care.opened(self, e, extra.get(e.id), RESTRICTED))  # sealed: for readers only
                  for e in stored]
        private = set(kinds.private_kinds())
        by_id = {e.id: e for e in stored}
        concerned: dict[str, str] = {}
        for e in stored:
            if e.kind in private:
                root = by_id.get(care.root_id(e.kind, e.payload) or "") if e.kind in care.FOLLOWS else None
                concerned[e.id] = (root.payload.get("staff") if root else e.payload.get("staff")) or ""
        out = []
        for e in stored:
            target = e.id if e.kind in private else (e.supersedes if e.kind == CORRECTION else None)
            if target in concerned and not self.may_see_care(concerned[target]):
                e = Entry(**{**e.__dict__, "payload": dict(RESTRICTED)})
            elif e.kind in care.ROOT_KINDS and e.payload != RESTRICTED and concerned[e.id] != self.actor.name:
                self._audit_read("view_care", e.incident_id, e.id)  # who read it: shown to its person
            out.append(e)
        return out

    READ_WINDOW = 60.0
    """Seconds within which the same person's repeated read of the same thing is one audit entry."""

    def _audit_read(self, action: str, incident_id: str, detail: str = "") -> None:
        """Audit a read (issue 17: every read of an incident or a care record is in the trail), once per
        person, thing and minute: opening a case reads it in several calls."""
        key, now = (action, incident_id, detail), time.monotonic()
        if now - self._audited.get(key, -1e9) < self.READ_WINDOW:
            return
        self._audited[key] = now
        audit.record(self.store, self.actor.author, action, target=incident_id, detail=detail, channel=self.channel)

    def may_see_care(self, concerned_name: str) -> bool:
        directory = staff.directory(self.store)
        return access.may_see_care(self.actor.name, self.roles(), concerned_name, self.member(),
                                   directory.active_by_name(concerned_name or ""))

    def list_incidents(self, search="", limit: int = 200, offset: int = 0, sort: str = "occurred_at",
                       descending: bool = True) -> list[dict]:
        """``search`` is a text or a listing.IncidentFilter."""
        self.require("incident.list")
        return self.store.list_incidents(search, limit, offset, sort, descending)

    def count_incidents(self, search="") -> int:
        self.require("incident.list")
        return self.store.count_incidents(search)

    def incident_page(self, search="", limit: int = 200, offset: int = 0, sort: str = "occurred_at",
                      descending: bool = True) -> tuple[int, list[dict]]:
        """The count and one page of the list together (a text's matches read once for both)."""
        self.require("incident.list")
        return self.store.page(search, limit, offset, sort, descending)

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
        e = self.append(incident_id, "claimed", {"at": _now(), "staff_id": self.actor.staff_id}, door="service")
        audit.record(self.store, self.actor.author, "claim", target=incident_id, channel=self.channel)
        return e

    # ---- approvals -----------------------------------------------------------------------------
    def request_approval(self, incident_id: str, subject: str, draft: dict) -> Entry:
        """Ask the person entitled to decide: the draft is checked now as the entry it will become."""
        if subject not in permissions.APPROVAL_SUBJECTS:
            raise InputError(f"subject: {'、'.join(permissions.APPROVAL_SUBJECTS)} のいずれかを指定してください。",
                             f"subject: one of {', '.join(permissions.APPROVAL_SUBJECTS)}.", field="subject")
        return self.append(incident_id, "approval_requested", {"subject": subject, "draft": draft, "at": _now()},
                           door="service")

    def pending_approvals(self) -> list[dict]:
        self.require("approval.queue")
        out = []
        for r in approvals.pending(self.store):
            entries = self.store.entries(r["incident_id"])
            op = permissions.approval_operation(r["subject"], r["draft"])
            state = self.store.incident(r["incident_id"])
            asks = kinds_bans.questions(self.edition_of(entries)) if r["subject"] in kinds_bans.CHECKED_KINDS else {}
            out.append(dict(r, mine=self.may(op, entries), check_questions=asks,
                            incident_label=" ".join(x for x in (state.occurred_at[:16].replace("T", " "),
                                                                state.department, state.summary[:30]) if x)))
        return out

    def approve(self, request_id: str, decision: str = "承認", comment: str = "", check: dict | None = None) -> list[Entry]:
        """Answer a request; with ``check`` (a judgement or 対応中止 approved), the approver's 合理的配慮の確認
        is written before the decision in the same transaction."""
        request = approvals.find(self.store, request_id)
        if request is None:
            raise NotFoundError("承認待ちの依頼が見つかりません。", f"No pending request {request_id}.")
        if decision not in approvals.DECISIONS:
            raise InputError("decision: 承認 か 差戻し を指定してください。", "decision: 承認 or 差戻し.",
                             field="decision")
        iid = request["incident_id"]
        entries = self.store.entries(iid)
        self.require_on(permissions.approval_operation(request["subject"], request["draft"]), iid, entries)
        items = [("approval_given", {"request": request_id, "decision": decision, "comment": comment,
                                     "at": _now()}, None)]
        if decision == "承認" and request["subject"] in kinds.approvable():
            if check is not None and request["subject"] in kinds_bans.CHECKED_KINDS:
                items.append((kinds_bans.CHECK, {**dict(check), "about": kinds_bans.CHECKED_KINDS[request["subject"]]},
                              None))
            items.append((request["subject"], dict(request["draft"]), None))
        written = self.append_many(iid, items, door="service")
        audit.record(self.store, self.actor.author, "approval", target=iid, detail=decision, channel=self.channel)
        return written

    def append_as(self, name: str, password: str, incident_id: str, kind: str, payload: dict) -> Entry:
        """A second person on this PC appends with their own credentials (e.g. the 庁舎管理者's 退去命令 at the
        counter): signed in and audited as them, checked by the same door; this Service's actor stays."""
        from app.model.auth import Authenticator
        had = self._has_key(name)
        other = Authenticator(self.store, channel=self.channel).sign_in(name, password)
        try:
            return self.with_actor(other).append(incident_id, kind, payload)
        finally:
            self._drop_second_key(other, had)

    def approve_as(self, name: str, password: str, request_id: str, decision: str = "承認",
                   check: dict | None = None) -> list[Entry]:
        """A second person approves on this PC with their own credentials (and, for a judgement or 対応中止,
        their 合理的配慮の確認); this Service's actor stays."""
        from app.model.auth import Authenticator
        had = self._has_key(name)
        approver = Authenticator(self.store, channel=self.channel).sign_in(name, password)
        try:
            return self.with_actor(approver).approve(request_id, decision, check=check)
        finally:
            self._drop_second_key(approver, had)

    def _has_key(self, name: str) -> bool:
        from app.model import signing
        return signing.key_for(self.store.store_id, name) is not None

    def _drop_second_key(self, other: Actor, had: bool) -> None:
        """The second person's key was needed for this entry only (unless they were signed in already)."""
        if not had and other.author != self.actor.author:
            self.with_actor(other).sign_out()

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
