"""Versioned schema migrations, tracked with PRAGMA user_version.

Each step runs in one transaction. A migration never drops an entry.
"""
from __future__ import annotations

from typing import Callable

import sqlcipher3

from app.model import search


def run_script(conn, script: str) -> None:
    """Run statements one by one inside the caller's transaction (executescript would COMMIT)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlcipher3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError("incomplete SQL statement in migration")

M0001 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
  rowid_ INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  incident_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  author TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  supersedes TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (device_id, seq)
);
CREATE INDEX entries_incident ON entries (incident_id, hlc);
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'entries are append-only: record a correction instead'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'entries are append-only: record a correction instead'); END;
CREATE TABLE chain_heads (device_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  created_hlc TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  occurred_at TEXT,
  channel TEXT,
  department TEXT,
  summary TEXT,
  party_label TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  entry_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incidents_order ON incidents (occurred_at DESC, id);
"""

M0002 = """
CREATE VIRTUAL TABLE incident_search USING fts5(incident_id UNINDEXED, body, tokenize='trigram');
"""


def _m0002(conn) -> None:
    run_script(conn, M0002)
    rows = conn.execute("SELECT id, incident_id, kind, payload, supersedes FROM entries"
                        " ORDER BY incident_id, hlc").fetchall()
    bodies: dict[str, list[str]] = {}
    private = {r[0] for r in rows if r[2] in search.PRIVATE_KINDS}  # corrections of care stay unsearched
    for _id, incident_id, kind, payload, supersedes in rows:
        bodies.setdefault(incident_id, []).extend(search.texts_of(kind, payload, private, supersedes))
    conn.executemany(
        "INSERT INTO incident_search (incident_id, body) VALUES (?, ?)",
        [(i, search.join(t)) for i, t in bodies.items()],
    )


# m0004: sync. Additive only: a needs_review flag for the incident list, and local bookkeeping tables
# (bundles ingested, entries held until their incident arrives, entries kept aside because another
# entry already holds their device id and seq, alerts). No entry is moved or dropped.
M0004 = """
ALTER TABLE incidents ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sync_ingested (
  sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, device_id TEXT NOT NULL, seq_from INTEGER NOT NULL,
  seq_to INTEGER NOT NULL, entries INTEGER NOT NULL, new_entries INTEGER NOT NULL, at TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT 'ingested', size INTEGER NOT NULL DEFAULT 0);
CREATE TABLE sync_held (entry_id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX sync_held_incident ON sync_held (incident_id);
CREATE TABLE sync_quarantine (
  entry_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq INTEGER NOT NULL, reason TEXT NOT NULL,
  entry TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE sync_alerts (
  kind TEXT NOT NULL, device_id TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL,
  PRIMARY KEY (kind, device_id, detail));
"""

# Issued documents (app/export/issue.py): the kept PDF of every issued document, and one counter per
# document-number prefix and 年度. Self-contained and additive (new tables only), so it can be renumbered.
M_ISSUED_DOCUMENTS = """
CREATE TABLE IF NOT EXISTS issued_documents (
  sha256 TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  doc_kind TEXT NOT NULL,
  number TEXT NOT NULL,
  template_version TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  pdf BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS issued_documents_incident ON issued_documents (incident_id, issued_at);
CREATE INDEX IF NOT EXISTS issued_documents_number ON issued_documents (number);
CREATE TRIGGER IF NOT EXISTS issued_documents_no_update BEFORE UPDATE ON issued_documents
BEGIN SELECT RAISE(ABORT, 'issued documents are kept as issued'); END;
CREATE TRIGGER IF NOT EXISTS issued_documents_no_delete BEFORE DELETE ON issued_documents
BEGIN SELECT RAISE(ABORT, 'issued documents are kept as issued'); END;
CREATE TABLE IF NOT EXISTS document_counters (
  prefix TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, fiscal_year)
);
"""

# m0006 workspace columns (case workspace): additive only — new nullable columns on the incidents cache
# and two new cache tables for parties. Nothing existing is changed or dropped. (Written as m0003 on its
# branch, renumbered at merge; it depends on no other step.)
M0006_WORKSPACE_COLUMNS = """
ALTER TABLE incidents ADD COLUMN ws_stage TEXT;
ALTER TABLE incidents ADD COLUMN ws_behaviours TEXT;
ALTER TABLE incidents ADD COLUMN ws_judgement TEXT;
ALTER TABLE incidents ADD COLUMN ws_needs_check INTEGER;
ALTER TABLE incidents ADD COLUMN ws_resolved INTEGER;
ALTER TABLE incidents ADD COLUMN ws_escalation TEXT;
ALTER TABLE incidents ADD COLUMN ws_party_id TEXT;
CREATE INDEX incidents_ws_party ON incidents (ws_party_id, occurred_at);
CREATE INDEX incidents_ws_department ON incidents (department, occurred_at);
CREATE INDEX incidents_ws_stage ON incidents (ws_stage, occurred_at);
CREATE TABLE ws_party_statuses (
  entry_id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  party_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  author TEXT NOT NULL,
  status TEXT NOT NULL,
  since TEXT,
  until TEXT,
  reason TEXT
);
CREATE INDEX ws_party_statuses_party ON ws_party_statuses (party_id, hlc);
CREATE TABLE ws_party_merges (
  entry_id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  from_id TEXT NOT NULL,
  into_id TEXT NOT NULL
);
"""


