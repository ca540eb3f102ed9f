"""The CLI's commands, each a thin call into app/model."""
from __future__ import annotations

import sys
from pathlib import Path

from app import paths
from app.cli import _emit, read_json, read_secret
from app.model import datadir
from app.model.service import Service, state_dict
from app.model.verify import verify


def _data_dir(args) -> Path:
    return Path(args.data_dir) if args.data_dir else paths.default_data_dir()


def _open(args):
    return datadir.open_store(_data_dir(args), read_secret(args.passphrase_file, "passphrase"))


def _service(args) -> Service:
    return Service(_open(args), args.user or "cli")


def cmd_init(args) -> int:
    created = datadir.init_store(_data_dir(args), read_secret(args.passphrase_file, "passphrase"))
    _emit({"store_id": created.store.store_id, "device_id": created.store.device_id,
           "key_storage": created.key_storage, "recovery_key": created.recovery_key})
    sys.stderr.write("復旧キーは一度だけ表示します。印刷して課長が保管してください。\n"
                     "The recovery key is shown once: print it and keep it safe.\n")
    return 0


def cmd_incident(args) -> int:
    svc = _service(args)
    if args.action == "add":
        _emit({"id": svc.create_incident(read_json(args.json))})
    elif args.action == "show":
        state = svc.incident(args.id)
        _emit({"incident": state_dict(state), "entries": [e.to_dict() for e in svc.entries(args.id)]})
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


COMMANDS = {"init": cmd_init, "incident": cmd_incident, "entry": cmd_entry, "backup": cmd_backup,
            "restore": cmd_restore, "recover": cmd_recover, "verify": cmd_verify}


def dispatch(args) -> int:
    return COMMANDS[args.command](args)
