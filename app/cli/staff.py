"""``madoguchi staff …`` (システム管理者) and ``madoguchi audit list`` (課長, システム管理者)."""
from __future__ import annotations

from app.cli import session
from app.cli.util import emit, read_secret


def cmd_staff(args) -> int:
    svc = session.service(args)
    if args.action == "list":
        emit({"staff": svc.list_staff()})
    elif args.action == "add":
        password = read_secret(args.new_password_file, "password")
        emit({"staff_id": svc.add_staff(args.name, args.role, password, args.department)})
    elif args.action == "roles":
        svc.set_roles(args.name, args.role)
        emit({"name": args.name, "roles": args.role})
    elif args.action == "password":
        svc.set_password(args.name, read_secret(args.new_password_file, "password"))
        emit({"name": args.name, "password_set": True})
    elif args.action == "revoke-device":
        up_to = svc.revoke_device(args.device, args.reason)
        emit({"device_id": args.device, "revoked_after_seq": up_to})
    else:
        svc.deactivate_staff(args.name, args.reason)
        emit({"name": args.name, "active": False})
    return 0


def cmd_audit(args) -> int:
    emit({"audit": session.service(args).audit_log(args.limit)})
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
    rv = st.add_parser("revoke-device", help="a lost, stolen or hostile PC: its later entries are refused everywhere")
    rv.add_argument("--device", required=True, help="the PC's device id (sync reports, verify)")
    rv.add_argument("--reason", default="")
    for p in st.choices.values():
        p.set_defaults(func=cmd_staff)

    au = sub.add_parser("audit", help="the audit trail (課長, システム管理者)").add_subparsers(
        dest="action", required=True).add_parser("list")
    au.add_argument("--limit", type=int, default=200)
    au.set_defaults(func=cmd_audit)
