"""``madoguchi legal status|show|list``: a 法律相談 from its 依頼書 to the 報告書 (issue 16 §6)."""
from __future__ import annotations


from app.cli import session
from app.cli.util import add_today, emit, read_json, today_of
from app.model import legal_track


def cmd_legal(args) -> int:
    svc = session.service(args)
    if args.action == "status":
        payload = read_json(args.json) if args.json else {}
        if isinstance(payload, dict):  # anything else is refused by the Service (exit 2)
            payload.update({k: v for k, v in (("date", args.date), ("lawyer", args.lawyer),
                                              ("contact", args.contact), ("note", args.note)) if v is not None})
        e = svc.record_legal_stage(args.incident, args.stage, payload)
        emit({"id": e.id, "incident": args.incident, "legal": svc.legal_state(args.incident)})
    elif args.action == "show":
        emit({"incident": args.incident, "legal": svc.legal_state(args.incident)})
    else:
        today = today_of(args)
        emit({"today": today, "open": svc.legal_queue(today)})
    return 0



def register(sub) -> None:
    g = sub.add_parser("legal", help="法律相談: its stages after the 依頼書, open consultations")
    actions = g.add_subparsers(dest="action", required=True)
    st = actions.add_parser("status", help="record the next stage (調整済み, 実施, 報告書提出)")
    st.add_argument("incident")
    st.add_argument("stage", choices=legal_track.STAGES)
    st.add_argument("--json", default=None, help="file or - for stdin (date, lawyer, contact, note)")
    st.add_argument("--date", default=None, help="YYYY-MM-DD")
    st.add_argument("--lawyer", default=None)
    st.add_argument("--contact", default=None, help="総務課文書係の担当")
    st.add_argument("--note", default=None)
    sh = actions.add_parser("show", help="one incident's 法律相談 and its steps")
    sh.add_argument("incident")
    ls = actions.add_parser("list", help="open consultations, the longest waiting first")
    add_today(ls)
    for p in (st, sh, ls):
        p.set_defaults(func=cmd_legal)
