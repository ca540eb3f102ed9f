"""The case workspace: ``attach``, ``evidence get``, ``party``, ``queue``."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from app.cli import session
from app.cli.util import emit
from app.model import evidence, parties, workspace


def cmd_attach(args) -> int:
    svc = session.service(args)
    sns = {k: getattr(args, k) for k in ("url", "account", "posted_at", "captured_at") if getattr(args, k)}
    e = evidence.attach(svc, args.id, Path(args.file), args.kind, sns=sns)
    emit({"entry_id": e.id, "sha256": e.payload["sha256"], "size": e.payload["size"],
          "kind": e.payload["evidence_kind"]})
    return 0


def cmd_evidence_get(args) -> int:
    emit(evidence.get(session.service(args), args.id, args.sha256.lower(), Path(args.out)))
    return 0


def cmd_party(args) -> int:
    found, suggestions = session.service(args).party_lookup(name=args.name or "", party_id=args.party_id or "")
    emit({"known": found is not None, "party": asdict(found) if found else None, "suggestions": suggestions})
    return 0


def cmd_queue(args) -> int:
    level = {"director": "困難", "general_affairs_director": "特に困難"}[args.role]
    emit({"level": level, "incidents": workspace.review_queue(session.service(args), level)})
    return 0


def register(sub) -> None:
    a = sub.add_parser("attach", help="attach an evidence file to an incident (encrypted, SHA-256 recorded)")
    a.add_argument("id")
    a.add_argument("file")
    a.add_argument("--kind", choices=evidence.KINDS, default="document")
    a.add_argument("--url")
    a.add_argument("--account")
    a.add_argument("--posted-at", dest="posted_at")
    a.add_argument("--captured-at", dest="captured_at")
    a.set_defaults(func=cmd_attach)
    ev = sub.add_parser("evidence", help="evidence files").add_subparsers(dest="action", required=True)
    g = ev.add_parser("get", help="write an evidence file to a new file (never overwrites)")
    g.add_argument("id")
    g.add_argument("sha256")
    g.add_argument("--out", required=True)
    g.set_defaults(func=cmd_evidence_get)
    p = sub.add_parser("party", help="a party's earlier incidents, answers and status")
    p.add_argument("--name")
    p.add_argument("--party-id")
    p.set_defaults(func=cmd_party)
    q = sub.add_parser("queue", help="review queue of 困難 (director) / 特に困難 (general_affairs_director) cases")
    q.add_argument("role", choices=("director", "general_affairs_director"))
    q.set_defaults(func=cmd_queue)
