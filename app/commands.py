"""The CLI's commands, each a thin call into app/model."""
from __future__ import annotations

import sys
from pathlib import Path

from app import paths
from app.cli import _emit, opened, read_json, read_secret
from app.model import datadir, evidence
from app.model.service import Service, state_dict
from app.model.verify import verify


def _data_dir(args) -> Path:
    return Path(args.data_dir) if args.data_dir else paths.default_data_dir()


def _open(args):
    return opened(datadir.open_store(_data_dir(args), read_secret(args.passphrase_file, "passphrase")))


def _service(args) -> Service:
    from app.cli_staff import sign_in
    return sign_in(args, _open(args))


def cmd_init(args) -> int:
    from app.cli_staff import check_admin_args, create_first_admin
    admin_password = check_admin_args(args)  # before anything is created
    created = datadir.init_store(_data_dir(args), read_secret(args.passphrase_file, "passphrase"))
    opened(created.store)
    admin = create_first_admin(created.store, args.admin_user, admin_password) if args.admin_user else None
    _emit({"store_id": created.store.store_id, "device_id": created.store.device_id,
           "key_storage": created.key_storage, "recovery_key": created.recovery_key, "admin_staff_id": admin})
    sys.stderr.write("復旧キーは一度だけ表示します。印刷して課長が保管してください。\n"
                     "The recovery key is shown once: print it and keep it safe.\n")
    return 0


def cmd_incident(args) -> int:
    svc = _service(args)
    if args.action == "add":
        _emit({"id": svc.create_incident(read_json(args.json))})
    elif args.action == "show":
        state = svc.incident(args.id)
        entries = svc.entries(args.id)
        _emit({"incident": state_dict(state), "entries": [e.to_dict() for e in entries],
               "evidence": [{"sha256": a.sha256, "kind": a.evidence_kind, "filename": a.filename, "size": a.size}
                            for a in evidence.attachments(entries)]})
    else:
        _emit({"total": svc.count_incidents(args.search),
               "incidents": svc.list_incidents(args.search, limit=args.limit)})
    return 0


def cmd_entry(args) -> int:
    svc = _service(args)
    e = svc.append(args.id, args.kind, read_json(args.json), supersedes=args.supersedes)
    _emit({"id": e.id, "seq": e.seq, "hlc": e.hlc})
    return 0


def cmd_backup(args) -> int:
    _emit(datadir.backup(_open(args), Path(args.out)))
    return 0


def cmd_restore(args) -> int:
    store = datadir.restore(Path(args.file), _data_dir(args), read_secret(args.recovery_key_file, "recovery_key"),
                            read_secret(args.passphrase_file, "passphrase"))
    _emit({"restored": True, "store_id": store.store_id, "device_id": store.device_id,
           "incidents": store.count_incidents()})
    return 0


def cmd_recover(args) -> int:
    store = datadir.recover(_data_dir(args), read_secret(args.recovery_key_file, "recovery_key"),
                            read_secret(args.passphrase_file, "passphrase"))
    _emit({"recovered": True, "store_id": store.store_id, "incidents": store.count_incidents()})
    return 0


def cmd_verify(args) -> int:
    report = verify(_open(args))
    _emit(report)
    return 0 if report["ok"] else 1


def cmd_selftest(args) -> int:
    from app import selftest
    report = selftest.run(_data_dir(args), read_secret(args.passphrase_file, "passphrase"), skip_store=args.no_store)
    _emit(report)
    return 0 if report["ok"] else 1


def register(sub) -> None:
    i = sub.add_parser("init", help="create the store and print the recovery key once")
    i.add_argument("--admin-user", help="create the first システム管理者 with this name")
    i.add_argument("--admin-password-file", help="their password, file or -")
    i.set_defaults(func=cmd_init)

    inc = sub.add_parser("incident", help="add, show and list incidents").add_subparsers(dest="action", required=True)
    a = inc.add_parser("add")
    a.add_argument("--json", required=True, help="file or - for stdin")
    s = inc.add_parser("show")
    s.add_argument("id")
    ls = inc.add_parser("list")
    ls.add_argument("--search", default="")
    ls.add_argument("--limit", type=int, default=50)
    for p in (a, s, ls):
        p.set_defaults(func=cmd_incident)

    ea = sub.add_parser("entry", help="append an entry").add_subparsers(dest="action", required=True).add_parser("add")
    ea.add_argument("id")
    ea.add_argument("--kind", required=True)
    ea.add_argument("--json", required=True)
    ea.add_argument("--supersedes")
    ea.set_defaults(func=cmd_entry)

    b = sub.add_parser("backup", help="encrypted backup (never overwrites)")
    b.add_argument("--out", required=True)
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser("restore", help="restore a backup into an empty data folder")
    r.add_argument("file")
    r.add_argument("--recovery-key-file", required=True)
    r.set_defaults(func=cmd_restore)
    rc = sub.add_parser("recover", help="open the store with the recovery key and keep the key again")
    rc.add_argument("--recovery-key-file", required=True)
    rc.set_defaults(func=cmd_recover)
    sub.add_parser("verify", help="check encryption, integrity and hash chains").set_defaults(func=cmd_verify)
    st = sub.add_parser("selftest", help="check store, fonts, PDF, manual and shared folder (JSON)")
    st.add_argument("--no-store", action="store_true", help="skip the store check (before `init`)")
    st.set_defaults(func=cmd_selftest)
