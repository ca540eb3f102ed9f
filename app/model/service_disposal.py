"""The Service's disposal operations (issue 17 §2): the 課長 approves, another person (the システム管理者)
executes; ``today`` is always passed in."""
from __future__ import annotations

from app.model import audit, disposal, fiscal, permissions, retention, streams
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

    def approve_consultation_disposal(self, consultation_ids, today: str) -> list[dict]:
        """人事課 approves disposing of 相談 past their date (one entry per 相談): the entries to destroy (the
        相談, its 経過 and corrections of either) and its link key are taken from the register opened here."""
        from app.model import consultations
        self.require(permissions.operation_for_entry(disposal.C_APPROVED), streams.RETENTION)
        ids = list(dict.fromkeys(consultation_ids or ()))
        if not ids:
            raise InputError("廃棄する相談記録を指定してください。", "Give the consultations to dispose of.",
                             field="consultation")
        stored = self.store.entries(streams.CONSULTATIONS)
        opened = {e.id: consultations.plain_of(self, e) for e in stored}  # each sealed record opened once
        root_of, _opened = retention.consultation_groups(stored, lambda e: opened[e.id])
        items = {i.record_id: i for i in retention.of_consultations(stored, lambda e: opened[e.id],
                                                                    self.flow_settings())}
        by_id = {e.id: e for e in stored}
        written = []
        for cid in ids:
            item = items.get(cid)
            if item is None:
                raise NotFoundError(f"相談記録が見つかりません（廃棄済みの可能性があります）: {cid}",
                                    f"No consultation {cid} to dispose of (it may have been disposed of).")
            if not item.due(today):
                raise InputError(f"保存年限がまだ過ぎていません（廃棄できる日: {item.disposal_on}）: 相談記録",
                                 f"Consultation {cid} is not past its retention date ({item.disposal_on}).",
                                 field="today")
            link = consultations.link_key(self, by_id[cid])
            if link is None:
                raise InputError("サインインしている職員の鍵で相談記録を開けません。パスワードでサインインし直してください。",
                                 "The consultation cannot be opened with the actor's key.", field="consultation")
            written.append((disposal.C_APPROVED, {
                "consultation": cid, "entries": [e.id for e in stored if root_of.get(e.id) == cid],
                "class": item.class_id, "last_record": item.completed, "link": link, "at": now_iso()}, None))
        done = self.append_register_many(streams.RETENTION, written, door="service")
        return [{"approval": e.id, "consultation": e.payload["consultation"], "class": e.payload["class"],
                 "last_record": e.payload["last_record"], "entries": len(e.payload["entries"])} for e in done]

    def _approved_disposal_on(self, approval: dict):
        """The day a 相談 named by 人事課's approval (its payload) may be disposed of: its class's years from its
        last record, under today's setting."""
        return retention.disposal_date(approval["last_record"], retention.years_of(approval["class"],
                                                                                   self.flow_settings()))

    def execute_consultation_disposal(self, consultation_id: str, today: str) -> dict:
        """Destroy an approved 相談's records on this PC (and, by sync, on every PC). The システム管理者 cannot
        read the 相談: what is destroyed is what 人事課's approval names (and records with its link tag)."""
        self.require("retention.dispose")
        self.require(permissions.operation_for_entry(disposal.C_EXECUTED), streams.RETENTION)
        if consultation_id in disposal.consultation_executions(self.store):
            raise NotFoundError(f"相談記録が見つかりません（廃棄済みです）: {consultation_id}",
                                f"Consultation {consultation_id} was already disposed of.")
        approvals = [e for e in self.store.entries(streams.RETENTION)
                     if e.kind == disposal.C_APPROVED and e.payload.get("consultation") == consultation_id]
        if not approvals:
            raise InputError("この相談記録の廃棄はまだ人事課に承認されていません。",
                             f"Consultation {consultation_id} has no approval.", field="consultation")
        others = [e for e in approvals if e.author != self.actor.author]
        if not others:
            raise PermissionDenied("廃棄の承認と実施は別の職員が行います。承認した方とは別の職員が実施してください。",
                                   "The approver may not also execute the disposal.")
        approval = others[-1]
        p = approval.payload
        on = self._approved_disposal_on(p)
        if on.isoformat() > fiscal.as_date(today).isoformat():
            raise InputError(f"保存年限がまだ過ぎていません（廃棄できる日: {on.isoformat()}）: 相談記録",
                             f"Consultation {consultation_id} is not past its retention date ({on}).", field="today")
        stored = {e.id: e for e in self.store.entries(streams.CONSULTATIONS)}
        named = [stored[i] for i in p["entries"] if i in stored]
        if not named:
            raise NotFoundError(f"相談記録が見つかりません: {consultation_id}", f"No consultation {consultation_id}.")
        from app.model import consultations
        later = [e for e in stored.values() if e.id not in p["entries"] and not disposal.is_tombstone(e.payload) and (
            consultations.is_linked(e.payload, p["link"]) or e.supersedes in p["entries"])]
        if later:
            raise InputError("承認の後に相談の経過が記録されています。人事課にもう一度承認を依頼してください。",
                             "A record of the consultation was added after the approval: approve again.",
                             field="consultation")
        payload = {"consultation": consultation_id, "entries": list(p["entries"]), "class": p["class"],
                   "last_record": p["last_record"], "approver": approval.author, "approval": approval.id,
                   "sha256": disposal.content_hash(named), "at": now_iso()}
        entry = self.append_register(streams.RETENTION, disposal.C_EXECUTED, payload, door="service")
        done = disposal.destroy_consultation(self.store, entry)
        audit.record(self.store, self.actor.author, "dispose", target=consultation_id, channel=self.channel)
        return {"consultation": consultation_id, "disposal": entry.id, "class": p["class"],
                "approver": approval.author, "sha256": payload["sha256"], **done}

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
        c_approvals = [e for e in self.store.entries(streams.RETENTION) if e.kind == disposal.C_APPROVED]
        for d in due:
            if d["class"] in retention.CONSULTATION_CLASSES:
                approver = next((a.author for a in reversed(c_approvals)
                                 if a.payload.get("consultation") == d["record_id"]), "")
                rows.append({"incident_id": "", "record": "consultation", "record_id": d["record_id"],
                             "label": f"相談（{d.get('consulted_on', '')}）", "class": d["class"],
                             "class_label": d["label"], "start": d["start"], "completed": d["completed"],
                             "disposal_on": d["disposal_on"], "records": 1, "approved_by": approver})
        if R.SYSADMIN in self.roles() and R.HR not in self.roles():  # what 人事課 approved, to execute
            done = disposal.consultation_executions(self.store)
            for a in c_approvals:
                p = a.payload
                on = self._approved_disposal_on(p)
                if p["consultation"] in done or on.isoformat() > fiscal.as_date(today).isoformat() or \
                        any(r.get("record_id") == p["consultation"] for r in rows):
                    continue
                rows.append({"incident_id": "", "record": "consultation", "record_id": p["consultation"],
                             "label": "相談記録（人事課が承認）", "class": p["class"],
                             "class_label": retention.BY_ID[p["class"]].label,
                             "start": retention.START_LABELS[retention.BY_ID[p["class"]].start],
                             "completed": p["last_record"], "disposal_on": on.isoformat(),
                             "records": len(p["entries"]), "approved_by": a.author})
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

    def consultation_disposals(self) -> list[dict]:
        """The tombstones of disposed 相談 this store holds (no content: ids, class, dates, who)."""
        self.require("retention.list")
        return [{"consultation": c, "disposal": e.id, **{k: v for k, v in e.payload.items()
                                                         if k not in ("signature", "entries")},
                 "entries": len(e.payload["entries"])}
                for c, e in disposal.consultation_executions(self.store).items()]

    def disposals(self) -> list[dict]:
        """The tombstones this store holds (who may list retention sees them)."""
        self.require("retention.list")
        return [{"incident": i, "disposal": e.id, **{k: v for k, v in e.payload.items() if k != "signature"}}
                for i, e in disposal.disposed(self.store).items()]


def _closed_day(stored) -> str:
    from app.model.entry import effective_entries
    closes = [e for e in effective_entries(stored) if e.kind == "closed"]
    return retention._day(closes[-1]) if closes else ""
