"""``madoguchi disclosure``: 本人開示 (issue 17 §3) — what is held about a named person (``collect``, ``package``)
and the register of 開示請求 and 訂正請求 with their 30-day clock (``request``, ``list``, ``extend``, ``decide``,
``correct``, ``correction-decide``). Every command calls the Service; the PDF is app/export/disclosure_package."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from app.cli import session
from app.cli.util import add_today, check_new_out, emit, read_json, today_of, write_new
from app.model import signing
from app.model.errors import InputError



def _written(e) -> None:
    emit({"id": e.id, "kind": e.kind, "payload": signing.shown(e).payload})


def cmd_collect(args) -> int:
    emit(session.service(args).disclosure_collect(args.name))
    return 0


def cmd_request(args) -> int:
    _written(session.service(args).disclosure_request(read_json(args.json)))
    return 0


def cmd_list(args) -> int:
    today = today_of(args)
    emit({"today": today, "requests": session.service(args).disclosure_requests(today)})
    return 0


def cmd_extend(args) -> int:
    _written(session.service(args).disclosure_extend(args.id, read_json(args.json)))
    return 0


def cmd_decide(args) -> int:
    _written(session.service(args).disclosure_decide(args.id, read_json(args.json)))
    return 0


def cmd_correct(args) -> int:
    _written(session.service(args).correction_request(read_json(args.json)))
    return 0


def cmd_correction_decide(args) -> int:
    _written(session.service(args).correction_decide(args.id, read_json(args.json)))
    return 0


def cmd_package(args) -> int:
    """With ``--request``: the package is issued (numbered, kept, recorded with the request); without: a draft."""
    from app.export import disclosure_package
    out = check_new_out(Path(args.out), (".pdf",))  # before anything is numbered
    svc = session.service(args)
    today = _dt.date.fromisoformat(today_of(args))
    if not args.request:
        pdf = disclosure_package.package_for(svc, args.name, today=today)
        write_new(out, pdf)
        emit({"name": args.name, "out": str(out), "size": len(pdf), "draft": True})
        return 0
    from app.model import settings as settings_mod
    requested = next((r for r in svc.disclosure_requests(today.isoformat()) if r["id"] == args.request), None)
    if requested is not None and requested["requester"] != args.name:
        raise InputError(f"この開示請求の請求者は「{requested['requester']}」です（指定された氏名と異なります）。",
                         "The name differs from the request's requester.", field="name")
    now = _dt.datetime.combine(today, _dt.datetime.now().time()).astimezone()
    got = disclosure_package.issue_package(svc, args.request, settings=settings_mod.load(), now=now)
    write_new(out, got["pdf"])
    emit({"name": args.name, "out": str(out), "size": got["size"], "number": got["number"],
          "sha256": got["sha256"], "entry_id": got["entry_id"], "draft": False})
    return 0


def register(sub) -> None:
    d = sub.add_parser("disclosure", help="本人開示: what is held about a named person, and the requests' register")
    actions = d.add_subparsers(dest="action", required=True)
    c = actions.add_parser("collect", help="collect the person's records (the exact name, never normalised)")
    c.add_argument("--name", required=True)
    c.set_defaults(func=cmd_collect)
    r = actions.add_parser("request", help="record a 開示請求 received (requester, received_on, scope, contact)")
    r.add_argument("--json", required=True, help="FILE or - for stdin")
    r.set_defaults(func=cmd_request)
    ls = actions.add_parser("list", help="every request with its 期限, state and days left")
    add_today(ls)
    ls.set_defaults(func=cmd_list)
    for name, func, what in (("extend", cmd_extend, "extend the 期限 once (due, reason)"),
                             ("decide", cmd_decide, "開示決定 (decision, withheld, decided_on)"),
                             ("correction-decide", cmd_correction_decide, "訂正する / 訂正しない (decision, reason)")):
        p = actions.add_parser(name, help=what)
        p.add_argument("id", help="the request's id (from `disclosure list`)")
        p.add_argument("--json", required=True, help="FILE or - for stdin")
        p.set_defaults(func=func)
    k = actions.add_parser("correct", help="record a 訂正請求 (requester, incident, entry, requested, received_on)")
    k.add_argument("--json", required=True, help="FILE or - for stdin")
    k.set_defaults(func=cmd_correct)
    pk = actions.add_parser("package", help="the disclosure package (PDF) for the person named exactly NAME: issued "
                                               "(numbered, kept) for a 開示請求 (--request), else a draft")
    pk.add_argument("name")
    pk.add_argument("--out", required=True, help="a new .pdf file")
    pk.add_argument("--request", default=None, help="the 開示請求 answered: the package is issued (its 受付日 and 期限 printed)")
    add_today(pk)
    pk.set_defaults(func=cmd_package)
