"""``madoguchi retention list|show``: records past their 保存年限 and one incident's retention (issue 17)."""
from __future__ import annotations

import datetime as _dt

from app.cli import session
from app.cli.util import emit


def cmd_retention(args) -> int:
    svc = session.service(args)
    if args.action == "show":
        emit({"incident": args.id, "retention": svc.retention_of(args.id)})
    else:
        today = args.today or _dt.date.today().isoformat()
        emit({"today": today, "due": svc.retention_due(today)})
    return 0


def _day(text: str) -> str:
    _dt.date.fromisoformat(text)
    return text


def register(sub) -> None:
    r = sub.add_parser("retention", help="保存年限: records past their date, one incident's class and date")
    actions = r.add_subparsers(dest="action", required=True)
    ls = actions.add_parser("list", help="records whose retention period has passed (nothing is disposed of)")
    ls.add_argument("--today", type=_day, default=None, help="YYYY-MM-DD (default: today)")
    sh = actions.add_parser("show", help="the retention class and disposal date of one incident")
    sh.add_argument("id")
    for p in (ls, sh):
        p.set_defaults(func=cmd_retention)
