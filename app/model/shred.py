"""The one store operation that removes recorded content: destroying a disposed incident, or the records of a
disposed 相談 (issue 17 §2).

Append-only is enforced in the database by triggers (app/model/migrations.py: ``entries_no_update``,
``entries_no_delete``, ``issued_documents_no_delete``). A disposal is the single, legal exception: the
保存年限 has passed and a 課長 and a システム管理者 decided it (two people). This module is the only code that
lifts those triggers; it does so inside one transaction, for one incident's rows only, and puts the very
same trigger definitions back before COMMIT, so no other write ever sees them missing. Only
app/model/disposal.py calls it (a test checks that nothing else imports it).

What it does to the incident ``incident_id``:
- every entry's payload becomes the tombstone ``{"disposed": <disposal entry id>}``; id, device, seq, clock,
  kind and chain hashes stay, so every device's hash chain still links (verify accepts the tombstone
  explicitly, app/model/verify.py);
- its issued documents' rows (the kept PDF bytes), its list row, search rows (both FTS indexes, then
  merged so no segment keeps a token), party caches, and entries of it held or kept aside by sync are
  deleted;
- for a 相談 (``destroy_entries``), the very same, per entry: the consultation, its 経過 and corrections of
  either, in the consultations register, become tombstones (a record that arrived after the disposal keeps,
  beside the execution id, the ``proof`` that it belongs to that 相談: its nonce and link tag, see
  app/model/consultations.py); copies held or kept aside by sync are deleted (registers have no search
  rows);
- then ``secure_delete`` was on while deleting, VACUUM rebuilds the file and the WAL is truncated, so no
  page of the database file keeps a byte of the content (``vacuum``).
"""
from __future__ import annotations

import json

from app.model import search
from app.model.entry import canonical_json

TOMBSTONE = "disposed"
PROOF = "proof"  # a late 経過's nonce and link tag (app/model/disposal.py)
_ENTRY_TRIGGERS = ("entries_no_update",)
_DOCUMENT_TRIGGERS = ("issued_documents_no_delete",)


def tombstone(disposal_id: str, proof: dict | None = None) -> dict:
    return {TOMBSTONE: disposal_id, **({PROOF: proof} if proof else {})}


def is_tombstone(payload) -> bool:
    return (isinstance(payload, dict) and TOMBSTONE in payload and set(payload) <= {TOMBSTONE, PROOF}
            and isinstance(payload[TOMBSTONE], str))


def _trigger_sql(conn, names) -> list[tuple[str, str]]:
    out = []
    for name in names:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone()
        if row:
            out.append((name, row[0]))
    return out


def _without(conn, triggers, work) -> None:
    """Run ``work()`` with ``triggers`` dropped, inside the caller's transaction; put them back as they were."""
    kept = _trigger_sql(conn, triggers)
    for name, _sql in kept:
        conn.execute(f'DROP TRIGGER "{name}"')
    try:
        work()
    finally:
        for _name, sql in kept:
            conn.execute(sql)


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def destroy(store, incident_id: str, disposal_id: str, held_entries=()) -> dict:
    """Destroy the content of ``incident_id`` in one transaction (see the module's text). ``held_entries``:
    entries of the incident sync kept in ``sync_held`` whose hash was checked: they join the chain as
    tombstones. Returns counts of what was destroyed."""
    conn = store.conn
    mark = canonical_json(tombstone(disposal_id))
    done = {"entries": 0, "documents": 0, "held": 0}
    conn.execute("PRAGMA secure_delete = ON")
    with store.transaction():
        tables = _tables(conn)

        def entries():
            cur = conn.execute("UPDATE entries SET payload = ? WHERE incident_id = ? AND payload != ?",
                               (mark, incident_id, mark))
            done["entries"] = cur.rowcount
        _without(conn, _ENTRY_TRIGGERS, entries)
        for e in held_entries:
            conn.execute("INSERT OR IGNORE INTO entries (id, incident_id, device_id, seq, hlc, author, kind, payload,"
                         " supersedes, prev_hash, hash, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         (e.id, e.incident_id, e.device_id, e.seq, e.hlc, e.author, e.kind, mark, e.supersedes,
                          e.prev_hash, e.hash, e.recorded_at))
        if "issued_documents" in tables:
            def documents():
                cur = conn.execute("DELETE FROM issued_documents WHERE incident_id = ?", (incident_id,))
                done["documents"] = cur.rowcount
            _without(conn, _DOCUMENT_TRIGGERS, documents)
        _drop_search(conn, incident_id, tables)
        for table in ("ws_party_statuses", "ws_party_merges", "sync_held"):
            if table in tables:
                cur = conn.execute(f"DELETE FROM {table} WHERE incident_id = ?", (incident_id,))
                if table == "sync_held":
                    done["held"] = cur.rowcount
        _drop_kept_aside(conn, tables, lambda e: e.get("incident_id") == incident_id)
        conn.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))
    store._folds.pop(incident_id, None)
    return done


