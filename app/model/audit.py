"""The audit trail: kind ``audit`` entries in the reserved stream ``audit-trail``, hash chained by the store.

Actions: view, export, print, sign_in, sign_in_failed, locked_out, permission_denied, staff_changed, claim,
approval. Payloads name staff and incident ids only, never a party or a quote.
"""
from __future__ import annotations

import datetime as dt

from app.model.errors import DiskFullError, ReadOnlyError

AUDIT_STREAM = "audit-trail"
AUDIT = "audit"


def record(store, author: str, action: str, **details) -> None:
    """Append an audit entry. When the disk is full or the folder read-only, the entry is kept (in memory,
    with the time it happened) and written together with the next audit entry that fits: an audit entry
    that cannot be written never makes the action itself fail (signing in, reading)."""
    payload = {"action": action, **{k: v for k, v in details.items() if v not in (None, "")}}
    pending = _pending(store)
    items = [(AUDIT_STREAM, AUDIT, p, a, None) for p, a in pending] + [(AUDIT_STREAM, AUDIT, payload, author, None)]
    try:
        store.append_many(items)
    except (DiskFullError, ReadOnlyError):
        when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        pending.append(({**payload, "happened_at": when}, author))
        return
    pending.clear()


def pending_count(store) -> int:
    """Audit entries kept in memory because the disk was full (written with the next one that fits)."""
    return len(_pending(store))


def _pending(store) -> list:
    if not hasattr(store, "_audit_pending"):
        store._audit_pending = []
    return store._audit_pending


def recent(store, limit: int = 500) -> list[dict]:
    entries = store.entries(AUDIT_STREAM)[-limit:]
    return [{"id": e.id, "at": e.recorded_at, "author": e.author, **e.payload} for e in reversed(entries)]
