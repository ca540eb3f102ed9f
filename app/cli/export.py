"""``madoguchi export pdf|reprint|list|check|csv`` (and the older spelling ``csv-export``).

Issuing a PDF (without ``--draft``) numbers the document and records a ``document_issued`` entry; the issued
PDF is kept in the store, and ``reprint`` returns those bytes. ``--out`` never overwrites an existing file: it
is checked before anything is numbered, and written with O_EXCL.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from app.cli import session
from app.cli.util import check_new_out, emit, iso_date, read_json, safe_text, write_new
from app.export import DOCUMENT_KINDS
from app.model import settings as settings_mod
from app.model import stats
from app.model.errors import NotFoundError


def cmd_export_pdf(args) -> int:
    from app.export import issue

    out = check_new_out(Path(args.out))  # before anything is numbered
    extra = read_json(args.fields, "fields") if args.fields else None
    settings = settings_mod.load()
    svc = session.service(args)
    if args.draft:
        svc.record_output(args.incident_id, "export", detail=f"draft:{args.kind}")
        entries = svc.entries(args.incident_id)
        request = svc.last_request_fields(args.incident_id) if args.kind == "legal-report" else None
        pdf, warnings = issue.draft_with_warnings(args.kind, entries, settings, extra, request_fields=request)
        write_new(out, pdf)
        _warn(warnings)
        emit({"draft": True, "doc_kind": args.kind, "out": str(out), "size": len(pdf), "warnings": warnings})
        return 0
    got = issue.issue_for(svc, args.incident_id, args.kind, settings=settings, extra=extra)
    write_new(out, got.pdf)
    _warn(got.warnings)
    emit({"draft": False, "doc_kind": got.doc_kind, "number": got.number, "sha256": got.sha256,
          "template_version": got.template_version, "issued_at": got.issued_at, "issued_by": got.issued_by,
          "entry_id": got.entry_id, "out": str(out), "size": len(got.pdf), "warnings": list(got.warnings)})
    return 0


def _warn(warnings) -> None:
    for w in warnings:
        sys.stderr.write(safe_text(f"注意: {w}\n"))


def cmd_export_check(args) -> int:
    """Whether a PDF is one this store issued (by SHA-256), which one, and its PDF/A-2b structure."""
    from app.export import issue, pdfa

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError:
        raise NotFoundError(f"ファイル「{path.name}」を読めません。パスを確かめてください。",
                            f"Cannot read {path.name}.") from None
    sha = hashlib.sha256(data).hexdigest()
    svc = session.service(args)
    found = svc.find_issued(sha)
    if found is None:
        raise NotFoundError(f"「{path.name}」はこの保管庫で発行した文書ではありません（SHA-256 {sha}）。"
                            "改変されたか、別の保管庫で発行された可能性があります。",
                            f"{path.name} was not issued by this store (SHA-256 {sha}).")
    try:
        problems = pdfa.structure_problems(data)
    except Exception:  # noqa: BLE001 — a kept document always opens; a damaged one reports itself
        problems = ["unreadable"]
    emit({"issued": True, "sha256": sha, "title": issue.KIND_LABELS.get(found["doc_kind"], found["doc_kind"]),
          **{k: found[k] for k in ("doc_kind", "number", "incident_id", "issued_at", "issued_by", "template_version")},
          "pdfa_problems": problems})
    return 0


def cmd_export_reprint(args) -> int:
    out = check_new_out(Path(args.out))
    svc = session.service(args)
    pdf = svc.reprint(args.incident_id, args.ref, what="export")  # checked and audited; not found → exit 7
    write_new(out, pdf)
    emit({"out": str(out), "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()})
    return 0


def cmd_export_list(args) -> int:
    from app.export import issue

    svc = session.service(args)
    emit({"issued": issue.listed(svc, args.incident_id)})
    return 0


def cmd_csv(args) -> int:
    from app.export import csv_export
    out = check_new_out(Path(args.out), (".csv",))
    svc = session.service(args)
    facts, deidentify = stats.export_facts(svc, args.deidentify, iso_date(args.date_from, "from"),
                                           iso_date(args.date_to, "to"))
    emit(csv_export.write_csv(facts, out, args.encoding, deidentify=deidentify))
    return 0


def _csv_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="a new .csv file (never overwritten)")
    p.add_argument("--encoding", choices=("cp932", "utf-8-sig"), default="utf-8-sig")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--deidentify", action="store_true", help="相手方A … / 職員 names removed")
    p.set_defaults(func=cmd_csv)


def register(sub) -> None:
    ex = sub.add_parser("export", help="documents (PDF): draft, issue, reprint; incidents as CSV").add_subparsers(
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
    ck = ex.add_parser("check", help="whether a PDF is one this store issued (SHA-256), and which")
    ck.add_argument("file")
    ck.set_defaults(func=cmd_export_check)
    ls = ex.add_parser("list", help="documents issued for an incident")
    ls.add_argument("incident_id")
    ls.set_defaults(func=cmd_export_list)
    _csv_options(ex.add_parser("csv", help="incidents as CSV (UTF-8 with BOM or CP932)"))
    _csv_options(sub.add_parser("csv-export", help="incidents as CSV (UTF-8 with BOM or CP932)"))
