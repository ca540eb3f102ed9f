"""Disposal that reaches every PC (issue 17 §2): which disposals count, and applying them to a store.

A disposal is two entries of the reserved ``retention-register`` stream (app/model/kinds_disposal.py): the
課長's ``disposal_approved`` and the システム管理者's ``disposal_executed`` naming it. They live outside the
incident, so they survive its destruction, and sync carries them like any entry. Every PC that holds a
valid execution destroys the incident's content (app/model/shred.py): on the PC that executes it at once,
on every other PC at the end of each sync (``apply_received``), also a PC that comes back after a year, and
again whenever entries of a disposed incident arrive later (they become tombstones: never resurrected).

An execution counts only if it names an approval of this store that lists its incident, by the approver
it names, who is not the executor; the author's signature and role are checked as for every entry
(app/model/trust.py). On arrival an execution without such an approval is kept aside
(``sync_quarantine``, reason ``disposal_unapproved``) and taken in once its approval arrives.

A 相談 (the sealed consultations register) is disposed of the same way, entry by entry: 人事課's
``consultation_disposal_approved`` names the entries and the 相談's link key, the システム管理者's
``consultation_disposal_executed`` names the approval and the same entries. Every PC destroys the entries it
names, corrections of them, and any record that arrives later carrying the 相談's link tag (a 経過 written on
an offline PC: app/model/consultations.py), which keeps the tag as the ``proof`` of its tombstone.
"""
from __future__ import annotations

import hashlib
import json
import os

from app.model import shred, streams
from app.model.entry import Entry, canonical_json
from app.model.store import Store, entry_hash

EXECUTED, APPROVED = "disposal_executed", "disposal_approved"
C_EXECUTED, C_APPROVED = "consultation_disposal_executed", "consultation_disposal_approved"
EXECUTIONS = (EXECUTED, C_EXECUTED)
UNAPPROVED = "disposal_unapproved"
TOMBSTONE_PENDING = "tombstone_unaccounted"  # a tombstone received that no valid execution here accounts for (yet)


def accounted(e: Entry, disposed: dict[str, Entry], records: set[str]) -> bool:
    """The one rule for a tombstone (verify, and sync receiving one): ``e`` is a tombstone of the valid
    disposal of its own incident (``disposed``: ``executions``), or a record of a disposed 相談 that a valid
    execution accounts for (``records``: ``consultation_tombstones``)."""
    if not shred.is_tombstone(e.payload):
        return False
    if e.incident_id == streams.CONSULTATIONS:
        return e.id in records
    return set(e.payload) == {shred.TOMBSTONE} and \
        getattr(disposed.get(e.incident_id), "id", None) == e.payload[shred.TOMBSTONE]


def is_tombstone(payload) -> bool:
    return shred.is_tombstone(payload)


def refusal(e: Entry, register: list[Entry]) -> str | None:
    """Why the execution ``e`` does not count, given the register's entries (None: it counts): it must match
    the approval it names (``kinds_disposal.approval_mismatch``, the door's rule too), by another person."""
    from app.model.kinds_disposal import approval_mismatch
    p = e.payload if isinstance(e.payload, dict) else {}
    approval = next((a for a in register if a.id == p.get("approval")), None)
    if approval_mismatch(e.kind, p, approval) is not None or approval.author == e.author:
        return UNAPPROVED
    return None


def executions(store: Store, kind: str = EXECUTED) -> dict[str, Entry]:
    """Incident id (for ``C_EXECUTED``: 相談 id) -> the valid execution that disposed of it (the first, by clock)."""
    register = store.entries(streams.RETENTION)
    key = "consultation" if kind == C_EXECUTED else "incident"
    out: dict[str, Entry] = {}
    for e in register:
        if e.kind == kind and refusal(e, register) is None:
            out.setdefault(e.payload[key], e)
    return _trusted(store, out)


def consultation_executions(store: Store) -> dict[str, Entry]:
    return executions(store, C_EXECUTED)


def _trusted(store: Store, found: dict[str, Entry]) -> dict[str, Entry]:
    """Drop executions (or their approvals) the rooted directory does not allow (e.g. written with the store
    key alone, bypassing sync's checks)."""
    from app.model import trust
    root = trust.root_of(store)
    if root is None or not found:
        return found
    h = trust.store_history(store, root)
    register = {e.id: e for e in store.entries(streams.RETENTION)}
    return {i: e for i, e in found.items()
            if trust.refusal(h, e) is None and trust.refusal(h, register[e.payload["approval"]]) is None}


def content_hash(entries: list[Entry]) -> str:
    """SHA-256 of what is destroyed: the hashes (each covering an entry's content) of the entries held."""
    return hashlib.sha256(canonical_json(sorted(e.hash for e in entries)).encode("utf-8")).hexdigest()


