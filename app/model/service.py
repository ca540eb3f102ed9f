"""The one door to the store for the GUI and the CLI alike."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.model import validation
from app.model.entry import CORRECTION, Entry
from app.model.errors import InputError, NotFoundError
from app.model.ids import uuid7
from app.model.projection import IncidentState
from app.model.store import Store

DEFAULT_EDITION = "minato-r7-04"


class Service:
    def __init__(self, store: Store, actor: str, edition: str = DEFAULT_EDITION):
        self.store = store
        self.actor = actor
        self.edition = edition

    def create_incident(self, data: Any) -> str:
        payload, quotes = validation.incident(data)
        payload["manual_edition"] = self.edition
        incident_id = uuid7()
        items = [(incident_id, "incident_created", payload, self.actor, None)]
        items += [(incident_id, "quote", q, self.actor, None) for q in quotes]
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
        self._require_incident(incident_id)
        return self.store.append(incident_id, kind, payload, self.actor, supersedes)

    def correct(self, incident_id: str, entry_id: str, replacement: dict, reason: str) -> Entry:
        validation.text(reason, "reason", required=True, max_len=2000)
        return self.append(incident_id, CORRECTION, {"replacement": replacement, "reason": reason}, entry_id)

    def incident(self, incident_id: str) -> IncidentState:
        return self.store.incident(incident_id)

    def entries(self, incident_id: str) -> list[Entry]:
        self._require_incident(incident_id)
        return self.store.entries(incident_id)

    def list_incidents(self, search: str = "", limit: int = 200, offset: int = 0) -> list[dict]:
        return self.store.list_incidents(search, limit, offset)

    def count_incidents(self, search: str = "") -> int:
        return self.store.count_incidents(search)

    def _require_incident(self, incident_id: str) -> None:
        if not self.store.has_incident(incident_id):
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")


def state_dict(state: IncidentState) -> dict:
    d = asdict(state)
    d["status"] = state.status
    return d
