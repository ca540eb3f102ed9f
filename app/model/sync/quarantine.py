"""Records sync kept aside (``sync_quarantine``): listed, and released by a システム管理者 with a reason.

Releasing re-issues the record under this PC's device id (the same record at a free place of this PC's
chain, app/model/sync/reissue.py) and writes an audit entry ``quarantine_released`` naming the record and
the reason. Only what may safely be taken in is released: another branch of a cloned PC's chain, or a
payload an older version refused and this version accepts. A record refused for its signature or its
author's rights is never released here (that would let a forged entry in).
"""
from __future__ import annotations

import json

from app.model import audit
from app.model.entry import Entry
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.sync.reissue import CLONE_REASONS, ready, reissue

RELEASABLE = CLONE_REASONS + ("invalid_payload",)
REASON_LABELS = {"device_seq_taken": "同じ端末IDと番号の別の記録（複製されたPC）",
                 "device_fork": "同じ端末IDの別系統の記録（複製されたPC）",
                 "invalid_payload": "内容がこの版の形式に合わない記録",
                 "tombstone_unaccounted": "廃棄済みの印（有効な廃棄の実施が届くまで保留）"}  # app/model/disposal.py
MAX_REASON = 500


def listing(svc) -> list[dict]:
    """Every record kept aside: where it came from, why, and whether it has arrived since. No contents."""
    svc.require("sync.quarantine.list")
    rows = svc.store.conn.execute(
        "SELECT q.entry_id, q.device_id, q.seq, q.reason, q.at, q.entry, e.id IS NOT NULL"
        " FROM sync_quarantine q LEFT JOIN entries e ON e.id = q.entry_id ORDER BY q.at, q.device_id, q.seq")
    out = []
    for entry_id, device, seq, reason, at, text, arrived in rows:
        e = json.loads(text)
        out.append({"entry_id": entry_id, "device_id": device, "seq": seq, "reason": reason,
                    "reason_label": REASON_LABELS.get(reason, reason), "at": at, "kind": e.get("kind"),
                    "incident_id": e.get("incident_id"), "state": "arrived" if arrived else "held",
                    "releasable": not arrived and reason in RELEASABLE})
    return out


def release(svc, entry_id: str, reason: str) -> dict:
    """Take in one record kept aside, on a システム管理者's word and reason (audited)."""
    svc.require("sync.quarantine.release", entry_id)
    reason = (reason or "").strip()
    if not reason:
        raise InputError("解除の理由を入力してください。", "Give the reason for the release.", field="reason")
    if len(reason) > MAX_REASON:
        raise InputError(f"理由は{MAX_REASON}文字以内にしてください。", f"The reason is over {MAX_REASON} characters.",
                         field="reason")
    store = svc.store
    row = store.conn.execute("SELECT device_id, seq, reason, entry FROM sync_quarantine WHERE entry_id = ?",
                             (entry_id,)).fetchone()
    if row is None:
        raise NotFoundError("保留中の記録が見つかりません。", f"No record {entry_id} is kept aside.")
    device, seq, why, text = row
    if store.conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone():
        raise InputError("この記録は既に取り込まれています。", "This record has arrived already.", field="entry")
    if why not in RELEASABLE:
        raise PermissionDenied("この理由で保留された記録は解除できません（署名や権限の確認に失敗した記録です）。",
                               f"Records kept aside for {why} cannot be released.")
    e = Entry.from_dict(json.loads(text))
    from app.model.sync.apply import invalid_payload  # the same registry check sync applies
    if invalid_payload(e):
        raise InputError("この記録は内容がこの版の形式に合わないため取り込めません。アプリを更新してから解除してください。",
                         "This version still refuses the record's payload; update madoguchi, then release it.",
                         field="entry")
    if not ready(store, [e]):
        raise InputError("この記録の事案がまだこのPCに届いていません。同期してから解除してください。",
                         "The record's incident has not arrived here yet; sync, then release it.", field="entry")
    [moved] = reissue(store, [e])
    audit.record(store, svc.actor.author, "quarantine_released", entry=entry_id, device=device, seq=seq,
                 cause=why, reason=reason, channel=getattr(svc, "channel", ""))
    return {"released": entry_id, "incident_id": e.incident_id, "device_id": moved.device_id, "seq": moved.seq}