def consultation_marks(store: Store, execution: Entry) -> dict[str, dict]:
    """Entry id -> tombstone of every record of the disposed 相談 this store holds or kept aside: the entries
    the execution names, corrections of them, and records carrying the 相談's link tag (with their proof)."""
    from app.model import care, consultations
    approval = next(e for e in store.entries(streams.RETENTION) if e.id == execution.payload["approval"])
    key = str(approval.payload.get("link") or "")
    named = set(execution.payload.get("entries") or ())
    kept_aside = [Entry.from_dict(json.loads(t)) for (t,) in store.conn.execute(
        "SELECT entry FROM sync_quarantine WHERE reason != ?", (TOMBSTONE_PENDING,))]  # arriving tombstones: below
    marks: dict[str, dict] = {}
    for e in store.entries(streams.CONSULTATIONS) + [e for e in kept_aside if e.incident_id == streams.CONSULTATIONS]:
        if shred.is_tombstone(e.payload) and e.payload[shred.TOMBSTONE] == execution.id:
            marks.setdefault(e.id, e.payload)  # already destroyed here
        elif e.id in named or (e.supersedes and e.supersedes in marks):
            marks.setdefault(e.id, shred.tombstone(execution.id))
        elif key and consultations.is_linked(e.payload, key):
            env = e.payload[care.SEALED]
            marks.setdefault(e.id, shred.tombstone(execution.id, {"nonce": env["nonce"], "link": env["link"]}))
    return marks


def consultation_tombstones(store: Store, arriving: list[Entry] = ()) -> set[str]:
    """Ids of the consultations register's tombstones that a valid execution accounts for: named by it, a
    correction of one, or with a proof (nonce and link tag) that checks under its approval's link key.
    ``arriving``: tombstones sync received and has not taken in yet, judged with the register's own."""
    from app.model import consultations
    register = {e.id: e for e in store.entries(streams.RETENTION)}
    by_id = {x.id: x for x in consultation_executions(store).values()}
    ok: set[str] = set()
    held = store.entries(streams.CONSULTATIONS)
    have = {e.id for e in held}
    extra = [e for e in arriving if e.incident_id == streams.CONSULTATIONS and e.id not in have]
    for e in sorted(held + extra, key=lambda x: (x.hlc, x.device_id, x.seq)) if extra else held:
        x = by_id.get(e.payload.get(shred.TOMBSTONE)) if shred.is_tombstone(e.payload) else None
        if x is None:
            continue
        proof = e.payload.get(shred.PROOF)
        if proof is None and (e.id in x.payload["entries"] or e.supersedes in ok):
            ok.add(e.id)
        elif isinstance(proof, dict) and set(proof) == {"nonce", "link"} and consultations.is_linked(
                {"sealed": proof}, str(register[x.payload["approval"]].payload.get("link") or "")):
            ok.add(e.id)
    return ok


REPUBLISH = "disposals_applied"  # meta: a count, raised by every disposal applied here; sync then re-publishes
# this PC's own bundles holding its tombstones, once per share (app/model/sync/engine.py ``republish_disposed``)


def _applied(store: Store) -> None:
    store.set_meta(REPUBLISH, str(int(store.meta(REPUBLISH) or 0) + 1))


def destroy_consultation(store: Store, execution: Entry, vacuum: bool = True) -> dict:
    """Destroy the records of a disposed 相談 in this store (``consultation_marks``)."""
    _applied(store)  # first: a run cut off after destroying still re-publishes
    done = shred.destroy_entries(store, consultation_marks(store, execution))
    if vacuum:
        shred.vacuum(store)
    return done


def _consultation_pending(store: Store, execution: Entry) -> bool:
    marks = consultation_marks(store, execution)
    if not marks:
        return False
    held = {e.id: e.payload for e in store.entries(streams.CONSULTATIONS) if e.id in marks}
    return any(held.get(i) != m for i, m in marks.items())


def _needs_destroying(store: Store, incident_id: str, disposal_id: str) -> bool:
    conn, mark = store.conn, canonical_json(shred.tombstone(disposal_id))
    if conn.execute("SELECT 1 FROM entries WHERE incident_id = ? AND payload != ? LIMIT 1",
                    (incident_id, mark)).fetchone():
        return True
    if conn.execute("SELECT 1 FROM incidents WHERE id = ?", (incident_id,)).fetchone():
        return True
    return bool(conn.execute("SELECT 1 FROM sync_held WHERE incident_id = ? LIMIT 1", (incident_id,)).fetchone())


def _held(store: Store, incident_id: str) -> list[Entry]:
    out = []
    for (text,) in store.conn.execute("SELECT entry FROM sync_held WHERE incident_id = ?", (incident_id,)):
        e = Entry.from_dict(json.loads(text))
        if entry_hash(e) == e.hash:  # a held entry whose hash fails is dropped, not kept as a tombstone
            out.append(e)
    return out


