"""madoguchi command line: JSON on stdout, errors (Japanese and English) on stderr, non-zero exit on failure.

Secrets come only from files or stdin (--passphrase-file, --password-file, --recovery-key-file), never
from arguments. Each command group is one module here (incident, datadir, staff, approval, export, report,
sync, workspace); ``util`` holds the shared input/output helpers and ``session`` the signed-in Service.

Exit codes: 0 ok, 1 unexpected error, 2 bad input (nothing stored), 3–8 see app/model/errors.py.
No traceback reaches the terminal, and control characters in error text are written as ``\\uXXXX``.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from app.cli.util import safe_text
from app.model.errors import MadoguchiError

EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: each module's ``register(subparsers)`` adds its sub-commands and sets ``func`` on each parser. Imported only
#: when a command other than ``gui`` is given: they bring in reportlab and the report code, which the desktop
#: app's first window does not need (issue 18: start-up).
COMMAND_MODULES = ("datadir", "incident", "staff", "approval", "export", "report", "retention", "disclosure",
                   "sync", "workspace", "consultation", "prevention", "training", "ban", "measure", "legal")
GUI_COMMANDS = (None, "gui")


class _NotGui(Exception):
    """The command line is not (only) a request for the desktop app."""


class _GuiProbe(argparse.ArgumentParser):
    """The global options and ``gui`` alone: anything else is not a start of the desktop app."""

    def error(self, message: str):
        raise _NotGui(message)


class Parser(argparse.ArgumentParser):
    """argparse with its error line escaped (it quotes the user's argument) and a Japanese line."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, safe_text(f"エラー: コマンドの指定が正しくありません: {message}\n"
                                        f"Error: {self.prog}: {message}\n"))


def build_parser(commands: bool = True, parser_class: type | None = None) -> argparse.ArgumentParser:
    """The command line. ``commands`` False: the global options and ``gui`` only (no command module imported)."""
    p = (parser_class or Parser)(prog="madoguchi", description="窓口カスハラ対応記録 (madoguchi)")
    p.add_argument("--data-dir", help="data folder (default: MADOGUCHI_DATA_DIR or the user data folder)")
    p.add_argument("--user", default=os.environ.get("MADOGUCHI_USER"), help="acting staff member")
    p.add_argument("--password-file", default=os.environ.get("MADOGUCHI_PASSWORD_FILE"),
                   help="the user's password or PIN, from a file or - for stdin")
    p.add_argument("--passphrase-file", help="store passphrase (only where no OS keyring exists)")
    sub = p.add_subparsers(dest="command")
    g = sub.add_parser("gui", help="start the desktop app")
    g.add_argument("--demo", action="store_true", help="a throw-away store filled with fictional incidents")
    if commands:
        for name in COMMAND_MODULES:
            importlib.import_module(f"app.cli.{name}").register(sub)
    return p


def gui_args(argv: list[str] | None) -> argparse.Namespace | None:
    """The parsed arguments when the command line starts the desktop app, else None (help asked, or a command)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if any(a in ("-h", "--help") for a in argv):
        return None
    try:
        args = build_parser(commands=False, parser_class=_GuiProbe).parse_args(argv)
    except _NotGui:
        return None
    return args if args.command in GUI_COMMANDS else None


def write_error(ja: str, en: str, detail: dict | None = None) -> None:
    """The error on stderr: a JSON line (when given), then 「エラー: …」 and "Error: …", control characters escaped."""
    text = (json.dumps(detail, ensure_ascii=False) + "\n") if detail else ""
    sys.stderr.write(safe_text(text + f"エラー: {ja}\nError: {en}\n"))
    sys.stderr.flush()


def _unexpected(exc: BaseException) -> int:
    """Any other exception: a short message and exit 1. The log gets the type and frames only (no values)."""
    where = ""
    try:
        from app import crashlog
        where = str(crashlog.write(type(exc), exc, exc.__traceback__))
    except Exception:  # the log is a help, never a second failure
        pass
    name = type(exc).__name__
    write_error(f"予期しないエラーが発生しました（{name}）。記録済みの内容は保存されています。"
                + (f"ログ: {where}" if where else ""),
                f"unexpected error ({name}); nothing half-written was kept." + (f" Log: {where}" if where else ""))
    return EXIT_UNEXPECTED


def main(argv: list[str] | None = None) -> int:
    args = gui_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if args.command in GUI_COMMANDS:
        from app.ui.main import run_gui  # the one CLI → UI edge; the UI never imports app.cli
        return run_gui(args)
    try:
        return args.func(args)
    except MadoguchiError as exc:
        write_error(exc.ja, exc.en, exc.as_dict())
        return exc.exit_code
    except FileNotFoundError as exc:
        write_error(f"ファイルがありません: {exc.filename}", f"file not found: {exc.filename}")
        return EXIT_USAGE
    except IsADirectoryError as exc:
        write_error(f"ファイルではなくフォルダです: {exc.filename}", f"{exc.filename} is a folder")
        return EXIT_USAGE
    except PermissionError as exc:
        write_error(f"ファイルを開く権限がありません: {exc.filename}", f"permission denied: {exc.filename}")
        return EXIT_UNEXPECTED
    except OSError as exc:
        from app.model.files import translate
        mine = translate(exc)  # a full disk or a read-only folder, said as such (never a traceback)
        if mine is None:
            return _unexpected(exc)
        write_error(mine.ja, mine.en, mine.as_dict())
        return mine.exit_code
    except KeyboardInterrupt:
        write_error("中断しました。", "interrupted.")
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _unexpected(exc)
    finally:
        try:
            session = sys.modules.get("app.cli.session")
            if session is not None:
                session.close_all()
        except Exception as exc:
            _unexpected(exc)
