"""Records kept aside as another branch of a device's chain (a cloned disk image) reach this PC's store
by being re-issued under this PC's own device id.

Two PCs started from one disk image write under one device id; a third PC takes whichever copy of a slot
arrives first. Entries are immutable and (device id, seq) holds one entry, so the other copy cannot take
that slot anywhere. Each PC that holds such an entry aside and lacks it re-issues it: the same record (id,
incident, time stamp, author, kind, payload) at the next seq of its own chain. A PC that already has the
record skips the copy by its id (a gap in the re-issuer's chain there, never a duplicate record). So every
record of both copies reaches every PC, with no one choosing which copy is "the original".
"""
from __future__ import annotations

import dataclasses
import json

from app.model.entry import Entry
from app.model.store import GENESIS, RESERVED_STREAMS, Store, entry_hash

CLONE_REASONS = ("device_seq_taken", "device_fork")


def lacking(store: Store, reasons=CLONE_REASONS) -> list[Entry]:
    """Entries held aside for ``reasons`` that this store does not have (by id), oldest first."""
    rows = store.conn.execute(
        f"SELECT entry FROM sync_quarantine WHERE reason IN ({','.join('?' * len(reasons))})"
        " AND entry_id NOT IN (SELECT id FROM entries) ORDER BY device_id, seq", list(reasons)).fetchall()
    return [Entry.from_dict(json.loads(r[0])) for r in rows]


def ready(store: Store, entries: list[Entry]) -> list[Entry]:
    """Those whose incident is here (or is created among them): the rest wait for their incident."""
    wanted = sorted({e.incident_id for e in entries})
    known = {r[0] for i in range(0, len(wanted), 500) for r in store.conn.execute(
        f"SELECT id FROM incidents WHERE id IN ({','.join('?' * len(wanted[i:i + 500]))})", wanted[i:i + 500])}
    known |= {e.incident_id for e in entries if e.kind == "incident_created"}
    return [e for e in entries if e.incident_id in known or e.incident_id in RESERVED_STREAMS]


def reissue(store: Store, entries: list[Entry]) -> list[Entry]:
    """Append ``entries`` unchanged but for their place: this PC's device id, next seqs, new chain links."""
    if not entries:
        return []
    out: list[Entry] = []
    with store.transaction():
        head = store.conn.execute("SELECT seq, hash FROM chain_heads WHERE device_id = ?",
                                  (store.device_id,)).fetchone()
        seq, prev = head if head else (0, GENESIS)
        present = {r[0] for r in store.conn.execute(
            f"SELECT id FROM entries WHERE id IN ({','.join('?' * len(entries))})", [e.id for e in entries])}
        for e in entries:
            if e.id in present:
                continue
            seq += 1
            moved = dataclasses.replace(e, device_id=store.device_id, seq=seq, prev_hash=prev, hash="")
            moved = dataclasses.replace(moved, hash=entry_hash(moved))
            store._insert(moved)
            prev = moved.hash
            out.append(moved)
        if out:
            store.conn.execute("INSERT OR REPLACE INTO chain_heads (device_id, seq, hash) VALUES (?, ?, ?)",
                               (store.device_id, seq, prev))
            store._refresh_all(out)
    return out


def reissue_lacking(store: Store) -> list[Entry]:
    """Re-issue every clone-branch entry this PC lacks whose incident is here (sync does this each run).

    A kept-aside entry passes the same checks as any incoming one before this PC writes it under its own id
    (its payload against the registry, its author's signature and role at its time): a PC that forks its
    own chain on purpose cannot have an honest PC re-issue what the directory does not allow."""
    from app.model.sync.apply import invalid_payload, trust_refusals
    candidates = ready(store, lacking(store))
    refused = trust_refusals(store, candidates)
    return reissue(store, [e for e in candidates if e.id not in refused and not invalid_payload(e)])
