"""madoguchi command line: JSON on stdout, errors (Japanese and English) on stderr, non-zero exit on failure.

Secrets come only from files or stdin (--passphrase-file, --password-file, --recovery-key-file), never
from arguments.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app.model.errors import InputError, MadoguchiError

EXIT_USAGE = 2
OPENED: list = []  # stores opened by the running command, closed when it ends


def opened(store):
    OPENED.append(store)
    return store


def _emit(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def read_secret(path: str | None, what: str) -> str | None:
    if path is None:
        return None
    data = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    value = data.rstrip("\r\n")
    if not value:
        raise InputError(f"{what} が空です。", f"{what} is empty.", field=what)
    return value


def read_json(path: str):
    raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON として読めません（{exc.lineno}行目 {exc.colno}文字目）。",
                         f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.", field="json") from None


def command_modules() -> list:
    """Each feature registers its sub-commands: ``register(subparsers)`` sets ``func`` on each parser.

    A module may also have ``register_late(subparsers)``, called after every ``register``: it adds
    sub-commands to a group another module may own (``export``)."""
    from app import cli_export, cli_report, cli_staff, cli_sync, commands, workspace_commands
    return [commands, cli_staff, cli_export, cli_report, cli_sync, workspace_commands]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="madoguchi", description="窓口カスハラ対応記録 (madoguchi)")
    p.add_argument("--data-dir", help="data folder (default: MADOGUCHI_DATA_DIR or the user data folder)")
    p.add_argument("--user", default=os.environ.get("MADOGUCHI_USER"), help="acting staff member")
    p.add_argument("--password-file", default=os.environ.get("MADOGUCHI_PASSWORD_FILE"),
                   help="the user's password or PIN, from a file or - for stdin")
    p.add_argument("--passphrase-file", help="store passphrase (only where no OS keyring exists)")
    sub = p.add_subparsers(dest="command")
    g = sub.add_parser("gui", help="start the desktop app")
    g.add_argument("--demo", action="store_true", help="a throw-away store filled with fictional incidents")
    modules = command_modules()
    for module in modules:
        module.register(sub)
    for module in modules:  # after everyone: shared groups (``export``) get their late sub-commands
        if hasattr(module, "register_late"):
            module.register_late(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        from app.ui.main import run_gui
        return run_gui(args)
    try:
        return args.func(args)
    except MadoguchiError as exc:
        sys.stderr.write(json.dumps(exc.as_dict(), ensure_ascii=False) + "\n")
        sys.stderr.write(f"エラー: {exc.ja}\nError: {exc.en}\n")
        return exc.exit_code
    except FileNotFoundError as exc:
        sys.stderr.write(f"エラー: ファイルがありません: {exc.filename}\nError: file not found: {exc.filename}\n")
        return EXIT_USAGE
    finally:
        while OPENED:
            OPENED.pop().close()
