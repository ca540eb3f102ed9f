"""``madoguchi ban accommodation|add|approve|renew|list|check|notice``: 出入禁止 with its life cycle (issue 16).

``add`` records the 課長's decision (after ``accommodation`` recorded the 合理的配慮の確認 about the ban),
``approve`` the 部長's answer (``--reject`` sends it back), ``renew`` a renewal (approved again), ``list``
every ban with its state on ``--today``, ``check NAME`` the bans in force for that exact name, and
``notice`` issues the 出入禁止通知書 (numbered, kept, never overwriting ``--out``).
"""
from __future__ import annotations

from pathlib import Path

from app.cli import session
from app.cli.util import add_today, check_new_out, emit, read_json, today_of, write_new



def cmd_ban(args) -> int:
    svc = session.service(args)
    a = args.action
    if a == "accommodation":
        emit({"id": svc.accommodation_check(args.incident_id, read_json(args.json, "json")).id})
    elif a == "add":
        emit({"id": svc.decide_ban(args.incident_id, read_json(args.json, "json")).id})
    elif a == "approve":
        e = svc.approve_ban(args.incident_id, args.decision_id, "差戻し" if args.reject else "承認", args.comment or "")
        emit({"id": e.id, "decision": e.payload["decision"]})
    elif a == "renew":
        emit({"id": svc.renew_ban(args.incident_id, args.decision_id, read_json(args.json, "json")).id})
    elif a == "list":
        today = today_of(args)
        emit({"today": today, "bans": svc.bans(today)})
    elif a == "check":
        today = today_of(args)
        found = svc.ban_check(args.name, today)
        emit({"today": today, "name": args.name, "banned": bool(found), "bans": found})
    return 0


def cmd_notice(args) -> int:
    from app.export import issue
    from app.model import settings as settings_mod
    out = check_new_out(Path(args.out), (".pdf",))  # before anything is numbered
    svc = session.service(args)
    got = issue.issue_for(svc, args.incident_id, "ban-notice", settings=settings_mod.load(),
                          extra={"decision_id": args.decision_id})
    write_new(out, got.pdf)
    emit({"doc_kind": got.doc_kind, "number": got.number, "sha256": got.sha256, "entry_id": got.entry_id,
          "out": str(out), "size": len(got.pdf), "warnings": list(got.warnings)})
    return 0


def register(sub) -> None:
    b = sub.add_parser("ban", help="出入禁止: the 合理的配慮の確認, decide, approve, renew, list, check a name, notice")
    actions = b.add_subparsers(dest="action", required=True)
    acc = actions.add_parser("accommodation", help="record the 合理的配慮の確認 (JSON: needs_accommodation, …)")
    add = actions.add_parser("add", help="the 課長 decides a 出入禁止 (JSON: reason, start_date, end_date, "
                                         "review_date, scope)")
    for p in (acc, add):
        p.add_argument("incident_id")
        p.add_argument("--json", required=True, help="JSON file or - for stdin")
    ap = actions.add_parser("approve", help="the 部長 approves (or with --reject sends back) a decision or renewal")
    ap.add_argument("incident_id")
    ap.add_argument("decision_id", help="the id of the ban_decided or ban_renewed entry")
    ap.add_argument("--reject", action="store_true", help="差戻し instead of 承認")
    ap.add_argument("--comment", default="")
    rn = actions.add_parser("renew", help="the 課長 renews a ban (JSON: end_date, review_date, reason)")
    rn.add_argument("incident_id")
    rn.add_argument("decision_id")
    rn.add_argument("--json", required=True, help="JSON file or - for stdin")
    ls = actions.add_parser("list", help="every ban with its state (JSON)")
    ck = actions.add_parser("check", help="the bans in force for a person (exact name as recorded)")
    ck.add_argument("name")
    for p in (ls, ck):
        add_today(p)
    for p in (acc, add, ap, rn, ls, ck):
        p.set_defaults(func=cmd_ban)
    nt = actions.add_parser("notice", help="issue the 出入禁止通知書 of an approved ban (PDF)")
    nt.add_argument("incident_id")
    nt.add_argument("decision_id")
    nt.add_argument("--out", required=True, help="a new .pdf file (never overwritten)")
    nt.set_defaults(func=cmd_notice)
