"""出入禁止 operations of the Service: record the check, decide, approve, renew; list bans and check a name.

Appends go through the one door (app/model/door.py) with the kinds of app/model/kinds_bans.py; the lists
are derived by app/model/bans.py for a ``today`` the caller passes (a fake clock in tests). The counter
sees every active ban of the ward (``ban.list``): a person banned from the building is banned at every desk.
"""
from __future__ import annotations

from app.model import bans as ban_model
from app.model import parties
from app.model.entry import Entry, effective_entries
from app.model.errors import InputError, NotFoundError
from app.model.kinds_bans import APPROVED, CHECK, CHECKED_KINDS, DECIDED, RENEWED


def _dict(payload, what: str) -> dict:
    if not isinstance(payload, dict):
        raise InputError(f"{what}は JSON オブジェクトで指定してください。", f"{what} must be a JSON object.",
                         field="json")
    return dict(payload)


class Bans:
    """Mixed into Service; uses its ``store``, ``require``, ``append``, ``_require_incident``."""

    def accommodation_check(self, incident_id: str, payload) -> Entry:
        return self.append(incident_id, CHECK, _dict(payload, "合理的配慮の確認"))

    def decide_ban(self, incident_id: str, payload, check=None) -> Entry:
        """The 課長's decision; with ``check``, the 合理的配慮の確認 about the ban recorded just before it,
        in the same transaction."""
        items = [(CHECK, {**_dict(check, "合理的配慮の確認"), "about": "ban"}, None)] if check is not None else []
        return self.append_many(incident_id, items + [(DECIDED, _dict(payload, "出入禁止の決定"), None)])[-1]

    def decide_with_check(self, incident_id: str, kind: str, payload, check) -> list[Entry]:
        """A judgement or a 対応中止 with the 合理的配慮の確認 before it, in one transaction (check first)."""
        about = CHECKED_KINDS.get(kind)
        if about is None:
            raise InputError(f"kind: {'、'.join(CHECKED_KINDS)} のいずれかを指定してください。",
                             f"kind: one of {', '.join(CHECKED_KINDS)}.", field="kind")
        return self.append_many(incident_id, [(CHECK, {**_dict(check, "合理的配慮の確認"), "about": about}, None),
                                              (kind, _dict(payload, kind), None)])

    def accommodation_questions(self) -> dict[str, str]:
        """The edition's wording of the 合理的配慮の確認 (field name -> question)."""
        from app.model import manual
        from app.model.kinds_bans import questions
        return questions(manual.load_edition(self.edition))

    def approve_ban(self, incident_id: str, decision_id: str, decision: str = "承認", comment: str = "",
                    at: str = "") -> Entry:
        payload = {"decision_id": decision_id, "decision": decision, "comment": comment}
        if at:
            payload["at"] = at
        return self.append(incident_id, APPROVED, payload)

    def renew_ban(self, incident_id: str, decision_id: str, payload) -> Entry:
        return self.append(incident_id, RENEWED, {**_dict(payload, "出入禁止の更新"), "decision_id": decision_id})

    # ---- reading -------------------------------------------------------------------------------
    def bans(self, today: str, active_only: bool = False) -> list[dict]:
        """Every ban of the ward with its state on ``today``: party name (as recorded), 課, dates."""
        self.require("ban.list")
        ids = [r[0] for r in self.store.conn.execute(
            "SELECT DISTINCT incident_id FROM entries WHERE kind = ? ORDER BY incident_id", (DECIDED,))]
        out = []
        for iid in ids:
            out += self._ban_rows(iid, self.store.entries(iid), today, active_only)
        return sorted(out, key=lambda b: (b["start_date"], b["decision_id"]))

    def ban_check(self, name: str, today: str) -> list[dict]:
        """The bans in force on ``today`` for the party of this exact name (after recorded merges)."""
        self.require("ban.list")
        if not isinstance(name, str) or not name:
            raise InputError("氏名を指定してください。", "Give a name.", field="name")
        out = []
        for iid, entries in self._party_incidents(parties.party_id_for(name=name)).items():
            out += self._ban_rows(iid, entries, today, active_only=True)
        return sorted(out, key=lambda b: (b["start_date"], b["decision_id"]))

    def ban_of(self, incident_id: str, decision_id: str, today: str) -> dict:
        """One ban of an incident (for the notice and the tab), or NotFoundError."""
        self.require("ban.list", incident_id)
        self._require_incident(incident_id)
        rows = [b for b in self._ban_rows(incident_id, self.store.entries(incident_id), today, False)
                if b["decision_id"] == decision_id]
        if not rows:
            raise NotFoundError("その出入禁止の決定はこの事案にありません。", f"No ban {decision_id} in {incident_id}.")
        return rows[0]

    def _party_incidents(self, party_id: str) -> dict[str, list[Entry]]:
        conn = self.store.conn
        ids = parties.members(conn, party_id)
        marks = ",".join("?" * len(ids))
        rows = conn.execute(f"SELECT id FROM incidents WHERE ws_party_id IN ({marks})", ids).fetchall()
        return {r[0]: self.store.entries(r[0]) for r in rows}

    def _ban_rows(self, incident_id: str, entries: list[Entry], today: str, active_only: bool) -> list[dict]:
        found = ban_model.bans_of(entries, today)
        if active_only:
            found = [b for b in found if b.active]
        if not found:
            return []
        created = next((e.payload for e in effective_entries(entries) if e.kind == "incident_created"), {})
        party = created.get("party") or {}
        return [dict(b.to_dict(), party_name=party.get("name", ""), department=created.get("department", ""))
                for b in found]
