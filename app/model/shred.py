"""The one store operation that removes recorded content: destroying a disposed incident (issue 17 §2).

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
- then ``secure_delete`` was on while deleting, VACUUM rebuilds the file and the WAL is truncated, so no
  page of the database file keeps a byte of the content (``vacuum``).
"""
from __future__ import annotations

import json

from app.model import search
from app.model.entry import canonical_json

TOMBSTONE = "disposed"
_ENTRY_TRIGGERS = ("entries_no_update",)
_DOCUMENT_TRIGGERS = ("issued_documents_no_delete",)


def tombstone(disposal_id: str) -> dict:
    return {TOMBSTONE: disposal_id}


def is_tombstone(payload) -> bool:
    return isinstance(payload, dict) and set(payload) == {TOMBSTONE} and isinstance(payload[TOMBSTONE], str)


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
        if "sync_quarantine" in tables:
            for entry_id, text in conn.execute("SELECT entry_id, entry FROM sync_quarantine").fetchall():
                if json.loads(text).get("incident_id") == incident_id:
                    conn.execute("DELETE FROM sync_quarantine WHERE entry_id = ?", (entry_id,))
        conn.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))
    store._folds.pop(incident_id, None)
    return done


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
