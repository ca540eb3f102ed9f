"""The signed-in session of one CLI command: the data folder's store, the person, their Service.

Every command that reads or writes records signs in with the global ``--user NAME --password-file F``
(or MADOGUCHI_USER / MADOGUCHI_PASSWORD_FILE) and then goes through the same Service as the GUI. Stores opened
here are closed when the command ends (``close_all``, called by ``app.cli.main``).
"""
from __future__ import annotations

from pathlib import Path

from app import paths
from app.model import datadir, staff
from app.model.actor import Actor
from app.model.auth import Authenticator
from app.model.errors import PermissionDenied
from app.model.secret_file import read_secret
from app.model.service import Service

_OPENED: list = []


def keep(store):
    """Close ``store`` when the command ends; returns it."""
    _OPENED.append(store)
    return store


def close_all() -> None:
    while _OPENED:
        _OPENED.pop().close()


def data_dir(args) -> Path:
    return Path(args.data_dir) if args.data_dir else paths.default_data_dir()


def passphrase(args) -> str | None:
    return read_secret(args.passphrase_file, "passphrase")


def open_store(args):
    """The data folder's store (``--data-dir``, ``--passphrase-file``), not signed in."""
    return keep(datadir.open_store(data_dir(args), passphrase(args)))


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


def service(args) -> Service:
    """Open the store and sign in: the Service every record command uses."""
    return sign_in(args, open_store(args))
