"""``madoguchi incident add|show|list|looked`` and ``madoguchi entry add``."""
from __future__ import annotations

from app.cli import session
from app.cli.util import emit, read_json
from app.model import evidence
from app.model.errors import InputError
from app.model.service import state_dict


def cmd_incident(args) -> int:
    svc = session.service(args)
    if args.action == "add":
        emit({"id": svc.create_incident(read_json(args.json))})
    elif args.action == "show":
        state = svc.incident(args.id)
        entries = svc.entries(args.id)
        emit({"incident": state_dict(state), "entries": [e.to_dict() for e in entries],
              "evidence": [{"sha256": a.sha256, "kind": a.evidence_kind, "filename": a.filename, "size": a.size}
                           for a in evidence.attachments(entries)]})
    elif args.action == "looked":
        rows = svc.care_readers(args.id, args.care) if args.care else svc.who_looked(args.id)
        emit({"incident": args.id, "care_record": args.care or None, "looked": rows})
    else:
        emit({"total": svc.count_incidents(args.search),
              "incidents": svc.list_incidents(args.search, limit=args.limit)})
    return 0


def cmd_entry(args) -> int:
    svc = session.service(args)
    if args.check:  # a 判断 or 対応中止 with its 合理的配慮の確認, check first, in one transaction
        if args.supersedes:
            raise InputError("--check は訂正（--supersedes）とは一緒に使えません。",
                             "--check cannot be used with --supersedes.", field="check")
        check, payload = read_json(args.check, "check"), read_json(args.json)
        written = svc.decide_with_check(args.id, args.kind, payload, check)
        e = written[-1]
        emit({"id": e.id, "seq": e.seq, "hlc": e.hlc, "check_id": written[0].id})
        return 0
    e = svc.append(args.id, args.kind, read_json(args.json), supersedes=args.supersedes)
    emit({"id": e.id, "seq": e.seq, "hlc": e.hlc})
    return 0


def register(sub) -> None:
    inc = sub.add_parser("incident", help="add, show and list incidents").add_subparsers(dest="action", required=True)
    a = inc.add_parser("add")
    a.add_argument("--json", required=True, help="file or - for stdin")
    s = inc.add_parser("show")
    s.add_argument("id")
    ls = inc.add_parser("list")
    ls.add_argument("--search", default="")
    ls.add_argument("--limit", type=int, default=50)
    lk = inc.add_parser("looked", help="who viewed, printed and exported it (or, with --care, read a care record)")
    lk.add_argument("id")
    lk.add_argument("--care", default="", help="the id of a care referral entry")
    for p in (a, s, ls, lk):
        p.set_defaults(func=cmd_incident)

    ea = sub.add_parser("entry", help="append an entry").add_subparsers(dest="action", required=True).add_parser("add")
    ea.add_argument("id")
    ea.add_argument("--kind", required=True)
    ea.add_argument("--json", required=True)
    ea.add_argument("--supersedes")
    ea.add_argument("--check", help="for judgement / response_stopped: the 合理的配慮の確認 (JSON file: "
                                    "needs_accommodation, accommodation_reason, harm_to_life_or_health, harm_reason), "
                                    "recorded just before it")
    ea.set_defaults(func=cmd_entry)
