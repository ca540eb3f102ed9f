"""Applying a verified bundle's entries to the store, in one transaction with sync's bookkeeping.

- An entry whose device id and seq are already taken by a *different* entry (a cloned PC image) is kept
  aside in ``sync_quarantine`` and reported; nothing is overwritten.
- An entry whose incident has not arrived yet is held in ``sync_held`` and attached (imported) in the
  transaction that brings the incident.
- Clock anomalies are recorded as alerts; they never stop the import.
- In a rooted organisation (app/model/trust.py) an entry whose author did not hold its operation's role at
  its time, did not sign it, or writes after a revocation is refused: kept aside in ``sync_quarantine`` with
  the reason and reported by file and entry; the rest of the bundle is taken in. Refusals a later directory
  entry may cure (the author's ``staff_added`` arriving from another PC) are re-checked at each sync.
- In a rooted organisation the staff directory and the audit trail (reserved streams) are taken in at once,
  like incidents. (An organisation created before it had a root keeps them per PC: they stay held.)
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from app.model.entry import Entry, canonical_json
from app.model.ids import HLCStamp
from app.model.signing import SIGNATURE
from app.model.store import ENTRY_COLUMNS, RESERVED_STREAMS, Store, row_entry

DAY_MS = 24 * 3600 * 1000
STALE_DAYS = 120
_CHUNK = 500


@dataclass
class Applied:
    new: list[Entry] = field(default_factory=list)
    held: int = 0
    released: int = 0
    quarantined: list[Entry] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    refused: list[tuple[Entry, str]] = field(default_factory=list)  # (entry, reason): not allowed to write it
    tombstones: list[Entry] = field(default_factory=list)  # received tombstones kept aside for their execution


def _in_chunks(values: list, size: int = _CHUNK):
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _existing(conn, sql: str, values: list) -> set:
    out: set = set()
    for part in _in_chunks(values):
        out.update(r[0] for r in conn.execute(sql.format(",".join("?" * len(part))), part))
    return out


def _parse_time(text: str):
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def clock_alerts(entries: list[Entry], header: dict, now_ms: int) -> list[dict]:
    """Clock anomalies, as alerts (never a reason to refuse or to wait).

    - clock_ahead: the bundle claims to be published more than a day in the reader's future.
    - clock_behind: it claims to be older than STALE_DAYS (a stick can be late, not a year late), or an
      entry's wall-clock time is more than a day behind its own HLC (the device had already seen later
      times from other PCs: its clock is slow).
    - clock_jumped_back: a device's wall clock went back more than an hour between consecutive entries.
    """
    alerts = []
    device = header["device"]
    published = header.get("published_ms")
    if isinstance(published, int) and published - now_ms > DAY_MS:
        alerts.append({"kind": "clock_ahead", "device_id": device, "detail": "published in the future"})
    elif isinstance(published, int) and now_ms - published > STALE_DAYS * DAY_MS:
        alerts.append({"kind": "clock_behind", "device_id": device, "detail": "published long ago"})
    prev = None
    behind = jumped = False
    for e in entries:
        t = _parse_time(e.recorded_at)
        if t is None or t.tzinfo is None:
            continue
        if not behind and HLCStamp.decode(e.hlc).wall_ms - t.timestamp() * 1000 > DAY_MS:
            behind = True
            alerts.append({"kind": "clock_behind", "device_id": device, "detail": f"seq={e.seq}"})
        if not jumped and prev is not None and t < prev - dt.timedelta(hours=1):
            jumped = True
            alerts.append({"kind": "clock_jumped_back", "device_id": device, "detail": f"seq={e.seq}"})
        prev = t
    return alerts


def invalid_payload(e: Entry) -> bool:
    """An incoming entry whose payload the registry refuses (the same parse as a local append), of an incident
    or a register (app/model/streams.py). The staff directory and the audit trail, and kinds this version does
    not know, are let through: the first have their own rules (issue 11), the second may come from a newer
    version."""
    from app.model import kinds, payload
    from app.model.errors import InputError
    from app.model import streams
    if e.incident_id in (streams.STAFF, streams.AUDIT) or e.kind not in kinds.KINDS:
        return False
    k = kinds.KINDS[e.kind]
    home = e.incident_id if streams.is_register(e.incident_id) else "incident"
    if k.stream != home and e.kind != kinds.CORRECTION:  # a register's kind in an incident, or the reverse
        return True
    from app.model import care
    if care.is_sealed(e.payload):  # a sealed care record (or its correction): only its envelope can be checked
        return not (e.kind in care.CARE_KINDS or e.kind == "correction") or not care.envelope_ok(e.payload)
    try:
        parsed = {k: v for k, v in e.payload.items() if k != SIGNATURE}  # the author's signature (app/model/signing.py)
        payload.parse(e.kind, {k: v for k, v in parsed.items() if k != "seen"} if e.kind != "correction" else parsed)
    except InputError:
        return True
    return False


def fork_reasons(conn, device: str, entries: list[Entry], mine: bool = False) -> dict[str, str]:
    """Entries of one device's consecutive run that sit on another branch than the one held here.

    ``device_seq_taken``: a different entry holds the slot. ``device_fork``: the slot is free but the entry
    does not chain onto the held entry before it, or the held entry after it does not chain onto it — or
    the device is this PC itself (nobody else may write under its id). Once a run leaves the held branch,
    the rest of it follows (its entries chain onto each other)."""
    a, b = entries[0].seq, entries[-1].seq
    held = {seq: (eid, h, prev) for seq, eid, h, prev in conn.execute(
        "SELECT seq, id, hash, prev_hash FROM entries WHERE device_id = ? AND seq BETWEEN ? AND ?",
        (device, a - 1, b + 1))}
    out: dict[str, str] = {}
    branch = None
    for e in entries:
        if branch is None:
            here, before, after = held.get(e.seq), held.get(e.seq - 1), held.get(e.seq + 1)
            if here is not None:
                branch = "device_seq_taken" if here[0] != e.id else None
            elif mine or (before is not None and before[1] != e.prev_hash) or (
                    after is not None and after[2] != e.hash):
                branch = "device_fork"
        if branch:
            out[e.id] = branch
    return out


def apply_entries(store: Store, entries: list[Entry], record: dict, header: dict, now_ms: int) -> Applied:
    conn = store.conn
    out = Applied()
    device = record["device_id"]
    forks = fork_reasons(conn, device, entries, mine=device == store.device_id)
    keep, reasons = [], {}
    # Tombstones (a bundle its PC re-published after a disposal, app/model/sync/engine.py): their content is
    # gone, so neither hash nor signature can be checked. One this store holds (with content or not) changes
    # nothing here: only a valid execution destroys content (disposal.apply_received). The others are kept
    # aside until a valid execution accounts for them (disposal.take_in_tombstones, at the end of the run).
    from app.model import disposal
    tombs = [e for e in entries if disposal.is_tombstone(e.payload)]
    if tombs:
        have = _existing(conn, "SELECT id FROM entries WHERE id IN ({})", [e.id for e in tombs])
        for e in tombs:
            if e.id not in have:
                reasons[e.id] = disposal.TOMBSTONE_PENDING
                out.quarantined.append(e)
                out.tombstones.append(e)
        entries_left = [e for e in entries if not disposal.is_tombstone(e.payload)]
    else:
        entries_left = entries
    for e in entries_left:
        # Another entry holds this device id and seq, the entry does not chain onto the one held before
        # or after it, or someone else writes under *this* PC's id: a cloned disk image. Keep it aside,
        # never over the local one (sync re-issues what this PC lacks: app/model/sync/reissue.py).
        clone = forks.get(e.id)
        invalid = clone is None and invalid_payload(e)
        if clone or invalid:
            reasons[e.id] = clone or "invalid_payload"
            out.quarantined.append(e)
        else:
            keep.append(e)
    clones = [e for e in out.quarantined if reasons[e.id] == "device_seq_taken"]
    refusals = trust_refusals(store, keep)
    for e in keep:
        if e.id in refusals:
            reasons[e.id] = refusals[e.id]
            out.quarantined.append(e)
            out.refused.append((e, refusals[e.id]))
    keep = [e for e in keep if e.id not in refusals]
    for e, reason in unapproved_disposals(store, keep):  # app/model/disposal.py
        reasons[e.id] = reason
        out.quarantined.append(e)
        out.refused.append((e, reason))
    keep = [e for e in keep if e.id not in reasons]
    incident_ids = list(dict.fromkeys(e.incident_id for e in keep))
    known = _existing(conn, "SELECT id FROM incidents WHERE id IN ({})", incident_ids)
    known |= {e.incident_id for e in keep if e.kind == "incident_created"}
    if _rooted(store):  # one directory per organisation: it and the audit trail are taken in at once
        known |= RESERVED_STREAMS
    present = _existing(conn, "SELECT id FROM entries WHERE id IN ({})", [e.id for e in keep])
    ready = [e for e in keep if e.incident_id in known or e.id in present]
    held = [e for e in keep if e.incident_id not in known and e.id not in present]
    released_rows = conn.execute(
        "SELECT entry_id, entry FROM sync_held WHERE incident_id IN (SELECT id FROM incidents)").fetchall()
    released_rows += [r for part in _in_chunks(sorted(known)) for r in conn.execute(
        f"SELECT entry_id, entry FROM sync_held WHERE incident_id IN ({','.join('?' * len(part))})", part)]
    released = {rid: Entry.from_dict(json.loads(text)) for rid, text in released_rows}
    held = [e for e in held if e.id not in released]
    out.alerts = clock_alerts(entries, header, now_ms)
    if clones:
        out.alerts.append({"kind": "device_id_reused", "device_id": device,
                           "detail": f"seq={clones[0].seq}-{clones[-1].seq}"})
    at = dt.datetime.now().astimezone().isoformat(timespec="seconds")

    def within(c, new):
        c.executemany("INSERT OR IGNORE INTO sync_held (entry_id, incident_id, entry) VALUES (?,?,?)",
                      [(e.id, e.incident_id, canonical_json(e.to_dict())) for e in held])
        c.executemany("DELETE FROM sync_held WHERE entry_id = ?", [(i,) for i in released])
        c.executemany("INSERT OR IGNORE INTO sync_quarantine (entry_id, device_id, seq, reason, entry, at)"
                      " VALUES (?,?,?,?,?,?)",
                      [(e.id, e.device_id, e.seq, reasons[e.id], canonical_json(e.to_dict()), at)
                       for e in out.quarantined])
        c.executemany("INSERT OR IGNORE INTO sync_alerts (kind, device_id, detail, at) VALUES (?,?,?,?)",
                      [(a["kind"], a["device_id"], a["detail"], at) for a in out.alerts])
        c.execute("INSERT OR IGNORE INTO sync_ingested (sha256, name, device_id, seq_from, seq_to, entries,"
                  " new_entries, at) VALUES (?,?,?,?,?,?,?,?)",
                  (record["sha256"], record["name"], device, record["seq_from"], record["seq_to"],
                   len(entries), len(new), at))

    out.new = store.import_entries(ready + list(released.values()), within=within, hashes_checked=not released)
    out.held, out.released = len(held), len(released)
    return out


def unapproved_disposals(store: Store, entries: list[Entry]) -> list[tuple[Entry, str]]:
    """Incoming disposal executions that name no valid approval (here or in the batch): kept aside."""
    from app.model import disposal, streams
    executions = [e for e in entries if e.kind in disposal.EXECUTIONS and e.incident_id == streams.RETENTION]
    if not executions:
        return []
    register = store.entries(streams.RETENTION) + [e for e in entries if e.incident_id == streams.RETENTION]
    return [(e, r) for e in executions if (r := disposal.refusal(e, register))]


def _rooted(store: Store) -> bool:
    from app.model import trust
    return trust.root_of(store) is not None


def trust_refusals(store: Store, entries: list[Entry], pending_directory: list[Entry] = ()) -> dict[str, str]:
    """Entry id -> reason for the entries a rooted organisation's directory does not allow (app/model/trust.py).

    The directory is this store's plus the incoming directory entries (and ``pending_directory``), in clock
    order, so a bundle that adds a member and then carries their entries is taken in whole."""
    from app.model import trust
    root = trust.root_of(store)
    if root is None:
        return {}
    incoming = [e for e in list(entries) + list(pending_directory) if e.incident_id == trust.STAFF_STREAM]
    if not incoming:
        h = trust.store_history(store, root)  # cached until the directory changes
    else:
        stored = store.entries(trust.STAFF_STREAM)
        have = {e.id for e in stored}
        h = trust.history(root, stored + list({e.id: e for e in incoming if e.id not in have}.values()))
    batch = {e.id: e for e in entries}

    def lookup(entry_id: str):
        if entry_id in batch:
            return batch[entry_id]
        rows = store.conn.execute(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchall()
        return row_entry(rows[0]) if rows else None

    return {e.id: r for e in entries if (r := trust.refusal(h, e, lookup))}


def recheck_refused(store: Store) -> list[Entry]:
    """Take in refused entries that the directory now allows (their author's entries arrived since).

    Returns the entries released from ``sync_quarantine``; those whose incident has not arrived are held."""
    from app.model import trust
    rows = store.conn.execute("SELECT entry_id, entry, reason FROM sync_quarantine").fetchall()
    waiting = [Entry.from_dict(json.loads(text)) for _id, text, reason in rows if reason in trust.CURABLE]
    if not waiting:
        return []
    directory = [e for e in waiting if e.incident_id == trust.STAFF_STREAM]
    refusals = trust_refusals(store, waiting, directory)
    now_ok = [e for e in waiting if e.id not in refusals]
    if not now_ok:
        return []
    known = _existing(store.conn, "SELECT id FROM incidents WHERE id IN ({})",
                      list({e.incident_id for e in now_ok}))
    known |= {e.incident_id for e in now_ok if e.kind == "incident_created"} | RESERVED_STREAMS
    ready = [e for e in now_ok if e.incident_id in known]
    held = [e for e in now_ok if e.incident_id not in known]

    def within(c, new):
        c.executemany("DELETE FROM sync_quarantine WHERE entry_id = ?", [(e.id,) for e in now_ok])
        c.executemany("INSERT OR IGNORE INTO sync_held (entry_id, incident_id, entry) VALUES (?,?,?)",
                      [(e.id, e.incident_id, canonical_json(e.to_dict())) for e in held])

    return store.import_entries(ready, within=within)
