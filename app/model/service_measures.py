"""The Service's 配慮措置 and 法律相談 operations (issue 16 §2, §6): mixed into Service.

配慮措置 are private entries of an incident (sealed like care, app/model/care.py): each is shown only to the
worker it concerns, a 課長 of that worker's 課 and 人事課 (``Service.visible``), so the queue of follow-ups
due holds, for each person, what they may read. 法律相談 stages are decisions of the incident's 課."""
from __future__ import annotations

import datetime as dt

from app.model import legal_track, measures
from app.model.door import now_iso
from app.model.entry import Entry
from app.model.errors import InputError


def _day(today: str) -> str:
    try:
        return dt.date.fromisoformat(str(today)).isoformat()
    except ValueError:
        raise InputError("日付は YYYY-MM-DD の形式で指定してください。", "today must be YYYY-MM-DD.",
                         field="today") from None


class Measures:
    """Uses the Service's ``store``, ``require``, ``require_on``, ``may``, ``visible``, ``append``."""

    # ---- 配慮措置 ------------------------------------------------------------------------------------
    def add_measure(self, incident_id: str, payload) -> Entry:
        """A 配慮措置 for one worker (sealed to its readers when written)."""
        if isinstance(payload, dict) and not payload.get("at"):
            payload = {**payload, "at": now_iso()}
        return self.append(incident_id, measures.TAKEN, payload)

    def measure_followup(self, incident_id: str, measure_id: str, payload) -> Entry:
        """How a 配慮措置 goes: done, or the next date to check."""
        if not isinstance(payload, dict):
            raise InputError("経過は JSON オブジェクトで指定してください。", "A follow-up is a JSON object.")
        payload = {"at": now_iso(), **payload, "measure_id": measure_id}
        return self.append(incident_id, measures.FOLLOWUP, payload)

    def measures_of(self, incident_id: str) -> list[dict]:
        """The incident's 配慮措置 that this person may read (the others are left out)."""
        self.require("measure.list", incident_id)
        self._require_incident(incident_id)
        return [m.to_dict() for m in measures.measures(self.visible(self.store.entries(incident_id)))]

    def measures_due(self, today: str) -> list[dict]:
        """Follow-ups due on or before ``today`` and not done, of the 配慮措置 this person may read: a 課長 those
        of the workers of his 課, 人事課 all."""
        self.require("measure.due")
        today = _day(today)
        out = []
        for incident_id in self._incidents_with(measures.TAKEN):
            label = self._incident_label(incident_id)
            for m in measures.measures_due(self.visible(self.store.entries(incident_id)), today):
                out.append(dict(m.to_dict(today), incident_label=label))
        return sorted(out, key=lambda d: (d["due"], d["incident_id"], d["entry_id"]))

    # ---- 法律相談 ------------------------------------------------------------------------------------
    def record_legal_stage(self, incident_id: str, stage: str, payload=None) -> Entry:
        """The next stage of the incident's 法律相談 (調整済み, 実施, 報告書提出), in order."""
        if payload is not None and not isinstance(payload, dict):
            raise InputError("法律相談の進行は JSON オブジェクトで指定してください。", "A stage is a JSON object.")
        body = {"at": now_iso(), **(payload or {}), "stage": stage}
        return self.append(incident_id, legal_track.KIND, {k: v for k, v in body.items() if v not in (None, "")})

    def legal_state(self, incident_id: str) -> dict | None:
        """The incident's latest 法律相談 (None: no 依頼書 issued), for a manager of its scope."""
        self.require("legal.list", incident_id)
        self._require_incident(incident_id)
        stored = self.store.entries(incident_id)
        self.require_on("legal.list", incident_id, stored)
        c = legal_track.state(stored)
        return c.to_dict() if c else None

    def legal_queue(self, today: str) -> list[dict]:
        """Open 法律相談 in this person's scope (a 課長・係長 his 課's, a 部長 his 部's, the 総務部長 all), the
        longest waiting first, with days since the 依頼書 and since the last step."""
        self.require("legal.list")
        today = _day(today)
        pairs = []
        for incident_id in self._incidents_with("document_issued"):
            stored = self.store.entries(incident_id)
            if self.may("legal.list", stored):
                pairs.append((incident_id, stored))
        return [dict(c.to_dict(today), incident_label=self._incident_label(c.incident_id))
                for c in legal_track.legal_queue(pairs, today)]

    # ---- helpers -------------------------------------------------------------------------------------
    def _incidents_with(self, kind: str) -> list[str]:
        rows = self.store.conn.execute("SELECT DISTINCT incident_id FROM entries WHERE kind = ? ORDER BY incident_id",
                                       (kind,))
        return [r[0] for r in rows]

    def _incident_label(self, incident_id: str) -> str:
        """The incident as people name it in a queue: when and which 課 (no summary: 人事課 reads it too)."""
        row = self.store.conn.execute("SELECT occurred_at, department FROM incidents WHERE id = ?",
                                      (incident_id,)).fetchone()
        if row is None:
            return ""
        return " ".join(x for x in ((row[0] or "")[:16].replace("T", " "), row[1] or "") if x)
