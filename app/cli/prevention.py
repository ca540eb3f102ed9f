"""``madoguchi prevention add|list|status|close``: 再発防止・事例検証の項目 (issue 16 item 3).

    madoguchi prevention add --json FILE|-        {"what", "owner", "due", "incidents": [...], "review_note"}
    madoguchi prevention list [--today YYYY-MM-DD] each item with its state (未着手/対応中/完了) and overdue
    madoguchi prevention status ID 対応中 [--note TEXT]
    madoguchi prevention close ID [--note TEXT]
"""
from __future__ import annotations


from app.cli import session
from app.cli.util import add_today, emit, read_json, today_of
from app.model import prevention


def cmd_add(args) -> int:
    e = session.service(args).add_prevention(read_json(args.json))
    emit({"id": e.id, "kind": e.kind})
    return 0


def cmd_list(args) -> int:
    today = today_of(args)
    found = session.service(args).prevention_items(today)
    emit({"today": today, "counts": prevention.counts(found), "items": [i.to_dict() for i in found]})
    return 0


def cmd_status(args) -> int:
    svc = session.service(args)
    e = svc.close_prevention(args.id, args.note) if args.action == "close" else \
        svc.prevention_progress(args.id, args.status, args.note)
    emit({"id": e.id, "item": args.id, "status": e.payload.get("status")})
    return 0


def register(sub) -> None:
    p = sub.add_parser("prevention", help="再発防止・事例検証の項目")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help="a 再発防止 item (JSON)")
    a.add_argument("--json", required=True, help="file or - for stdin")
    a.set_defaults(func=cmd_add)
    ls = actions.add_parser("list", help="every item with its state and whether it is overdue")
    add_today(ls)
    ls.set_defaults(func=cmd_list)
    st = actions.add_parser("status", help="record progress: 対応中 or 完了")
    st.add_argument("id")
    st.add_argument("status")
    st.add_argument("--note", default="")
    st.set_defaults(func=cmd_status)
    c = actions.add_parser("close", help="the item is done (完了)")
    c.add_argument("id")
    c.add_argument("--note", default="")
    c.set_defaults(func=cmd_status)
