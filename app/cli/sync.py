"""``madoguchi org create|join|rotate`` and ``madoguchi sync --folder DIR``."""
from __future__ import annotations

from pathlib import Path

from app.cli import session
from app.cli.util import emit, read_secret
from app.model import sync


def cmd_org(args) -> int:
    passphrase = read_secret(args.org_passphrase_file, "passphrase")
    if args.action == "create":
        admin = {"name": args.admin_name, "department": args.admin_department,
                 "password": read_secret(args.admin_password_file, "admin_password")}
        emit(sync.create_org(Path(args.out), passphrase, admin))
    elif args.action == "rotate":
        emit(sync.rotate_org(Path(args.file), Path(args.out), passphrase))
    else:
        enrollment = sync.read_enrollment(Path(args.file), passphrase)
        store = session.open_store(args)
        keys = sync.join(store, enrollment)
        emit({"org_id": keys.org_id, "device_id": store.device_id, "epochs": sorted(keys.epochs),
              "device_key": keys.cert["pub"], "rooted": store.meta("org_root") is not None})
    return 0


def cmd_sync(args) -> int:
    store = session.open_store(args)
    keys = sync.require_device_keys(store)
    report = sync.sync_folder(store, Path(args.folder), keys, publish_own=not args.no_publish)
    if args.relay_to:
        report_dict = report.to_dict()
        report_dict["relayed"] = sync.relay(Path(args.folder), Path(args.relay_to))
        emit(report_dict)
    else:
        emit(report.to_dict())
    store.set_meta("sync_folder", str(Path(args.folder)))
    return 0


def cmd_quarantine(args) -> int:
    from app.model.sync import quarantine
    svc = session.service(args)
    if args.action == "list":
        emit({"quarantine": quarantine.listing(svc)})
    else:
        emit(quarantine.release(svc, args.entry, args.reason))
    return 0


def register(sub) -> None:
    org = sub.add_parser("org", help="organisation keys for sync").add_subparsers(dest="action", required=True)
    c = org.add_parser("create", help="a new organisation: writes a passphrase-protected enrollment file")
    c.add_argument("--out", required=True)
    c.add_argument("--admin-name", required=True, help="the organisation's first システム管理者 (signed by its root key)")
    c.add_argument("--admin-password-file", required=True, help="their password (not a PIN), from a file or -")
    c.add_argument("--admin-department", default="", help="their 所属 (部/課/係)")
    j = org.add_parser("join", help="enroll this PC: generates its own device key, kept sealed in the data folder")
    j.add_argument("file")
    r = org.add_parser("rotate", help="the next key epoch (a lost or stolen PC cannot read newer bundles)")
    r.add_argument("file")
    r.add_argument("--out", required=True)
    for p in (c, j, r):
        p.add_argument("--passphrase-file", dest="org_passphrase_file", required=True,
                       help="the enrollment file's passphrase, from a file or - for stdin")
        p.set_defaults(func=cmd_org)
    s = sub.add_parser("sync", help="publish new entries to a folder and take in the others'")
    s.add_argument("--folder", required=True, help="the shared folder or USB stick")
    s.add_argument("--no-publish", action="store_true", help="only take in (e.g. a read-only stick)")
    s.add_argument("--relay-to", help="afterwards copy all bundles verbatim to this folder (store-and-forward)")
    s.set_defaults(func=cmd_sync)
    q = sub.add_parser("quarantine", help="records sync kept aside: list, release (システム管理者)").add_subparsers(
        dest="action", required=True)
    q.add_parser("list", help="every record kept aside, why, and whether it arrived since").set_defaults(
        func=cmd_quarantine)
    rel = q.add_parser("release", help="take one in (re-issued under this PC's id), with a reason (audited)")
    rel.add_argument("entry", help="the entry id shown by `quarantine list`")
    rel.add_argument("--reason", required=True, help="why it may be taken in (kept in the audit trail)")
    rel.set_defaults(func=cmd_quarantine)
