"""Case-workspace operations of the Service: parties, review queues, evidence export, list helpers.

Each one checks its operation (app/model/permissions.py) and, where it concerns an incident, the scope;
the UI and the CLI call these instead of reaching into the store."""
from __future__ import annotations

from app.model import access, audit, disclosure, kept_documents, looked, parties, permissions, retention, vocab
from app.model import roles as R
from app.model.saved_searches import SavedSearches
from app.model.errors import InputError, NotFoundError, PermissionDenied


class Workspace:
    """Mixed into Service; uses its ``store``, ``actor``, ``require``, ``require_on``, ``may``."""

    def party_of_incident(self, incident_id: str) -> str:
        self.require("party.view", incident_id)
        return parties.party_of_incident(self.store, incident_id)

    def party_history(self, party_id: str, exclude_incident: str = "", today: str | None = None):
        self.require("party.view")
        return parties.history(self.store, party_id, exclude_incident=exclude_incident, today=today)

    def party_lookup(self, name: str = "", party_id: str = "", exclude_incident: str = "",
                     phone: str = "") -> tuple:
        """(the known party's history or None, near-name suggestions) for a new encounter. A phone number
        finds the earlier contacts recorded with the same number when the name finds none (a caller who
        does not give a name); other parties with that number are suggested, never merged."""
        self.require("party.view")
        found = parties.lookup(self.store, name=name, party_id=party_id, exclude_incident=exclude_incident)
        suggestions = parties.near_matches(self.store.conn, name) if name else []
        if phone:
            by_phone = parties.parties_by_phone(self.store, phone, exclude_incident=exclude_incident)
            if found is None and by_phone:
                found = parties.lookup(self.store, party_id=by_phone[0], exclude_incident=exclude_incident)
            own = found.party_id if found else ""
            for pid in by_phone:
                if pid != own and not any(s.get("party_id") == pid for s in suggestions):
                    other = parties.history(self.store, pid, exclude_incident=exclude_incident)
                    suggestions.append({"party_id": pid, "name": other.label or "氏名不詳", "incidents":
                                        len(other.incidents), "why": "同じ電話番号"})
        return found, suggestions

    def review_queue(self, level: str, limit: int = 200) -> list[dict]:
        """The 部長 (困難) or 総務部長 (特に困難) queue: open incidents escalated to that level, in scope."""
        from app.model.listing import IncidentFilter
        op = f"queue.escalation.{level}"
        levels = vocab.escalation_levels()
        if level not in levels:
            raise InputError(f"level: {'・'.join(levels)} のいずれかを指定してください。",
                             f"level: one of {', '.join(levels)}.", field="level")
        self.require(op)
        rows = self.store.list_incidents(IncidentFilter(escalation=level, open_only=True), limit=limit)
        if permissions.roles_for(op) & self.roles() & access.WARD_WIDE:  # the 総務部長: no 課 to check
            return rows
        return [r for r in rows if self.may(op, self.store.entries(r["id"]))]

    def record_evidence_export(self, incident_id: str, sha256: str) -> None:
        """Check and audit writing an evidence file out of the store (before it is written)."""
        self.require("evidence.get", incident_id)
        audit.record(self.store, self.actor.author, "export", target=incident_id, detail=f"evidence {sha256[:12]}",
                     channel=self.channel)

    def incident_rows(self, ids: list[str]) -> list[dict]:
        """The list's rows for these incidents (the statistics' drill-down)."""
        from app.model import stats
        self.require("incident.list")
        return stats.incident_rows(self.store, ids)

    def issued_documents(self, incident_id: str) -> list[dict]:
        """What was issued for an incident (number, date, hash), as the case view lists it."""
        self.require("incident.view", incident_id)
        return kept_documents.issued(self.store, incident_id)

    def last_request_fields(self, incident_id: str) -> dict | None:
        self.require("incident.view", incident_id)
        return kept_documents.last_request_fields(self.store, incident_id)

    def find_issued(self, sha256: str) -> dict | None:
        """Which issued document of this store has these bytes (by SHA-256), if any; seeing which incident it
        belongs to needs the right to view that incident."""
        found = kept_documents.find_by_sha256(self.store, sha256)
        if found is not None:
            self.require("incident.view", found["incident_id"])
        return found

    def reprint(self, incident_id: str, ref: str, what: str = "print") -> bytes:
        """The kept bytes of an issued document: checked and audited as a print (GUI) or an export (CLI)."""
        self.record_output(incident_id, what, detail=f"reprint:{ref[:64]}")
        return kept_documents.reprint(self.store, incident_id, ref)

    def my_department(self) -> str:
        """The signed-in person's 所属 as an incident records it (部/課/係), or "" for the PC."""
        m = self.member()
        return "/".join(p for p in (m.department.bu, m.department.ka, m.department.kakari) if p) if m else ""

    def departments(self) -> list[str]:
        """The 所属 values of the list (for the filter bar); none for whoever may not list incidents."""
        return self.store.distinct_values("department") if self.can("incident.list") else []

    # ---- saved searches (per member of staff, in the store, never synced) ----------------------------
    def saved_searches(self) -> dict:
        """{name: IncidentFilter} of the signed-in member."""
        return self._saved().all()

    def save_search(self, name: str, f) -> None:
        self._saved().save(name, f)

    def delete_search(self, name: str) -> None:
        self._saved().delete(name)

    def _saved(self) -> SavedSearches:
        self.require("incident.list")
        if not self.actor.is_staff:
            raise PermissionDenied("検索の保存には職員としてサインインしてください。",
                                   "Saved searches belong to a signed-in member of staff.")
        return SavedSearches(self.store, self.actor.staff_id, self.actor.name)

    # ---- who looked (issue 17 §4) -----------------------------------------------------------------
    def who_looked(self, incident_id: str) -> list[dict]:
        """Who viewed, printed, exported (documents, evidence) or approved this incident, oldest first: for
        the 課長 of its 課 and the システム管理者 (audit.view)."""
        self.require("audit.view", incident_id)
        self._require_incident(incident_id)
        if R.SYSADMIN not in self.roles():
            self.require_on("audit.view", incident_id, self.store.entries(incident_id))
        return looked.incident(self.store, incident_id)

    def care_readers(self, incident_id: str, record_id: str) -> list[dict]:
        """Who was shown the care record ``record_id``: for the person concerned and its other readers
        (the one care rule, access.may_see_care: 人事課 asks here without opening the incident)."""
        self._require_incident(incident_id)
        stored = self.store.entries(incident_id)
        from app.model import care
        record = next((e for e in stored if e.id == record_id and e.kind in care.ROOT_KINDS), None)
        if record is None:
            raise NotFoundError("そのケアの記録は見つかりません。", "No such care record.")
        shown = care.payload_for(self, stored, record)  # sealed: opened only for its readers
        if shown is None or not self.may_see_care(shown.get("staff") or ""):
            raise PermissionDenied("このケアの記録を見る権限がありません。", "Not permitted: care record.")
        return looked.care_record(self.store, incident_id, record_id)

    # ---- retention (issue 17 §1) --------------------------------------------------------------------
    def retention_of(self, incident_id: str) -> list[dict]:
        """The retention class and disposal date of the incident and of each care record in it."""
        self.require("incident.view", incident_id)
        self._require_incident(incident_id)
        return [i.to_dict() for i in retention.of_incident(incident_id, self.store.entries(incident_id),
                                                             self.flow_settings())]

    def retention_due(self, today: str) -> list[dict]:
        """Records whose 保存年限 has passed on ``today``: for the 課長 (his 課's incidents), the
        システム管理者 (all incidents) and 人事課 (the 相談 it reads, ``consultation_retention``). Nothing is
        disposed of here."""
        self.require("retention.list")
        ward_wide = R.SYSADMIN in self.roles()
        out = [i for i in self.consultation_retention() if i["disposal_on"] and i["disposal_on"] <= today]
        if not {R.SYSADMIN, R.SECTION_CHIEF} & self.roles():
            return out
        for (incident_id,) in self.store.conn.execute("SELECT id FROM incidents WHERE status = 'closed' ORDER BY id"):
            stored = self.store.entries(incident_id)
            if not ward_wide and not self.may("retention.list", stored):
                continue
            out += [i.to_dict() for i in retention.of_incident(incident_id, stored, self.flow_settings()) if i.due(today)]
        return sorted(out, key=lambda i: (i["class"] == "consultation", i["incident_id"], i["record_id"]))

    # ---- 本人開示 (issue 17 §3) ----------------------------------------------------------------------
    def disclosure_collect(self, name: str) -> dict:
        """Everything held about the person named exactly ``name``, per incident, facts apart from staff
        opinions (app/model/disclosure.py), with their statuses (出入禁止 …). The 課長 collects his 課's
        incidents (the rest are counted, not shown), the 総務部長 the ward's. Each incident collected is
        audited as an export, so it shows in who looked."""
        self.require("disclosure.collect")
        if not (name or "").strip():
            raise InputError("開示を求める方の氏名を入力してください。", "Give the requester's name.", field="name")
        party_ids, incident_ids = disclosure.incidents_of(self.store, name)
        collected, outside = [], 0
        for incident_id in incident_ids:
            stored = self.store.entries(incident_id)
            if not self.may("disclosure.collect", stored):
                outside += 1
                continue
            audit.record(self.store, self.actor.author, "export", target=incident_id, detail="disclosure",
                         channel=self.channel)
            row = self.store.conn.execute("SELECT occurred_at, channel, department FROM incidents WHERE id = ?",
                                          (incident_id,)).fetchone()
            collected.append({"occurred_at": row[0] or "", "channel": row[1] or "", "department": row[2] or "",
                              **disclosure.collect_incident(incident_id, stored)})
        root = parties.canonical(self.store.conn, party_ids[0])
        statuses = [s.__dict__ for s in parties.statuses(self.store.conn, root)]
        return {"name": name, "incidents": collected, "statuses": statuses, "outside_scope": outside,
                "near_names": [m["name"] for m in parties.near_matches(self.store.conn, name)]}
