"""The encrypted, append-only incident store (SQLCipher 4).

One connection, used by one thread at a time (the GUI runs it on its store thread).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Iterable

from app.model import case_index, conflicts, db, listing, migrations, search, signing, streams
from app.model.entry import Entry, canonical_json, sort_key
from app.model.errors import AppendOnlyError, NotFoundError
from app.model.ids import HLCStamp, HybridLogicalClock, uuid7
from app.model.projection import IncidentState, project

GENESIS = "0" * 64
# Streams that are not incidents (staff directory, audit trail): never listed, never searched.
RESERVED_STREAMS = streams.RESERVED  # the staff directory, the audit trail, the registers
LIST_COLUMNS = listing.LIST_COLUMNS
REVIEW_SCHEMA = 4  # the schema that added incidents.needs_review
WORKSPACE_SCHEMA = 6  # the schema that added the ws_* list columns
SEARCH_ROWS_SCHEMA = 7  # the schema that appends search rows (search keys, search_short)
FOLDS_KEPT = 64  # incidents whose fold the store keeps (the ones being worked on)
ENTRY_COLUMNS = ("id, incident_id, device_id, seq, hlc, author, kind, payload, supersedes, prev_hash, hash,"
                 " recorded_at")


def entry_hash(e: Entry) -> str:
    return hashlib.sha256(canonical_json(e.hashed_fields()).encode("utf-8")).hexdigest()


def _now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Store:
    def __init__(self, conn, path: Path | None = None, clock=None, key: bytes | None = None):
        self.conn = conn
        self._key = key
        self.path = path
        self._lock = threading.RLock()
        # incident id -> its kept fold (case_index.Fold): a plain fact is folded in, not re-read (see _refresh)
        self._folds: OrderedDict[str, case_index.Fold] = OrderedDict()
        self.device_id = self.meta("device_id")
        self.store_id = self.meta("store_id")
        # This device's latest stamp is that of its highest seq (its clock never goes back): one index
        # lookup on UNIQUE (device_id, seq), never a scan of the device's entries (issue 18: open in O(1)).
        row = conn.execute("SELECT hlc FROM entries WHERE device_id = ? ORDER BY seq DESC LIMIT 1",
                           (self.device_id,)).fetchone()
        self.clock = HybridLogicalClock(HLCStamp.decode(row[0]) if row else None, clock=clock)

    # ---- opening -------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, key: bytes, *, store_id: str | None = None, device_id: str | None = None,
               schema_version: int = migrations.LATEST) -> "Store":
        ids = {"store_id": store_id or uuid7(), "device_id": device_id or uuid7(), "created_at": _now_iso()}

        def initialise(conn):
            migrations.migrate(conn, schema_version)
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(ids.items()))

        db.create_new(path, key, initialise)
        return cls.open(path, key, upgrade=schema_version == migrations.LATEST)

    @classmethod
    def open(cls, path: Path, key: bytes, *, clock=None, upgrade: bool = True) -> "Store":
        conn = db.connect_existing(path, key, copy_below_version=migrations.LATEST if upgrade else 0)
        version = migrations.current_version(conn)
        if version > migrations.LATEST:
            conn.close()
            raise AppendOnlyError(
                "このデータは新しい版の madoguchi で作成されています。アプリを更新してください。",
                f"This store has schema {version}; this version of madoguchi knows up to {migrations.LATEST}.")
        if version < migrations.LATEST and upgrade:
            migrations.migrate(conn)
        return cls(conn, Path(path), clock=clock, key=key)

    def reopen(self, clock=None) -> "Store":
        """A second connection to the same file (e.g. for a background sync thread)."""
        return Store.open(self.path, self._key, clock=clock)

    def _key_sql(self) -> str:
        return f"x'{self._key.hex()}'"

    def close(self) -> None:
        self.conn.close()

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock, db.write_errors(self.path and self.data_dir):
            if self.meta(key) == value:
                return  # nothing to write (a sign-in's unchanged failure count must not need disk space)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ---- writing -------------------------------------------------------------------------------
    def append(self, incident_id: str, kind: str, payload: dict, author: str,
               supersedes: str | None = None) -> Entry:
        return self.append_many([(incident_id, kind, payload, author, supersedes)])[0]

    @contextlib.contextmanager
    def transaction(self):
        """One durable write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error).

        Inside it, use ``append_many_in_transaction``; ``append``/``append_many`` open their own.
        """
        with self._lock, db.write_errors(self.path and self.data_dir):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def append_many(self, items: Iterable[tuple]) -> list[Entry]:
        """Append entries of this device in one durable transaction (all or nothing)."""
        with self.transaction():
            return self.append_many_in_transaction(items)

    def append_many_in_transaction(self, items: Iterable[tuple]) -> list[Entry]:
        """Append entries inside a transaction the caller holds (see ``transaction``)."""
        with self._lock:
            self.device_id = self.meta("device_id")  # sync on another connection may have changed it (clone)
            head = self.conn.execute(
                "SELECT seq, hash FROM chain_heads WHERE device_id = ?", (self.device_id,)).fetchone()
            seq, prev = head if head else (0, GENESIS)
            written: list[Entry] = []
            for incident_id, kind, payload, author, supersedes in items:
                payload = self._with_seen(incident_id, kind, payload, written)
                if supersedes is not None:
                    self._check_supersedes(incident_id, supersedes, written)
                seq += 1
                stamp = self.clock.now()
                e = Entry(id=uuid7(stamp.wall_ms), incident_id=incident_id, device_id=self.device_id,
                          seq=seq, hlc=stamp.encode(), author=author, kind=kind, payload=payload,
                          supersedes=supersedes, prev_hash=prev, recorded_at=_now_iso())
                e = signing.sign(self.store_id, e)  # its author's signature, if signed in (app/model/signing.py)
                e = Entry(**{**e.__dict__, "hash": entry_hash(e)})
                self._insert(e)
                prev = e.hash
                written.append(e)
            # an upsert rewrites the row in place (REPLACE deleted and re-inserted it: one more page per append)
            self.conn.execute(
                "INSERT INTO chain_heads (device_id, seq, hash) VALUES (?, ?, ?)"
                " ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (self.device_id, seq, prev))
            self._refresh_all(written)
        return written

    def _with_seen(self, incident_id: str, kind: str, payload: dict, pending: list[Entry]) -> dict:
        """For a single-valued field, record which of its values the writer had seen (app/model/conflicts.py)."""
        name = conflicts.register_of(kind, payload)
        if name is None or "seen" in payload:
            return payload
        known = self.entries(incident_id) + [e for e in pending if e.incident_id == incident_id]
        return {**payload, "seen": conflicts.current_heads(known, name)}

    def import_entries(self, entries: Iterable[Entry], within=None, hashes_checked: bool = False) -> list[Entry]:
        """Insert entries written on other devices (sync, restore). Idempotent: known ids are skipped.

        Each entry's hash must match its content (``hashes_checked``: the caller has just checked them, as
        sync does while verifying a bundle). Returns the entries that were new. ``within(conn, new)``
        runs inside the same transaction before it commits (sync's bookkeeping), so all or nothing.
        """
        entries = list(entries)
        if not hashes_checked:
            for e in entries:
                if entry_hash(e) != e.hash:
                    raise AppendOnlyError("記録のハッシュが一致しません。", f"Entry {e.id} fails its hash check.")
        new: list[Entry] = []
        with self._lock, db.write_errors(self.path and self.data_dir):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                known: set[str] = set()
                ids = [e.id for e in entries]
                for i in range(0, len(ids), 500):
                    part = ids[i:i + 500]
                    known.update(r[0] for r in self.conn.execute(
                        f"SELECT id FROM entries WHERE id IN ({','.join('?' * len(part))})", part))
                for e in entries:
                    if e.id not in known:
                        known.add(e.id)
                        new.append(e)
                self.conn.executemany(_INSERT_SQL, [_insert_row(e) for e in new])
                if new:
                    self.clock.observe(max(HLCStamp.decode(e.hlc) for e in new))
                self._refresh_all(new)
                if within is not None:
                    within(self.conn, new)
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        return new

    def _rollback(self) -> None:
        """ROLLBACK, and forget the folds: they may hold entries that were never committed."""
        self._folds.clear()
        db.rollback(self.conn)

    def _check_supersedes(self, incident_id: str, target: str, pending: list[Entry]) -> None:
        row = self.conn.execute("SELECT incident_id FROM entries WHERE id = ?", (target,)).fetchone()
        found = row[0] if row else next((e.incident_id for e in pending if e.id == target), None)
        if found != incident_id:
            raise NotFoundError("訂正する記録が見つかりません。", f"Entry {target} to correct is not in this incident.")

    def _insert(self, e: Entry) -> None:
        self.conn.execute(_INSERT_SQL, _insert_row(e))

    def _refresh_all(self, added: list[Entry]) -> None:
        by_incident: dict[str, list[Entry]] = {}
        for e in added:
            by_incident.setdefault(e.incident_id, []).append(e)
        ids = list(by_incident)
        existing: set[str] = set()
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            existing.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM incidents WHERE id IN ({','.join('?' * len(part))})", part))
        for incident_id, entries in by_incident.items():
            self._refresh(incident_id, entries, is_new=incident_id not in existing)

    def _refresh(self, incident_id: str, added: list[Entry], is_new: bool = False) -> None:
        """Update the list cache and the search document of one incident.

        Only streams that hold an ``incident_created`` entry are incidents; others are not listed. A plain
        fact appended to an incident whose fold is kept (and still what the database holds) is folded in:
        nothing of the incident is read (issue 18). Anything else re-derives the incident from its entries.
        """
        if incident_id in RESERVED_STREAMS:
            return
        added = sorted(added, key=sort_key)
        if not is_new and self._fold_in(incident_id, added):
            return
        entries = None
        if is_new:
            stored = self.conn.execute("SELECT count(*) FROM entries WHERE incident_id = ?", (incident_id,)).fetchone()[0]
            if stored == len(added):  # its entries are exactly the ones just added: no read-back
                entries = added
        if entries is None:
            entries = self.entries(incident_id)
        if not any(e.kind == "incident_created" for e in entries):
            return
        if is_new:
            added = entries  # first listing: entries that arrived before incident_created are indexed too
        state = project(incident_id, entries)
        hlcs = (entries[0].hlc, entries[-1].hlc)  # ordered by hlc
        row = (incident_id, hlcs[0], hlcs[1], state.occurred_at or None, state.channel, state.department,
               state.summary, state.party_label, state.status, state.entry_count)
        search_key = None
        if self._schema_version() >= SEARCH_ROWS_SCHEMA:  # an upsert keeps the row (its rowid, its search key)
            search_key = self.conn.execute(_UPSERT_SQL, row + (int(state.needs_review),)).fetchall()[0][0]
        elif self._schema_version() >= REVIEW_SCHEMA:
            self.conn.execute(
                "INSERT OR REPLACE INTO incidents (id, created_hlc, updated_hlc, occurred_at, channel, department,"
                " summary, party_label, status, entry_count, needs_review) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                row + (int(state.needs_review),))
        else:
            self.conn.execute(
                "INSERT OR REPLACE INTO incidents (id, created_hlc, updated_hlc, occurred_at, channel, department,"
                " summary, party_label, status, entry_count) VALUES (?,?,?,?,?,?,?,?,?,?)", row)
        if self._schema_version() >= WORKSPACE_SCHEMA:
            fold = refresh_workspace_index(self.conn, incident_id, entries)
            if self._schema_version() >= SEARCH_ROWS_SCHEMA:
                self._keep_fold(fold, hlcs[1])
        private = frozenset(e.id for e in entries if e.kind in search.PRIVATE_KINDS)
        texts = [t for e in added for t in search.texts_of(e.kind, e.payload, private, e.supersedes)]
        if not texts or self._schema_version() < 2:
            return
        if search_key is not None:
            self._insert_search_row(incident_id, search_key, state.entry_count, search.join(texts))
            return
        self._append_search_text(incident_id, search.join(texts), is_new)

    def _keep_fold(self, fold: case_index.Fold, updated_hlc: str) -> None:
        fold.updated_hlc = updated_hlc
        self._folds[fold.incident_id] = fold
        self._folds.move_to_end(fold.incident_id)
        while len(self._folds) > FOLDS_KEPT:
            self._folds.popitem(last=False)

    def _fold_in(self, incident_id: str, added: list[Entry]) -> bool:
        """Fold plain facts into the kept fold of the incident; False (nothing written) when it cannot.

        The fold is used only if the list row still says what the fold says (entry count and latest clock):
        another connection (the sync thread) that wrote to the incident changed both."""
        fold = self._folds.get(incident_id)
        if fold is None or not all(fold.can_fold(e) for e in added):
            return False
        row = self.conn.execute("SELECT entry_count, updated_hlc, search_key FROM incidents WHERE id = ?",
                                (incident_id,)).fetchone()
        if row is None or (row[0], row[1]) != (fold.count, fold.updated_hlc):
            del self._folds[incident_id]
            return False
        before = fold.row()
        for e in added:
            fold.add(e)
        fold.updated_hlc = added[-1].hlc
        self._folds.move_to_end(incident_id)
        after = fold.row()
        sets = {"entry_count": fold.count, "updated_hlc": fold.updated_hlc}
        # only the workspace columns that changed, so an index on an unchanged column is not rewritten
        sets.update({column: getattr(after, attr) for column, attr in _WORKSPACE_ROW
                     if getattr(after, attr) != getattr(before, attr)})
        texts = [t for e in added for t in search.texts_of(e.kind, e.payload)]  # no correction here
        if texts:
            self._insert_search_row(incident_id, row[2], fold.count, search.join(texts))
        self.conn.execute(f"UPDATE incidents SET {', '.join(c + ' = ?' for c in sets)} WHERE id = ?",
                          (*sets.values(), incident_id))
        return True

    def _insert_search_row(self, incident_id: str, key: int, n: int, text: str) -> None:
        """A search row of the incident (schema 7) written when it has ``n`` entries: trigram text, and its
        1–2 character pieces. ``n`` grows with every write, so the rowid is new (see migrations.M0007)."""
        if n >= 1 << migrations.SEARCH_ROW_BITS:
            raise AppendOnlyError("この事案の記録が多すぎます。新しい事案として記録してください。",
                                  f"Incident {incident_id} has more than {1 << migrations.SEARCH_ROW_BITS} entries.")
        rowid = (key << migrations.SEARCH_ROW_BITS) | n
        self.conn.execute("INSERT INTO incident_search (rowid, incident_id, body) VALUES (?, ?, ?)",
                          (rowid, incident_id, text))
        self.conn.execute("INSERT INTO search_short (rowid, chars) VALUES (?, ?)", (rowid, search.short_grams(text)))

    def _append_search_text(self, incident_id: str, text: str, is_new: bool) -> None:
        """Add text to the incident's search documents.

        Before schema 7 (which adds rows, ``_insert_search_row``): the incident's one FTS5 row is rewritten with
        the text appended, found through ``search_docs`` (schema 5) or a scan."""
        version = self._schema_version()
        if version >= 5:
            row = None if is_new else self.conn.execute(
                "SELECT d.fts_rowid, s.body FROM search_docs d JOIN incident_search s ON s.rowid = d.fts_rowid"
                " WHERE d.incident_id = ?", (incident_id,)).fetchone()
        else:
            row = None if is_new else self.conn.execute(
                "SELECT rowid, body FROM incident_search WHERE incident_id = ?", (incident_id,)).fetchone()
        if row:
            self.conn.execute("UPDATE incident_search SET body = ? WHERE rowid = ?",
                              (row[1] + search.SEPARATOR + text, row[0]))
            return
        cur = self.conn.execute("INSERT INTO incident_search (incident_id, body) VALUES (?, ?)", (incident_id, text))
        if version >= 5:
            self.conn.execute("INSERT OR REPLACE INTO search_docs (incident_id, fts_rowid) VALUES (?, ?)",
                              (incident_id, cur.lastrowid))

    def _schema_version(self) -> int:
        if not hasattr(self, "_version"):
            self._version = migrations.current_version(self.conn)
        return self._version

    # ---- reading -------------------------------------------------------------------------------
    def entries(self, incident_id: str) -> list[Entry]:
        return select_entries(self.conn, incident_id)

    # ---- keys for files kept beside the store ------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return Path(self.path).parent

    def derive_key(self, purpose: bytes) -> bytes:
        """A 256-bit key for ``purpose`` derived from the store key (HKDF-SHA256, salt = store id).

        Files kept beside the database (evidence) are encrypted under such keys, so the recovery key
        opens them too."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF
        if not self._key:
            raise AppendOnlyError("鍵がありません。", "This store was opened without its key.")
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=(self.store_id or "").encode("ascii"),
                    info=b"madoguchi/" + purpose).derive(self._key)

    def entries_since(self, device_id: str, after_seq: int, limit: int | None = None) -> list[Entry]:
        sql = ("SELECT id, incident_id, device_id, seq, hlc, author, kind, payload, supersedes, prev_hash, hash,"
               " recorded_at FROM entries WHERE device_id = ? AND seq > ? ORDER BY seq")
        args: tuple = (device_id, after_seq)
        if limit:
            sql += " LIMIT ?"
            args += (limit,)
        return [row_entry(r) for r in self.conn.execute(sql, args)]

    def incident(self, incident_id: str) -> IncidentState:
        entries = self.entries(incident_id)
        if not entries:
            raise NotFoundError(f"事案が見つかりません: {incident_id}", f"No incident {incident_id}.")
        return project(incident_id, entries)

    def has_incident(self, incident_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM incidents WHERE id = ?", (incident_id,)).fetchone() is not None

    def list_incidents(self, search_text: "str | listing.IncidentFilter" = "", limit: int = 200, offset: int = 0,
                       sort: str = "occurred_at", descending: bool = True) -> list[dict]:
        """One page of the list; ``search_text`` is a text or an IncidentFilter; ``sort`` a key of
        listing.SORTABLE (anything else is refused, never pasted into SQL)."""
        return self.page(search_text, limit, offset, sort, descending, count=False)[1]

    def page(self, search_text: "str | listing.IncidentFilter" = "", limit: int = 200, offset: int = 0,
             sort: str = "occurred_at", descending: bool = True, count: bool = True) -> tuple[int | None, list[dict]]:
        """The number of incidents the filter shows (None when ``count`` is False) and one page of them.

        A text's matches are read once from the FTS5 index into a temporary table of search keys (in memory;
        with a text alone, their number is the count). Matched by many incidents, the list is read in its
        order keeping the matches (a few hundred rows for the first page); by few, from the matches."""
        f = listing.IncidentFilter(text=search_text) if isinstance(search_text, str) else \
            (search_text or listing.IncidentFilter())
        text = (f.text or "").strip()
        columns, names = self._list_columns()
        order = listing.order_clause(sort, descending)
        total = None
        with self._lock:
            if text and self._schema_version() >= SEARCH_ROWS_SCHEMA:
                sql, arg = listing.search_hits(text)
                self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS page_hits (k INTEGER PRIMARY KEY)")
                self.conn.execute("DELETE FROM page_hits")
                self.conn.execute(f"INSERT OR IGNORE INTO page_hits (k) {sql}", (arg,))
                hits = self.conn.execute("SELECT count(*) FROM page_hits").fetchone()[0]
                if f.to_dict().keys() <= {"text"}:
                    total = hits  # every search key is a listed incident
                everything = self.conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
                # in order, about (limit + offset) × everything / hits rows are read; from the matches, hits
                in_order = hits * hits > (limit + offset) * everything
                where, args = self._where(dataclasses.replace(f, text=""))
                term = ("+" if in_order else "") + "search_key IN page_hits"  # unary +: a filter, not a look-up
                where = f"{where} AND {term}" if where else f"WHERE {term}"
            else:
                where, args = self._where(f)
            if count and total is None:
                total = self.conn.execute(f"SELECT count(*) FROM incidents {where}", args).fetchone()[0]
            rows = self.conn.execute(f"SELECT {', '.join(columns)} FROM incidents {where} {order} LIMIT ? OFFSET ?",
                                     args + (limit, offset)).fetchall()
        return total, [dict(zip(names, r)) for r in rows]

    def _list_columns(self) -> tuple[list[str], list[str]]:
        columns = list(LIST_COLUMNS)
        names = list(LIST_COLUMNS)
        if self._schema_version() >= REVIEW_SCHEMA:
            columns.append("needs_review")
            names.append("needs_review")
        if self._schema_version() >= WORKSPACE_SCHEMA:
            columns += [c for c, _ in listing.WORKSPACE_COLUMNS]
            names += [n for _, n in listing.WORKSPACE_COLUMNS]
        return columns, names

    def count_incidents(self, search_text: "str | listing.IncidentFilter" = "") -> int:
        f = listing.IncidentFilter(text=search_text) if isinstance(search_text, str) else search_text
        text = (f.text or "").strip() if f is not None else ""
        if text and self._schema_version() >= SEARCH_ROWS_SCHEMA and f.to_dict().keys() <= {"text"}:
            # a text alone is counted from the FTS5 index alone: every search key is a listed incident
            sql, arg = listing.search_hits(text)
            return self.conn.execute(f"SELECT count(DISTINCT k) FROM ({sql})", (arg,)).fetchone()[0]
        where, args = self._where(search_text)
        return self.conn.execute(f"SELECT count(*) FROM incidents {where}", args).fetchone()[0]

    def distinct_values(self, column: str) -> list[str]:
        """Values seen in the list for a filter's choices (department or channel)."""
        if column not in ("department", "channel"):
            raise ValueError(column)
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT {column} FROM incidents WHERE {column} IS NOT NULL AND {column} != ''"
            f" ORDER BY {column}")]

    def _where(self, f) -> tuple[str, tuple]:
        workspace = self._schema_version() >= WORKSPACE_SCHEMA
        extra = "needs_review = 1" if workspace and self._schema_version() >= REVIEW_SCHEMA else None
        return listing.where_clause(f, workspace=workspace, extra_needs_check=extra,
                                    indexed_search=self._schema_version() >= 5,
                                    search_keys=self._schema_version() >= SEARCH_ROWS_SCHEMA)


