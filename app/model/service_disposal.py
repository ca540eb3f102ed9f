"""The Service's disposal operations (issue 17 §2): the 課長 approves, another person (the システム管理者)
executes; ``today`` is always passed in."""
from __future__ import annotations

from app.model import audit, disposal, retention, streams
from app.model import roles as R
from app.model.door import now_iso
from app.model.errors import InputError, NotFoundError, PermissionDenied


class Disposal:
    """Mixed into Service; uses its ``store``, ``actor``, ``require``, ``may``, ``flow_settings``."""

    def _due_items(self, incident_id: str, today: str):
        """(stored entries, the incident's retention item) of an incident whose every record is past its date."""
        stored = self.store.entries(incident_id) if self.store.has_incident(incident_id) else []
        if not any(e.kind == "incident_created" for e in stored):
            raise NotFoundError(f"事案が見つかりません（廃棄済みの可能性があります）: {incident_id}",
                                f"No incident {incident_id} (it may have been disposed of).")
        items = retention.of_incident(incident_id, stored, self.flow_settings())
        late = [i for i in items if not i.due(today)]
        if late:
            when = max((i.disposal_on for i in late), default="") or "未定（対応中）"
            raise InputError(f"保存年限がまだ過ぎていません（廃棄できる日: {when}）: {incident_id}",
                             f"Incident {incident_id} is not past its retention date ({when}).", field="today")
        return stored, next(i for i in items if i.record_id == incident_id)

    def approve_disposal(self, incident_ids, today: str) -> list[dict]:
        """The 課長 of the incidents' 課 approves disposing of them (one entry per retention class)."""
        self.require("retention.approve")
        ids = list(dict.fromkeys(incident_ids or ()))
        if not ids:
            raise InputError("廃棄する事案を指定してください。", "Give the incidents to dispose of.", field="incidents")
        by_class: dict[str, list[str]] = {}
        for incident_id in ids:
            stored, item = self._due_items(incident_id, today)
            if not self.may("retention.approve", stored):
                audit.record(self.store, self.actor.author, "permission_denied", op="retention.approve",
                             target=incident_id, channel=self.channel)
                raise PermissionDenied("この事案の廃棄を承認できるのは、事案の課の課長です。",
                                       "Only the section chief of the incident's section may approve.")
            by_class.setdefault(item.class_id, []).append(incident_id)
        items = [(disposal.APPROVED, {"incidents": group, "class": class_id, "at": now_iso()}, None)
                 for class_id, group in by_class.items()]
        written = self.append_register_many(streams.RETENTION, items, door="service")
        return [{"approval": e.id, "class": e.payload["class"], "incidents": e.payload["incidents"]} for e in written]

    def execute_disposal(self, incident_id: str, today: str) -> dict:
        """Destroy an approved incident's content on this PC (and, by sync, on every PC); the tombstone stays."""
        self.require("retention.dispose")
        stored, item = self._due_items(incident_id, today)
        register = self.store.entries(streams.RETENTION)
        approvals = [e for e in register if e.kind == disposal.APPROVED and incident_id in e.payload.get("incidents", ())]
        if not approvals:
            raise InputError("この事案の廃棄はまだ課長に承認されていません。", f"Incident {incident_id} has no approval.",
                             field="incident")
        others = [e for e in approvals if e.author != self.actor.author]
        if not others:
            raise PermissionDenied("廃棄の承認と実施は別の職員が行います。承認した方とは別の職員が実施してください。",
                                   "The approver may not also execute the disposal.")
        approval = others[-1]
        ban_end = item.completed if item.class_id == "incident_ban" else ""
        closed = item.completed if item.class_id != "incident_ban" else _closed_day(stored)
        payload = {"incident": incident_id, "class": item.class_id, "approver": approval.author,
                   "approval": approval.id, "sha256": disposal.content_hash(stored), "at": now_iso()}
        payload.update({k: v for k, v in (("closed", closed), ("ended", ban_end)) if v})
        entry = self.append_register(streams.RETENTION, disposal.EXECUTED, payload, door="service")
        done = disposal.destroy(self.store, incident_id, entry)
        audit.record(self.store, self.actor.author, "dispose", target=incident_id, channel=self.channel)
        return {"incident": incident_id, "disposal": entry.id, "class": item.class_id, "approver": approval.author,
                "sha256": payload["sha256"], **done}

    def retention_queue(self, today: str) -> list[dict]:
        """The disposal list as people read it (the 保存年限・廃棄 tab): one row per incident whose *every*
        record is past its date on ``today`` (when and which 課, its class, the latest date, who approved),
        then the 相談 past theirs (人事課). The internal id is in the row for the buttons, not to be shown."""
        due = self.retention_due(today)
        approvals = [e for e in self.store.entries(streams.RETENTION) if e.kind == disposal.APPROVED]
        rows = []
        for incident_id in dict.fromkeys(d["incident_id"] for d in due if d["incident_id"]):
            items = retention.of_incident(incident_id, self.store.entries(incident_id), self.flow_settings())
            if not all(i.due(today) for i in items):
                continue  # a care record not yet past its date keeps the whole incident
            main = next(i for i in items if i.record_id == incident_id)
            approver = next((a.author for a in reversed(approvals) if incident_id in a.payload.get("incidents", ())), "")
            rows.append({"incident_id": incident_id, "record": "incident", "label": self._retention_label(incident_id),
                         "class": main.class_id, "class_label": main.label, "start": main.to_dict()["start"],
                         "completed": main.completed, "disposal_on": max(i.disposal_on for i in items),
                         "records": len(items), "approved_by": approver})
        for d in due:
            if d["class"] == "consultation":
                rows.append({"incident_id": "", "record": "consultation", "record_id": d["record_id"],
                             "label": f"相談（{d.get('consulted_on', '')}）", "class": d["class"],
                             "class_label": d["label"], "start": d["start"], "completed": d["completed"],
                             "disposal_on": d["disposal_on"], "records": 1, "approved_by": ""})
        return rows

    def _retention_label(self, incident_id: str) -> str:
        """An incident as the lists name it: when it happened and which 課 (no summary)."""
        row = self.store.conn.execute("SELECT occurred_at, department FROM incidents WHERE id = ?",
                                      (incident_id,)).fetchone()
        return " ".join(x for x in ((row[0] or "")[:16].replace("T", " "), row[1] or "") if x) if row else ""

    def consultation_retention(self) -> list[dict]:
        """The class and disposal date of every 相談 that 人事課 (the 相談窓口 that owns them) reads; nobody
        else is given any. The sealed records are opened in memory only to link each 経過 to its 相談 and
        take their dates; no content leaves here, so it is not a read of the record (no audit)."""
        self.require("retention.list")
        if R.HR not in self.roles():
            return []
        from app.model import consultations
        stored = self.store.entries(streams.CONSULTATIONS)
        items = retention.of_consultations(stored, lambda e: consultations.plain_of(self, e), self.flow_settings())
        first = {e.id: e.recorded_at for e in stored}
        return [{**i.to_dict(), "consulted_on": str(first.get(i.record_id, ""))[:10]} for i in items]

    def disposals(self) -> list[dict]:
        """The tombstones this store holds (who may list retention sees them)."""
        self.require("retention.list")
        return [{"incident": i, "disposal": e.id, **{k: v for k, v in e.payload.items() if k != "signature"}}
                for i, e in disposal.disposed(self.store).items()]


def _closed_day(stored) -> str:
    from app.model.entry import effective_entries
    closes = [e for e in effective_entries(stored) if e.kind == "closed"]
    return retention._day(closes[-1]) if closes else ""
