"""CLI for staff, sign-in, approvals, emergency captures, statistics and the audit trail.

Every command that reads or writes records signs in with the global ``--user NAME --password-file F``
(or MADOGUCHI_USER / MADOGUCHI_PASSWORD_FILE) and then goes through the same Service as the GUI.
"""
from __future__ import annotations

from app.cli import _emit, read_json, read_secret
from app.model import passwords, staff
from app.model.actor import Actor
from app.model.auth import Authenticator
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service


def sign_in(args, store) -> Service:
    """The authenticated Service for this command. On a store without staff only bootstrap is possible."""
    if not args.user:
        if staff.directory(store).empty:
            return Service(store, Actor.bootstrap(), channel="cli")
        raise PermissionDenied("サインインが必要です（--user と --password-file）。",
                               "Sign-in needed: --user NAME --password-file FILE.")
    secret = read_secret(args.password_file, "password") if args.password_file else None
    if secret is None:
        raise PermissionDenied("パスワードが必要です（--password-file）。", "Give --password-file FILE or -.")
    return Service(store, Authenticator(store, channel="cli").sign_in(args.user, secret), channel="cli")


def check_admin_args(args) -> str | None:
    """``init --admin-user NAME --admin-password-file F``: read and check the password before creating."""
    if not args.admin_user:
        return None
    password = read_secret(args.admin_password_file, "admin_password")
    if password is None:
        raise InputError("--admin-password-file が必要です。", "--admin-password-file is required.",
                         field="admin_password")
    passwords.check_strength(password)
    return password


def create_first_admin(store, name: str, password: str, department: str = "") -> str:
    """``init --admin-user``: the first システム管理者, created in bootstrap mode."""
    return Service(store, Actor.bootstrap(), channel="cli").add_staff(name, ["sysadmin"], password, department)


def _svc(args) -> Service:
    from app.commands import _open
    return sign_in(args, _open(args))


def cmd_staff(args) -> int:
    svc = _svc(args)
    if args.action == "list":
        _emit({"staff": svc.list_staff()})
    elif args.action == "add":
        password = read_secret(args.new_password_file, "password")
        _emit({"staff_id": svc.add_staff(args.name, args.role, password, args.department)})
    elif args.action == "roles":
        svc.set_roles(args.name, args.role)
        _emit({"name": args.name, "roles": args.role})
    elif args.action == "password":
        svc.set_password(args.name, read_secret(args.new_password_file, "password"))
        _emit({"name": args.name, "password_set": True})
    else:
        svc.deactivate_staff(args.name, args.reason)
        _emit({"name": args.name, "active": False})
    return 0


def cmd_approval(args) -> int:
    svc = _svc(args)
    if args.action == "list":
        _emit({"pending": svc.pending_approvals()})
    elif args.action == "request":
        e = svc.request_approval(args.id, args.subject, read_json(args.json))
        _emit({"request_id": e.id})
    else:
        _emit({"entries": [e.id for e in svc.approve(args.request_id, args.decision, args.comment)]})
    return 0


def cmd_capture(args) -> int:
    svc = _svc(args)
    if args.action == "list":
        _emit({"unclaimed": svc.unclaimed_captures()})
    else:
        _emit({"claimed": svc.claim(args.id).id})
    return 0


def cmd_audit(args) -> int:
    _emit({"audit": _svc(args).audit_log(args.limit)})
    return 0


def cmd_stats(args) -> int:
    _emit(_svc(args).statistics())
    return 0


def register(sub) -> None:
    st = sub.add_parser("staff", help="staff directory (システム管理者)").add_subparsers(dest="action", required=True)
    st.add_parser("list")
    a = st.add_parser("add")
    a.add_argument("--name", required=True)
    a.add_argument("--role", action="append", required=True, help="repeat for several roles")
    a.add_argument("--department", default="", help="所属: 部/課/係")
    a.add_argument("--password-file", dest="new_password_file", required=True,
                   help="the new member's password or PIN (file or -)")
    r = st.add_parser("roles")
    r.add_argument("--name", required=True)
    r.add_argument("--role", action="append", required=True)
    pw = st.add_parser("password")
    pw.add_argument("--name", required=True)
    pw.add_argument("--password-file", dest="new_password_file", required=True)
    d = st.add_parser("deactivate")
    d.add_argument("--name", required=True)
    d.add_argument("--reason", default="")
    for p in st.choices.values():
        p.set_defaults(func=cmd_staff)

    ap = sub.add_parser("approval", help="approvals (課長)").add_subparsers(dest="action", required=True)
    ap.add_parser("list")
    rq = ap.add_parser("request")
    rq.add_argument("id")
    rq.add_argument("--subject", required=True, choices=("judgement", "legal_request"))
    rq.add_argument("--json", required=True, help="the draft (judgement payload), file or -")
    ok = ap.add_parser("approve")
    ok.add_argument("request_id")
    ok.add_argument("--decision", default="承認", choices=("承認", "差戻し"))
    ok.add_argument("--comment", default="")
    for p in ap.choices.values():
        p.set_defaults(func=cmd_approval)

    cp = sub.add_parser("capture", help="emergency captures made while the PC was locked").add_subparsers(
        dest="action", required=True)
    cp.add_parser("list")
    cl = cp.add_parser("claim")
    cl.add_argument("id")
    for p in cp.choices.values():
        p.set_defaults(func=cmd_capture)

    au = sub.add_parser("audit", help="the audit trail (課長, システム管理者)").add_subparsers(
        dest="action", required=True).add_parser("list")
    au.add_argument("--limit", type=int, default=200)
    au.set_defaults(func=cmd_audit)
    sub.add_parser("stats", help="de-identified totals (人事課)").set_defaults(func=cmd_stats)