def select_entries(conn, incident_id: str) -> list[Entry]:
    rows = conn.execute(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE incident_id = ? ORDER BY hlc, device_id, seq",
                        (incident_id,))
    return [row_entry(r) for r in rows]


_WORKSPACE_ROW = (("ws_stage", "stage"), ("ws_behaviours", "behaviours"), ("ws_judgement", "judgement_result"),
                  ("ws_needs_check", "needs_check"), ("ws_resolved", "resolved"),
                  ("ws_escalation", "escalation_level"), ("ws_party_id", "party_id"))


def refresh_workspace_index(conn, incident_id: str, entries: list[Entry]) -> case_index.Fold:
    """The m0006 workspace columns and the party caches of one incident, rebuilt from its entries.
    Returns the fold they were derived from (the store keeps it to fold later facts in)."""
    from app.model.entry import effective_entries
    fold = case_index.fold_start(incident_id, entries)
    row = fold.row()
    conn.execute(
        "UPDATE incidents SET ws_stage = ?, ws_behaviours = ?, ws_judgement = ?, ws_needs_check = ?,"
        " ws_resolved = ?, ws_escalation = ?, ws_party_id = ? WHERE id = ?",
        (row.stage, row.behaviours, row.judgement_result, row.needs_check, row.resolved, row.escalation_level,
         row.party_id, incident_id))
    conn.execute("DELETE FROM ws_party_statuses WHERE incident_id = ?", (incident_id,))
    conn.execute("DELETE FROM ws_party_merges WHERE incident_id = ?", (incident_id,))
    for e in effective_entries(entries):
        p = e.payload
        if e.kind == "party_status" and p.get("status"):
            conn.execute(
                "INSERT INTO ws_party_statuses (entry_id, incident_id, party_id, hlc, author, status, since, until,"
                " reason) VALUES (?,?,?,?,?,?,?,?,?)",
                (e.id, incident_id, p.get("party_id") or row.party_id, e.hlc, e.author, p["status"],
                 p.get("since"), p.get("until"), p.get("reason")))
        elif e.kind == "party_merged" and p.get("from") and p.get("into"):
            conn.execute("INSERT INTO ws_party_merges (entry_id, incident_id, hlc, from_id, into_id)"
                         " VALUES (?,?,?,?,?)", (e.id, incident_id, e.hlc, p["from"], p["into"]))
    return fold


