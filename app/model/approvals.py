"""Approvals on the same PC: a request (``approval_requested``) waits until an approver records
``approval_given``. Subjects: ``judgement`` (the draft becomes the 課長's judgement entry) and
``legal_request`` (法律相談依頼書)."""
from __future__ import annotations

from app.model.permissions import APPROVAL_SUBJECTS

APPROVER_ROLE = {"judgement": "section_chief", "legal_request": "section_chief"}
DECISIONS = ("承認", "差戻し")


def pending(store) -> list[dict]:
    rows = store.conn.execute(
        "SELECT id, incident_id, author, kind, payload, supersedes, recorded_at FROM entries"
        " WHERE kind IN ('approval_requested', 'approval_given') ORDER BY hlc").fetchall()
    import json
    requests, done = {}, set()
    for rid, iid, author, kind, payload, _sup, at in rows:
        p = json.loads(payload)
        if kind == "approval_requested" and p.get("subject") in APPROVAL_SUBJECTS:
            requests[rid] = {"request_id": rid, "incident_id": iid, "subject": p["subject"],
                             "draft": p.get("draft") or {}, "requested_by": author, "at": at,
                             "approver_role": APPROVER_ROLE[p["subject"]]}
        elif kind == "approval_given":
            done.add(p.get("request"))
    return [r for rid, r in requests.items() if rid not in done]


def find(store, request_id: str) -> dict | None:
    return next((r for r in pending(store) if r["request_id"] == request_id), None)
