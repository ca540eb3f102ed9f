"""``madoguchi retention list|show|approve|dispose``: records past their 保存年限, one incident's retention, the
課長's approval of a disposal and its execution by the システム管理者 (issue 17). With ``--consultation`` the ids
are 相談 (the consultations register): 人事課 approves, the システム管理者 disposes."""
from __future__ import annotations


from app.cli import session
from app.cli.util import add_today, emit, today_of
from app.model.errors import PermissionDenied


def cmd_retention(args) -> int:
    svc = session.service(args)
    today = today_of(args)
    if args.action == "show":
        emit(_show(svc, args.id))
    elif args.action == "approve" and args.consultation:
        emit({"today": today, "approved": svc.approve_consultation_disposal(args.ids, today)})
    elif args.action == "approve":
        emit({"today": today, "approved": svc.approve_disposal(args.ids, today)})
    elif args.action == "dispose" and args.consultation:
        emit({"today": today, "disposed": svc.execute_consultation_disposal(args.id, today)})
    elif args.action == "dispose":
        emit({"today": today, "disposed": svc.execute_disposal(args.id, today)})
    else:
        emit({"today": today, "due": svc.retention_due(today)})
    return 0


def _show(svc, record_id: str) -> dict:
    """An incident's classes and dates, or (for 人事課) those of a 相談 of the consultations register."""
    from app.model.errors import NotFoundError
    try:
        return {"incident": record_id, "retention": svc.retention_of(record_id)}
    except (NotFoundError, PermissionDenied) as refused:
        found = [i for i in svc.consultation_retention() if i["record_id"] == record_id] if svc.can("retention.list") \
            else []
        if not found:
            raise refused
        return {"consultation": record_id, "retention": found}



def register(sub) -> None:
    r = sub.add_parser("retention", help="保存年限と廃棄: records past their date, approval and disposal")
    actions = r.add_subparsers(dest="action", required=True)
    ls = actions.add_parser("list", help="records whose retention period has passed (nothing is disposed of)")
    sh = actions.add_parser("show", help="the retention class and disposal date of one incident (or 相談, for 人事課)")
    sh.add_argument("id")
    ap = actions.add_parser("approve", help="廃棄の承認 (課長; --consultation: 人事課): records past their date")
    ap.add_argument("ids", nargs="+", metavar="ID")
    dp = actions.add_parser("dispose", help="廃棄の実施 (システム管理者): destroy an approved record's content")
    dp.add_argument("id")
    for p in (ap, dp):
        p.add_argument("--consultation", action="store_true",
                       help="the ids are 相談 (the consultations register), not incidents")
    for p in (ls, ap, dp):
        add_today(p)
    for p in (ls, sh, ap, dp):
        p.set_defaults(func=cmd_retention)
