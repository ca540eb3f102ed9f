"""Emergency capture while the PC is locked: incidents opened by ``PC:<device>`` wait to be claimed."""
from __future__ import annotations


def unclaimed(store) -> list[dict]:
    rows = store.conn.execute(
        "SELECT incident_id, author, recorded_at FROM entries WHERE kind = 'incident_created'"
        " AND author LIKE 'PC:%' AND incident_id NOT IN"
        " (SELECT incident_id FROM entries WHERE kind = 'claimed') ORDER BY hlc").fetchall()
    return [{"incident_id": i, "device": a[3:], "at": at} for i, a, at in rows]


def is_unclaimed_capture(store, incident_id: str) -> bool:
    return any(r["incident_id"] == incident_id for r in unclaimed(store))
