"""``madoguchi consultation add|list|notice|followup|open|looked``: 相談記録 (issue 16 §1).

``add`` records the signed-in worker's own consultation; its JSON must say ``"notice_shown": true`` (print
the notice with ``consultation notice`` first). ``list`` prints only what the person may read."""
from __future__ import annotations

from app.cli import session
from app.cli.util import emit, read_json
from app.model import consultations


def cmd_consultation(args) -> int:
    if args.action == "notice":
        print(consultations.NOTICE)
        return 0
    svc = session.service(args)
    if args.action == "add":
        e = svc.record_consultation(read_json(args.json))
        emit({"id": e.id})
    elif args.action == "list":
        emit({"consultations": svc.consultations()})
    elif args.action == "followup":
        e = svc.consultation_followup(args.id, read_json(args.json))
        emit({"id": e.id, "consultation": args.id})
    elif args.action == "open":
        emit({"incident": svc.incident_from_consultation(args.id, channel=args.channel), "consultation": args.id})
    else:
        emit({"consultation": args.id, "looked": svc.consultation_looked(args.id)})
    return 0


def register(sub) -> None:
    c = sub.add_parser("consultation", help="相談記録: a worker's own consultation with the 相談窓口")
    actions = c.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="record your own consultation (JSON needs \"notice_shown\": true)")
    add.add_argument("--json", required=True, help="file or - for stdin")
    ls = actions.add_parser("list", help="the consultations you may read, as JSON")
    no = actions.add_parser("notice", help="print the notice on 不利益取扱いの禁止 (show it before recording)")
    fu = actions.add_parser("followup", help="a 経過 by the 相談窓口 (人事課, 課長)")
    fu.add_argument("id")
    fu.add_argument("--json", required=True, help="file or - for stdin")
    op = actions.add_parser("open", help="open an incident from a consultation (only if the worker agreed)")
    op.add_argument("id")
    op.add_argument("--channel", default="対面", help="手段 of the incident (default 対面)")
    lk = actions.add_parser("looked", help="who read your consultation")
    lk.add_argument("id")
    for p in (add, ls, no, fu, op, lk):
        p.set_defaults(func=cmd_consultation)
