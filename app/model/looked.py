"""Who looked: the audit trail read back for one incident or one care record (issue 17 §4).

Every read of an incident's content through the Service is an audit entry (``view``; a care record shown to
someone other than the person concerned is a ``view_care`` naming the record), and so is every export,
print, document issued and evidence file written out. These functions answer "who viewed and exported this
incident" for the 課長 and "who read my care record" for the person concerned, from the same trail."""
from __future__ import annotations

import json

from app.model.audit import AUDIT, AUDIT_STREAM

INCIDENT_ACTIONS = ("view", "view_care", "export", "print", "claim", "approval")
ACTION_LABELS = {"view": "閲覧", "view_care": "ケア記録の閲覧", "export": "書き出し・文書発行", "print": "印刷",
                 "claim": "引き継ぎ", "approval": "承認",
                 "view_register": "記録の閲覧"}


def _rows(store, where: str, args: tuple) -> list[dict]:
    sql = (f"SELECT recorded_at, author, payload FROM entries WHERE incident_id = ? AND kind = ? AND {where} "
           "ORDER BY rowid_")
    out = []
    for at, author, payload in store.conn.execute(sql, (AUDIT_STREAM, AUDIT) + args):
        p = json.loads(payload)
        out.append({"at": at, "author": author, "action": p.get("action", ""),
                    "label": ACTION_LABELS.get(p.get("action", ""), p.get("action", "")),
                    "detail": p.get("detail", ""), "channel": p.get("channel", "")})
    return out


def incident(store, incident_id: str) -> list[dict]:
    """Every view, export, print, claim and approval of ``incident_id``, oldest first."""
    marks = ",".join("?" * len(INCIDENT_ACTIONS))
    return _rows(store, f"json_extract(payload, '$.target') = ? AND json_extract(payload, '$.action') IN ({marks})",
                 (incident_id, *INCIDENT_ACTIONS))


def care_record(store, incident_id: str, record_id: str) -> list[dict]:
    """Who was shown the care record ``record_id`` (a care_referral) of ``incident_id``, oldest first."""
    return _rows(store, "json_extract(payload, '$.target') = ? AND json_extract(payload, '$.action') = 'view_care' "
                        "AND json_extract(payload, '$.detail') = ?", (incident_id, record_id))


def register_record(store, stream: str, record_ids) -> list[dict]:
    """Who was shown the register records ``record_ids`` of ``stream`` (``view_register``), oldest first."""
    ids = list(record_ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return _rows(store, "json_extract(payload, '$.target') = ? AND json_extract(payload, '$.action') = "
                        f"'view_register' AND json_extract(payload, '$.detail') IN ({marks})", (stream, *ids))
