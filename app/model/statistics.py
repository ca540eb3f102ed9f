"""Totals for 人事課 and the 推進委員会: no party names, only per-PC pseudonyms to count repeats."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections import Counter


def _pepper(store) -> bytes:
    value = store.meta("stats_pepper")
    if not value:
        value = os.urandom(16).hex()
        store.set_meta("stats_pepper", value)
    return bytes.fromhex(value)


def pseudonym(pepper: bytes, party: dict) -> str:
    label = party.get("name") or party.get("description") or ""
    if not label:
        return ""
    return "相手方-" + hmac.new(pepper, label.encode("utf-8"), hashlib.sha256).hexdigest()[:8]


def compute(store) -> dict:
    pepper = _pepper(store)
    rows = store.conn.execute(
        "SELECT e.payload, i.status FROM entries e JOIN incidents i ON i.id = e.incident_id"
        " WHERE e.kind = 'incident_created'").fetchall()
    by = {k: Counter() for k in ("channel", "department", "behaviour", "month", "status", "party")}
    for payload, status in rows:
        p = json.loads(payload)
        by["channel"][p.get("channel") or ""] += 1
        by["department"][p.get("department") or ""] += 1
        by["month"][(p.get("occurred_at") or "")[:7]] += 1
        by["status"][status] += 1
        for b in p.get("behaviours") or []:
            by["behaviour"][b] += 1
        pn = pseudonym(pepper, p.get("party") or {})
        if pn:
            by["party"][pn] += 1
    from app.model import disposal
    gone = len(disposal.disposed(store))  # disposed of (closed first): their content is gone, the count stays
    if gone:
        by["status"]["closed"] += gone
    out = {"total": len(rows) + gone, "disposed": gone, **{f"by_{k}": dict(v) for k, v in by.items() if k != "party"}}
    out["repeat_parties"] = {k: v for k, v in by["party"].items() if v > 1}
    from app.model import staff_hours, stats
    out["staff_hours"] = staff_hours.compute(store, stats.collect(store)).to_dict()  # 延べ対応時間
    return out