_LIST_ROW = ("created_hlc", "updated_hlc", "occurred_at", "channel", "department", "summary", "party_label",
             "status", "entry_count", "needs_review")
# a new incident gets the next search key; a known one keeps its row and key
_UPSERT_SQL = (f"INSERT INTO incidents (id, {', '.join(_LIST_ROW)}, search_key)"
               f" VALUES ({', '.join('?' * (len(_LIST_ROW) + 1))},"
               " (SELECT coalesce(max(search_key), 0) + 1 FROM incidents))"
               f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _LIST_ROW)}"
               " RETURNING search_key")

_INSERT_SQL = ("INSERT INTO entries (id, incident_id, device_id, seq, hlc, author, kind, payload, supersedes,"
               " prev_hash, hash, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")


def _insert_row(e: Entry) -> tuple:
    return (e.id, e.incident_id, e.device_id, e.seq, e.hlc, e.author, e.kind, canonical_json(e.payload),
            e.supersedes, e.prev_hash, e.hash, e.recorded_at)


def row_entry(r) -> Entry:
    """An Entry from a row of ``entries`` selected in table column order (id, incident_id, … recorded_at)."""
    return Entry(id=r[0], incident_id=r[1], device_id=r[2], seq=r[3], hlc=r[4], author=r[5], kind=r[6],
                 payload=json.loads(r[7]), supersedes=r[8], prev_hash=r[9], hash=r[10], recorded_at=r[11])
