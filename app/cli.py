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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="madoguchi", description="窓口カスハラ対応記録 (madoguchi)")
    p.add_argument("--data-dir", help="data folder (default: MADOGUCHI_DATA_DIR or the user data folder)")
    p.add_argument("--user", default=os.environ.get("MADOGUCHI_USER"), help="acting staff member")
    p.add_argument("--password-file", help="the user's password, from a file or - for stdin")
    p.add_argument("--passphrase-file", help="store passphrase (only where no OS keyring exists)")
    sub = p.add_subparsers(dest="command")

    g = sub.add_parser("gui", help="start the desktop app")
    g.add_argument("--demo", action="store_true", help="a throw-away store filled with fictional incidents")

    i = sub.add_parser("init", help="create the store and print the recovery key once")
    i.add_argument("--admin-user")
    i.add_argument("--admin-password-file")

    inc = sub.add_parser("incident").add_subparsers(dest="action", required=True)
    a = inc.add_parser("add")
    a.add_argument("--json", required=True, help="file or - for stdin")
    s = inc.add_parser("show")
    s.add_argument("id")
    ls = inc.add_parser("list")
    ls.add_argument("--search", default="")
    ls.add_argument("--limit", type=int, default=50)

    ent = sub.add_parser("entry").add_subparsers(dest="action", required=True)
    ea = ent.add_parser("add")
    ea.add_argument("id")
    ea.add_argument("--kind", required=True)
    ea.add_argument("--json", required=True)
    ea.add_argument("--supersedes")

    b = sub.add_parser("backup")
    b.add_argument("--out", required=True)
    r = sub.add_parser("restore")
    r.add_argument("file")
    r.add_argument("--recovery-key-file", required=True)
    rc = sub.add_parser("recover")
    rc.add_argument("--recovery-key-file", required=True)
    sub.add_parser("verify")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        from app.ui.main import run_gui
        return run_gui(args)
    from app import commands
    try:
        return commands.dispatch(args)
    except MadoguchiError as exc:
        sys.stderr.write(json.dumps(exc.as_dict(), ensure_ascii=False) + "\n")
        sys.stderr.write(f"エラー: {exc.ja}\nError: {exc.en}\n")
        return exc.exit_code
    except FileNotFoundError as exc:
        sys.stderr.write(f"エラー: ファイルがありません: {exc.filename}\nError: file not found: {exc.filename}\n")
        return EXIT_USAGE