def destroy(store: Store, incident_id: str, execution: Entry, vacuum: bool = True) -> dict:
    """Destroy the incident's content in this store and its evidence files in this data folder."""
    shas = {e.payload.get("sha256") for e in store.entries(incident_id)
            if e.kind == "attachment_added" and isinstance(e.payload.get("sha256"), str)}
    _applied(store)  # first: a run cut off after destroying still re-publishes
    done = shred.destroy(store, incident_id, execution.id, _held(store, incident_id))
    done["attachments"] = _drop_evidence(store, incident_id, shas)
    if vacuum:
        shred.vacuum(store)
    return done


def _drop_evidence(store: Store, incident_id: str, shas: set[str]) -> int:
    """Overwrite and remove the evidence files only this incident referred to (a file attached to another
    incident too is that incident's as well and stays)."""
    if not shas:
        return 0
    from app.model import evidence
    still = set()
    for (text,) in store.conn.execute(
            "SELECT payload FROM entries WHERE kind = 'attachment_added' AND incident_id != ?", (incident_id,)):
        sha = json.loads(text).get("sha256")
        if isinstance(sha, str):
            still.add(sha)
    try:
        folder = evidence.for_store(store)
    except Exception:  # opened without its key: no evidence of this store can be here either
        return 0
    removed = 0
    for sha in shas - still:
        try:
            path = folder.blob_path(sha)
        except Exception:
            continue
        if path.is_file() and not path.is_symlink():
            _overwrite(path)
            path.unlink()
            removed += 1
    return removed


def _overwrite(path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 20)
            f.write(b"\0" * n)
            left -= n
        f.flush()
        os.fsync(f.fileno())


def release_approved(store: Store) -> list[Entry]:
    """Executions kept aside for want of their approval, taken in now that it is here."""
    rows = store.conn.execute("SELECT entry_id, entry FROM sync_quarantine WHERE reason = ?", (UNAPPROVED,)).fetchall()
    if not rows:
        return []
    register = store.entries(streams.RETENTION)
    ready = [e for _id, text in rows if refusal(e := Entry.from_dict(json.loads(text)), register) is None]
    if not ready:
        return []

    def within(c, new):
        c.executemany("DELETE FROM sync_quarantine WHERE entry_id = ?", [(e.id,) for e in ready])
    return store.import_entries(ready, within=within)


def pending_tombstones(store: Store) -> list[Entry]:
    """Tombstones sync received (in a bundle a PC re-published after a disposal) and kept aside until a valid
    execution here accounts for them."""
    return [Entry.from_dict(json.loads(t)) for (t,) in store.conn.execute(
        "SELECT entry FROM sync_quarantine WHERE reason = ? ORDER BY device_id, seq", (TOMBSTONE_PENDING,))]


def take_in_tombstones(store: Store) -> list[str]:
    """Received tombstones that a valid execution now accounts for (``accounted``, the rule verify uses) join
    this store's chains; the ids (incidents, 相談) they belong to. An entry this store holds is never changed
    here (only ``destroy`` does that, for a valid execution); the others stay aside and destroy nothing."""
    waiting = pending_tombstones(store)
    if not waiting:
        return []
    disposed = executions(store)
    records = consultation_tombstones(store, waiting)
    ready = [e for e in waiting if accounted(e, disposed, records)]
    if not ready:
        return []
    shred.insert_tombstones(store, ready)
    of_execution = {x.id: c for c, x in consultation_executions(store).items()}
    out: list[str] = []
    for e in ready:
        key = of_execution.get(e.payload[shred.TOMBSTONE]) if e.incident_id == streams.CONSULTATIONS else e.incident_id
        if key and key not in out:
            out.append(key)
    return out


def apply_received(store: Store) -> list[str]:
    """Apply every valid disposal this store holds but has not (fully) applied; the ids (incidents, 相談)
    destroyed here, or whose tombstones arrived here."""
    release_approved(store)
    done = take_in_tombstones(store)
    for incident_id, execution in executions(store).items():
        if _needs_destroying(store, incident_id, execution.id):
            destroy(store, incident_id, execution, vacuum=False)
            done.append(incident_id) if incident_id not in done else None
    for consultation_id, execution in consultation_executions(store).items():
        if _consultation_pending(store, execution):
            destroy_consultation(store, execution, vacuum=False)
            done.append(consultation_id) if consultation_id not in done else None
    if done:
        shred.vacuum(store)
    return done


def disposed(store: Store) -> dict[str, Entry]:
    """Incident id -> its execution (the tombstone), for lists and statistics."""
    return executions(store)
