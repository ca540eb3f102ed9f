"""``madoguchi training add|list|notice``: 研修 and 方針の周知 (issue 16 item 4).

    madoguchi training add --json FILE|-      {"course", "held_on", "attendees": [names in the directory], "material"}
    madoguchi training notice --json FILE|-   {"means", "date", "note"}
    madoguchi training list [--person NAME] [--from D] [--to D]
        without --person: trainings, notices and counts per 年度; with it: what that person attended
"""
from __future__ import annotations

from app.cli import session
from app.cli.util import emit, iso_date, read_json


def cmd_add(args) -> int:
    svc = session.service(args)
    e = svc.add_notice(read_json(args.json)) if args.action == "notice" else svc.add_training(read_json(args.json))
    emit({"id": e.id, "kind": e.kind})
    return 0


def cmd_list(args) -> int:
    svc = session.service(args)
    if args.person is not None:
        emit({"person": args.person, "trainings": [t.to_dict() for t in svc.trainings_of(args.person)]})
        return 0
    lo, hi = iso_date(args.date_from, "from"), iso_date(args.date_to, "to")
    emit({"trainings": [t.to_dict() for t in svc.trainings()], "notices": [n.to_dict() for n in svc.notices()],
          "by_fiscal_year": svc.training_counts(lo, hi).to_dict()})
    return 0


def register(sub) -> None:
    t = sub.add_parser("training", help="研修・方針の周知")
    actions = t.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help="a 研修 held (JSON)")
    a.add_argument("--json", required=True, help="file or - for stdin")
    a.set_defaults(func=cmd_add)
    n = actions.add_parser("notice", help="a 周知 of the 方針 (JSON)")
    n.add_argument("--json", required=True, help="file or - for stdin")
    n.set_defaults(func=cmd_add)
    ls = actions.add_parser("list", help="trainings, notices and counts per 年度, or one person's trainings")
    ls.add_argument("--person", default=None, help="a name exactly as in the staff directory")
    ls.add_argument("--from", dest="date_from")
    ls.add_argument("--to", dest="date_to")
    ls.set_defaults(func=cmd_list)
