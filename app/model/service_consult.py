"""相談記録 through the Service (issue 16 §1): record, list what one may read, 経過, an incident from a
consultation (only with the worker's consent), and who read it (issue 17 §4).

Every call goes through the register door (app/model/service_registers.py): the roles of the registry's
kinds, sealing to the readers of app/model/consultations.py, and the ``view_register`` audit of each read."""
from __future__ import annotations

from app.model import consultations, looked, permissions, staff, streams
from app.model.door import now_iso
from app.model.entry import Entry
from app.model.errors import InputError, NotFoundError, PermissionDenied

STREAM = streams.CONSULTATIONS


class Consultations:
    """Mixed into Service."""

    def consultation_notice(self) -> str:
        return consultations.NOTICE

    def record_consultation(self, payload: dict) -> Entry:
        """The signed-in worker's own consultation (``at`` defaults to now)."""
        if isinstance(payload, dict) and not payload.get("at"):
            payload = {**payload, "at": now_iso()}
        return self.append_register(STREAM, "consultation", payload)

    def consultation_followup(self, consultation_id: str, payload: dict) -> Entry:
        """A 経過 of the 相談窓口 (人事課, the 課長 who may read it)."""
        if not isinstance(payload, dict):
            raise InputError("経過はオブジェクトで指定してください。", "The follow-up must be an object.",
                             field="payload")
        payload = {**payload, "consultation": consultation_id}
        if not payload.get("at"):
            payload["at"] = now_iso()
        return self.append_register(STREAM, "consultation_followup", payload)

    def consultations(self) -> list[dict]:
        """The consultations this person may read (others are left out, not blanked), with their 経過."""
        shown = self.register_entries(STREAM)
        out: dict[str, dict] = {}
        for e in shown:
            if e.kind == "consultation":
                out[e.id] = {"id": e.id, "author": e.author, "recorded_at": e.recorded_at, **e.payload,
                             "followups": []}
        for e in shown:
            if e.kind == "consultation_followup" and e.payload.get("consultation") in out:
                out[e.payload["consultation"]]["followups"].append(
                    {"id": e.id, "author": e.author, "recorded_at": e.recorded_at, **e.payload})
        return list(out.values())

    def consultation(self, consultation_id: str) -> dict:
        found = next((c for c in self.consultations() if c["id"] == consultation_id), None)
        if found is None:  # not there, or not theirs to read: the same answer
            raise NotFoundError("相談記録が見つかりません。", f"No consultation {consultation_id} to read.")
        return found

    def incident_from_consultation(self, consultation_id: str, channel: str = "対面") -> str:
        """Open an incident from a consultation, only if the worker agreed that the 課 be told; the 経過 links
        the consultation to it. Needs ``incident.create`` and ``entry.consultation_followup`` (the 課長)."""
        self.require("incident.create", STREAM)
        self.require(permissions.operation_for_entry("consultation_followup"), STREAM)
        c = self.consultation(consultation_id)
        if c.get("consents_to_section") is not True:
            raise PermissionDenied("相談した職員が課に伝えることに同意していないため、事案を開けません。"
                                   "本人の同意を得てから、本人が新しい相談として記録してください。",
                                   "The worker did not agree that the section be told: no incident opened.")
        opened = [f for f in c["followups"] if f.get("incident_id")]
        if opened:
            raise InputError("この相談からは既に事案を開いています。", "An incident was already opened from it.",
                             field="id")
        worker = staff.directory(self.store).active_by_name(c["author"])
        summary = c["what_happened"] + (f"\n（いつから：{c['since']}）" if c.get("since") else "")
        incident_id = self.create_incident({
            "occurred_at": c.get("at") or c["recorded_at"], "channel": channel, "summary": summary,
            "staff": [c["author"]], "department": worker.department.ka if worker else ""})
        self.consultation_followup(consultation_id, {"note": "相談記録から事案を開いた", "incident_id": incident_id})
        return incident_id

    def consultation_looked(self, consultation_id: str) -> list[dict]:
        """Who else read this consultation (and its 経過): for the worker who consulted only."""
        c = self.consultation(consultation_id)
        if c["author"] != self.actor.name:
            raise NotFoundError("相談記録が見つかりません。", f"No consultation {consultation_id} of yours.")
        ids = [consultation_id] + [f["id"] for f in c["followups"]]
        return [r for r in looked.register_record(self.store, STREAM, ids) if r["author"] != self.actor.name]


def _join() -> None:
    """The register door seals and opens these kinds with consultations' sealer and opener."""
    from app.model import service_registers
    for kind in consultations.KINDS:
        service_registers.SEALERS[kind] = consultations.seal_record
        service_registers.OPENERS[kind] = consultations.open_record


_join()
