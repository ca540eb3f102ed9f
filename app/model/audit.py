"""The audit trail: kind ``audit`` entries in the reserved stream ``audit-trail``, hash chained by the store.

Actions: view, export, print, sign_in, sign_in_failed, locked_out, permission_denied, staff_changed, claim,
approval. Payloads name staff and incident ids only, never a party or a quote.
"""
from __future__ import annotations

AUDIT_STREAM = "audit-trail"
AUDIT = "audit"


def record(store, author: str, action: str, **details) -> None:
    payload = {"action": action, **{k: v for k, v in details.items() if v not in (None, "")}}
    store.append(AUDIT_STREAM, AUDIT, payload, author)


def recent(store, limit: int = 500) -> list[dict]:
    entries = store.entries(AUDIT_STREAM)[-limit:]
    return [{"id": e.id, "at": e.recorded_at, "author": e.author, **e.payload} for e in reversed(entries)]
