"""``madoguchi export pdf`` and ``madoguchi export reprint``: documents from the command line.

Issuing (without ``--draft``) numbers the document and records a ``document_issued`` entry; the issued PDF
is kept in the store, and ``reprint`` returns those bytes. ``--out`` never overwrites an existing file.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from app.cli import _emit, read_json
from app.export import DOCUMENT_KINDS
from app.model import settings as settings_mod
from app.model.errors import InputError, StoreExistsError


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that must not exist yet (O_EXCL: never overwrites, even in a race)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise StoreExistsError(f"出力先のファイルが既にあります（上書きしません）: {path.name}",
                               f"{path} exists; it is never overwritten.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        try:
            os.unlink(path)
        finally:
            raise


def _check_out(path: Path) -> None:
    if path.exists():
        raise StoreExistsError(f"出力先のファイルが既にあります（上書きしません）: {path.name}",
                               f"{path} exists; it is never overwritten.")
    if not path.parent.is_dir():
        raise InputError(f"出力先のフォルダがありません: {path.parent}", f"No folder {path.parent}.", field="out")


def cmd_export_pdf(args) -> int:
    from app.commands import _service
    from app.export import issue

    out = Path(args.out)
    _check_out(out)  # before anything is numbered
    extra = read_json(args.fields) if args.fields else None
    settings = settings_mod.load()
    svc = _service(args)
    if args.draft:
        svc.record_output(args.incident_id, "export", detail=f"draft:{args.kind}")
        entries = svc.entries(args.incident_id)
        request = issue.last_request_fields(svc.store, args.incident_id) if args.kind == "legal-report" else None
        pdf = issue.render_draft(args.kind, entries, settings, extra, request_fields=request)
        write_new(out, pdf)
        _emit({"draft": True, "doc_kind": args.kind, "out": str(out), "size": len(pdf)})
        return 0
    got = issue.issue_for(svc, args.incident_id, args.kind, settings=settings, extra=extra)
    write_new(out, got.pdf)
    _emit({"draft": False, "doc_kind": got.doc_kind, "number": got.number, "sha256": got.sha256,
           "template_version": got.template_version, "issued_at": got.issued_at, "issued_by": got.issued_by,
           "entry_id": got.entry_id, "out": str(out), "size": len(got.pdf)})
    return 0


def cmd_export_reprint(args) -> int:
    from app.commands import _service
    from app.export import issue

    out = Path(args.out)
    _check_out(out)
    svc = _service(args)
    svc.record_output(args.incident_id, "export", detail=f"reprint:{args.ref}")  # not found → exit 7
    pdf = issue.reprint(svc.store, args.incident_id, args.ref)
    write_new(out, pdf)
    _emit({"out": str(out), "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()})
    return 0


def cmd_export_list(args) -> int:
    from app.commands import _service
    from app.export import issue

    svc = _service(args)
    svc.entries(args.incident_id)
    _emit({"issued": issue.issued_documents(svc.store, args.incident_id)})
    return 0


def register(sub) -> None:
    ex = sub.add_parser("export", help="documents (PDF): draft, issue, reprint").add_subparsers(
        dest="action", required=True)
    p = ex.add_parser("pdf", help="render a document; without --draft it is issued (numbered and recorded)")
    p.add_argument("kind", choices=list(DOCUMENT_KINDS))
    p.add_argument("incident_id")
    p.add_argument("--out", required=True, help="a new file (never overwritten)")
    p.add_argument("--draft", action="store_true", help="a draft: 「下書き」, no number, nothing recorded")
    p.add_argument("--fields", help="JSON file (or -) with fields the entries cannot give "
                                    "(requester_name, contact_name, extension, questions, preferred_dates, "
                                    "lawyer_name …)")
    p.set_defaults(func=cmd_export_pdf)
    r = ex.add_parser("reprint", help="the kept bytes of an issued document")
    r.add_argument("incident_id")
    r.add_argument("ref", help="document number (7港総総第1号) or SHA-256")
    r.add_argument("--out", required=True, help="a new file (never overwritten)")
    r.set_defaults(func=cmd_export_reprint)
    ls = ex.add_parser("list", help="documents issued for an incident")
    ls.add_argument("incident_id")
    ls.set_defaults(func=cmd_export_list)
