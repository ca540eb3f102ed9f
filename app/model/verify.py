"""`madoguchi verify`: SQLCipher's page HMACs, SQLite's integrity check, the per-device hash chains and, in a
rooted organisation, every entry's authorship against the directory as of its time (app/model/trust.py).

A disposed incident's entries are tombstones (app/model/shred.py): their payload is gone, so their hash and
signature can no longer be recomputed. They are accepted explicitly, and only when the tombstone names the
valid disposal of that very incident held in this store (app/model/disposal.py) — in the consultations
register, only when a valid 相談 execution accounts for that entry id (``consultation_tombstones``); their chain links
(prev_hash -> hash) are still checked like every entry's. Any other payload whose hash fails is a problem."""
from __future__ import annotations

from app.model import disposal
from app.model.store import GENESIS, Store, entry_hash, row_entry


def verify(store: Store) -> dict:
    conn = store.conn
    problems: list[dict] = []
    cipher = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
    if cipher:
        problems.append({"check": "cipher_integrity_check", "detail": cipher[:20]})
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append({"check": "integrity_check", "detail": integrity[:20]})
    heads = {d: (s, h) for d, s, h in conn.execute("SELECT device_id, seq, hash FROM chain_heads")}
    devices = [r[0] for r in conn.execute("SELECT DISTINCT device_id FROM entries")]
    checked = tombstones = 0
    disposed, records = disposal.executions(store), disposal.consultation_tombstones(store)
    gaps: list[dict] = []
    for device in devices:
        prev_seq, prev_hash = 0, GENESIS
        rows = conn.execute(
            "SELECT id, incident_id, device_id, seq, hlc, author, kind, payload, supersedes, prev_hash, hash,"
            " recorded_at FROM entries WHERE device_id = ? ORDER BY seq", (device,))
        for row in rows:
            e = row_entry(row)
            checked += 1
            if disposal.accounted(e, disposed, records):
                tombstones += 1  # content destroyed by a disposal: the hash cannot be recomputed
            elif entry_hash(e) != e.hash:
                problems.append({"check": "entry_hash", "entry": e.id, "device": device, "seq": e.seq})
            if e.seq == prev_seq + 1:
                if e.prev_hash != prev_hash:
                    problems.append({"check": "chain_link", "entry": e.id, "device": device, "seq": e.seq})
            else:
                gap = {"device": device, "after_seq": prev_seq, "next_seq": e.seq}
                (problems if device == store.device_id else gaps).append({"check": "chain_gap", **gap})
            prev_seq, prev_hash = e.seq, e.hash
        head = heads.get(device)
        if head and (head[0] != prev_seq or head[1] != prev_hash):
            problems.append({"check": "chain_head", "device": device, "head_seq": head[0], "last_seq": prev_seq})
    for device, (seq, _) in heads.items():
        if device not in devices and seq > 0:
            problems.append({"check": "chain_head", "device": device, "head_seq": seq, "last_seq": 0})
    problems += authorship_problems(store)
    return {"ok": not problems, "entries_checked": checked, "devices": len(devices), "problems": problems,
            "pending_gaps": gaps, "tombstones": tombstones}


def authorship_problems(store: Store) -> list[dict]:
    """Entries of a rooted store that its directory does not allow (unsigned, bad signature, author without
    the operation's role at the entry's time, after a revocation). Written with the store key alone, through
    any API or raw SQL, an entry "by" a person fails here."""
    from app.model import trust
    root = trust.root_of(store)
    if root is None:
        return []
    h = trust.store_history(store, root)
    disposed, records = disposal.executions(store), disposal.consultation_tombstones(store)

    def lookup(entry_id: str):
        rows = store.conn.execute(
            "SELECT id, incident_id, device_id, seq, hlc, author, kind, payload, supersedes, prev_hash, hash,"
            " recorded_at FROM entries WHERE id = ?", (entry_id,)).fetchall()
        return row_entry(rows[0]) if rows else None
    out = []
    for row in store.conn.execute(
            "SELECT id, incident_id, device_id, seq, hlc, author, kind, payload, supersedes, prev_hash, hash,"
            " recorded_at FROM entries ORDER BY hlc, device_id, seq"):
        e = row_entry(row)
        if disposal.accounted(e, disposed, records):
            continue  # its signature went with its content; it was checked when it was written or arrived
        reason = trust.refusal(h, e, lookup)
        if reason:
            out.append({"check": "authorship", "entry": e.id, "device": e.device_id, "seq": e.seq,
                        "kind": e.kind, "reason": reason})
    return out
