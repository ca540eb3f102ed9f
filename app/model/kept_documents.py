"""Issued documents as kept in the store: the bytes of every PDF issued, found by number or SHA-256, and the
fields it was rendered from. Rendering is app/export's; keeping and reading back is the model's, so the
Service can check and audit every read (app/model/service_workspace.py)."""
from __future__ import annotations

import json
import re

from app.model.errors import InputError, NotFoundError

_SHA = re.compile(r"[0-9a-f]{64}")


def reprint(store, incident_id: str, ref: str) -> bytes:
    """The kept bytes of an issued document, by its number (7港総総第1号) or its SHA-256."""
    ref = (ref or "").strip()
    col = "sha256" if _SHA.fullmatch(ref.lower()) else "number"
    value = ref.lower() if col == "sha256" else ref
    rows = store.conn.execute(f"SELECT pdf FROM issued_documents WHERE incident_id = ? AND {col} = ?",
                              (incident_id, value)).fetchall()
    if not rows:
        raise NotFoundError(f"この事案に発行済みの文書「{ref}」はありません。",
                            f"No issued document {ref} in incident {incident_id}.")
    if len(rows) > 1:
        raise InputError(f"文書番号「{ref}」の文書が複数あります。SHA-256 で指定してください。",
                         f"Several documents carry {ref}: give the SHA-256.", field="ref")
    return bytes(rows[0][0])


def issued(store, incident_id: str) -> list[dict]:
    """What was issued for an incident, oldest first (without the bytes)."""
    cols = ("sha256", "doc_kind", "number", "template_version", "issued_at", "issued_by", "entry_id")
    rows = store.conn.execute(f"SELECT {', '.join(cols)} FROM issued_documents WHERE incident_id = ?"
                              " ORDER BY issued_at, rowid", (incident_id,)).fetchall()
    return [dict(zip(cols, r)) for r in rows]


def last_request_fields(store, incident_id: str) -> dict | None:
    return last_fields(store.conn, incident_id, "legal-request")


def last_fields(conn, incident_id: str, kind: str) -> dict | None:
    row = conn.execute("SELECT fields FROM issued_documents WHERE incident_id = ? AND doc_kind = ?"
                       " ORDER BY issued_at DESC, rowid DESC LIMIT 1", (incident_id, kind)).fetchone()
    return json.loads(row[0]) if row else None


def find_by_sha256(store, sha256: str) -> dict | None:
    """The issued document whose kept bytes have this SHA-256 (any incident), without the bytes; else None."""
    cols = ("sha256", "incident_id", "doc_kind", "number", "template_version", "issued_at", "issued_by", "entry_id")
    row = store.conn.execute(f"SELECT {', '.join(cols)} FROM issued_documents WHERE sha256 = ? LIMIT 1",
                             ((sha256 or "").lower(),)).fetchone()
    return dict(zip(cols, row)) if row else None


def next_count(conn, prefix: str, fiscal_year: int) -> int:
    """Take the next number of the 年度 for a document-number prefix (inside the caller's transaction)."""
    row = conn.execute("SELECT last FROM document_counters WHERE prefix = ? AND fiscal_year = ?",
                       (prefix, fiscal_year)).fetchone()
    n = (row[0] if row else 0) + 1
    conn.execute("INSERT OR REPLACE INTO document_counters (prefix, fiscal_year, last) VALUES (?, ?, ?)",
                 (prefix, fiscal_year, n))
    return n


def keep(conn, *, sha256: str, stream: str, doc_kind: str, number: str, template_version: str, issued_at: str,
         issued_by: str, entry_id: str, fields: str, pdf: bytes) -> None:
    """Keep an issued document's bytes, keyed by the entry that records it (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO issued_documents (sha256, incident_id, doc_kind, number, template_version, issued_at,"
        " issued_by, entry_id, fields, pdf) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (sha256, stream, doc_kind, number, template_version, issued_at, issued_by, entry_id, fields, pdf))