def destroy_entries(store, marks: dict[str, dict]) -> dict:
    """Destroy the content of single entries in one transaction: entry id -> its tombstone payload. Their
    copies held or kept aside by sync go too. Returns counts of what was destroyed."""
    conn = store.conn
    done = {"entries": 0, "held": 0}
    conn.execute("PRAGMA secure_delete = ON")
    with store.transaction():
        tables = _tables(conn)

        def entries():
            for entry_id, payload in marks.items():
                mark = canonical_json(payload)
                cur = conn.execute("UPDATE entries SET payload = ? WHERE id = ? AND payload != ?",
                                   (mark, entry_id, mark))
                done["entries"] += cur.rowcount
        _without(conn, _ENTRY_TRIGGERS, entries)
        if "sync_held" in tables:
            done["held"] = sum(conn.execute("DELETE FROM sync_held WHERE entry_id = ?", (i,)).rowcount for i in marks)
        _drop_kept_aside(conn, tables, lambda e: e.get("id") in marks)
    return done


def insert_tombstones(store, entries) -> int:
    """Received tombstones (already judged valid by app/model/disposal.py) join the chains as they are: no
    content is written and none is changed (an id this store holds stays as it is: INSERT OR IGNORE). They
    leave ``sync_quarantine``, where sync kept them aside. Returns how many were inserted."""
    from app.model.ids import HLCStamp
    conn, inserted = store.conn, 0
    with store.transaction():
        for e in entries:
            cur = conn.execute(
                "INSERT OR IGNORE INTO entries (id, incident_id, device_id, seq, hlc, author, kind, payload,"
                " supersedes, prev_hash, hash, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (e.id, e.incident_id, e.device_id, e.seq, e.hlc, e.author, e.kind, canonical_json(e.payload),
                 e.supersedes, e.prev_hash, e.hash, e.recorded_at))
            inserted += cur.rowcount
            if conn.execute("SELECT 1 FROM entries WHERE id = ?", (e.id,)).fetchone():
                conn.execute("DELETE FROM sync_quarantine WHERE entry_id = ?", (e.id,))
    if entries:
        store.clock.observe(max(HLCStamp.decode(e.hlc) for e in entries))
    return inserted


def _drop_kept_aside(conn, tables: set[str], matches) -> None:
    """Delete the entries sync kept aside (``sync_quarantine``) that ``matches(entry dict)``."""
    if "sync_quarantine" not in tables:
        return
    for entry_id, text in conn.execute("SELECT entry_id, entry FROM sync_quarantine").fetchall():
        if matches(json.loads(text)):
            conn.execute("DELETE FROM sync_quarantine WHERE entry_id = ?", (entry_id,))


def _drop_search(conn, incident_id: str, tables: set[str]) -> None:
    if "incident_search" not in tables:
        return
    rows = conn.execute("SELECT rowid, body FROM incident_search WHERE incident_id = ?", (incident_id,)).fetchall()
    if "search_short" in tables:  # contentless: a row is deleted by giving its indexed values back
        for rowid, body in rows:
            conn.execute("INSERT INTO search_short (search_short, rowid, chars) VALUES ('delete', ?, ?)",
                         (rowid, search.short_grams(body)))
        conn.execute("INSERT INTO search_short (search_short) VALUES ('optimize')")
    conn.execute("DELETE FROM incident_search WHERE incident_id = ?", (incident_id,))
    conn.execute("INSERT INTO incident_search (incident_search) VALUES ('optimize')")
    if "search_docs" in tables:
        conn.execute("DELETE FROM search_docs WHERE incident_id = ?", (incident_id,))


def vacuum(store) -> None:
    """Rebuild the file without free pages and empty the WAL (no old page image survives)."""
    with store._lock:
        store.conn.execute("PRAGMA secure_delete = ON")
        store.conn.execute("VACUUM")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
