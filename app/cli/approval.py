"""``madoguchi approval …`` (課長) and ``madoguchi capture …`` (emergency captures made while locked)."""
from __future__ import annotations

from app.cli import session
from app.cli.util import emit, read_json
from app.model import approvals


def cmd_approval(args) -> int:
    svc = session.service(args)
    if args.action == "list":
        emit({"pending": svc.pending_approvals()})
    elif args.action == "request":
        e = svc.request_approval(args.id, args.subject, read_json(args.json))
        emit({"request_id": e.id})
    else:
        check = read_json(args.check, "check") if args.check else None
        emit({"entries": [e.id for e in svc.approve(args.request_id, args.decision, args.comment, check=check)]})
    return 0


def cmd_capture(args) -> int:
    svc = session.service(args)
    if args.action == "list":
        emit({"unclaimed": svc.unclaimed_captures()})
    else:
        emit({"claimed": svc.claim(args.id).id})
    return 0


def register(sub) -> None:
    ap = sub.add_parser("approval", help="approvals (課長)").add_subparsers(dest="action", required=True)
    ap.add_parser("list")
    rq = ap.add_parser("request")
    rq.add_argument("id")
    rq.add_argument("--subject", required=True, choices=tuple(approvals.SUBJECT_LABELS))  # from the registry
    rq.add_argument("--json", required=True, help="the draft (the subject's payload), file or -")
    ok = ap.add_parser("approve")
    ok.add_argument("request_id")
    ok.add_argument("--decision", default="承認", choices=("承認", "差戻し"))
    ok.add_argument("--comment", default="")
    ok.add_argument("--check", help="approving a judgement or 対応中止: the approver's 合理的配慮の確認 (JSON file or -: "
                                    "needs_accommodation, accommodation_reason, harm_to_life_or_health, harm_reason)")
    for p in ap.choices.values():
        p.set_defaults(func=cmd_approval)

    cp = sub.add_parser("capture", help="emergency captures made while the PC was locked").add_subparsers(
        dest="action", required=True)
    cp.add_parser("list")
    cl = cp.add_parser("claim")
    cl.add_argument("id")
    for p in cp.choices.values():
        p.set_defaults(func=cmd_capture)
