"""The data folder: ``init``, ``backup``, ``restore``, ``recover``, ``verify``, ``selftest``."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli import session
from app.cli.util import emit, read_secret
from app.model import datadir, passwords
from app.model.errors import InputError
from app.model.first_admin import create_first_admin
from app.model.verify import verify


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


def cmd_init(args) -> int:
    admin_password = check_admin_args(args)  # before anything is created
    created = datadir.init_store(session.data_dir(args), session.passphrase(args))
    session.keep(created.store)
    admin = create_first_admin(created.store, args.admin_user, admin_password) if args.admin_user else None
    emit({"store_id": created.store.store_id, "device_id": created.store.device_id,
          "key_storage": created.key_storage, "recovery_key": created.recovery_key, "admin_staff_id": admin})
    sys.stderr.write("復旧キーは一度だけ表示します。印刷して課長が保管してください。\n"
                     "The recovery key is shown once: print it and keep it safe.\n")
    return 0


def cmd_backup(args) -> int:
    emit(datadir.backup(session.open_store(args), Path(args.out)))
    return 0


def cmd_restore(args) -> int:
    store = datadir.restore(Path(args.file), session.data_dir(args), read_secret(args.recovery_key_file, "recovery_key"),
                            session.passphrase(args))
    emit({"restored": True, "store_id": store.store_id, "device_id": store.device_id,
          "incidents": store.count_incidents()})
    return 0


def cmd_recover(args) -> int:
    store = datadir.recover(session.data_dir(args), read_secret(args.recovery_key_file, "recovery_key"),
                            session.passphrase(args))
    emit({"recovered": True, "store_id": store.store_id, "incidents": store.count_incidents()})
    return 0


def cmd_verify(args) -> int:
    report = verify(session.open_store(args))
    emit(report)
    return 0 if report["ok"] else 1


def cmd_selftest(args) -> int:
    from app import selftest
    report = selftest.run(session.data_dir(args), session.passphrase(args), skip_store=args.no_store)
    emit(report)
    return 0 if report["ok"] else 1


def register(sub) -> None:
    i = sub.add_parser("init", help="create the store and print the recovery key once")
    i.add_argument("--admin-user", help="create the first システム管理者 with this name")
    i.add_argument("--admin-password-file", help="their password, file or -")
    i.set_defaults(func=cmd_init)
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