# m0005: an index from incident id to its search document. incident_id is UNINDEXED inside FTS5, so
# finding an incident's document scanned the whole search table on every append (slow at 100k incidents).
M0005 = """
CREATE TABLE search_docs (incident_id TEXT PRIMARY KEY, fts_rowid INTEGER NOT NULL);
INSERT INTO search_docs (incident_id, fts_rowid) SELECT incident_id, min(rowid) FROM incident_search
  GROUP BY incident_id;
"""


def _m0006_workspace_columns(conn) -> None:
    run_script(conn, M0006_WORKSPACE_COLUMNS)
    from app.model.store import refresh_workspace_index, select_entries
    ids = [r[0] for r in conn.execute("SELECT id FROM incidents")]
    for incident_id in ids:
        refresh_workspace_index(conn, incident_id, select_entries(conn, incident_id))


# m0007 (issue 18, speed at ward scale): search text is appended as new rows, never rewritten. An incident's
# search document used to be one FTS5 row, rewritten whole on every append (all its trigrams deleted and
# inserted again: most of an append's WAL pages). Now each incident has an integer ``search_key``; a row
# written when the incident had n entries has the FTS5 rowid ``search_key << 20 | n`` (n only grows, so rowids
# never repeat), and the incidents a query matches are read from the FTS index alone (``rowid >> 20``).
# ``search_short`` indexes the same texts one character a token (contentless; search.SHORT_TOKENIZER), so a
# 1–2 character query is an index look-up (a token, or a phrase of two), not a LIKE scan. The list's order gets an
# index it can be read from without a sort (id in the same direction as occurred_at). ``search_docs`` (one
# row per incident, for the rewritten document) is replaced. Every table changed here is a cache.
SEARCH_ROW_BITS = search.SEARCH_ROW_BITS

M0007 = """
ALTER TABLE incidents ADD COLUMN search_key INTEGER;
UPDATE incidents SET search_key = rowid;
CREATE UNIQUE INDEX incidents_search_key ON incidents (search_key);
DROP INDEX incidents_order;
CREATE INDEX incidents_order ON incidents (occurred_at, id);
DROP TABLE search_docs;
"""


def _m0007_short_table(conn) -> None:
    conn.execute("CREATE VIRTUAL TABLE search_short USING fts5(chars, content='', columnsize=0,"
                 f" tokenize=\"{search.SHORT_TOKENIZER}\")")


def _m0007(conn) -> None:
    run_script(conn, M0007)
    _m0007_short_table(conn)
    rows = conn.execute("SELECT s.body, i.search_key FROM incident_search s JOIN incidents i ON i.id = s.incident_id"
                        " ORDER BY i.search_key, s.rowid").fetchall()
    conn.execute("DELETE FROM incident_search")
    counts: dict[int, int] = {}
    new_rows = []
    for body, key in rows:  # an incident's old rows get 0, 1 …: below its entry count, which later rows use
        n = counts.get(key, 0)
        counts[key] = n + 1
        new_rows.append(((key << SEARCH_ROW_BITS) | n, body))
    keys = dict(conn.execute("SELECT search_key, id FROM incidents"))
    conn.executemany("INSERT INTO incident_search (rowid, incident_id, body) VALUES (?, ?, ?)",
                     ((rowid, keys[rowid >> SEARCH_ROW_BITS], body) for rowid, body in new_rows))
    conn.executemany("INSERT INTO search_short (rowid, chars) VALUES (?, ?)",
                     ((rowid, search.short_grams(body)) for rowid, body in new_rows))


MIGRATIONS: list[tuple[int, Callable]] = [
    (1, lambda conn: run_script(conn, M0001)),
    (2, _m0002),
    (3, lambda conn: run_script(conn, M_ISSUED_DOCUMENTS)),
    (4, lambda conn: run_script(conn, M0004)),
    (5, lambda conn: run_script(conn, M0005)),
    (6, _m0006_workspace_columns),
    (7, _m0007),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn, target: int = LATEST) -> int:
    """Bring the schema up to ``target``; returns the version reached."""
    version = current_version(conn)
    for number, step in MIGRATIONS:
        if number <= version or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        version = number
    return version
