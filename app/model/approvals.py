"""Approvals on the same PC: a request (``approval_requested``) waits until an approver records
``approval_given``. The subject is a kind that the registry marks approvable (the draft becomes that entry,
appended by the approver through the same door: judgement, 対応中止, 退去命令) or a document
(``legal_request``: the 法律相談依頼書). Who may approve is who may append the entry or issue the document
(app/model/permissions.approval_operation): there is no separate approver table."""
from __future__ import annotations

import json

from app.model import kinds, permissions

DECISIONS = kinds.DECISIONS
SUBJECT_LABELS = {**{k: kinds.label(k) for k in kinds.approvable()}, "legal_request": "法律相談依頼書"}


def approver_roles(subject: str, draft: dict | None = None) -> frozenset:
    return permissions.roles_for(permissions.approval_operation(subject, draft))


def pending(store) -> list[dict]:
    rows = store.conn.execute(
        "SELECT id, incident_id, author, kind, payload, supersedes, recorded_at FROM entries"
        " WHERE kind IN ('approval_requested', 'approval_given') ORDER BY hlc").fetchall()
    requests, done = {}, set()
    for rid, iid, author, kind, payload, _sup, at in rows:
        p = json.loads(payload)
        if kind == "approval_requested" and p.get("subject") in permissions.APPROVAL_SUBJECTS:
            draft = p.get("draft") or {}
            roles = approver_roles(p["subject"], draft)
            requests[rid] = {"request_id": rid, "incident_id": iid, "subject": p["subject"],
                             "subject_label": SUBJECT_LABELS.get(p["subject"], p["subject"]),
                             "draft": draft, "requested_by": author, "at": at,
                             "approver_roles": sorted(roles),
                             "approver_role": sorted(roles)[0] if roles else ""}
        elif kind == "approval_given":
            done.add(p.get("request"))
    return [r for rid, r in requests.items() if rid not in done]


def find(store, request_id: str) -> dict | None:
    return next((r for r in pending(store) if r["request_id"] == request_id), None)
