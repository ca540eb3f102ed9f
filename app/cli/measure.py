"""``madoguchi measure add|list|due|followup``: 配慮措置 for an affected worker and their follow-ups (issue 16 §2)."""
from __future__ import annotations


from app.cli import session
from app.cli.util import add_today, emit, read_json, today_of


def cmd_measure(args) -> int:
    svc = session.service(args)
    if args.action == "add":
        e = svc.add_measure(args.incident, read_json(args.json))
        emit({"id": e.id, "incident": args.incident, "kind": e.kind})
    elif args.action == "followup":
        e = svc.measure_followup(args.incident, args.measure_id, read_json(args.json))
        emit({"id": e.id, "incident": args.incident, "measure": args.measure_id, "kind": e.kind})
    elif args.action == "list":
        emit({"incident": args.incident, "measures": svc.measures_of(args.incident)})
    else:
        today = today_of(args)
        emit({"today": today, "due": svc.measures_due(today)})
    return 0



def register(sub) -> None:
    m = sub.add_parser("measure", help="配慮措置: measures for an affected worker, follow-ups due")
    actions = m.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="record a 配慮措置 (staff, measure, detail, followup)")
    add.add_argument("incident")
    add.add_argument("--json", required=True, help="file or - for stdin")
    fu = actions.add_parser("followup", help="record how a 配慮措置 goes (done, next_followup, note)")
    fu.add_argument("incident")
    fu.add_argument("measure_id")
    fu.add_argument("--json", required=True, help="file or - for stdin")
    ls = actions.add_parser("list", help="the 配慮措置 of one incident that you may read")
    ls.add_argument("incident")
    due = actions.add_parser("due", help="follow-ups due on or before today and not done")
    add_today(due)
    for p in (add, fu, ls, due):
        p.set_defaults(func=cmd_measure)
